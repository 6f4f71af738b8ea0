package io.ledgerbridge.dashboard.events;

import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Every attempt of a workspace's syncs, newest first, searchable: the Events page. */
public final class PostgresAttemptLog {

    private final Jdbi jdbi;

    public PostgresAttemptLog(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** One attempt with the record it was for and that sync's status now. */
    public record Entry(long id, long eventId, RecordType type, String sourceId, String naturalKey, int number,
            String operation, String outcome, String errorCode, String response, String node, Instant finishedAt,
            SyncStatus statusNow) {}

    /**
     * @param text    matches the record's id or number, the outcome, the error code, what was sent and what came back
     * @param beforeId only attempts older than this one (the next page), or null
     */
    public List<Entry> list(WorkspaceId workspace, RecordType type, String outcome, String text, Long beforeId, int limit) {
        var sql = new StringBuilder("""
                SELECT a.id, a.event_id, e.record_type, e.source_id, r.natural_key, a.number, a.operation, a.outcome,
                       a.error_code, a.response, a.node, a.finished_at, e.status
                  FROM sync_attempt a
                  JOIN sync_event e ON e.id = a.event_id
                  JOIN source_record r ON r.id = e.record_id
                 WHERE e.workspace_id = :w""");
        if (type != null) sql.append(" AND e.record_type = :type");
        if (outcome != null) sql.append(" AND a.outcome = :outcome");
        if (beforeId != null) sql.append(" AND a.id < :before");
        if (text != null) {
            sql.append(" ").append("""
                     AND (e.source_id ILIKE :q OR r.natural_key ILIKE :q OR a.outcome ILIKE :q OR a.error_code ILIKE :q
                          OR a.response ILIKE :q OR a.request::text ILIKE :q OR e.id::text = :exact)""");
        }
        sql.append(" ORDER BY a.id DESC LIMIT :limit");
        return jdbi.withHandle(h -> {
            var q = h.createQuery(sql.toString()).bind("w", workspace.value()).bind("limit", limit);
            if (type != null) q.bind("type", type.name());
            if (outcome != null) q.bind("outcome", outcome);
            if (beforeId != null) q.bind("before", beforeId);
            if (text != null) {
                q.bind("q", "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
                q.bind("exact", text);
            }
            return q.map((rs, ctx) -> new Entry(rs.getLong("id"), rs.getLong("event_id"),
                    RecordType.valueOf(rs.getString("record_type")), rs.getString("source_id"), rs.getString("natural_key"),
                    rs.getInt("number"), rs.getString("operation"), rs.getString("outcome"), rs.getString("error_code"),
                    rs.getString("response"), rs.getString("node"), rs.getTimestamp("finished_at").toInstant(),
                    SyncStatus.valueOf(rs.getString("status")))).list();
        });
    }
}
