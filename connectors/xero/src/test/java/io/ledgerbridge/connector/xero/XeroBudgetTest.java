package io.ledgerbridge.connector.xero;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.connector.xero.error.XeroErrors;
import io.ledgerbridge.sandbox.kit.clock.MovableClock;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class XeroBudgetTest {

    private final MovableClock clock = MovableClock.fixedAt(Instant.parse("2026-12-07T10:00:00Z"));
    private final XeroBudget budget = new XeroBudget(clock, new XeroErrors(clock, Duration.ofSeconds(60)));

    private static HttpHeaders remaining(int minute, int day) {
        return HttpHeaders.of(Map.of("X-MinLimit-Remaining", List.of(String.valueOf(minute)), "X-DayLimit-Remaining",
                List.of(String.valueOf(day)), "X-AppMinLimit-Remaining", List.of("9000")), (a, b) -> true);
    }

    @Test
    void a_minute_spent_to_its_last_call_holds_calls_until_the_window_resets_not_a_minute_from_now() {
        Instant windowStart = clock.instant();
        budget.observe(200, remaining(59, 4000));
        for (int left = 58; left >= 1; left--) {
            clock.advance(Duration.ofMillis(700));
            budget.observe(200, remaining(left, 4000));
            assertThat(budget.held()).isEmpty();
        }
        clock.advance(Duration.ofMillis(700));
        budget.observe(200, remaining(0, 4000));

        // Retry-After is whole seconds: held until a second after the window's reset, at most two
        assertThat(budget.held()).hasValueSatisfying(h -> assertThat(h.retryAfter())
                .isBetween(windowStart.plus(Duration.ofSeconds(61)), windowStart.plus(Duration.ofSeconds(62))));
        clock.set(windowStart.plus(Duration.ofSeconds(62)));
        assertThat(budget.held()).isEmpty();
    }

    @Test
    void answers_arriving_a_little_out_of_order_do_not_move_the_window_start() {
        Instant windowStart = clock.instant();
        budget.observe(200, remaining(40, 4000));
        clock.advance(Duration.ofSeconds(30));
        budget.observe(200, remaining(42, 4000)); // an earlier call's answer, late
        budget.observe(200, remaining(0, 4000));
        assertThat(budget.held()).hasValueSatisfying(h -> assertThat(h.retryAfter())
                .isBetween(windowStart.plus(Duration.ofSeconds(61)), windowStart.plus(Duration.ofSeconds(62))));
    }

    @Test
    void a_rise_of_the_remaining_count_starts_a_new_window() {
        budget.observe(200, remaining(3, 4000));
        clock.advance(Duration.ofSeconds(50));
        Instant newWindow = clock.instant();
        budget.observe(200, remaining(59, 4000));
        clock.advance(Duration.ofSeconds(20));
        budget.observe(200, remaining(0, 4000));
        assertThat(budget.held()).hasValueSatisfying(h -> assertThat(h.retryAfter())
                .isBetween(newWindow.plus(Duration.ofSeconds(61)), newWindow.plus(Duration.ofSeconds(62))));
    }

    @Test
    void a_429_holds_for_as_long_as_xero_says() {
        budget.observe(429, HttpHeaders.of(Map.of("X-Rate-Limit-Problem", List.of("minute"), "Retry-After", List.of("17")),
                (a, b) -> true));
        assertThat(budget.held()).hasValueSatisfying(h -> assertThat(h.retryAfter())
                .isEqualTo(clock.instant().plusSeconds(17)));
    }
}
