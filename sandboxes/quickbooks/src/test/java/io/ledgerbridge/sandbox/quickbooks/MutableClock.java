package io.ledgerbridge.sandbox.quickbooks;

import io.ledgerbridge.sandbox.kit.clock.MovableClock;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** A clock tests move by hand instead of sleeping: the kit's movable clock, standing still at {@code start}. */
final class MutableClock extends MovableClock {
    MutableClock(Instant start) {
        super(Clock.fixed(start, ZoneOffset.UTC));
    }
}
