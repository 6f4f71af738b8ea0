package io.ledgerbridge.store.webhook;

import io.ledgerbridge.domain.workspace.ConnectionId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * Webhook deliveries as received, deduplicated by the vendor's delivery id: a vendor that delivers the same
 * notification twice (retries are normal) gets one row, so one event.
 */
public final class PostgresWebhookInbox {

    private final Jdbi jdbi;

    public PostgresWebhookInbox(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Stores a delivery; false when this delivery id was already received for the connection. */
    public boolean accept(ConnectionId connection, String deliveryId, String payload, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO webhook_inbox (connection_id, delivery_id, received_at, payload)
                        VALUES (:c, :d, :now, :payload) ON CONFLICT DO NOTHING""")
                .bind("c", connection.value()).bind("d", deliveryId).bind("now", now).bind("payload", payload)
                .execute()) == 1;
    }

    public void markProcessed(ConnectionId connection, String deliveryId, Instant now) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE webhook_inbox SET processed_at = :now WHERE connection_id = :c AND delivery_id = :d""")
                .bind("c", connection.value()).bind("d", deliveryId).bind("now", now).execute());
    }

    /**
     * Of these delivery ids, those received for the connection but never marked processed: an earlier attempt that
     * failed, whose repeat by the vendor must be processed again rather than dropped as a duplicate.
     */
    public Set<String> unprocessed(ConnectionId connection, Collection<String> deliveryIds) {
        if (deliveryIds.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(jdbi.withHandle(h -> h.createQuery("""
                        SELECT delivery_id FROM webhook_inbox
                         WHERE connection_id = :c AND delivery_id = ANY(:ids) AND processed_at IS NULL""")
                .bind("c", connection.value()).bindArray("ids", String.class, List.copyOf(deliveryIds))
                .mapTo(String.class).list()));
    }
}
