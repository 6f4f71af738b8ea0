package io.ledgerbridge.sandbox.kit.fault;

import java.time.Duration;
import java.time.Instant;

/**
 * One fault a test or the console turns on: "the next N requests fail" and/or "every request fails until an instant".
 * The sandbox asks {@link #trip(Instant)} once per request and answers with its vendor's error (429, 503, a dropped
 * webhook…) when it is true. Times are passed in from the sandbox's clock. Thread-safe.
 *
 * <p>While an "until" window is open, requests fail without using up the "next N" count.
 */
public final class FaultSwitch {
    private int next;
    private Instant until = Instant.MIN;

    /** The next {@code requests} trips are true (0 or less turns this part off). */
    public synchronized void failNext(int requests) {
        next = Math.max(0, requests);
    }

    /** Every trip before {@code instant} is true; {@link Instant#MIN} turns this part off. */
    public synchronized void failUntil(Instant instant) {
        until = instant == null ? Instant.MIN : instant;
    }

    /** True if this request is to fail; consumes one of "next N" when the "until" window is not open. */
    public synchronized boolean trip(Instant now) {
        if (now.isBefore(until)) {
            return true;
        }
        if (next > 0) {
            next--;
            return true;
        }
        return false;
    }

    /** Time left in the "until" window at {@code now}, {@link Duration#ZERO} when it is not open (for Retry-After). */
    public synchronized Duration remaining(Instant now) {
        return now.isBefore(until) ? Duration.between(now, until) : Duration.ZERO;
    }

    /** How many of "next N" are left. */
    public synchronized int nextLeft() {
        return next;
    }

    public synchronized void clear() {
        next = 0;
        until = Instant.MIN;
    }
}
