package io.ledgerbridge.sandbox.kit.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class MovableClockTest {
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    @Test
    void a_fixed_clock_stands_still_until_advanced_by_a_whole_day() {
        MovableClock clock = MovableClock.fixedAt(T0);
        assertThat(clock.instant()).isEqualTo(T0);
        clock.advance(Duration.ofDays(1));
        assertThat(clock.instant()).isEqualTo(T0.plus(Duration.ofDays(1)));
        assertThat(clock.offset()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void set_moves_the_clock_to_an_instant_and_the_zone_stays_utc() {
        MovableClock clock = MovableClock.system();
        clock.set(T0);
        assertThat(Duration.between(T0, clock.instant()).abs()).isLessThan(Duration.ofSeconds(5));
        assertThat(clock.withZone(ZoneId.of("Europe/Paris"))).isSameAs(clock);
    }
}
