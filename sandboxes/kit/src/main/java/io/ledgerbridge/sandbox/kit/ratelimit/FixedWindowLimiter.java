package io.ledgerbridge.sandbox.kit.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A counter per key that starts again at each window boundary: windows are aligned to the epoch, so a window of one
 * day is the UTC day and a window of one minute is the clock minute. One counter per key, whatever the limit. The
 * limit is passed per call; a refused request counts nothing. Reads the injected clock. Thread-safe.
 *
 * @param <K> what is limited: a company, an app
 */
public final class FixedWindowLimiter<K> {
    private record Count(long windowIndex, long used) {}

    private final Clock clock;
    private final Duration window;
    private final Map<K, Count> counts = new HashMap<>();

    public FixedWindowLimiter(Clock clock, Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        this.clock = clock;
        this.window = window;
    }

    public Duration window() {
        return window;
    }

    /** Admits and counts one request if fewer than {@code limit} are counted in this window; false otherwise. */
    public synchronized boolean tryAcquire(K key, long limit) {
        long index = index(clock.instant());
        long used = usedIn(key, index);
        if (used >= limit) {
            return false;
        }
        counts.put(key, new Count(index, used + 1));
        return true;
    }

    /** Counts one request whatever the limit. */
    public synchronized void record(K key) {
        long index = index(clock.instant());
        counts.put(key, new Count(index, usedIn(key, index) + 1));
    }

    /** Requests counted in the current window. */
    public synchronized long used(K key) {
        return usedIn(key, index(clock.instant()));
    }

    public synchronized long remaining(K key, long limit) {
        return Math.max(0, limit - used(key));
    }

    /** When the current window ends and counting starts again. */
    public Instant resetsAt() {
        long w = window.toMillis();
        long index = index(clock.instant());
        return Instant.ofEpochMilli(Math.multiplyExact(index + 1, w));
    }

    /** Time until the current window ends (the Retry-After of a refusal). */
    public Duration untilReset() {
        return Duration.between(clock.instant(), resetsAt());
    }

    public synchronized void clear() {
        counts.clear();
    }

    private long usedIn(K key, long index) {
        Count c = counts.get(key);
        return c == null || c.windowIndex() != index ? 0 : c.used();
    }

    private long index(Instant now) {
        return Math.floorDiv(now.toEpochMilli(), window.toMillis());
    }
}
