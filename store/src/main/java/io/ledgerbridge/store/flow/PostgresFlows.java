package io.ledgerbridge.store.flow;

import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.flow.Flow;
import io.ledgerbridge.engine.flow.Flows;
import io.ledgerbridge.store.audit.PostgresAuditLog;
import io.ledgerbridge.store.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Flows, their settings and their state. Read on every batch, so a saved setting takes effect at once.
 *
 * <p>Pausing a flow keeps it taking records in; the claim skips its syncs until it is resumed, and they then go in
 * the order they came. Deleting a flow ends its waiting syncs as Skipped ("flow deleted") and keeps the flow's row
 * and mappings: nothing is deleted in a destination, and a flow created again for the same pair starts with the
 * mappings of the deleted one, so it finds what was written and writes nothing twice. Each change records its audit
 * entry in the same transaction.
 */
public final class PostgresFlows implements Flows {

    private final Jdbi jdbi;

    public PostgresFlows(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public FlowId create(WorkspaceId workspace, ConnectionId source, ConnectionId destination, FlowSettings settings,
            Instant now) {
        return create(workspace, source, destination, settings, Optional.empty(), now);
    }

    /**
     * Creates a flow; with {@code actor}, records it in the audit log. A flow deleted before for the same pair hands
     * its mappings on, so records it wrote are updated, not written again.
     */
    public FlowId create(WorkspaceId workspace, ConnectionId source, ConnectionId destination, FlowSettings settings,
            Optional<String> actor, Instant now) {
        var id = FlowId.random();
        jdbi.useTransaction(h -> {
            h.createUpdate("""
                            INSERT INTO flow (id, workspace_id, source_connection_id, destination_connection_id, settings,
                                              created_at, updated_at)
                            VALUES (:id, :workspace, :source, :destination, CAST(:settings AS jsonb), :now, :now)""")
                    .bind("id", id.value()).bind("workspace", workspace.value()).bind("source", source.value())
                    .bind("destination", destination.value()).bind("settings", Json.write(settings)).bind("now", now)
                    .execute();
            int inherited = h.createUpdate("""
                            INSERT INTO mapping (flow_id, record_type, source_key, destination_id, created_at, updated_at)
                            SELECT DISTINCT ON (m.record_type, m.source_key) :id, m.record_type, m.source_key,
                                   m.destination_id, m.created_at, :now
                              FROM flow f JOIN mapping m ON m.flow_id = f.id
                             WHERE f.source_connection_id = :source AND f.destination_connection_id = :destination
                               AND f.deleted_at IS NOT NULL
                             ORDER BY m.record_type, m.source_key, m.updated_at DESC
                            ON CONFLICT DO NOTHING""")
                    .bind("id", id.value()).bind("source", source.value()).bind("destination", destination.value())
                    .bind("now", now).execute();
            actor.ifPresent(a -> PostgresAuditLog.record(h, new PostgresAuditLog.Entry(workspace, a, "flow.create",
                    "flow:" + id, "Created the flow" + (inherited > 0 ? ", with the " + inherited
                            + " mappings of the deleted flow between the same connections" : ""),
                    Map.of(), Map.of("source", source.toString(), "destination", destination.toString())), now));
        });
        return id;
    }

    /** The outcome of a pause, a resume or a delete, as the person who asked reads it. */
    public sealed interface Change {
        /** The flow changed; {@code syncs} is how many waiting syncs it concerns (paused, resumed or skipped). */
        record Done(Flow flow, int syncs) implements Change {}

        /** Nothing to do ("already paused"), said plainly. */
        record Unchanged(Flow flow, String why) implements Change {}

        record NotFound() implements Change {}
    }

    /** Pauses a flow of the workspace: its syncs wait, "Paused by {@code actor} at {@code now}". */
    public Change pause(WorkspaceId workspace, FlowId id, String actor, Instant now) {
        return change(workspace, id, f -> f.isPaused() ? "The flow is already paused." : null, (h, f) -> {
            h.createUpdate("UPDATE flow SET paused_at = :now, paused_by = :actor, updated_at = :now WHERE id = :id")
                    .bind("now", now).bind("actor", actor).bind("id", id.value()).execute();
            int waiting = waiting(h, id);
            PostgresAuditLog.record(h, new PostgresAuditLog.Entry(workspace, actor, "flow.pause", "flow:" + id,
                    "Paused the flow; " + waiting + " waiting syncs wait until it is resumed",
                    Map.of("state", "active"), Map.of("state", "paused")), now);
            return waiting;
        });
    }

    /** Resumes a paused flow: its waiting syncs go, in the order they came. */
    public Change resume(WorkspaceId workspace, FlowId id, String actor, Instant now) {
        return change(workspace, id, f -> f.isPaused() ? null : "The flow is not paused.", (h, f) -> {
            h.createUpdate("UPDATE flow SET paused_at = NULL, paused_by = NULL, updated_at = :now WHERE id = :id")
                    .bind("now", now).bind("id", id.value()).execute();
            int waiting = waiting(h, id);
            var paused = f.paused().orElseThrow();
            PostgresAuditLog.record(h, new PostgresAuditLog.Entry(workspace, actor, "flow.resume", "flow:" + id,
                    "Resumed the flow; " + waiting + " waiting syncs go now",
                    Map.of("state", "paused", "pausedBy", paused.by(), "pausedAt", paused.at().toString()),
                    Map.of("state", "active")), now);
            return waiting;
        });
    }

    /**
     * Deletes a flow: it takes nothing in, its waiting syncs end Skipped with the reason "flow deleted", and its
     * mappings are kept. A sync in flight finishes; if it would be retried, the next sweep skips it too.
     */
    public Change delete(WorkspaceId workspace, FlowId id, String actor, Instant now) {
        return change(workspace, id, f -> null, (h, f) -> {
            h.createUpdate("UPDATE flow SET deleted_at = :now, deleted_by = :actor, updated_at = :now WHERE id = :id")
                    .bind("now", now).bind("actor", actor).bind("id", id.value()).execute();
            io.ledgerbridge.store.history.PostgresImports.cancelOfDeletedFlow(h, id, actor, now);
            int skipped = skipWaitingOfDeleted(h, Optional.of(id), now);
            PostgresAuditLog.record(h, new PostgresAuditLog.Entry(workspace, actor, "flow.delete", "flow:" + id,
                    "Deleted the flow; " + skipped + " waiting syncs were skipped (flow deleted), nothing was deleted "
                            + "in the destination and the mappings are kept",
                    Map.of("state", f.isPaused() ? "paused" : "active"), Map.of("state", "deleted")), now);
            return skipped;
        });
    }

    /** A change of a flow's state within its transaction: the syncs it concerned. */
    @FunctionalInterface
    private interface Step {
        int apply(Handle h, Flow flow);
    }

    /**
     * Locks the workspace's flow, refuses the change when {@code unchanged} says why (null: go on), applies it, and
     * answers with the flow after it (as it was, once deleted).
     */
    private Change change(WorkspaceId workspace, FlowId id, java.util.function.Function<Flow, String> unchanged, Step step) {
        return jdbi.inTransaction(h -> {
            var flow = locked(h, workspace, id);
            if (flow.isEmpty()) {
                return new Change.NotFound();
            }
            String why = unchanged.apply(flow.get());
            if (why != null) {
                return new Change.Unchanged(flow.get(), why);
            }
            int syncs = step.apply(h, flow.get());
            return new Change.Done(locked(h, workspace, id).orElse(flow.get()), syncs);
        });
    }

    /** The syncs of a flow that are waiting to go (Pending), as the delete confirmation counts them. */
    public int waitingSyncs(FlowId id) {
        return jdbi.withHandle(h -> waiting(h, id));
    }

    private static int waiting(Handle h, FlowId id) {
        return h.createQuery("SELECT count(*) FROM sync_event WHERE flow_id = :id AND status = 'PENDING'")
                .bind("id", id.value()).mapTo(Integer.class).one();
    }

    /**
     * Ends the Pending syncs of deleted flows as Skipped ("flow deleted"): at the delete, and for a sync that was in
     * flight at the delete and came back to wait, at each sweep ({@code PostgresSyncQueue.releaseExpired}).
     */
    public static int skipWaitingOfDeleted(Handle h, Optional<FlowId> flow, Instant now) {
        var update = h.createUpdate("""
                        UPDATE sync_event e
                           SET status = 'SKIPPED', skip_reason = 'flow deleted', wait_reason = NULL, blocked_by = NULL,
                               updated_at = :now
                          FROM flow f
                         WHERE f.id = e.flow_id AND f.deleted_at IS NOT NULL AND e.status = 'PENDING'"""
                        + (flow.isPresent() ? " AND f.id = :flow" : "")).bind("now", now);
        flow.ifPresent(f -> update.bind("flow", f.value()));
        return update.execute();
    }

    private static Optional<Flow> locked(Handle h, WorkspaceId workspace, FlowId id) {
        return h.createQuery("SELECT * FROM flow WHERE id = :id AND workspace_id = :w AND deleted_at IS NULL FOR UPDATE")
                .bind("id", id.value()).bind("w", workspace.value()).map(PostgresFlows::flow).findOne();
    }

    @Override
    public Flow flow(FlowId id) {
        return find(id).orElseThrow(() -> new IllegalStateException("no flow " + id));
    }

    public Optional<Flow> find(FlowId id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM flow WHERE id = :id")
                .bind("id", id.value()).map(PostgresFlows::flow).findOne());
    }

    /** The workspace's flows, deleted ones left out. */
    public List<Flow> list(WorkspaceId workspace) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT * FROM flow WHERE workspace_id = :w AND deleted_at IS NULL ORDER BY created_at")
                .bind("w", workspace.value()).map(PostgresFlows::flow).list());
    }

    @Override
    public List<Flow> routedWith(Flow flow) {
        if (!flow.settings().routed()) {
            return List.of(flow);
        }
        String field = flow.settings().route().field();
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT * FROM flow WHERE source_connection_id = :source AND deleted_at IS NULL ORDER BY created_at, id")
                .bind("source", flow.source().value()).map(PostgresFlows::flow).list()).stream()
                .filter(f -> f.settings().routed() && f.settings().route().field().equals(field)).toList();
    }

    public void updateSettings(FlowId id, FlowSettings settings, Instant now) {
        jdbi.useHandle(h -> h.createUpdate(
                        "UPDATE flow SET settings = CAST(:settings AS jsonb), updated_at = :now WHERE id = :id")
                .bind("settings", Json.write(settings)).bind("now", now).bind("id", id.value()).execute());
    }

    private static Flow flow(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
            throws java.sql.SQLException {
        return new Flow(new FlowId(rs.getObject("id", UUID.class)), new WorkspaceId(rs.getObject("workspace_id", UUID.class)),
                new ConnectionId(rs.getObject("source_connection_id", UUID.class)),
                new ConnectionId(rs.getObject("destination_connection_id", UUID.class)),
                Json.read(rs.getString("settings"), FlowSettings.class),
                change(rs.getString("paused_by"), rs.getTimestamp("paused_at")),
                change(rs.getString("deleted_by"), rs.getTimestamp("deleted_at")));
    }

    private static Optional<Flow.Change> change(String by, java.sql.Timestamp at) {
        return at == null ? Optional.empty() : Optional.of(new Flow.Change(by == null ? "someone" : by, at.toInstant()));
    }
}
