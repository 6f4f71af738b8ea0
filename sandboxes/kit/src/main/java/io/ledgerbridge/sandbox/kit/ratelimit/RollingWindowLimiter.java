package io.ledgerbridge.sandbox.kit.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * A sliding window per key: at most {@code limit} requests in any {@code window} ending now. Each admitted request is
 * remembered until it leaves the window, so memory is one instant per request in the window. The limit is passed per
 * call, so a sandbox can change its limits while running. A refused request uses up nothing. Reads the injected clock,
 * so tests move the clock instead of waiting. Thread-safe (one lock per limiter); a caller that must check several
 * windows at once and count in all or none holds its own lock around {@link #remaining} and {@link #record}.
 *
 * @param <K> what is limited: a company, a token, an app ({@code "app"} for an app-wide window)
 */
public final class RollingWindowLimiter<K> {
    private final Clock clock;
    private final Duration window;
    private final Map<K, ArrayDeque<Instant>> admitted = new HashMap<>();

    public RollingWindowLimiter(Clock clock, Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        this.clock = clock;
        this.window = window;
    }

    public Duration window() {
        return window;
    }

    /** Admits and counts one request if fewer than {@code limit} are in the window; false (nothing counted) otherwise. */
    public synchronized boolean tryAcquire(K key, long limit) {
        ArrayDeque<Instant> q = pruned(key);
        if (q.size() >= limit) {
            return false;
        }
        q.addLast(clock.instant());
        return true;
    }

    /** Counts one request whatever the limit (after the caller decided to admit it). */
    public synchronized void record(K key) {
        pruned(key).addLast(clock.instant());
    }

    /** Requests in the window now. */
    public synchronized int used(K key) {
        return pruned(key).size();
    }

    /** Requests counted within the last {@code recent} (at most the window), e.g. the last second of a 10 s window. */
    public synchronized int usedWithin(K key, Duration recent) {
        Instant cutoff = clock.instant().minus(recent);
        int n = 0;
        for (Instant t : pruned(key)) {
            if (t.isAfter(cutoff)) {
                n++;
            }
        }
        return n;
    }

    public synchronized long remaining(K key, long limit) {
        return Math.max(0, limit - pruned(key).size());
    }

    /** How long until one more request fits under {@code limit}: {@link Duration#ZERO} when one fits now. */
    public synchronized Duration retryAfter(K key, long limit) {
        ArrayDeque<Instant> q = pruned(key);
        if (q.size() < limit) {
            return Duration.ZERO;
        }
        Instant now = clock.instant();
        int skip = (int) Math.min(Integer.MAX_VALUE, q.size() - limit);
        Instant freeing = q.stream().skip(skip).findFirst().orElse(now);
        Duration wait = Duration.between(now, freeing.plus(window));
        return wait.isNegative() ? Duration.ZERO : wait;
    }

    /** Forgets every key. */
    public synchronized void clear() {
        admitted.clear();
    }

    private ArrayDeque<Instant> pruned(K key) {
        ArrayDeque<Instant> q = admitted.computeIfAbsent(key, k -> new ArrayDeque<>());
        Instant cutoff = clock.instant().minus(window);
        while (!q.isEmpty() && !q.peekFirst().isAfter(cutoff)) {
            q.pollFirst();
        }
        return q;
    }
}
