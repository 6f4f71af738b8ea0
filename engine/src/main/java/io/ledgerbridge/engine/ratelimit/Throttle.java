package io.ledgerbridge.engine.ratelimit;

import io.ledgerbridge.connector.RateLimits;
import io.ledgerbridge.connector.RemainingCalls;
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

    /**
     * Takes one call from the app-wide per-minute budget of a system ({@link RateLimits#appRequestsPerMinute()}, e.g.
     * Xero's 10,000 a minute across all organisations), shared by every connection and node. Same answer as
     * {@link #tryTake}. By default it is kept as the budget of a connection id derived from {@code app}, so every
     * implementation of {@link #tryTake} (Bucket4j on PostgreSQL included) keeps it across nodes without a change.
     *
     * @param app the system's key, the same for all its connections (the engine passes the sink's display name)
     */
    default Duration tryTakeApp(String app, int perMinute) {
        if (perMinute <= 0) {
            return Duration.ZERO;
        }
        return tryTake(appConnection(app), new RateLimits(perMinute, 0, 0), false);
    }

    /**
     * What the vendor said remains of the connection's budget ({@link io.ledgerbridge.connector.Sink#remainingCalls()}),
     * reported after each call so the shared budget can be drained to match (calls made outside this engine count at
     * the vendor). The default keeps nothing: the budget is kept by the local count alone.
     */
    default void observe(ConnectionId connection, RateLimits limits, RemainingCalls remaining) {}

    /** The connection id an app-wide budget is kept under: a name-based UUID of {@code app}, never a real connection. */
    static ConnectionId appConnection(String app) {
        return new ConnectionId(java.util.UUID.nameUUIDFromBytes(("ledgerbridge-app-budget:" + app)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

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
