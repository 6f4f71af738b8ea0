package io.ledgerbridge.sandbox.kit.clock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A sandbox's clock: a base clock plus an offset that tests move, so a token lifetime, a rate-limit window or a whole
 * day passes without waiting. Either ticks with the system clock ({@link #system()}) or stands still until moved
 * ({@link #fixedAt(Instant)}). Always UTC. Thread-safe.
 *
 * <p>Not final so that a sandbox may keep a vendor-named alias of it for callers that already use that name.
 */
public class MovableClock extends Clock {
    private final Clock base;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    public MovableClock(Clock base) {
        this.base = base;
    }

    /** Ticks with the system clock until moved. */
    public static MovableClock system() {
        return new MovableClock(Clock.systemUTC());
    }

    /** Stands still at {@code instant} until moved. */
    public static MovableClock fixedAt(Instant instant) {
        return new MovableClock(Clock.fixed(instant, ZoneOffset.UTC));
    }

    /** Moves the clock by {@code by}; a negative duration moves it back (tests of clock skew). */
    public void advance(Duration by) {
        offset.accumulateAndGet(by, Duration::plus);
    }

    /** Moves the clock so that it reads {@code now} at this moment. */
    public void set(Instant now) {
        offset.set(Duration.between(base.instant(), now));
    }

    /** How far this clock has been moved from its base. */
    public Duration offset() {
        return offset.get();
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** Sandboxes run in UTC: the zone asked for is ignored and this same movable clock returned. */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
