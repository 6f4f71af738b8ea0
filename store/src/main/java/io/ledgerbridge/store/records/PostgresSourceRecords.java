package io.ledgerbridge.store.records;

import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.Product;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.record.SourceRecord;
import io.ledgerbridge.domain.sync.SyncEventId;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.Route;
import io.ledgerbridge.engine.routing.Routing;
import io.ledgerbridge.engine.mapping.Mappings;
import io.ledgerbridge.engine.mapping.SourceRecords;
import io.ledgerbridge.store.json.Json;
import io.ledgerbridge.store.queue.EventWriter;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** Records received from sources, and the mappings to their destination records. */
public final class PostgresSourceRecords implements SourceRecords, Mappings {

    private final Jdbi jdbi;

    public PostgresSourceRecords(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Saved save(ConnectionId source, SourceRecord record, Instant now) {
        String payload = Json.write(record);
        return jdbi.inTransaction(h -> {
            var changed = h.createQuery("""
                            INSERT INTO source_record (connection_id, record_type, source_id, natural_key, version, payload, received_at)
                            VALUES (:connection, :type, :source, :key, 1, :payload, :now)
                            ON CONFLICT (connection_id, record_type, source_id) DO UPDATE
                               SET payload = EXCLUDED.payload, natural_key = EXCLUDED.natural_key,
                                   version = source_record.version + 1, received_at = EXCLUDED.received_at
                             WHERE source_record.payload IS DISTINCT FROM EXCLUDED.payload
                            RETURNING version""")
                    .bind("connection", source.value()).bind("type", record.type().name()).bind("source", record.id())
                    .bindByType("key", record.naturalKey(), String.class).bind("payload", payload).bind("now", now)
                    .mapTo(Long.class).findOne();
            if (changed.isEmpty()) {
                long version = h.createQuery("""
                                SELECT version FROM source_record
                                 WHERE connection_id = :connection AND record_type = :type AND source_id = :source""")
                        .bind("connection", source.value()).bind("type", record.type().name()).bind("source", record.id())
                        .mapTo(Long.class).one();
                return new Saved(version, false, List.of());
            }
            // Only a routed flow's route is read (and parsed): for the usual source, this is the flow ids it always was.
            // A paused flow takes records in (they wait); a deleted one does not.
            var flows = h.createQuery("""
                            SELECT id, settings->>'route' AS route FROM flow
                             WHERE source_connection_id = :connection AND deleted_at IS NULL
                             ORDER BY created_at, id""")
                    .bind("connection", source.value())
                    .map((rs, ctx) -> new Routing.Member(new FlowId(rs.getObject("id", UUID.class)),
                            rs.getString("route") == null ? null : Json.read(rs.getString("route"), Route.class)))
                    .list();
            List<FlowId> targets;
            if (flows.stream().noneMatch(m -> m.route() != null)) {
                targets = flows.stream().map(Routing.Member::flow).toList();
            } else {
                var written = writtenIn(h, flows, record);
                targets = Routing.targets(record, flows, invoiceId -> storedInvoice(h, source, invoiceId), written::contains);
                if (record instanceof Invoice inv) {
                    queueCustomer(h, inv, flows, targets, now);
                }
            }
            var events = targets.stream()
                    .map(f -> new SyncEventId(EventWriter.enqueue(h, f.value(), record.type(), record.id(), now)))
                    .toList();
            return new Saved(changed.get(), true, events);
        });
    }

    private static Invoice storedInvoice(org.jdbi.v3.core.Handle h, ConnectionId source, String invoiceId) {
        return h.createQuery("""
                        SELECT payload FROM source_record
                         WHERE connection_id = :connection AND record_type = 'INVOICE' AND source_id = :id""")
                .bind("connection", source.value()).bind("id", invoiceId)
                .map((rs, ctx) -> (Invoice) Json.readRecord(RecordType.INVOICE, rs.getString("payload")))
                .findOne().orElse(null);
    }

    /** Whether the customer is written in the flow's destination or has a sync through the flow (in any status). */
    private static boolean customerKnown(org.jdbi.v3.core.Handle h, FlowId flow, String customerId) {
        return h.createQuery("""
                        SELECT EXISTS (SELECT 1 FROM mapping WHERE flow_id = :flow AND record_type = 'CUSTOMER'
                                                              AND source_key = :id)
                            OR EXISTS (SELECT 1 FROM sync_event WHERE flow_id = :flow AND record_type = 'CUSTOMER'
                                                                 AND source_id = :id)""")
                .bind("flow", flow.value()).bind("id", customerId).mapTo(Boolean.class).one();
    }

    /** The routed flows whose destination the record is written in (the key the pipeline maps it by: SKU for products). */
    private static java.util.Set<FlowId> writtenIn(org.jdbi.v3.core.Handle h, List<Routing.Member> flows,
            SourceRecord record) {
        String key = record instanceof Product p ? p.sku() : record.id();
        var routed = flows.stream().filter(m -> m.route() != null).map(m -> m.flow().value()).toList();
        return h.createQuery("""
                        SELECT flow_id FROM mapping
                         WHERE flow_id = ANY(CAST(:flows AS uuid[])) AND record_type = :type AND source_key = :key""")
                .bindArray("flows", UUID.class, routed).bind("type", record.type().name()).bind("key", key)
                .map((rs, ctx) -> new FlowId(rs.getObject("flow_id", UUID.class))).collect(java.util.stream.Collectors.toSet());
    }

    /**
     * A routed flow's customers follow their invoices: queued with the first invoice routed to a destination that has
     * not seen the customer, so they sync in batches before the invoices (priority). Only where the invoice's route
     * points, not into the flow that merely reports "No destination for this invoice".
     */
    private static void queueCustomer(org.jdbi.v3.core.Handle h, Invoice inv, List<Routing.Member> flows,
            List<FlowId> targets, Instant now) {
        for (var m : flows) {
            if (m.route() != null && m.route().matches(inv.attributes()) && targets.contains(m.flow())
                    && !customerKnown(h, m.flow(), inv.customerId())) {
                EventWriter.enqueue(h, m.flow().value(), RecordType.CUSTOMER, inv.customerId(), now);
            }
        }
    }

    @Override
    public boolean exists(ConnectionId source, RecordType type, String sourceId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT EXISTS (SELECT 1 FROM source_record
                                        WHERE connection_id = :connection AND record_type = :type AND source_id = :source)""")
                .bind("connection", source.value()).bind("type", type.name()).bind("source", sourceId)
                .mapTo(Boolean.class).one());
    }

    @Override
    public Map<String, SourceRecord> find(ConnectionId source, RecordType type, Collection<String> sourceIds) {
        if (sourceIds.isEmpty()) {
            return Map.of();
        }
        var out = new HashMap<String, SourceRecord>();
        jdbi.useHandle(h -> h.createQuery("""
                        SELECT source_id, payload FROM source_record
                         WHERE connection_id = :connection AND record_type = :type AND source_id = ANY(CAST(:ids AS text[]))""")
                .bind("connection", source.value()).bind("type", type.name())
                .bindArray("ids", String.class, List.copyOf(sourceIds))
                .map((rs, ctx) -> Map.entry(rs.getString("source_id"), Json.readRecord(type, rs.getString("payload"))))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
        return out;
    }

    @Override
    public Map<String, Product> productsBySku(ConnectionId source, Collection<String> skus) {
        if (skus.isEmpty()) {
            return Map.of();
        }
        var out = new HashMap<String, Product>();
        jdbi.useHandle(h -> h.createQuery("""
                        SELECT payload FROM source_record
                         WHERE connection_id = :connection AND record_type = 'PRODUCT' AND natural_key = ANY(CAST(:skus AS text[]))""")
                .bind("connection", source.value()).bindArray("skus", String.class, List.copyOf(skus))
                .map((rs, ctx) -> (Product) Json.readRecord(RecordType.PRODUCT, rs.getString("payload")))
                .forEach(p -> out.put(p.sku(), p)));
        return out;
    }

    @Override
    public Map<RecordType, Map<String, String>> findAll(FlowId flow, Map<RecordType, ? extends Collection<String>> keys) {
        var out = new java.util.EnumMap<RecordType, Map<String, String>>(RecordType.class);
        var types = new java.util.ArrayList<String>();
        var sourceKeys = new java.util.ArrayList<String>();
        keys.forEach((type, ks) -> {
            out.put(type, new HashMap<>());
            for (var k : new java.util.LinkedHashSet<>(ks)) {
                types.add(type.name());
                sourceKeys.add(k);
            }
        });
        if (sourceKeys.isEmpty()) {
            return out;
        }
        jdbi.useHandle(h -> h.createQuery("""
                        SELECT m.record_type, m.source_key, m.destination_id
                          FROM unnest(CAST(:types AS text[]), CAST(:keys AS text[])) AS k(record_type, source_key)
                          JOIN mapping m ON m.source_key = k.source_key AND m.flow_id = :flow
                                        AND m.record_type = k.record_type""")
                .bind("flow", flow.value())
                .bindArray("types", String.class, types).bindArray("keys", String.class, sourceKeys)
                .map((rs, ctx) -> {
                    out.get(RecordType.valueOf(rs.getString("record_type")))
                            .put(rs.getString("source_key"), rs.getString("destination_id"));
                    return null;
                }).forEach(ignored -> { }));
        return out;
    }

    @Override
    public Map<String, String> find(FlowId flow, RecordType type, Collection<String> sourceKeys) {
        if (sourceKeys.isEmpty()) {
            return Map.of();
        }
        var out = new HashMap<String, String>();
        jdbi.useHandle(h -> h.createQuery("""
                        SELECT source_key, destination_id FROM mapping
                         WHERE flow_id = :flow AND record_type = :type AND source_key = ANY(CAST(:keys AS text[]))""")
                .bind("flow", flow.value()).bind("type", type.name())
                .bindArray("keys", String.class, List.copyOf(sourceKeys))
                .map((rs, ctx) -> Map.entry(rs.getString("source_key"), rs.getString("destination_id")))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
        return out;
    }
}
