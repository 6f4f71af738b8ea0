package io.ledgerbridge.store.queue;

import io.ledgerbridge.domain.record.RecordType;
import java.time.Instant;
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
}
