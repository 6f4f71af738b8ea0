package io.ledgerbridge.dashboard.records;

import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.domain.sync.WaitReason;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.store.events.PostgresSyncEvents;
import io.ledgerbridge.store.queue.PostgresSyncQueue;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The dashboard's own reads of sync events that {@code SyncEvents} has no call for; always within one workspace. */
public final class PostgresRecordViews {

    private final Jdbi jdbi;

    public PostgresRecordViews(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The current status of some events, for a list page that updates itself. */
    public List<Status> statuses(WorkspaceId workspace, List<Long> ids, java.time.ZoneId zone) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT e.id, e.status, """ + PostgresSyncEvents.WAIT_REASON + """
                                AS wait_reason, e.retry_count, e.error_code, e.error_details::text AS details,
                               e.error_vendor_message, e.skip_reason, e.destination_id, e.updated_at,
                               f.paused_by, f.paused_at
                          FROM sync_event e JOIN connection c ON c.id = e.destination_connection_id
                          JOIN flow f ON f.id = e.flow_id
                         WHERE e.workspace_id = :w AND e.id = ANY(:ids)""")
                .bind("w", workspace.value()).bind("ids", ids.toArray(Long[]::new))
                .map((rs, ctx) -> {
                    var status = SyncStatus.valueOf(rs.getString("status"));
                    String wait = rs.getString("wait_reason");
                    var paused = rs.getTimestamp("paused_at");
                    var problem = "PAUSED".equals(wait) && paused != null
                            ? new Problem(io.ledgerbridge.engine.events.EventView.pausedLabel(
                                    new io.ledgerbridge.engine.flow.Flow.Change(rs.getString("paused_by"), paused.toInstant()), zone), "")
                            : Problem.of(status, wait == null || status != SyncStatus.PENDING ? null : WaitReason.valueOf(wait),
                            PostgresSyncQueue.error(rs.getString("error_code"), rs.getString("details"),
                                    rs.getString("error_vendor_message")),
                            rs.getString("skip_reason"), rs.getString("destination_id"));
                    return new Status(rs.getLong("id"), status, rs.getInt("retry_count"), problem,
                            rs.getTimestamp("updated_at").toInstant());
                })
                .list());
    }

    public record Status(long id, SyncStatus status, int retryCount, Problem problem, Instant updatedAt) {}

    /**
     * Why an invoice's sync went through its flow, when the flow is routed: "Routed to Xero: Acme Sydney because
     * tracking Region is Sydney" (or "is not set", for an invoice no destination takes).
     */
    public Optional<String> route(WorkspaceId workspace, long eventId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT f.settings->'route'->>'field' AS field,
                               r.payload::jsonb->'attributes'->>(f.settings->'route'->>'field') AS value,
                               c.name AS destination
                          FROM sync_event e JOIN flow f ON f.id = e.flow_id
                          JOIN connection c ON c.id = f.destination_connection_id
                          JOIN source_record r ON r.id = e.record_id
                         WHERE e.workspace_id = :w AND e.id = :id AND jsonb_typeof(f.settings->'route') = 'object'""")
                .bind("w", workspace.value()).bind("id", eventId)
                .map((rs, ctx) -> {
                    String field = io.ledgerbridge.domain.workspace.Route.label(rs.getString("field"));
                    String value = rs.getString("value");
                    return "Routed to " + rs.getString("destination") + " because " + field + " is "
                            + (value == null || value.isBlank() ? "not set" : value);
                }).findOne());
    }

    /** The record as the source sent it (the latest version), as JSON. */
    public Optional<String> received(WorkspaceId workspace, long eventId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT r.payload::text FROM sync_event e JOIN source_record r ON r.id = e.record_id
                         WHERE e.workspace_id = :w AND e.id = :id""")
                .bind("w", workspace.value()).bind("id", eventId).mapTo(String.class).findOne());
    }
}
