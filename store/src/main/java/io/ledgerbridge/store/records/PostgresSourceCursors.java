package io.ledgerbridge.store.records;

import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.engine.intake.SourceCursors;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;

/**
 * Cursors in {@code source_cursor}; one poller per source across nodes through a transaction-level advisory lock on
 * the connection (released by the database if the node dies).
 */
public final class PostgresSourceCursors implements SourceCursors {

    private static final String ALL_TYPES = "ALL";

    private final Jdbi jdbi;
    private final Clock clock;

    public PostgresSourceCursors(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public List<ConnectionId> polledSources() {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT DISTINCT c.id FROM flow f JOIN connection c ON c.id = f.source_connection_id
                         WHERE c.status = 'CONNECTED' AND c.system <> 'native' AND f.deleted_at IS NULL""")
                .mapTo(UUID.class).map(ConnectionId::new).list());
    }

    @Override
    public Optional<String> whilePolling(ConnectionId source, Function<String, String> poll) {
        return jdbi.inTransaction(h -> {
            boolean mine = h.createQuery("SELECT pg_try_advisory_xact_lock(hashtext('ledgerbridge-poll:' || :c))")
                    .bind("c", source.toString()).mapTo(Boolean.class).one();
            if (!mine) {
                return Optional.empty();
            }
            String cursor = h.createQuery(
                            "SELECT position FROM source_cursor WHERE connection_id = :c AND record_type = :t")
                    .bind("c", source.value()).bind("t", ALL_TYPES).mapTo(String.class).findOne().orElse(null);
            String next = poll.apply(cursor);
            if (next != null) {
                h.createUpdate("""
                                INSERT INTO source_cursor (connection_id, record_type, position, updated_at)
                                VALUES (:c, :t, :p, :now)
                                ON CONFLICT (connection_id, record_type) DO UPDATE SET position = EXCLUDED.position,
                                       updated_at = EXCLUDED.updated_at""")
                        .bind("c", source.value()).bind("t", ALL_TYPES).bind("p", next).bind("now", clock.instant()).execute();
            }
            return Optional.ofNullable(next);
        });
    }
}
