package io.ledgerbridge.dashboard.signin;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The people who sign in to a workspace's dashboard. One person per email address (whatever its case), in one
 * workspace. Passwords are stored only as bcrypt hashes.
 */
public final class PostgresUsers {

    /** bcrypt reads at most 72 bytes; a longer password is refused rather than cut silently. */
    static final int MAX_PASSWORD_BYTES = 72;
    static final int MIN_PASSWORD_LENGTH = 10;

    private final Jdbi jdbi;
    private final int cost;
    /** Compared against when the email is unknown, so that a wrong email takes as long as a wrong password. */
    private final String decoy;

    public record User(UUID id, WorkspaceId workspace, String email) {}

    private record Stored(User user, String hash) {}

    public PostgresUsers(Jdbi jdbi, int bcryptCost) {
        this.jdbi = jdbi;
        this.cost = bcryptCost;
        this.decoy = BCrypt.withDefaults().hashToString(bcryptCost, "not a password of anyone".toCharArray());
    }

    /**
     * Adds a person to a workspace.
     *
     * @throws IllegalArgumentException when the email is not an address, the password is shorter than 10 characters
     *                                  or longer than 72 bytes, or the email is taken
     */
    public User create(WorkspaceId workspace, String email, String password, Instant now) {
        String address = email == null ? "" : email.trim();
        if (!address.matches("[^@\\s]+@[^@\\s]+")) {
            throw new IllegalArgumentException("'" + address + "' is not an email address");
        }
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("a password needs at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new IllegalArgumentException("a password can be at most " + MAX_PASSWORD_BYTES + " bytes");
        }
        var id = UUID.randomUUID();
        String hash = BCrypt.withDefaults().hashToString(cost, password.toCharArray());
        int inserted = jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO workspace_user (id, workspace_id, email, password_hash, created_at)
                        VALUES (:id, :workspace, :email, :hash, :now)
                        ON CONFLICT DO NOTHING""")
                .bind("id", id).bind("workspace", workspace.value()).bind("email", address).bind("hash", hash)
                .bind("now", now).execute());
        if (inserted == 0) {
            throw new IllegalArgumentException("'" + address + "' already has a dashboard user");
        }
        return new User(id, workspace, address);
    }

    /** The person if the email and password match; the time taken does not tell whether the email exists. */
    public Optional<User> verify(String email, String password, Instant now) {
        if (email == null || password == null || password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            return Optional.empty();
        }
        var row = jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, workspace_id, email, password_hash FROM workspace_user WHERE lower(email) = lower(:email)""")
                .bind("email", email.trim())
                .map((rs, ctx) -> new Stored(new User(rs.getObject("id", UUID.class),
                        new WorkspaceId(rs.getObject("workspace_id", UUID.class)), rs.getString("email")),
                        rs.getString("password_hash")))
                .findOne());
        String hash = row.map(Stored::hash).orElse(decoy);
        boolean ok = BCrypt.verifyer().verify(password.toCharArray(), hash).verified;
        if (!ok || row.isEmpty()) {
            return Optional.empty();
        }
        var user = row.get().user();
        jdbi.useHandle(h -> h.createUpdate("UPDATE workspace_user SET last_signed_in_at = :now WHERE id = :id")
                .bind("now", now).bind("id", user.id()).execute());
        return Optional.of(user);
    }

    public List<User> list(WorkspaceId workspace) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT id, workspace_id, email FROM workspace_user WHERE workspace_id = :w ORDER BY email")
                .bind("w", workspace.value())
                .map((rs, ctx) -> new User(rs.getObject("id", UUID.class),
                        new WorkspaceId(rs.getObject("workspace_id", UUID.class)), rs.getString("email")))
                .list());
    }
}
