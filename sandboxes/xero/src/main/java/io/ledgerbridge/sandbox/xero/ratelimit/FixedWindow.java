package io.ledgerbridge.sandbox.xero.ratelimit;

import java.time.Duration;
import java.time.Instant;

/**
 * A fixed window counter that starts at its first call, so windows reset at different times per tenant, as Xero's do
 * (API_FACTS B.6 "Fixed windows, reset at different times per tenant"). Not thread-safe: callers hold their lock.
 */
final class FixedWindow {
    private final int limit;
    private final Duration length;
    private Instant start;
    private int used;

    FixedWindow(int limit, Duration length) {
        this.limit = limit;
        this.length = length;
    }

    private void roll(Instant now) {
        if (start == null || !now.isBefore(start.plus(length))) {
            start = now;
            used = 0;
        }
    }

    boolean tryTake(Instant now) {
        roll(now);
        if (used >= limit) {
            return false;
        }
        used++;
        return true;
    }

    int remaining(Instant now) {
        if (start == null || !now.isBefore(start.plus(length))) {
            return limit;
        }
        return Math.max(0, limit - used);
    }

    int used(Instant now) {
        return limit - remaining(now);
    }

    /** Whole seconds until the window resets, at least 1. */
    long retryAfterSeconds(Instant now) {
        if (start == null) {
            return 1;
        }
        long millis = Duration.between(now, start.plus(length)).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    /** Uses up the rest of the window (the "exhaust the day" switch); starts one if none is open. */
    void exhaust(Instant now) {
        roll(now);
        used = limit;
    }
}
