package io.ledgerbridge.sandbox.hubspot;

import io.ledgerbridge.sandbox.kit.clock.MovableClock;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The sandbox's clock: token lifetimes, rate-limit windows, timestamps and webhook timestamps all read it. The kit's
 * {@link MovableClock} under the name callers of the HubSpot sandbox already use: either ticks with the system clock
 * plus an offset ({@link #system()}), or stands still ({@link #fixedAt(Instant)}); tests move it with
 * {@link #advance(java.time.Duration)} instead of sleeping.
 */
public final class SandboxClock extends MovableClock {
    private SandboxClock(Clock base) {
        super(base);
    }

    public static SandboxClock system() {
        return new SandboxClock(Clock.systemUTC());
    }

    public static SandboxClock fixedAt(Instant instant) {
        return new SandboxClock(Clock.fixed(instant, ZoneOffset.UTC));
    }
}
