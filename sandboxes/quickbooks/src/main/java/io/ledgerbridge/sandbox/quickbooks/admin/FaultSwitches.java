package io.ledgerbridge.sandbox.quickbooks.admin;

import java.time.Duration;
import java.time.Instant;

/**
 * The fault switches of one realm: throttle or refuse (503) the next N requests or until a time, a latency added to
 * every request, and concurrent edits (another user saves the entity that each of the next N writes to an existing
 * entity names, just before that write arrives). Flipped through the Java API or {@code /_sandbox/…}; read by the API gate and the API.
 */
public final class FaultSwitches {
    private int throttleNext;
    private Instant throttleUntil = Instant.MIN;
    private int unavailableNext;
    private Instant unavailableUntil = Instant.MIN;
    private volatile Duration latency = Duration.ZERO;
    private int concurrentEditNext;

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

    public synchronized void concurrentEditNext(int writes) {
        concurrentEditNext = Math.max(0, writes);
    }

    /** True if another user saves the entity before this write to an existing entity; consumes one of "next N". */
    public synchronized boolean takeConcurrentEdit() {
        if (concurrentEditNext > 0) {
            concurrentEditNext--;
            return true;
        }
        return false;
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
        concurrentEditNext = 0;
    }
}
