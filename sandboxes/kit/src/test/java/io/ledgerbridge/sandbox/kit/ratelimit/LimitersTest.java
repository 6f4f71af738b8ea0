package io.ledgerbridge.sandbox.kit.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerbridge.sandbox.kit.clock.MovableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LimitersTest {
    private final MovableClock clock = MovableClock.fixedAt(Instant.parse("2026-03-02T09:00:30Z"));

    @Test
    void a_rolling_window_frees_a_slot_when_the_oldest_request_leaves_it() {
        RollingWindowLimiter<String> perMinute = new RollingWindowLimiter<>(clock, Duration.ofMinutes(1));
        assertThat(perMinute.tryAcquire("tenant-a", 2)).isTrue();
        clock.advance(Duration.ofSeconds(10));
        assertThat(perMinute.tryAcquire("tenant-a", 2)).isTrue();
        assertThat(perMinute.tryAcquire("tenant-a", 2)).isFalse();
        assertThat(perMinute.tryAcquire("tenant-b", 2)).isTrue();
        assertThat(perMinute.used("tenant-a")).isEqualTo(2);
        assertThat(perMinute.retryAfter("tenant-a", 2)).isEqualTo(Duration.ofSeconds(50));
        assertThat(perMinute.usedWithin("tenant-a", Duration.ofSeconds(5))).isEqualTo(1);
        clock.advance(Duration.ofSeconds(50));
        assertThat(perMinute.remaining("tenant-a", 2)).isEqualTo(1);
        assertThat(perMinute.tryAcquire("tenant-a", 2)).isTrue();
    }

    @Test
    void a_fixed_daily_window_starts_again_at_midnight_utc() {
        FixedWindowLimiter<String> perDay = new FixedWindowLimiter<>(clock, Duration.ofDays(1));
        assertThat(perDay.tryAcquire("tenant-a", 1)).isTrue();
        assertThat(perDay.tryAcquire("tenant-a", 1)).isFalse();
        assertThat(perDay.resetsAt()).isEqualTo(Instant.parse("2026-03-03T00:00:00Z"));
        clock.advance(perDay.untilReset());
        assertThat(perDay.used("tenant-a")).isZero();
        assertThat(perDay.tryAcquire("tenant-a", 1)).isTrue();
    }

    @Test
    void a_concurrency_cap_refuses_without_waiting_and_frees_on_leave() {
        ConcurrencyLimiter<String> cap = new ConcurrencyLimiter<>(1);
        assertThat(cap.tryEnter("app")).isTrue();
        assertThat(cap.tryEnter("app")).isFalse();
        cap.leave("app");
        assertThat(cap.inFlight("app")).isZero();
        assertThat(cap.tryEnter("app")).isTrue();
        assertThatThrownBy(() -> cap.leave("other")).isInstanceOf(IllegalStateException.class);
    }
}
