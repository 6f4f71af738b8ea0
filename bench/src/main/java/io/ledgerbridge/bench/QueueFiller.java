package io.ledgerbridge.bench;

import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.store.db.Database;

/**
 * Fills the queue directly in SQL (customers, then invoices that use them and a handful of SKUs), so that a
 * benchmark measures draining, not intake. Rows are exactly what the intake would have written.
 */
public final class QueueFiller {

    private QueueFiller() {}

    public static void fill(Database db, WorkspaceId workspace, ConnectionId source, ConnectionId destination, FlowId flow,
            int customers, int invoices, int skus) {
        fill(db, workspace, source, destination, flow, customers, invoices, skus, false);
    }

    /**
     * As above; {@code historical}: the events are a historical import's, as the bulk endpoint's {@code "historical":
     * true} makes them (priority raised by 10, so every live event of the destination is claimed first).
     */
    public static void fill(Database db, WorkspaceId workspace, ConnectionId source, ConnectionId destination, FlowId flow,
            int customers, int invoices, int skus, boolean historical) {
        db.jdbi().useTransaction(h -> {
            h.createUpdate("""
                            INSERT INTO source_record (connection_id, record_type, source_id, natural_key, version, payload, received_at)
                            SELECT :source, 'CUSTOMER', 'c-' || g, 'c' || g || '@bench.example', 1,
                                   jsonb_build_object('id', 'c-' || g, 'displayName', 'Customer ' || g,
                                                      'email', 'c' || g || '@bench.example')::text, now()
                              FROM generate_series(0, :n - 1) g""")
                    .bind("source", source.value()).bind("n", customers).execute();
            h.createUpdate("""
                            INSERT INTO source_record (connection_id, record_type, source_id, natural_key, version, payload, received_at)
                            SELECT :source, 'INVOICE', 'i-' || g, 'N-' || g, 1,
                                   jsonb_build_object('id', 'i-' || g, 'number', 'N-' || g, 'status', 'OPEN',
                                       'customerId', 'c-' || (g % :customers), 'currency', 'USD', 'issueDate', '2026-11-02',
                                       'lines', jsonb_build_array(jsonb_build_object('sku', 'SKU-' || (g % :skus),
                                            'description', 'Line', 'quantity', 2, 'unitPrice', 12.50)))::text, now()
                              FROM generate_series(0, :n - 1) g""")
                    .bind("source", source.value()).bind("n", invoices).bind("customers", customers).bind("skus", skus)
                    .execute();
            h.createUpdate("""
                            INSERT INTO sync_event (workspace_id, flow_id, destination_connection_id, record_type, source_id,
                                                    record_id, priority, status, wait_reason, next_attempt_at, created_at, updated_at)
                            SELECT :workspace, :flow, :destination, r.record_type, r.source_id, r.id,
                                   CASE r.record_type WHEN 'INVOICE' THEN 1 ELSE 0 END + :raise, 'PENDING', 'QUEUED', now(), now(), now()
                              FROM source_record r WHERE r.connection_id = :source ORDER BY r.id""")
                    .bind("workspace", workspace.value()).bind("flow", flow.value()).bind("destination", destination.value())
                    .bind("source", source.value()).bind("raise", historical ? 10 : 0).execute();
        });
        db.jdbi().useHandle(h -> h.execute("ANALYZE"));
    }
}
