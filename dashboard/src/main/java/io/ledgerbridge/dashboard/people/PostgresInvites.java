package io.ledgerbridge.dashboard.people;

import io.ledgerbridge.dashboard.signin.PostgresUsers;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.store.secret.Secrets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Invitations to a workspace: a one-time link that lets the person invited choose a password and join with the role
 * chosen. Only the SHA-256 of the link's token is stored. A link works once and for {@link #LIFETIME}; inviting the
 * same address again replaces the earlier link.
 */
public final class PostgresInvites {

    public static final Duration LIFETIME = Duration.ofDays(7);

    /** An invitation as the invited person's page shows it. */
    public record Invite(WorkspaceId workspace, String workspaceName, String email, Role role, String invitedBy,
            Instant expiresAt) {}

    /** An invitation waiting to be accepted, as Settings → People lists it. */
    public record Waiting(String email, Role role, String invitedBy, Instant expiresAt) {}

    /** A new invitation: {@code token} goes in the link, shown (or mailed) once. */
    public record Created(String email, Role role, String token) {}

    private final Jdbi jdbi;
    private final PostgresUsers users;

    public PostgresInvites(Jdbi jdbi, PostgresUsers users) {
        this.jdbi = jdbi;
        this.users = users;
    }

    /**
     * Invites an address with a role.
     *
     * @throws IllegalArgumentException when the address is not one, or already belongs to a person
     */
    public Created invite(WorkspaceId workspace, String email, Role role, String invitedBy, Instant now) {
        String address = email == null ? "" : email.strip();
        if (!address.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+") || address.length() > 254) {
            throw new IllegalArgumentException("'" + address + "' is not an email address");
        }
        if (users.exists(address)) {
            throw new IllegalArgumentException(address + " already has a sign-in");
        }
        String token = Secrets.random(24);
        jdbi.useTransaction(h -> {
            h.createUpdate("""
                            DELETE FROM invite WHERE workspace_id = :w AND lower(email) = lower(:email) AND accepted_at IS NULL""")
                    .bind("w", workspace.value()).bind("email", address).execute();
            h.createUpdate("""
                            INSERT INTO invite (token_hash, workspace_id, email, role, invited_by, created_at, expires_at)
                            VALUES (:hash, :w, :email, :role, :by, :now, :expires)""")
                    .bind("hash", Secrets.fingerprint(token)).bind("w", workspace.value()).bind("email", address).bind("role", role.name())
                    .bind("by", invitedBy).bind("now", now).bind("expires", now.plus(LIFETIME)).execute();
        });
        return new Created(address, role, token);
    }

    /** The invitation of a link, if it is neither used nor expired. */
    public Optional<Invite> find(String token, Instant now) {
        if (token == null || token.isBlank() || token.length() > 100) {
            return Optional.empty();
        }
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT i.workspace_id, w.name, i.email, i.role, i.invited_by, i.expires_at
                          FROM invite i JOIN workspace w ON w.id = i.workspace_id
                         WHERE i.token_hash = :hash AND i.accepted_at IS NULL AND i.expires_at > :now""")
                .bind("hash", Secrets.fingerprint(token)).bind("now", now)
                .map((rs, ctx) -> new Invite(new WorkspaceId(rs.getObject("workspace_id", java.util.UUID.class)),
                        rs.getString("name"), rs.getString("email"), Role.valueOf(rs.getString("role")),
                        rs.getString("invited_by"), rs.getTimestamp("expires_at").toInstant()))
                .findOne());
    }

    /**
     * Accepts an invitation: the person is created with the invitation's email and role, and the link is used up, in
     * one transaction. Empty when the link is used, expired or unknown.
     *
     * @throws IllegalArgumentException when the password is refused (too short, too long)
     */
    public Optional<PostgresUsers.User> accept(String token, String password, Instant now) {
        return jdbi.inTransaction(h -> {
            var invite = h.createQuery("""
                            SELECT workspace_id, email, role FROM invite
                             WHERE token_hash = :hash AND accepted_at IS NULL AND expires_at > :now FOR UPDATE""")
                    .bind("hash", Secrets.fingerprint(token)).bind("now", now)
                    .map((rs, ctx) -> new Object[] {new WorkspaceId(rs.getObject("workspace_id", java.util.UUID.class)),
                            rs.getString("email"), Role.valueOf(rs.getString("role"))})
                    .findOne();
            if (invite.isEmpty()) {
                return Optional.<PostgresUsers.User>empty();
            }
            var row = invite.get();
            var user = users.create(h, (WorkspaceId) row[0], (String) row[1], password, (Role) row[2], now);
            h.createUpdate("UPDATE invite SET accepted_at = :now WHERE token_hash = :hash")
                    .bind("now", now).bind("hash", Secrets.fingerprint(token)).execute();
            return Optional.of(user);
        });
    }

    /** Invitations of the workspace not yet accepted and not expired. */
    public List<Waiting> waiting(WorkspaceId workspace, Instant now) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT email, role, invited_by, expires_at FROM invite
                         WHERE workspace_id = :w AND accepted_at IS NULL AND expires_at > :now ORDER BY created_at DESC""")
                .bind("w", workspace.value()).bind("now", now)
                .map((rs, ctx) -> new Waiting(rs.getString("email"), Role.valueOf(rs.getString("role")),
                        rs.getString("invited_by"), rs.getTimestamp("expires_at").toInstant()))
                .list());
    }
}
