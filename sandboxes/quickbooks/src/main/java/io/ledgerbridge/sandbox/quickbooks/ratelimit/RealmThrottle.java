package io.ledgerbridge.sandbox.quickbooks.ratelimit;

import io.ledgerbridge.sandbox.quickbooks.Limits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Semaphore;

/**
 * The limits of one realm (API_FACTS A.4/A.6): a sliding one-minute window of admitted requests, another of admitted
 * batch requests (a batch also counts once in the first), and a cap on requests in flight. Windows read the injected
 * clock, so tests move the clock instead of waiting a minute.
 */
public final class RealmThrottle {
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final Clock clock;
    private final Limits limits;
    private final Semaphore inFlight;
    private final Deque<Instant> requests = new ArrayDeque<>();
    private final Deque<Instant> batches = new ArrayDeque<>();

    public RealmThrottle(Clock clock, Limits limits) {
        this.clock = clock;
        this.limits = limits;
        this.inFlight = new Semaphore(limits.concurrentRequests());
    }

    /** Takes a concurrency slot; false means 429. A true must be paired with {@link #leave()}. */
    public boolean enter() {
        return inFlight.tryAcquire();
    }

    public void leave() {
        inFlight.release();
    }

    /** Counts the request in the per-minute windows; false (and nothing counted) means 429. */
    public synchronized boolean admit(boolean batch) {
        Instant now = clock.instant();
        Instant cutoff = now.minus(WINDOW);
        prune(requests, cutoff);
        prune(batches, cutoff);
        if (requests.size() >= limits.requestsPerMinute()) {
            return false;
        }
        if (batch && batches.size() >= limits.batchRequestsPerMinute()) {
            return false;
        }
        requests.addLast(now);
        if (batch) {
            batches.addLast(now);
        }
        return true;
    }

    private static void prune(Deque<Instant> window, Instant cutoff) {
        while (!window.isEmpty() && !window.peekFirst().isAfter(cutoff)) {
            window.removeFirst();
        }
    }
}
