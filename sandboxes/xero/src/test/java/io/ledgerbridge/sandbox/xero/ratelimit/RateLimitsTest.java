package io.ledgerbridge.sandbox.xero.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.sandbox.kit.clock.MovableClock;
import io.ledgerbridge.sandbox.xero.XeroLimits;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimitsTest {
    private final MovableClock clock = MovableClock.fixedAt(Instant.parse("2026-03-11T10:00:30Z"));

    @Test
    void more_than_the_concurrent_cap_in_flight_is_refused_as_concurrent_without_retry_after() {
        RateLimits limits = new RateLimits(new XeroLimits(2, 60, 5000, 10000), clock);
        assertThat(limits.enter("t", "app").admitted()).isTrue();
        assertThat(limits.enter("t", "app").admitted()).isTrue();
        RateLimits.Admission third = limits.enter("t", "app");
        assertThat(third.problem()).isEqualTo(RateLimits.Problem.CONCURRENT);
        assertThat(third.problem().header).isEqualTo("concurrent");
        limits.leave("t");
        assertThat(limits.enter("t", "app").admitted()).isTrue();
    }

    @Test
    void the_minute_window_starts_at_the_first_call_of_the_tenant() {
        RateLimits limits = new RateLimits(new XeroLimits(5, 1, 5000, 10000), clock);
        assertThat(limits.enter("t", "app").admitted()).isTrue();
        limits.leave("t");
        clock.advance(Duration.ofSeconds(45));
        RateLimits.Admission refused = limits.enter("t", "app");
        assertThat(refused.problem()).isEqualTo(RateLimits.Problem.MINUTE);
        assertThat(refused.retryAfterSeconds()).isEqualTo(15);
        clock.advance(Duration.ofSeconds(15));
        assertThat(limits.enter("t", "app").admitted()).isTrue();
    }
}
