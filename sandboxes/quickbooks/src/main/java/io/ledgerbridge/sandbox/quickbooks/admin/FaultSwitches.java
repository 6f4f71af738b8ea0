package io.ledgerbridge.sandbox.quickbooks.admin;

import io.ledgerbridge.sandbox.kit.fault.FaultSwitch;
import java.time.Duration;
import java.time.Instant;

/**
 * The fault switches of one realm: throttle or refuse (503) the next N requests or until a time, a latency added to
 * every request, and concurrent edits (another user saves the entity that each of the next N writes to an existing
 * entity names, just before that write arrives). Flipped through the Java API or {@code /_sandbox/…}; read by the API gate and the API.
 */
public final class FaultSwitches {
    private final FaultSwitch throttle = new FaultSwitch();
    private final FaultSwitch unavailable = new FaultSwitch();
    private final FaultSwitch concurrentEdit = new FaultSwitch();
    private volatile Duration latency = Duration.ZERO;

    public void throttleNext(int requests) {
        throttle.failNext(requests);
    }

    public void throttleUntil(Instant until) {
        throttle.failUntil(until);
    }

    public void unavailableNext(int requests) {
        unavailable.failNext(requests);
    }

    public void unavailableUntil(Instant until) {
        unavailable.failUntil(until);
    }

    public void concurrentEditNext(int writes) {
        concurrentEdit.failNext(writes);
    }

    /** True if another user saves the entity before this write to an existing entity; consumes one of "next N". */
    public boolean takeConcurrentEdit() {
        return concurrentEdit.trip(Instant.MIN);
    }

    public void latency(Duration perRequest) {
        latency = perRequest == null || perRequest.isNegative() ? Duration.ZERO : perRequest;
    }

    public Duration latency() {
        return latency;
    }

    /** True if this request is to be throttled; consumes one of "next N". */
    public boolean takeThrottle(Instant now) {
        return throttle.trip(now);
    }

    public boolean takeUnavailable(Instant now) {
        return unavailable.trip(now);
    }

    public void reset() {
        throttle.clear();
        unavailable.clear();
        concurrentEdit.clear();
        latency = Duration.ZERO;
    }
}
