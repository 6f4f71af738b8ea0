package io.ledgerbridge.sandbox.kit.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {
    @Test
    void once_at_once_then_every_fifteen_minutes_for_a_day() {
        RetrySchedule s = RetrySchedule.onceAtOnceThenEvery(Duration.ofMinutes(15), Duration.ofHours(24));
        assertThat(s.maxAttempts()).isEqualTo(98); // the first try, the retry at once, 96 quarter hours
        assertThat(s.delayAfter(1)).isZero();
        assertThat(s.delayAfter(2)).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.delayAfter(97)).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.scaled(0.0001).delayAfter(2)).isEqualTo(Duration.ofMillis(90));
        assertThat(RetrySchedule.onceAtOnceThenEvery(Duration.ofMinutes(10), Duration.ZERO).maxAttempts()).isEqualTo(2);
        assertThatThrownBy(() -> RetrySchedule.onceAtOnceThenEvery(Duration.ZERO, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_zero_scale_retries_without_waiting_and_a_negative_one_is_refused() {
        RetrySchedule s = RetrySchedule.of(4, Duration.ofSeconds(10), Duration.ofMinutes(5)).scaled(0);
        assertThat(s.delays()).containsOnly(Duration.ZERO);
        assertThat(s.maxAttempts()).isEqualTo(4);
        assertThatThrownBy(() -> s.scaled(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.scaled(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
