package io.ledgerbridge.sandbox.hubspot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The sandbox's clock: token lifetimes, rate-limit windows, timestamps and webhook timestamps all read it.
 * Either ticks with a base clock plus an offset ({@link #system()}), or stands still ({@link #fixedAt(Instant)});
 * tests move it with {@link #advance(Duration)} instead of sleeping.
 */
public final class SandboxClock extends Clock {
    private final Clock base;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    private SandboxClock(Clock base) {
        this.base = base;
    }

    public static SandboxClock system() {
        return new SandboxClock(Clock.systemUTC());
    }

    public static SandboxClock fixedAt(Instant instant) {
        return new SandboxClock(Clock.fixed(instant, ZoneOffset.UTC));
    }

    public void advance(Duration by) {
        offset.accumulateAndGet(by, Duration::plus);
    }

    /** Moves the clock so that it reads {@code now} at this moment. */
    public void set(Instant now) {
        offset.set(Duration.between(base.instant(), now));
    }

    @Override public Instant instant() { return base.instant().plus(offset.get()); }
    @Override public ZoneId getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(ZoneId zone) { throw new UnsupportedOperationException("the sandbox runs in UTC"); }
}
