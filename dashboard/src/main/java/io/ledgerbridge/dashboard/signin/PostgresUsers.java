package io.ledgerbridge.dashboard.signin;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.ledgerbridge.dashboard.people.Role;
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

    private static final String PERSON = "id, email, role, created_at, last_signed_in_at";

    /** A person as Settings → People lists them. */
    public record Person(UUID id, String email, Role role, Instant createdAt, Optional<Instant> lastSignedInAt) {}

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
        return create(workspace, email, password, Role.OWNER, now);
    }

    /** Adds a person with a role (see {@link #create(WorkspaceId, String, String, Instant)} for what is refused). */
    public User create(WorkspaceId workspace, String email, String password, Role role, Instant now) {
        return jdbi.inTransaction(h -> create(h, workspace, email, password, role, now));
    }

    /** Within the caller's transaction (an invitation accepted). */
    public User create(org.jdbi.v3.core.Handle h, WorkspaceId workspace, String email, String password, Role role, Instant now) {
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
        int inserted = h.createUpdate("""
                        INSERT INTO workspace_user (id, workspace_id, email, password_hash, role, created_at)
                        VALUES (:id, :workspace, :email, :hash, :role, :now)
                        ON CONFLICT DO NOTHING""")
                .bind("id", id).bind("workspace", workspace.value()).bind("email", address).bind("hash", hash)
                .bind("role", role.name()).bind("now", now).execute();
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

    /** The workspace's people with their roles, by email. */
    public List<Person> people(WorkspaceId workspace) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + PERSON + " FROM workspace_user WHERE workspace_id = :w ORDER BY lower(email)")
                .bind("w", workspace.value())
                .map(PostgresUsers::person)
                .list());
    }

    /** What a change of people came to. */
    public sealed interface PeopleChange {
        record Done(Person before, String summary) implements PeopleChange {}

        record Refused(String reason) implements PeopleChange {}
    }

    /**
     * Gives a person of the workspace another role. The last owner cannot stop being one (someone must be able to
     * manage people). Sessions read the role on every request, so it counts from the person's next click.
     */
    public PeopleChange changeRole(WorkspaceId workspace, UUID person, Role role) {
        return jdbi.inTransaction(h -> {
            var found = locked(h, workspace, person);
            if (found.isEmpty()) {
                return new PeopleChange.Refused("There is no such person in this workspace.");
            }
            var p = found.get();
            if (p.role() == role) {
                return new PeopleChange.Refused(p.email() + " is already " + role.label().toLowerCase() + ".");
            }
            if (p.role() == Role.OWNER && owners(h, workspace) == 1) {
                return new PeopleChange.Refused(p.email() + " is the only owner; make someone else owner first.");
            }
            h.createUpdate("UPDATE workspace_user SET role = :role WHERE id = :id").bind("role", role.name())
                    .bind("id", person).execute();
            return new PeopleChange.Done(p, p.email() + " is now " + role.label().toLowerCase()
                    + " (was " + p.role().label().toLowerCase() + ")");
        });
    }

    /** Removes a person from the workspace and ends their sessions; the last owner stays. */
    public PeopleChange remove(WorkspaceId workspace, UUID person) {
        return jdbi.inTransaction(h -> {
            var found = locked(h, workspace, person);
            if (found.isEmpty()) {
                return new PeopleChange.Refused("There is no such person in this workspace.");
            }
            var p = found.get();
            if (p.role() == Role.OWNER && owners(h, workspace) == 1) {
                return new PeopleChange.Refused(p.email() + " is the only owner and cannot be removed; make someone "
                        + "else owner first.");
            }
            h.createUpdate("DELETE FROM workspace_user WHERE id = :id").bind("id", person).execute();
            return new PeopleChange.Done(p, "Removed " + p.email() + " (" + p.role().label().toLowerCase()
                    + "); their sessions ended");
        });
    }

    private static Optional<Person> locked(org.jdbi.v3.core.Handle h, WorkspaceId workspace, UUID person) {
        // The workspace's owners are locked too, so that two owners demoting each other at once cannot leave none.
        h.createQuery("SELECT id FROM workspace_user WHERE workspace_id = :w AND role = 'OWNER' ORDER BY id FOR UPDATE")
                .bind("w", workspace.value()).mapTo(UUID.class).list();
        return h.createQuery("SELECT " + PERSON + " FROM workspace_user WHERE workspace_id = :w AND id = :id FOR UPDATE")
                .bind("w", workspace.value()).bind("id", person)
                .map(PostgresUsers::person)
                .findOne();
    }

    private static Person person(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
            throws java.sql.SQLException {
        return new Person(rs.getObject("id", UUID.class), rs.getString("email"), Role.valueOf(rs.getString("role")),
                rs.getTimestamp("created_at").toInstant(),
                Optional.ofNullable(rs.getTimestamp("last_signed_in_at")).map(java.sql.Timestamp::toInstant));
    }

    private static int owners(org.jdbi.v3.core.Handle h, WorkspaceId workspace) {
        return h.createQuery("SELECT count(*) FROM workspace_user WHERE workspace_id = :w AND role = 'OWNER'")
                .bind("w", workspace.value()).mapTo(Integer.class).one();
    }

    /** Whether an email address already belongs to a person (of any workspace: one person per address). */
    public boolean exists(String email) {
        return jdbi.withHandle(h -> h.createQuery("SELECT EXISTS (SELECT 1 FROM workspace_user WHERE lower(email) = lower(:e))")
                .bind("e", email.strip()).mapTo(Boolean.class).one());
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
