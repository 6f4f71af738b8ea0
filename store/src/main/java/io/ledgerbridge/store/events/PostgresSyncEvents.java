package io.ledgerbridge.store.events;

import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.Lifecycle;
import io.ledgerbridge.domain.sync.SyncAction;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.domain.sync.WaitReason;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.events.AttemptView;
import io.ledgerbridge.engine.events.EventFilter;
import io.ledgerbridge.engine.events.EventView;
import io.ledgerbridge.engine.events.SyncEvents;
import io.ledgerbridge.store.queue.PostgresSyncQueue;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/** Sync events as people see and act on them, always scoped to one workspace. */
public final class PostgresSyncEvents implements SyncEvents {

    /**
     * Why a Pending event waits, as people see it ({@code e}: the event, {@code c}: its destination connection). The
     * stored reason is written by whoever moved the event last, which can race a pause of the connection (an event
     * made by the intake, or re-queued, while the pause relabelled the waiting ones, kept "Queued") or a reconnect.
     * The connection's status, read with the event, decides instead: every event of a connection that is not
     * Connected waits for the reconnect (unless it waits for a dependency or a rate limit), and none of a Connected one.
     * Every event of a paused flow waits for the flow to be resumed, whatever else it would wait for.
     */
    public static final String WAIT_REASON = """
            CASE WHEN e.status <> 'PENDING' THEN NULL
                 WHEN EXISTS (SELECT 1 FROM flow pf WHERE pf.id = e.flow_id AND pf.paused_at IS NOT NULL) THEN 'PAUSED'
                 WHEN c.status <> 'CONNECTED' AND e.wait_reason IN ('QUEUED', 'RETRY_BACKOFF', 'RESUMED', 'RECONNECT')
                      THEN 'RECONNECT'
                 WHEN e.wait_reason = 'RECONNECT' THEN 'QUEUED'
                 ELSE e.wait_reason END""";

    private static final String COLUMNS = """
            e.id, e.flow_id, e.record_type, e.source_id, r.natural_key, e.status, """ + WAIT_REASON + """
             AS wait_reason, e.next_attempt_at,
            e.attempts, e.retry_count, e.error_code, e.error_details::text AS error_details, e.error_vendor_message,
            e.cause_event_id, e.blocked_by, e.skip_reason, e.destination_id, e.created_at, e.updated_at,
            ef.paused_by, ef.paused_at""";

    /** The tables {@link #COLUMNS} reads: the event, its record, its destination connection and its flow. */
    private static final String TABLES = " FROM sync_event e JOIN source_record r ON r.id = e.record_id"
            + " JOIN connection c ON c.id = e.destination_connection_id JOIN flow ef ON ef.id = e.flow_id";

    private final Jdbi jdbi;

    public PostgresSyncEvents(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public List<EventView> list(WorkspaceId workspace, EventFilter filter) {
        return jdbi.withHandle(h -> filtered(h, workspace, filter, "SELECT " + COLUMNS, " ORDER BY e.id DESC LIMIT :limit")
                .bind("limit", filter.limit()).map(PostgresSyncEvents::view).list());
    }

    /** Builds the filtered query; newest first ("recent failures appear at the top"). */
    private static Query filtered(Handle h, WorkspaceId workspace, EventFilter f, String select, String tail) {
        var sql = new StringBuilder(select).append(TABLES).append(" WHERE e.workspace_id = :workspace");
        if (f.status() != null) sql.append(" AND e.status = :status");
        if (f.type() != null) sql.append(" AND e.record_type = :type");
        if (f.errorCode() != null) sql.append(" AND e.error_code = :errorCode");
        if (f.sourceId() != null) sql.append(" AND e.source_id = :sourceId");
        if (f.from() != null) sql.append(" AND e.updated_at >= :from");
        if (f.to() != null) sql.append(" AND e.updated_at < :to");
        if (f.beforeId() != null) sql.append(" AND e.id < :beforeId");
        if (f.text() != null && !f.text().isBlank()) {
            sql.append(" ").append("""
                     AND (e.source_id ILIKE :text OR r.natural_key ILIKE :text OR e.error_details::text ILIKE :text
                          OR e.error_vendor_message ILIKE :text OR e.error_code ILIKE :text)""");
        }
        sql.append(tail);
        var q = h.createQuery(sql.toString()).bind("workspace", workspace.value());
        if (f.status() != null) q.bind("status", f.status().name());
        if (f.type() != null) q.bind("type", f.type().name());
        if (f.errorCode() != null) q.bind("errorCode", f.errorCode().name());
        if (f.sourceId() != null) q.bind("sourceId", f.sourceId());
        if (f.from() != null) q.bind("from", f.from());
        if (f.to() != null) q.bind("to", f.to());
        if (f.beforeId() != null) q.bind("beforeId", f.beforeId());
        if (f.text() != null && !f.text().isBlank()) q.bind("text", "%" + escapeLike(f.text().trim()) + "%");
        return q;
    }

    private static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    @Override
    public Optional<EventView> get(WorkspaceId workspace, long eventId) {
        return jdbi.withHandle(h -> find(h, workspace, eventId, false));
    }

    private static Optional<EventView> find(Handle h, WorkspaceId workspace, long id, boolean forUpdate) {
        return h.createQuery("SELECT " + COLUMNS + TABLES + " WHERE e.workspace_id = :workspace AND e.id = :id"
                        + (forUpdate ? " FOR UPDATE OF e" : ""))
                .bind("workspace", workspace.value()).bind("id", id)
                .map(PostgresSyncEvents::view).findOne();
    }

    @Override
    public List<EventView> ofRecord(WorkspaceId workspace, RecordType type, String sourceId) {
        return list(workspace, EventFilter.all().withType(type).withSourceId(sourceId).withLimit(1000));
    }

    @Override
    public List<AttemptView> attempts(WorkspaceId workspace, long eventId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT a.id, a.number, a.node, a.idempotency_key, a.operation, a.request::text AS request, a.response,
                               a.outcome, a.error_code, a.started_at, a.finished_at
                          FROM sync_attempt a JOIN sync_event e ON e.id = a.event_id
                         WHERE e.workspace_id = :workspace AND a.event_id = :id
                         ORDER BY a.id""")
                .bind("workspace", workspace.value()).bind("id", eventId)
                .map((rs, ctx) -> new AttemptView(rs.getLong("id"), rs.getInt("number"), rs.getString("node"),
                        rs.getString("idempotency_key"), rs.getString("operation"), rs.getString("request"),
                        rs.getString("response"), rs.getString("outcome"), rs.getString("error_code"),
                        instant(rs, "started_at"), instant(rs, "finished_at")))
                .list());
    }

    @Override
    public Map<String, Long> countsByStatus(WorkspaceId workspace) {
        var out = new LinkedHashMap<String, Long>();
        for (var s : SyncStatus.values()) {
            out.put(s.name(), 0L);
        }
        jdbi.useHandle(h -> h.createQuery("""
                        SELECT status, count(*) AS n FROM sync_event WHERE workspace_id = :workspace GROUP BY status""")
                .bind("workspace", workspace.value())
                .map((rs, ctx) -> Map.entry(rs.getString("status"), rs.getLong("n")))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
        return out;
    }

    @Override
    public ActionResult act(WorkspaceId workspace, long eventId, SyncAction action, String destinationId, Instant now) {
        return jdbi.inTransaction(h -> actIn(h, workspace, eventId, action, destinationId, now));
    }

    private static ActionResult actIn(Handle h, WorkspaceId workspace, long eventId, SyncAction action,
            String destinationId, Instant now) {
        var event = find(h, workspace, eventId, true);
        if (event.isEmpty()) {
            return new ActionResult.NotFound();
        }
        var e = event.get();
        // "Link to an existing destination record" on a sync marked as synced manually without one: it stays
        // Success and gets the mapping it lacked (the records waiting on it then sync).
        boolean linkingUnlinked = action == SyncAction.MARK_SYNCED && destinationId != null
                && e.status() == SyncStatus.SUCCESS && e.destinationId() == null;
        var transition = linkingUnlinked ? new Lifecycle.Transition.Allowed(SyncStatus.SUCCESS, false)
                : Lifecycle.transition(e.status(), action);
        if (transition instanceof Lifecycle.Transition.Refused refused) {
            return new ActionResult.Refused(refused.reason());
        }
        var allowed = (Lifecycle.Transition.Allowed) transition;
        if (linkingUnlinked) {
            var mapped = h.createQuery("""
                            SELECT destination_id FROM mapping WHERE flow_id = :flow AND record_type = :type AND source_key = :key""")
                    .bind("flow", UUID.fromString(e.flowId())).bind("type", e.type().name()).bind("key", mappingKey(e))
                    .mapTo(String.class).findOne();
            if (mapped.isPresent()) {
                return new ActionResult.Refused("This " + e.type().singular() + " is already linked to record "
                        + mapped.get() + " in the destination by a later sync.");
            }
        }
        switch (action) {
            case RETRY -> {
                if (e.status() != SyncStatus.PENDING) {
                    var newer = h.createQuery("""
                                    SELECT id FROM sync_event WHERE flow_id = :flow AND record_type = :type AND source_id = :source
                                       AND status IN ('PENDING', 'PROCESSING') AND id <> :id""")
                            .bind("flow", UUID.fromString(e.flowId())).bind("type", e.type().name())
                            .bind("source", e.sourceId()).bind("id", e.id()).mapTo(Long.class).findOne();
                    if (newer.isPresent()) {
                        return new ActionResult.Refused("A newer change of this record is already queued (sync "
                                + newer.get() + "); it will sync the latest version.");
                    }
                }
                h.createUpdate("""
                                UPDATE sync_event
                                   SET status = 'PENDING', wait_reason = 'QUEUED', next_attempt_at = :now, attempts = 0,
                                       retry_count = retry_count + :inc, blocked_by = NULL, cause_event_id = NULL,
                                       error_code = CASE WHEN wait_reason = 'RECONNECT' THEN error_code END,
                                       error_details = CASE WHEN wait_reason = 'RECONNECT' THEN error_details END,
                                       error_vendor_message = CASE WHEN wait_reason = 'RECONNECT' THEN error_vendor_message END,
                                       skip_reason = NULL, updated_at = :now
                                 WHERE id = :id""")
                        .bind("now", now).bind("inc", allowed.countsAsRetry() ? 1 : 0).bind("id", e.id()).execute();
            }
            case SKIP -> {
                h.createUpdate("""
                                UPDATE sync_event SET status = 'SKIPPED', skip_reason = 'Skipped by a user.', updated_at = :now
                                 WHERE id = :id""").bind("now", now).bind("id", e.id()).execute();
                PostgresSyncQueue.unblockDependants(h, List.of(e.id()), now);
            }
            case MARK_SYNCED -> {
                h.createUpdate("""
                                UPDATE sync_event SET status = 'SUCCESS', destination_id = COALESCE(:destination, destination_id),
                                       skip_reason = 'Marked as synced by a user.', updated_at = :now
                                 WHERE id = :id""")
                        .bindByType("destination", destinationId, String.class).bind("now", now).bind("id", e.id()).execute();
                if (destinationId != null) {
                    String key = mappingKey(e);
                    h.createUpdate("""
                                    INSERT INTO mapping (flow_id, record_type, source_key, destination_id, created_at, updated_at)
                                    VALUES (:flow, :type, :key, :destination, :now, :now)
                                    ON CONFLICT (flow_id, record_type, source_key)
                                    DO UPDATE SET destination_id = EXCLUDED.destination_id, updated_at = EXCLUDED.updated_at""")
                            .bind("flow", UUID.fromString(e.flowId())).bind("type", e.type().name()).bind("key", key)
                            .bind("destination", destinationId).bind("now", now).execute();
                }
                PostgresSyncQueue.unblockDependants(h, List.of(e.id()), now);
                PostgresSyncQueue.requeueFailedDependants(h, List.of(e.id()), now);
            }
            default -> throw new IllegalArgumentException(action + " is not a user action");
        }
        h.createUpdate("""
                        INSERT INTO sync_attempt (event_id, number, outcome, response, finished_at)
                        VALUES (:id, :number, :outcome, :response, :now)""")
                .bind("id", e.id()).bind("number", e.attempts()).bind("outcome", "USER_" + action.name())
                .bind("response", switch (action) {
                    case RETRY -> "Retry requested by a user.";
                    case SKIP -> "Skipped by a user.";
                    default -> "Marked as synced by a user" + (destinationId == null ? "." : ", linked to " + destinationId + ".");
                })
                .bind("now", now).execute();
        return new ActionResult.Done(find(h, workspace, eventId, false).orElseThrow());
    }

    /** Mappings are keyed by source id, products by SKU. */
    private static String mappingKey(EventView e) {
        return e.type() == RecordType.PRODUCT ? e.naturalKey() : e.sourceId();
    }

    @Override
    public BulkResult actOnAll(WorkspaceId workspace, EventFilter filter, SyncAction action, Instant now) {
        var ids = jdbi.withHandle(h -> filtered(h, workspace, filter.withLimit(1000), "SELECT e.id", " ORDER BY e.id")
                .mapTo(Long.class).list());
        int changed = 0;
        int refused = 0;
        for (long id : ids) {
            var result = act(workspace, id, action, null, now);
            if (result instanceof ActionResult.Done) {
                changed++;
            } else {
                refused++;
            }
        }
        return new BulkResult(changed, refused);
    }

    static EventView view(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws SQLException {
        String wait = rs.getString("wait_reason");
        long cause = rs.getLong("cause_event_id");
        boolean noCause = rs.wasNull();
        long blocked = rs.getLong("blocked_by");
        boolean notBlocked = rs.wasNull();
        var status = SyncStatus.valueOf(rs.getString("status"));
        return new EventView(rs.getLong("id"), rs.getString("flow_id"), RecordType.valueOf(rs.getString("record_type")),
                rs.getString("source_id"), rs.getString("natural_key"), status,
                wait == null || status != SyncStatus.PENDING ? null : WaitReason.valueOf(wait),
                instant(rs, "next_attempt_at"), rs.getInt("attempts"), rs.getInt("retry_count"),
                PostgresSyncQueue.error(rs.getString("error_code"), rs.getString("error_details"),
                        rs.getString("error_vendor_message")),
                noCause ? null : cause, notBlocked ? null : blocked, rs.getString("skip_reason"),
                rs.getString("destination_id"), instant(rs, "created_at"), instant(rs, "updated_at"),
                rs.getTimestamp("paused_at") == null ? java.util.Optional.empty()
                        : java.util.Optional.of(new io.ledgerbridge.engine.flow.Flow.Change(rs.getString("paused_by"),
                                instant(rs, "paused_at"))));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
