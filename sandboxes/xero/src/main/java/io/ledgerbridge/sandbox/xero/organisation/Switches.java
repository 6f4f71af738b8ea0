package io.ledgerbridge.sandbox.xero.organisation;

import io.ledgerbridge.sandbox.kit.fault.FaultSwitch;
import java.time.Instant;

/**
 * One organisation's fault switches, each a kit {@link FaultSwitch}: "next N" switches count down one per request they
 * hit; "until" switches read the sandbox clock.
 */
public final class Switches {
    private final FaultSwitch throttle = new FaultSwitch();
    private final FaultSwitch offlineNext = new FaultSwitch();
    private final FaultSwitch maintenance = new FaultSwitch();
    private final FaultSwitch failWrites = new FaultSwitch();

    public void throttleNext(int requests) {
        throttle.failNext(requests);
    }

    public void offlineNext(int requests) {
        offlineNext.failNext(requests);
    }

    public void offlineUntil(Instant until) {
        maintenance.failUntil(until);
    }

    public void failNextWrites(int writes) {
        failWrites.failNext(writes);
    }

    public void reset() {
        throttle.clear();
        offlineNext.clear();
        maintenance.clear();
        failWrites.clear();
    }

    /** Null when online; else the 503 text (API_FACTS B.5 [OFFICIAL] "Organisation offline" / maintenance). */
    public String takeOffline(Instant now) {
        if (maintenance.trip(now)) {
            return "The Xero API is currently offline for maintenance";
        }
        return offlineNext.trip(now) ? "Organisation offline" : null;
    }

    public boolean takeThrottle(Instant now) {
        return throttle.trip(now);
    }

    public boolean takeWriteFailure(Instant now) {
        return failWrites.trip(now);
    }

    public String describe() {
        return "throttleNext=" + throttle.nextLeft() + " offlineNext=" + offlineNext.nextLeft() + " failNextWrites=" + failWrites.nextLeft();
    }
}
