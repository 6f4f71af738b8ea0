package io.ledgerbridge.dashboard.signin;

import io.ledgerbridge.dashboard.Flash;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.store.secret.Secrets;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Signed-in browsers, kept in PostgreSQL so that any node serving the dashboard knows them. The browser holds a
 * random token; the table holds its SHA-256.
 */
public final class PostgresSessions {


    private final Jdbi jdbi;

    /** A new session: {@code token} goes into the cookie and is never stored. */
    public record Opened(String token, String csrf) {}

    public PostgresSessions(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Opens a session for a person who just signed in; expired sessions of everyone are removed on the way. */
    public Opened open(UUID userId, Instant now, Duration lifetime) {
        String token = randomToken();
        String csrf = randomToken();
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM dashboard_session WHERE expires_at < :now").bind("now", now).execute();
            h.createUpdate("""
                            INSERT INTO dashboard_session (token_hash, user_id, csrf_token, created_at, expires_at)
                            VALUES (:key, :user, :csrf, :now, :expires)""")
                    .bind("key", key(token)).bind("user", userId).bind("csrf", csrf).bind("now", now)
                    .bind("expires", now.plus(lifetime)).execute();
        });
        return new Opened(token, csrf);
    }

    /** The person of an unexpired session, with their workspace. */
    public Optional<SignedIn> find(String token, Instant now) {
        if (token == null || token.isBlank() || token.length() > 100) {
            return Optional.empty();
        }
        String key = key(token);
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT u.id, u.email, u.workspace_id, u.role, w.name, s.csrf_token
                          FROM dashboard_session s
                          JOIN workspace_user u ON u.id = s.user_id
                          JOIN workspace w ON w.id = u.workspace_id
                         WHERE s.token_hash = :key AND s.expires_at > :now""")
                .bind("key", key).bind("now", now)
                .map((rs, ctx) -> new SignedIn(rs.getObject("id", UUID.class), rs.getString("email"),
                        new WorkspaceId(rs.getObject("workspace_id", UUID.class)), rs.getString("name"), key,
                        rs.getString("csrf_token"), io.ledgerbridge.dashboard.people.Role.valueOf(rs.getString("role"))))
                .findOne());
    }

    public void close(String sessionKey) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM dashboard_session WHERE token_hash = :key")
                .bind("key", sessionKey).execute());
    }

    /** Keeps a message for the next page this session sees. */
    public void flash(String sessionKey, Flash flash) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE dashboard_session SET flash_kind = :kind, flash_text = :text WHERE token_hash = :key""")
                .bind("kind", flash.kind().name()).bind("text", flash.text()).bind("key", sessionKey).execute());
    }

    /** The message kept for this page, removed as it is read. */
    public Optional<Flash> takeFlash(String sessionKey) {
        return jdbi.withHandle(h -> h.createQuery("""
                        UPDATE dashboard_session n SET flash_kind = NULL, flash_text = NULL
                          FROM dashboard_session o
                         WHERE n.token_hash = :key AND o.token_hash = n.token_hash AND o.flash_text IS NOT NULL
                        RETURNING o.flash_kind, o.flash_text""")
                .bind("key", sessionKey)
                .map((rs, ctx) -> new Flash(Flash.Kind.valueOf(rs.getString("flash_kind")), rs.getString("flash_text")))
                .findOne());
    }

    static String randomToken() {
        return Secrets.random(32);
    }

    static String key(String token) {
        return Secrets.fingerprint(token);
    }

    /** Constant-time comparison of two tokens. */
    static boolean same(String a, String b) {
        return a != null && b != null
                && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
