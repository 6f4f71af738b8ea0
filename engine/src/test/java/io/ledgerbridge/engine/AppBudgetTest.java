package io.ledgerbridge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.connector.RateLimits;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.engine.ratelimit.Throttle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The app-wide budget (Xero's 10,000 calls a minute across all organisations) is kept through the ordinary per-connection
 * budget of one id per system, so any Throttle (PostgreSQL's included) shares it across connections and nodes.
 */
class AppBudgetTest {

    /** A throttle counting calls per connection id, allowing {@code requestsPerMinute} each. */
    static final class Counting implements Throttle {
        final Map<ConnectionId, Integer> taken = new HashMap<>();
        final List<RateLimits> asked = new ArrayList<>();

        @Override
        public Duration tryTake(ConnectionId connection, RateLimits limits, boolean batch) {
            asked.add(limits);
            int n = taken.merge(connection, 1, Integer::sum);
            return n <= limits.requestsPerMinute() ? Duration.ZERO : Duration.ofSeconds(30);
        }

        @Override
        public Permit tryEnter(ConnectionId connection, RateLimits limits, String holder) {
            return () -> {};
        }
    }

    @Test
    void every_connection_of_a_system_takes_from_one_app_budget_and_other_systems_from_their_own() {
        var throttle = new Counting();
        assertThat(throttle.tryTakeApp("Xero", 2)).isZero();
        assertThat(throttle.tryTakeApp("Xero", 2)).isZero();
        assertThat(throttle.tryTakeApp("Xero", 2)).isEqualTo(Duration.ofSeconds(30));
        assertThat(throttle.tryTakeApp("QuickBooks Online", 2)).isZero();
        assertThat(throttle.asked).allSatisfy(l -> assertThat(l).isEqualTo(new RateLimits(2, 0, 0)));
        assertThat(Throttle.appConnection("Xero")).isEqualTo(Throttle.appConnection("Xero"))
                .isNotEqualTo(Throttle.appConnection("QuickBooks Online"));
    }

    @Test
    void no_app_budget_takes_nothing() {
        var throttle = new Counting();
        assertThat(throttle.tryTakeApp("Xero", 0)).isZero();
        assertThat(throttle.asked).isEmpty();
    }

    @Test
    void limits_without_an_app_budget_are_as_before() {
        var limits = new RateLimits(500, 10, 0, 40);
        assertThat(limits.appRequestsPerMinute()).isZero();
        assertThat(new RateLimits(60, 5, 5000).withAppRequestsPerMinute(10_000))
                .isEqualTo(new RateLimits(60, 5, 5000, 0, 10_000));
    }
}
