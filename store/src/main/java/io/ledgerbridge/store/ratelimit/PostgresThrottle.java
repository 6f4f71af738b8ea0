package io.ledgerbridge.store.ratelimit;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.ledgerbridge.connector.RateLimits;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.engine.ratelimit.Throttle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * Vendor limits kept across all nodes. Per-minute and per-day budgets are Bucket4j token buckets stored in
 * PostgreSQL ({@code rate_limit_bucket}, select-for-update); concurrency is a table of slots per connection
 * ({@code connection_permit}) whose leases expire, so a node that dies frees its slots.
 */
public final class PostgresThrottle implements Throttle {

    private static final Duration PERMIT_LEASE = Duration.ofMinutes(2);

    private final ProxyManager<String> buckets;
    private final Jdbi jdbi;
    private final Clock clock;

    public PostgresThrottle(DataSource dataSource, Jdbi jdbi, Clock clock) {
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_bucket").idColumn("id").stateColumn("state").expiresAtColumn("expires_at")
                .build();
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public Duration tryTake(ConnectionId connection, RateLimits limits, boolean batch) {
        if (batch && limits.batchRequestsPerMinute() > 0) {
            var wait = take(connection + ":batch:" + limits.batchRequestsPerMinute(),
                    perMinute(BucketConfiguration.builder(), limits.batchRequestsPerMinute()));
            if (!wait.isZero()) {
                return wait;
            }
        }
        if (limits.requestsPerMinute() == 0 && limits.requestsPerDay() == 0) {
            return Duration.ZERO;
        }
        var config = BucketConfiguration.builder();
        if (limits.requestsPerMinute() > 0) {
            perMinute(config, limits.requestsPerMinute());
        }
        if (limits.requestsPerDay() > 0) {
            config.addLimit(l -> l.capacity(limits.requestsPerDay()).refillIntervally(limits.requestsPerDay(), Duration.ofDays(1)));
        }
        return take(connection + ":" + limits.requestsPerMinute() + "/" + limits.requestsPerDay(), config);
    }

    /**
     * At most {@code limit} calls in any 60 seconds, whatever window the vendor counts in: a burst of a fortieth of
     * the limit, the rest refilled evenly over the minute (burst + refill per minute = limit, so the steady rate is
     * 97.5% of the limit: QuickBooks' 40 batch calls a minute give 39, 1,170 invoices a minute).
     */
    private static io.github.bucket4j.ConfigurationBuilder perMinute(io.github.bucket4j.ConfigurationBuilder config, int limit) {
        int burst = Math.max(1, limit / 40);
        int refill = Math.max(1, limit - burst);
        return config.addLimit(l -> l.capacity(burst).refillGreedy(refill, Duration.ofMinutes(1)));
    }

    private Duration take(String key, io.github.bucket4j.ConfigurationBuilder config) {
        var probe = buckets.getProxy(key, config::build).tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(Math.max(probe.getNanosToWaitForRefill(), 1_000_000));
    }

    @Override
    public Permit tryEnter(ConnectionId connection, RateLimits limits, String holder) {
        if (limits.maxConcurrent() == 0) {
            return () -> {};
        }
        Instant now = clock.instant();
        Integer slot = jdbi.inTransaction(h -> {
            h.createUpdate("""
                            INSERT INTO connection_permit (connection_id, slot)
                            SELECT :c, s FROM generate_series(1, :n) s
                            ON CONFLICT DO NOTHING""")
                    .bind("c", connection.value()).bind("n", limits.maxConcurrent()).execute();
            return h.createQuery("""
                            UPDATE connection_permit SET holder = :holder, expires_at = :until
                             WHERE (connection_id, slot) = (
                                   SELECT connection_id, slot FROM connection_permit
                                    WHERE connection_id = :c AND slot <= :n AND (holder IS NULL OR expires_at < :now)
                                    ORDER BY slot LIMIT 1 FOR UPDATE SKIP LOCKED)
                            RETURNING slot""")
                    .bind("holder", holder).bind("until", now.plus(PERMIT_LEASE)).bind("c", connection.value())
                    .bind("n", limits.maxConcurrent()).bind("now", now)
                    .mapTo(Integer.class).findOne().orElse(null);
        });
        if (slot == null) {
            return null;
        }
        return () -> jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE connection_permit SET holder = NULL, expires_at = NULL
                         WHERE connection_id = :c AND slot = :slot AND holder = :holder""")
                .bind("c", connection.value()).bind("slot", slot).bind("holder", holder).execute());
    }
}
