package io.ledgerbridge.store.audit;

import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.store.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The audit log: who changed what, when, with the values before and after where the action has them. Every action
 * that changes something writes one entry: the dashboard's, the REST API's and the command line's. Where the change is
 * the store's own (a flow paused, a key revoked), the entry is written in the same transaction as the change, so there
 * is never a change without its entry.
 */
public final class PostgresAuditLog {

    /** What is recorded. {@code before} and {@code after} are empty for actions that have no values (a retry). */
    public record Entry(WorkspaceId workspace, String actor, String action, String target, String summary,
            Map<String, ?> before, Map<String, ?> after) {
        public Entry {
            if (actor == null || actor.isBlank()) {
                throw new IllegalArgumentException("an audit entry needs who acted");
            }
            before = before == null ? Map.of() : before;
            after = after == null ? Map.of() : after;
        }

        public static Entry of(WorkspaceId workspace, String actor, String action, String target, String summary) {
            return new Entry(workspace, actor, action, target, summary, Map.of(), Map.of());
        }
    }

    /** A recorded entry, as read back. */
    public record Recorded(long id, Instant at, String actor, String action, String target, String summary,
            String before, String after) {}

    /**
     * Which entries to read: newest first, {@code limit} of them, older than {@code beforeId} when given (paging);
     * {@code action} is an exact action ("flow.pause") or a prefix ending in a dot ("flow."), {@code actor} a part of
     * the actor's name.
     */
    public record Filter(Optional<String> action, Optional<String> actor, Optional<String> target,
            Optional<Instant> since, Optional<Long> beforeId, int limit) {
        public static Filter newest(int limit) {
            return new Filter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), limit);
        }
    }

    private final Jdbi jdbi;

    public PostgresAuditLog(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void record(Entry entry, Instant now) {
        jdbi.useHandle(h -> record(h, entry, now));
    }

    /** Records within the caller's transaction. */
    public static void record(Handle h, Entry e, Instant now) {
        h.createUpdate("""
                        INSERT INTO audit_entry (workspace_id, at, actor, action, target, summary, before, after)
                        VALUES (:w, :at, :actor, :action, :target, :summary, CAST(:before AS jsonb), CAST(:after AS jsonb))""")
                .bind("w", e.workspace().value()).bind("at", now).bind("actor", e.actor()).bind("action", e.action())
                .bind("target", e.target()).bind("summary", e.summary())
                .bind("before", e.before().isEmpty() ? null : Json.write(e.before()))
                .bind("after", e.after().isEmpty() ? null : Json.write(e.after())).execute();
    }

    public List<Recorded> list(WorkspaceId workspace, Filter filter) {
        var sql = new StringBuilder("""
                SELECT id, at, actor, action, target, summary, before::text AS before, after::text AS after
                  FROM audit_entry WHERE workspace_id = :w""");
        filter.action().ifPresent(a -> sql.append(a.endsWith(".") ? " AND starts_with(action, :action)" : " AND action = :action"));
        filter.actor().ifPresent(a -> sql.append(" AND strpos(lower(actor), lower(:actor)) > 0"));
        filter.target().ifPresent(t -> sql.append(" AND target = :target"));
        filter.since().ifPresent(s -> sql.append(" AND at >= :since"));
        filter.beforeId().ifPresent(b -> sql.append(" AND id < :beforeId"));
        sql.append(" ORDER BY id DESC LIMIT :limit");
        return jdbi.withHandle(h -> {
            var q = h.createQuery(sql.toString()).bind("w", workspace.value())
                    .bind("limit", Math.max(1, Math.min(filter.limit(), 500)));
            filter.action().ifPresent(a -> q.bind("action", a));
            filter.actor().ifPresent(a -> q.bind("actor", a));
            filter.target().ifPresent(t -> q.bind("target", t));
            filter.since().ifPresent(s -> q.bind("since", s));
            filter.beforeId().ifPresent(b -> q.bind("beforeId", b));
            return q.map((rs, ctx) -> new Recorded(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getString("actor"),
                    rs.getString("action"), rs.getString("target"), rs.getString("summary"), rs.getString("before"),
                    rs.getString("after"))).list();
        });
    }
}
