package io.ledgerbridge.store.workspace;

import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.store.apikey.PostgresApiKeys;
import io.ledgerbridge.store.audit.PostgresAuditLog;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** Workspaces, and through {@link #keys()} and {@link #audit()} their API keys and audit log. */
public final class PostgresWorkspaces {

    private final Jdbi jdbi;
    private final PostgresApiKeys keys;
    private final PostgresAuditLog audit;

    public PostgresWorkspaces(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.keys = new PostgresApiKeys(jdbi);
        this.audit = new PostgresAuditLog(jdbi);
    }

    public record Workspace(WorkspaceId id, String name, Instant createdAt) {}

    public WorkspaceId create(String name, Instant now) {
        var id = WorkspaceId.random();
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO workspace (id, name, created_at) VALUES (:id, :name, :now)")
                .bind("id", id.value()).bind("name", name).bind("now", now).execute());
        return id;
    }

    public List<Workspace> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, name, created_at FROM workspace ORDER BY created_at")
                .map((rs, ctx) -> new Workspace(new WorkspaceId(rs.getObject("id", UUID.class)), rs.getString("name"),
                        rs.getTimestamp("created_at").toInstant()))
                .list());
    }

    /**
     * How the claim shares the nodes between workspaces (see {@code PostgresSyncQueue.CLAIM}): a workspace's share
     * of each batch is its weight over the weights of every workspace with syncs waiting; {@code maxInFlight}, when
     * set, caps the syncs it has in flight at once across every node.
     */
    public record ClaimLimits(int weight, OptionalInt maxInFlight) {
        public static final ClaimLimits DEFAULT = new ClaimLimits(1, OptionalInt.empty());

        public ClaimLimits {
            if (weight < 1 || weight > 1000) {
                throw new IllegalArgumentException("the weight must be from 1 to 1000, not " + weight);
            }
            if (maxInFlight.isPresent() && maxInFlight.getAsInt() < 1) {
                throw new IllegalArgumentException("the maximum in flight must be at least 1, not " + maxInFlight.getAsInt());
            }
        }

        @Override
        public String toString() {
            return "weight " + weight + ", " + (maxInFlight.isPresent()
                    ? "at most " + maxInFlight.getAsInt() + " syncs in flight" : "no maximum in flight");
        }
    }

    public Optional<ClaimLimits> limits(WorkspaceId id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT claim_weight, max_in_flight FROM workspace WHERE id = :id")
                .bind("id", id.value())
                .map((rs, ctx) -> {
                    int max = rs.getInt("max_in_flight");
                    return new ClaimLimits(rs.getInt("claim_weight"), rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(max));
                })
                .findOne());
    }

    /** Changes a workspace's claim limits, with who changed them in its audit log; false when there is no such workspace. */
    public boolean setLimits(WorkspaceId id, ClaimLimits limits, String actor, Instant now) {
        return jdbi.inTransaction(h -> {
            int updated = h.createUpdate("UPDATE workspace SET claim_weight = :weight, max_in_flight = :max WHERE id = :id")
                    .bind("weight", limits.weight())
                    .bind("max", limits.maxInFlight().isPresent() ? Integer.valueOf(limits.maxInFlight().getAsInt()) : null)
                    .bind("id", id.value()).execute();
            if (updated == 0) {
                return false;
            }
            PostgresAuditLog.record(h, PostgresAuditLog.Entry.of(id, actor, "workspace.limits", id.toString(),
                    "Claim limits set: " + limits), now);
            return true;
        });
    }

    public Optional<Workspace> find(WorkspaceId id) {
        return list().stream().filter(w -> w.id().equals(id)).findFirst();
    }

    /** Creates an API key and returns it; it cannot be read back later (see {@link PostgresApiKeys}). */
    public String createApiKey(WorkspaceId workspace, String label, Instant now) {
        return keys.create(workspace, label, false, Optional.empty(), now).key();
    }

    /** Every workspace's audit log: who changed what. */
    public PostgresAuditLog audit() {
        return audit;
    }

    /** The workspace's API keys: list, create, revoke, authenticate. */
    public PostgresApiKeys keys() {
        return keys;
    }
}
