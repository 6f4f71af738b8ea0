package io.ledgerbridge.sandbox.kit.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FaultSwitchTest {
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    @Test
    void the_next_n_requests_fail_then_the_rest_pass() {
        FaultSwitch s = new FaultSwitch();
        s.failNext(2);
        assertThat(s.trip(T0)).isTrue();
        assertThat(s.trip(T0)).isTrue();
        assertThat(s.trip(T0)).isFalse();
    }

    @Test
    void requests_fail_until_the_instant_without_using_up_next_n() {
        FaultSwitch s = new FaultSwitch();
        s.failUntil(T0.plusSeconds(30));
        s.failNext(1);
        assertThat(s.trip(T0)).isTrue();
        assertThat(s.remaining(T0)).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.nextLeft()).isEqualTo(1);
        assertThat(s.trip(T0.plusSeconds(30))).isTrue();
        assertThat(s.trip(T0.plusSeconds(31))).isFalse();
        s.failNext(5);
        s.clear();
        assertThat(s.trip(T0)).isFalse();
    }
}
