package io.ledgerbridge.store.connection;

import com.fasterxml.jackson.core.type.TypeReference;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.ConnectionStatus;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.connection.ConnectionRecord;
import io.ledgerbridge.engine.connection.ConnectionStore;
import io.ledgerbridge.engine.connection.TokenSet;
import io.ledgerbridge.store.json.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Jdbi;

/** Connections on PostgreSQL; tokens are stored only encrypted (see {@link TokenCipher}). */
public final class PostgresConnections implements ConnectionStore {

    private final Jdbi jdbi;
    private final TokenCipher cipher;

    public PostgresConnections(Jdbi jdbi, TokenCipher cipher) {
        this.jdbi = jdbi;
        this.cipher = cipher;
    }

    @Override
    public ConnectionId create(WorkspaceId workspace, String system, String name, Map<String, String> settings,
            TokenSet tokens, Instant now) {
        var id = ConnectionId.random();
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO connection (id, workspace_id, system, name, status, settings, token_ciphertext,
                                                token_version, token_refreshed_at, created_at, updated_at)
                        VALUES (:id, :workspace, :system, :name, 'CONNECTED', CAST(:settings AS jsonb), :token, 1, :now, :now, :now)""")
                .bind("id", id.value()).bind("workspace", workspace.value()).bind("system", system).bind("name", name)
                .bind("settings", Json.write(settings))
                .bindByType("token", tokens == null ? null : encrypt(id, tokens), byte[].class)
                .bind("now", now).execute());
        return id;
    }

    @Override
    public Optional<ConnectionRecord> find(ConnectionId id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM connection WHERE id = :id")
                .bind("id", id.value()).map(PostgresConnections::record).findOne());
    }

    /** The connection if it belongs to the workspace. */
    public Optional<ConnectionRecord> find(WorkspaceId workspace, ConnectionId id) {
        return find(id).filter(c -> c.workspace().equals(workspace));
    }

    @Override
    public List<ConnectionRecord> list(WorkspaceId workspace) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM connection WHERE workspace_id = :w ORDER BY created_at")
                .bind("w", workspace.value()).map(PostgresConnections::record).list());
    }

    /** Every connection, for the health endpoint. */
    public List<ConnectionRecord> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM connection ORDER BY created_at")
                .map(PostgresConnections::record).list());
    }

    @Override
    public Optional<Versioned> tokens(ConnectionId id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT token_ciphertext, token_version FROM connection WHERE id = :id")
                .bind("id", id.value())
                .map((rs, ctx) -> {
                    byte[] bytes = rs.getBytes("token_ciphertext");
                    return bytes == null ? null : new Versioned(decrypt(id, bytes), rs.getInt("token_version"));
                }).findOne().filter(v -> v != null));
    }

    @Override
    public Versioned refresh(ConnectionId id, int seenVersion, UnaryOperator<TokenSet> refresh, Instant now) {
        return jdbi.inTransaction(h -> {
            var row = h.createQuery("SELECT token_ciphertext, token_version FROM connection WHERE id = :id FOR UPDATE")
                    .bind("id", id.value())
                    .map((rs, ctx) -> new Versioned(decrypt(id, rs.getBytes("token_ciphertext")), rs.getInt("token_version")))
                    .one();
            if (row.version() != seenVersion) {
                return row;
            }
            var fresh = refresh.apply(row.tokens());
            int version = row.version() + 1;
            h.createUpdate("""
                            UPDATE connection SET token_ciphertext = :token, token_version = :version,
                                   token_refreshed_at = :now, updated_at = :now
                             WHERE id = :id""")
                    .bind("token", encrypt(id, fresh)).bind("version", version).bind("now", now).bind("id", id.value())
                    .execute();
            return new Versioned(fresh, version);
        });
    }

    @Override
    public void reconnect(ConnectionId id, TokenSet tokens, Instant now) {
        jdbi.useTransaction(h -> {
            h.createUpdate("""
                            UPDATE connection SET status = 'CONNECTED', status_reason = NULL, token_ciphertext = :token,
                                   token_version = token_version + 1, token_refreshed_at = :now, updated_at = :now
                             WHERE id = :id""")
                    .bind("token", encrypt(id, tokens)).bind("now", now).bind("id", id.value()).execute();
            h.createUpdate("""
                            UPDATE sync_event SET wait_reason = 'QUEUED', next_attempt_at = :now, updated_at = :now
                             WHERE destination_connection_id = :id AND status = 'PENDING' AND wait_reason = 'RECONNECT'""")
                    .bind("now", now).bind("id", id.value()).execute();
        });
    }

    @Override
    public void markNeedsReconnect(ConnectionId id, String reason, Instant now) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE connection SET status = 'NEEDS_RECONNECT', status_reason = :reason, updated_at = :now
                         WHERE id = :id AND status = 'CONNECTED'""")
                .bind("reason", reason).bind("now", now).bind("id", id.value()).execute());
    }

    @Override
    public void disconnect(ConnectionId id, Instant now) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE connection SET status = 'DISCONNECTED', status_reason = 'Disconnected by a user.',
                               token_ciphertext = NULL, updated_at = :now WHERE id = :id""")
                .bind("now", now).bind("id", id.value()).execute());
    }

    private byte[] encrypt(ConnectionId id, TokenSet tokens) {
        return cipher.encrypt(id, Json.write(Map.of(
                "access", tokens.accessToken() == null ? "" : tokens.accessToken(),
                "refresh", tokens.refreshToken() == null ? "" : tokens.refreshToken(),
                "expires", tokens.accessExpiresAt() == null ? "" : tokens.accessExpiresAt().toString())));
    }

    private TokenSet decrypt(ConnectionId id, byte[] ciphertext) {
        Map<String, String> m = Json.MAPPER.convertValue(Json.read(cipher.decrypt(id, ciphertext), Map.class),
                new TypeReference<Map<String, String>>() {});
        return new TokenSet(emptyToNull(m.get("access")), emptyToNull(m.get("refresh")),
                m.get("expires") == null || m.get("expires").isEmpty() ? null : Instant.parse(m.get("expires")));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static ConnectionRecord record(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws SQLException {
        Map<String, String> settings = Json.MAPPER.convertValue(Json.read(rs.getString("settings"), Map.class),
                new TypeReference<Map<String, String>>() {});
        Timestamp refreshed = rs.getTimestamp("token_refreshed_at");
        return new ConnectionRecord(new ConnectionId(rs.getObject("id", UUID.class)),
                new WorkspaceId(rs.getObject("workspace_id", UUID.class)), rs.getString("system"), rs.getString("name"),
                ConnectionStatus.valueOf(rs.getString("status")), rs.getString("status_reason"), settings,
                refreshed == null ? null : refreshed.toInstant());
    }
}
