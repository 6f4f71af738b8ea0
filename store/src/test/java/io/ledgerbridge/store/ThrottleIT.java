package io.ledgerbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.connector.RateLimits;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.engine.ratelimit.Throttle;
import io.ledgerbridge.store.ratelimit.PostgresThrottle;
import io.ledgerbridge.store.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Limits are kept in PostgreSQL, so two nodes (two throttles, two pools) share one budget. */
class ThrottleIT {

    @Test
    void two_nodes_share_one_per_minute_budget() {
        try (var a = TestDatabase.fresh(3)) {
            var nodeA = new PostgresThrottle(a.dataSource(), a.jdbi(), Clock.systemUTC());
            var nodeB = new PostgresThrottle(a.dataSource(), a.jdbi(), Clock.systemUTC());
            var connection = ConnectionId.random();
            var limits = new RateLimits(400, 0, 0); // a burst of 10, then 390 spread over the minute
            int taken = 0;
            for (int i = 0; i < 10; i++) {
                var throttle = i % 2 == 0 ? nodeA : nodeB;
                if (throttle.tryTake(connection, limits, false).isZero()) {
                    taken++;
                }
            }
            assertThat(taken).isEqualTo(10);
            var wait = nodeB.tryTake(connection, limits, false);
            assertThat(wait).as("the next call waits for its share of the minute")
                    .isPositive().isLessThanOrEqualTo(Duration.ofMillis(200));
        }
    }

    @Test
    void batch_calls_also_spend_the_batch_budget() {
        try (var db = TestDatabase.fresh(3)) {
            var throttle = new PostgresThrottle(db.dataSource(), db.jdbi(), Clock.systemUTC());
            var connection = ConnectionId.random();
            var limits = new RateLimits(500, 0, 0, 40); // a burst of 1, then 39 spread over the minute
            for (int i = 0; i < 1; i++) {
                assertThat(throttle.tryTake(connection, limits, true)).isZero();
            }
            assertThat(throttle.tryTake(connection, limits, true)).isPositive().isLessThanOrEqualTo(Duration.ofMillis(1700));
            assertThat(throttle.tryTake(connection, limits, false)).as("single calls still pass").isZero();
        }
    }

    @Test
    void concurrency_slots_are_shared_and_freed() {
        try (var db = TestDatabase.fresh(3)) {
            var nodeA = new PostgresThrottle(db.dataSource(), db.jdbi(), Clock.systemUTC());
            var nodeB = new PostgresThrottle(db.dataSource(), db.jdbi(), Clock.systemUTC());
            var connection = ConnectionId.random();
            var limits = new RateLimits(0, 2, 0);
            Throttle.Permit one = nodeA.tryEnter(connection, limits, "a");
            Throttle.Permit two = nodeB.tryEnter(connection, limits, "b");
            assertThat(one).isNotNull();
            assertThat(two).isNotNull();
            assertThat(nodeA.tryEnter(connection, limits, "a")).as("third slot").isNull();
            two.close();
            assertThat(nodeA.tryEnter(connection, limits, "a")).isNotNull();
        }
    }
}
