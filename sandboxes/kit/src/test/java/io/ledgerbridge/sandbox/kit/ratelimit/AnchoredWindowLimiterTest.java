package io.ledgerbridge.sandbox.kit.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerbridge.sandbox.kit.clock.MovableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AnchoredWindowLimiterTest {
    private final MovableClock clock = MovableClock.fixedAt(Instant.parse("2026-03-02T09:00:30Z"));
    private final FixedWindowLimiter<String> perMinute = FixedWindowLimiter.anchoredAtFirstRequest(clock, Duration.ofMinutes(1));

    @Test
    void each_key_window_opens_at_its_first_request_and_resets_a_window_later() {
        assertThat(perMinute.anchored()).isTrue();
        assertThat(perMinute.resetsAt("a")).isEmpty();
        assertThat(perMinute.untilReset("a")).isEqualTo(Duration.ofMinutes(1));
        assertThat(perMinute.tryAcquire("a", 2)).isTrue();
        clock.advance(Duration.ofSeconds(20));
        assertThat(perMinute.tryAcquire("b", 2)).isTrue();
        assertThat(perMinute.tryAcquire("a", 2)).isTrue();
        assertThat(perMinute.tryAcquire("a", 2)).isFalse();
        assertThat(perMinute.resetsAt("a")).contains(Instant.parse("2026-03-02T09:01:30Z"));
        assertThat(perMinute.untilReset("a")).isEqualTo(Duration.ofSeconds(40));
        assertThat(perMinute.resetsAt("b")).contains(Instant.parse("2026-03-02T09:01:50Z"));
        clock.advance(Duration.ofSeconds(40)); // a's window has ended; b's has 20 s left
        assertThat(perMinute.used("a")).isZero();
        assertThat(perMinute.resetsAt("a")).isEmpty();
        assertThat(perMinute.used("b")).isEqualTo(1);
        clock.advance(Duration.ofSeconds(5));
        assertThat(perMinute.tryAcquire("a", 2)).isTrue();
        assertThat(perMinute.resetsAt("a")).contains(Instant.parse("2026-03-02T09:02:35Z"));
        assertThatThrownBy(perMinute::resetsAt).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_refused_request_opens_no_window() {
        assertThat(perMinute.tryAcquire("a", 0)).isFalse();
        assertThat(perMinute.resetsAt("a")).isEmpty();
        assertThat(perMinute.remaining("a", 3)).isEqualTo(3);
    }

    @Test
    void exhaust_uses_up_the_open_window_or_opens_one() {
        perMinute.record("a");
        clock.advance(Duration.ofSeconds(30));
        perMinute.exhaust("a", 5);
        assertThat(perMinute.remaining("a", 5)).isZero();
        assertThat(perMinute.tryAcquire("a", 5)).isFalse();
        assertThat(perMinute.untilReset("a")).isEqualTo(Duration.ofSeconds(30));
        perMinute.exhaust("b", 5);
        assertThat(perMinute.used("b")).isEqualTo(5);
        assertThat(perMinute.untilReset("b")).isEqualTo(Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(1));
        assertThat(perMinute.tryAcquire("b", 5)).isTrue();
    }

    @Test
    void epoch_aligned_windows_answer_the_per_key_questions_too() {
        FixedWindowLimiter<String> perDay = new FixedWindowLimiter<>(clock, Duration.ofDays(1));
        assertThat(perDay.anchored()).isFalse();
        assertThat(perDay.resetsAt("a")).contains(Instant.parse("2026-03-03T00:00:00Z"));
        assertThat(perDay.untilReset("a")).isEqualTo(perDay.untilReset());
        perDay.exhaust("a", 2);
        assertThat(perDay.tryAcquire("a", 2)).isFalse();
        clock.advance(perDay.untilReset());
        assertThat(perDay.tryAcquire("a", 2)).isTrue();
    }
}
