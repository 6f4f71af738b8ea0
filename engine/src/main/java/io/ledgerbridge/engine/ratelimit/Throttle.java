package io.ledgerbridge.engine.ratelimit;

import io.ledgerbridge.connector.RateLimits;
import io.ledgerbridge.domain.workspace.ConnectionId;
import java.time.Duration;

/**
 * Keeps every connection under its vendor's limits, across all nodes (implemented with Bucket4j on PostgreSQL
 * and a table of concurrency permits).
 */
public interface Throttle {

    /**
     * Takes one call from the connection's per-minute and per-day budgets, and from its batch budget when
     * {@code batch}. Returns {@link Duration#ZERO} when taken, otherwise how long until it would be available
     * (and takes nothing).
     */
    Duration tryTake(ConnectionId connection, RateLimits limits, boolean batch);

    /**
     * Takes one of the connection's {@link RateLimits#maxConcurrent()} in-flight slots, held until {@code release}
     * or until it expires (a node that died frees its slots). Returns null when all are taken.
     */
    Permit tryEnter(ConnectionId connection, RateLimits limits, String holder);

    /** A held concurrency slot. */
    interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    /** No limits: for tests and the reference destination. */
    Throttle NONE = new Throttle() {
        public Duration tryTake(ConnectionId c, RateLimits l, boolean batch) {
            return Duration.ZERO;
        }

        public Permit tryEnter(ConnectionId c, RateLimits l, String h) {
            return () -> {};
        }
    };
}
