package io.ledgerbridge.sandbox.quickbooks.ratelimit;

import io.ledgerbridge.sandbox.kit.ratelimit.ConcurrencyLimiter;
import io.ledgerbridge.sandbox.kit.ratelimit.RollingWindowLimiter;
import io.ledgerbridge.sandbox.quickbooks.Limits;
import java.time.Clock;
import java.time.Duration;

/**
 * The limits of one realm (API_FACTS A.4/A.6): a sliding one-minute window of admitted requests, another of admitted
 * batch requests (a batch also counts once in the first), and a cap on requests in flight. Windows read the injected
 * clock, so tests move the clock instead of waiting a minute.
 */
public final class RealmThrottle {
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final String realmId;
    private final Limits limits;
    private final ConcurrencyLimiter<String> inFlight;
    private final RollingWindowLimiter<String> requests;
    private final RollingWindowLimiter<String> batches;

    public RealmThrottle(Clock clock, Limits limits, String realmId) {
        this.realmId = realmId;
        this.limits = limits;
        this.inFlight = new ConcurrencyLimiter<>(limits.concurrentRequests());
        this.requests = new RollingWindowLimiter<>(clock, WINDOW);
        this.batches = new RollingWindowLimiter<>(clock, WINDOW);
    }

    /** Takes a concurrency slot; false means 429. A true must be paired with {@link #leave()}. */
    public boolean enter() {
        return inFlight.tryEnter(realmId);
    }

    public void leave() {
        inFlight.leave(realmId);
    }

    /** Counts the request in the per-minute windows; false (and nothing counted) means 429. */
    public synchronized boolean admit(boolean batch) {
        if (requests.remaining(realmId, limits.requestsPerMinute()) == 0) {
            return false;
        }
        if (batch && batches.remaining(realmId, limits.batchRequestsPerMinute()) == 0) {
            return false;
        }
        requests.record(realmId);
        if (batch) {
            batches.record(realmId);
        }
        return true;
    }
}
