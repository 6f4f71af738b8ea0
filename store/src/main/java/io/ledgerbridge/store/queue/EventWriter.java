package io.ledgerbridge.store.queue;

import io.ledgerbridge.domain.record.RecordType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Creates sync events, one Pending event per (flow, record) at most: a record that changes again while its
 * event waits keeps that event (it reads the latest version when claimed); a record whose event is Processing
 * gets a second one that waits for the first; a record whose newest event Failed has that event superseded.
 */
public final class EventWriter {

    private EventWriter() {}

    public static int priority(RecordType type) {
        return switch (type) {
            case CUSTOMER, PRODUCT -> 0;
            case INVOICE -> 1;
            case PAYMENT -> 2;
        };
    }

    /** Returns the id of the event that will sync the record's latest version through the flow. */
    public static long enqueue(Handle h, UUID flow, RecordType type, String sourceId, Instant now) {
        var pending = h.createQuery("""
                        SELECT id FROM sync_event
                         WHERE flow_id = :flow AND record_type = :type AND source_id = :source AND status = 'PENDING'""")
                .bind("flow", flow).bind("type", type.name()).bind("source", sourceId)
                .mapTo(Long.class).findOne();
        if (pending.isPresent()) {
            h.createUpdate("UPDATE sync_event SET updated_at = :now WHERE id = :id")
                    .bind("now", now).bind("id", pending.get()).execute();
            return pending.get();
        }
        long id = h.createQuery("""
                        INSERT INTO sync_event (workspace_id, flow_id, destination_connection_id, record_type, source_id,
                                                record_id, priority, status, wait_reason, next_attempt_at, created_at, updated_at)
                        SELECT f.workspace_id, f.id, f.destination_connection_id, :type, r.source_id, r.id, :priority,
                               'PENDING', CASE WHEN d.status = 'CONNECTED' THEN 'QUEUED' ELSE 'RECONNECT' END, :now, :now, :now
                          FROM flow f
                          JOIN connection d ON d.id = f.destination_connection_id
                          JOIN source_record r ON r.connection_id = f.source_connection_id
                                              AND r.record_type = :type AND r.source_id = :source
                         WHERE f.id = :flow
                        ON CONFLICT (flow_id, record_type, source_id) WHERE status = 'PENDING'
                        DO UPDATE SET updated_at = EXCLUDED.updated_at
                        RETURNING id""")
                .bind("flow", flow).bind("type", type.name()).bind("source", sourceId)
                .bind("priority", priority(type)).bind("now", now)
                .mapTo(Long.class).one();
        h.createUpdate("""
                        UPDATE sync_event SET status = 'SKIPPED', updated_at = :now,
                               skip_reason = 'Superseded by a newer change of the record (sync ' || :id || ').'
                         WHERE flow_id = :flow AND record_type = :type AND source_id = :source AND status = 'FAILED'""")
                .bind("flow", flow).bind("type", type.name()).bind("source", sourceId).bind("now", now).bind("id", id)
                .execute();
        return id;
    }

    /** An event {@link #enqueueAll} made or kept. */
    public record Enqueued(long id, UUID flow, String type, String source) {}

    /**
     * {@link #enqueue} for many (flow, record) pairs at once, each pair once: three statements whatever their number.
     * A pair with a Pending event keeps it (its time touched); the others get a new one; their Failed events are
     * superseded. Returns one answer a pair, in no particular order.
     */
    public static List<Enqueued> enqueueAll(Handle h, List<UUID> flows, List<String> types, List<String> sources,
            List<Integer> priorities, Instant now) {
        var made = h.createQuery("""
                        INSERT INTO sync_event (workspace_id, flow_id, destination_connection_id, record_type, source_id,
                                                record_id, priority, status, wait_reason, next_attempt_at, created_at, updated_at)
                        SELECT f.workspace_id, f.id, f.destination_connection_id, n.type, r.source_id, r.id, n.priority,
                               'PENDING', CASE WHEN d.status = 'CONNECTED' THEN 'QUEUED' ELSE 'RECONNECT' END, :now, :now, :now
                          FROM unnest(CAST(:flows AS uuid[]), CAST(:types AS text[]), CAST(:sources AS text[]),
                                      CAST(:priorities AS int[])) WITH ORDINALITY AS n(flow, type, source, priority, ord)
                          JOIN flow f ON f.id = n.flow
                          JOIN connection d ON d.id = f.destination_connection_id
                          JOIN source_record r ON r.connection_id = f.source_connection_id
                                              AND r.record_type = n.type AND r.source_id = n.source
                         ORDER BY n.ord
                        ON CONFLICT (flow_id, record_type, source_id) WHERE status = 'PENDING'
                        DO UPDATE SET updated_at = EXCLUDED.updated_at,
                                      -- a live change of a record a historical import queued makes that sync live
                                      priority = LEAST(sync_event.priority, EXCLUDED.priority), import_id = NULL,
                                      next_attempt_at = CASE WHEN sync_event.wait_reason IN ('IMPORT_PAUSED', 'IMPORT_BUDGET')
                                                             THEN EXCLUDED.next_attempt_at ELSE sync_event.next_attempt_at END,
                                      wait_reason = CASE WHEN sync_event.wait_reason IN ('IMPORT_PAUSED', 'IMPORT_BUDGET')
                                                         THEN EXCLUDED.wait_reason ELSE sync_event.wait_reason END
                        RETURNING id, flow_id, record_type, source_id""")
                .bindArray("flows", UUID.class, flows).bindArray("types", String.class, types)
                .bindArray("sources", String.class, sources).bindArray("priorities", Integer.class, priorities)
                .bind("now", now)
                .map((rs, ctx) -> new Enqueued(rs.getLong("id"), rs.getObject("flow_id", UUID.class),
                        rs.getString("record_type"), rs.getString("source_id")))
                .list();
        if (made.size() != flows.size()) {
            throw new IllegalStateException("queued " + made.size() + " syncs for " + flows.size() + " (flow, record) pairs");
        }
        h.createUpdate("""
                        UPDATE sync_event s SET status = 'SKIPPED', updated_at = :now,
                               skip_reason = 'Superseded by a newer change of the record (sync ' || n.id || ').'
                          FROM unnest(CAST(:ids AS bigint[]), CAST(:flows AS uuid[]), CAST(:types AS text[]),
                                      CAST(:sources AS text[])) AS n(id, flow, type, source)
                         WHERE s.flow_id = n.flow AND s.record_type = n.type AND s.source_id = n.source
                           AND s.status = 'FAILED'""")
                .bindArray("ids", Long.class, made.stream().map(Enqueued::id).toList())
                .bindArray("flows", UUID.class, made.stream().map(Enqueued::flow).toList())
                .bindArray("types", String.class, made.stream().map(Enqueued::type).toList())
                .bindArray("sources", String.class, made.stream().map(Enqueued::source).toList())
                .bind("now", now).execute();
        return made;
    }
}
