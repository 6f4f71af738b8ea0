package io.ledgerbridge.dashboard.connections;

import com.fasterxml.jackson.core.type.TypeReference;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.connection.Consents;
import io.ledgerbridge.store.json.Json;
import io.ledgerbridge.store.secret.Secrets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * OAuth round trips under way, in PostgreSQL ({@code oauth_state}), so that the node that takes the vendor's callback
 * need not be the one that sent the person away. A state is random (32 bytes), stored only as its SHA-256, lives
 * {@link #LIFETIME}, and is used once, by the session that started it. Answers that cannot be used are told apart
 * ({@link Claim}), so the person reads why.
 */
public final class PostgresOAuthStates {

    /** How long a person may stay on the vendor's consent page. */
    public static final Duration LIFETIME = Duration.ofMinutes(10);
    /** Used and expired states are kept this long, so that a late or repeated answer is not taken for a forged one. */
    static final Duration KEPT = Duration.ofDays(1);


    /** What became of a state brought back by a callback. */
    public sealed interface Claim {
        /** Valid: it is now used, and cannot be claimed again. */
        record Claimed(OAuthState state) implements Claim {}

        /** Never issued (or deleted long ago): a forged or mistyped answer. */
        record Unknown() implements Claim {}

        /** Issued to another session or workspace. */
        record NotYours() implements Claim {}

        /** Issued to this session but already used once. */
        record AlreadyUsed(OAuthState state) implements Claim {}

        /** Issued to this session but older than {@link #LIFETIME}. */
        record Expired(OAuthState state) implements Claim {}
    }

    private final Jdbi jdbi;

    public PostgresOAuthStates(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Stores a round trip about to start and returns the state to send to the vendor. Deletes states long gone. */
    public String begin(OAuthState state, Instant now) {
        String value = Secrets.random(32);
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM oauth_state WHERE expires_at < :before").bind("before", now.minus(KEPT)).execute();
            h.createUpdate("""
                            INSERT INTO oauth_state (state_hash, workspace_id, session_key, request_id, actor, purpose, system,
                                                     connection_id, name, settings, redirect_uri, created_at, expires_at)
                            VALUES (:hash, :workspace, :session, :request, :actor, :purpose, :system, :connection, :name,
                                    CAST(:settings AS jsonb), :redirect, :now, :expires)""")
                    .bind("hash", Secrets.fingerprint(value))
                    .bind("workspace", state.workspace().value())
                    .bind("session", state.sessionKey())
                    .bind("request", state.request() == null ? null : state.request().id())
                    .bind("actor", state.request() == null ? null : state.request().actor())
                    .bind("purpose", state.purpose() instanceof OAuthState.Reconnect ? "RECONNECT" : "CONNECT")
                    .bind("system", state.system())
                    .bind("connection", state.purpose() instanceof OAuthState.Reconnect r ? r.connection().value() : null)
                    .bind("name", state.purpose() instanceof OAuthState.Connect c ? c.name() : null)
                    .bind("settings", Json.write(state.settings()))
                    .bind("redirect", state.redirectUri())
                    .bind("now", now)
                    .bind("expires", now.plus(LIFETIME))
                    .execute();
        });
        return value;
    }

    /**
     * Uses the state brought back by a callback, once: only for the session (and workspace) that started it, and only
     * within its lifetime. Two nodes claiming the same state at once: one gets {@link Claim.Claimed}, the other
     * {@link Claim.AlreadyUsed}.
     */
    public Claim claim(String state, WorkspaceId workspace, String sessionKey, Instant now) {
        if (state == null || state.isBlank() || state.length() > 200) {
            return new Claim.Unknown();
        }
        String hash = Secrets.fingerprint(state);
        return jdbi.inTransaction(h -> {
            var claimed = h.createQuery("""
                            UPDATE oauth_state SET used_at = :now
                             WHERE state_hash = :hash AND used_at IS NULL AND expires_at > :now
                               AND workspace_id = :workspace AND session_key = :session
                            RETURNING *""")
                    .bind("now", now).bind("hash", hash).bind("workspace", workspace.value()).bind("session", sessionKey)
                    .map(PostgresOAuthStates::row).findOne();
            if (claimed.isPresent()) {
                return new Claim.Claimed(claimed.get().state());
            }
            var found = h.createQuery("SELECT * FROM oauth_state WHERE state_hash = :hash")
                    .bind("hash", hash).map(PostgresOAuthStates::row).findOne();
            if (found.isEmpty()) {
                return new Claim.Unknown();
            }
            var row = found.get();
            if (!row.state().workspace().equals(workspace) || !sessionKey.equals(row.state().sessionKey())) {
                return new Claim.NotYours();
            }
            return row.used() ? new Claim.AlreadyUsed(row.state()) : new Claim.Expired(row.state());
        });
    }

    /**
     * Uses the state brought back by a callback when it belongs to a consent request (started over the API or the
     * command line, so no session is asked for: the random state is the proof); empty when it does not, and the
     * callback is then a signed-in person's ({@link #claim}).
     */
    public Optional<Claim> claimRequest(String state, Instant now) {
        if (state == null || state.isBlank() || state.length() > 200) {
            return Optional.empty();
        }
        String hash = Secrets.fingerprint(state);
        return jdbi.inTransaction(h -> {
            var claimed = h.createQuery("""
                            UPDATE oauth_state SET used_at = :now
                             WHERE state_hash = :hash AND request_id IS NOT NULL AND used_at IS NULL AND expires_at > :now
                            RETURNING *""")
                    .bind("now", now).bind("hash", hash).map(PostgresOAuthStates::row).findOne();
            if (claimed.isPresent()) {
                return Optional.<Claim>of(new Claim.Claimed(claimed.get().state()));
            }
            return h.createQuery("SELECT * FROM oauth_state WHERE state_hash = :hash AND request_id IS NOT NULL")
                    .bind("hash", hash).map(PostgresOAuthStates::row).findOne()
                    .map(row -> row.used() ? new Claim.AlreadyUsed(row.state()) : new Claim.Expired(row.state()));
        });
    }

    /** Writes what came of a consent request once its callback was claimed. */
    public void settle(UUID request, Consents.Status outcome, ConnectionId connection, String reason) {
        if (outcome != Consents.Status.CONNECTED && outcome != Consents.Status.FAILED) {
            throw new IllegalArgumentException("a request settles as CONNECTED or FAILED, not " + outcome);
        }
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE oauth_state SET outcome = :outcome, outcome_connection = :connection, outcome_reason = :reason
                         WHERE request_id = :request""")
                .bind("outcome", outcome.name()).bind("connection", connection == null ? null : connection.value())
                .bind("reason", reason).bind("request", request).execute());
    }

    /** A consent request of the workspace as it stands at {@code now} (without its consent URL). */
    public Optional<Consents.Request> request(WorkspaceId workspace, UUID id, Instant now) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM oauth_state WHERE request_id = :id AND workspace_id = :ws")
                .bind("id", id).bind("ws", workspace.value())
                .map((rs, ctx) -> {
                    var state = row(rs, ctx).state();
                    String outcome = rs.getString("outcome");
                    Instant expires = rs.getTimestamp("expires_at").toInstant();
                    boolean answered = rs.getTimestamp("used_at") != null;
                    // Answered but not settled: being finished now, or a node stopped in between (then it fails).
                    var status = outcome != null ? Consents.Status.valueOf(outcome)
                            : expires.isAfter(now) ? Consents.Status.WAITING
                            : answered ? Consents.Status.FAILED : Consents.Status.EXPIRED;
                    UUID made = rs.getObject("outcome_connection", UUID.class);
                    Optional<ConnectionId> connection = state.purpose() instanceof OAuthState.Reconnect r ? Optional.of(r.connection())
                            : Optional.ofNullable(made).map(ConnectionId::new);
                    String reason = rs.getString("outcome_reason");
                    if (status == Consents.Status.FAILED && outcome == null) {
                        reason = "The consent page was answered, but finishing it was interrupted; ask for a new consent link.";
                    } else if (status == Consents.Status.EXPIRED) {
                        reason = "Nobody answered the consent page within " + LIFETIME.toMinutes() + " minutes; ask for a new one.";
                    }
                    return new Consents.Request(id, state.system(), state.purpose() instanceof OAuthState.Connect c ? c.name() : null,
                            state.purpose() instanceof OAuthState.Reconnect, status, Optional.empty(), expires, connection,
                            Optional.ofNullable(reason));
                }).findOne());
    }

    private record Row(OAuthState state, boolean used) {}

    private static Row row(ResultSet rs, StatementContext ctx) throws SQLException {
        OAuthState.Purpose purpose = rs.getString("purpose").equals("RECONNECT")
                ? new OAuthState.Reconnect(new ConnectionId(rs.getObject("connection_id", UUID.class)))
                : new OAuthState.Connect(rs.getString("name"));
        Map<String, String> settings = Json.MAPPER.convertValue(Json.read(rs.getString("settings"), Map.class),
                new TypeReference<Map<String, String>>() {});
        UUID request = rs.getObject("request_id", UUID.class);
        return new Row(new OAuthState(new WorkspaceId(rs.getObject("workspace_id", UUID.class)), rs.getString("session_key"),
                request == null ? null : new OAuthState.Request(request, rs.getString("actor")), purpose, rs.getString("system"), settings, rs.getString("redirect_uri")), rs.getTimestamp("used_at") != null);
    }
}
