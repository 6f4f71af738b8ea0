package io.ledgerbridge.sandbox.kit.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A counter per key that starts again when its window ends. Two kinds of window:
 * <ul>
 *   <li>{@link #FixedWindowLimiter(Clock, Duration) aligned to the epoch}: a window of one day is the UTC day and a
 *       window of one minute is the clock minute, the same for every key;</li>
 *   <li>{@link #anchoredAtFirstRequest(Clock, Duration) anchored at the first request}: a key's window opens with the
 *       first request counted for it and lasts {@code window}; the next request after it ends opens the next one, so
 *       windows reset at different times per key.</li>
 * </ul>
 * One counter per key, whatever the limit. The limit is passed per call; a refused request counts nothing (and opens
 * no window). Reads the injected clock. Thread-safe.
 *
 * @param <K> what is limited: a company, an app
 */
public final class FixedWindowLimiter<K> {
    /** A key's open window: when it started and how many requests it counted. */
    private record Count(Instant start, long used) {}

    private final Clock clock;
    private final Duration window;
    private final boolean anchored;
    private final Map<K, Count> counts = new HashMap<>();

    /** Windows aligned to the epoch, the same for every key. */
    public FixedWindowLimiter(Clock clock, Duration window) {
        this(clock, window, false);
    }

    private FixedWindowLimiter(Clock clock, Duration window, boolean anchored) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        this.clock = clock;
        this.window = window;
        this.anchored = anchored;
    }

    /** Windows that open at each key's first request (after the previous window ended), so each key resets on its own. */
    public static <K> FixedWindowLimiter<K> anchoredAtFirstRequest(Clock clock, Duration window) {
        return new FixedWindowLimiter<>(clock, window, true);
    }

    public Duration window() {
        return window;
    }

    /** True for {@link #anchoredAtFirstRequest}, false for windows aligned to the epoch. */
    public boolean anchored() {
        return anchored;
    }

    /** Admits and counts one request if fewer than {@code limit} are counted in this window; false otherwise. */
    public synchronized boolean tryAcquire(K key, long limit) {
        Instant now = clock.instant();
        Count c = open(key, now);
        if (c.used() >= limit) {
            return false;
        }
        counts.put(key, new Count(c.start(), c.used() + 1));
        return true;
    }

    /** Counts one request whatever the limit. */
    public synchronized void record(K key) {
        Count c = open(key, clock.instant());
        counts.put(key, new Count(c.start(), c.used() + 1));
    }

    /**
     * Counts requests until {@code limit} are counted in the key's current window (opening one if none is open), so
     * every further request is refused until the window ends: a fault switch's "used up".
     */
    public synchronized void exhaust(K key, long limit) {
        Count c = open(key, clock.instant());
        counts.put(key, new Count(c.start(), Math.max(c.used(), limit)));
    }

    /** Requests counted in the current window. */
    public synchronized long used(K key) {
        Count c = current(key, clock.instant());
        return c == null ? 0 : c.used();
    }

    public synchronized long remaining(K key, long limit) {
        return Math.max(0, limit - used(key));
    }

    /**
     * When the key's current window ends and counting starts again; empty when an anchored key has no open window
     * (its next request opens one). Always present for windows aligned to the epoch.
     */
    public synchronized Optional<Instant> resetsAt(K key) {
        Instant now = clock.instant();
        if (!anchored) {
            return Optional.of(epochWindowEnd(now));
        }
        Count c = current(key, now);
        return c == null ? Optional.empty() : Optional.of(c.start().plus(window));
    }

    /** Time until the key's current window ends (a Retry-After); a whole {@code window} when none is open. */
    public Duration untilReset(K key) {
        Instant now = clock.instant();
        return resetsAt(key).map(end -> Duration.between(now, end)).orElse(window);
    }

    /** When the current epoch-aligned window ends. For anchored windows, which end per key, use {@link #resetsAt(Object)}. */
    public Instant resetsAt() {
        if (anchored) {
            throw new IllegalStateException("anchored windows end per key: use resetsAt(key)");
        }
        return epochWindowEnd(clock.instant());
    }

    /** Time until the current epoch-aligned window ends (the Retry-After of a refusal). */
    public Duration untilReset() {
        return Duration.between(clock.instant(), resetsAt());
    }

    public synchronized void clear() {
        counts.clear();
    }

    /** The key's open window, or null when it has none (never counted, or its window ended). */
    private Count current(K key, Instant now) {
        Count c = counts.get(key);
        if (c == null) {
            return null;
        }
        if (anchored) {
            return now.isBefore(c.start().plus(window)) ? c : null;
        }
        return c.start().equals(epochWindowStart(now)) ? c : null;
    }

    /** The key's open window, or a new empty one starting now (anchored) or at the epoch boundary. */
    private Count open(K key, Instant now) {
        Count c = current(key, now);
        return c != null ? c : new Count(anchored ? now : epochWindowStart(now), 0);
    }

    private Instant epochWindowStart(Instant now) {
        long w = window.toMillis();
        return Instant.ofEpochMilli(Math.multiplyExact(Math.floorDiv(now.toEpochMilli(), w), w));
    }

    private Instant epochWindowEnd(Instant now) {
        long w = window.toMillis();
        return Instant.ofEpochMilli(Math.multiplyExact(Math.floorDiv(now.toEpochMilli(), w) + 1, w));
    }
}
