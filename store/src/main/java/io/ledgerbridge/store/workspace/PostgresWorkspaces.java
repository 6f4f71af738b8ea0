package io.ledgerbridge.store.workspace;

import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.store.apikey.PostgresApiKeys;
import io.ledgerbridge.store.audit.PostgresAuditLog;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
