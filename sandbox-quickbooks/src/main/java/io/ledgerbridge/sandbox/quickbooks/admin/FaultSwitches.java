package io.ledgerbridge.sandbox.quickbooks.admin;

import java.time.Duration;
import java.time.Instant;

/**
 * The fault switches of one realm: throttle or refuse (503) the next N requests or until a time, and a latency
 * added to every request. Flipped through the Java API or {@code /_sandbox/…}; read by the API gate.
 */
public final class FaultSwitches {
    private int throttleNext;
    private Instant throttleUntil = Instant.MIN;
    private int unavailableNext;
    private Instant unavailableUntil = Instant.MIN;
    private volatile Duration latency = Duration.ZERO;

    public synchronized void throttleNext(int requests) {
        throttleNext = Math.max(0, requests);
    }

    public synchronized void throttleUntil(Instant until) {
        throttleUntil = until;
    }

    public synchronized void unavailableNext(int requests) {
        unavailableNext = Math.max(0, requests);
    }

    public synchronized void unavailableUntil(Instant until) {
        unavailableUntil = until;
    }

    public void latency(Duration perRequest) {
        latency = perRequest == null || perRequest.isNegative() ? Duration.ZERO : perRequest;
    }

    public Duration latency() {
        return latency;
    }

    /** True if this request is to be throttled; consumes one of "next N". */
    public synchronized boolean takeThrottle(Instant now) {
        if (throttleNext > 0) {
            throttleNext--;
            return true;
        }
        return now.isBefore(throttleUntil);
    }

    public synchronized boolean takeUnavailable(Instant now) {
        if (unavailableNext > 0) {
            unavailableNext--;
            return true;
        }
        return now.isBefore(unavailableUntil);
    }

    public synchronized void reset() {
        throttleNext = 0;
        unavailableNext = 0;
        throttleUntil = Instant.MIN;
        unavailableUntil = Instant.MIN;
        latency = Duration.ZERO;
    }
}
