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
        return jdbi.inTransaction(h -> saveIn(h, source, record, flowsOf(h, source), now));
    }

    /**
     * The flows reading from the source (a paused flow takes records in: they wait; a deleted one does not). Only a
     * routed flow's route is read (and parsed): for the usual source, these are the flow ids they always were.
     */
    private static List<Routing.Member> flowsOf(org.jdbi.v3.core.Handle h, ConnectionId source) {
        return h.createQuery("""
                        SELECT id, settings->>'route' AS route FROM flow
                         WHERE source_connection_id = :connection AND deleted_at IS NULL
                         ORDER BY created_at, id""")
                .bind("connection", source.value())
                .map((rs, ctx) -> new Routing.Member(new FlowId(rs.getObject("id", UUID.class)),
                        rs.getString("route") == null ? null : Json.read(rs.getString("route"), Route.class)))
                .list();
    }

    /**
     * One transaction for all: records of a source without routed flows are written a round at a time with a few
     * statements over arrays (a round holds each record once; a record sent twice goes again in the next round, as
     * its next version); rows are written in key order, so that two nodes storing overlapping groups take their locks
     * in the same order. A source with a routed flow stores its records one by one (still in one transaction).
     */
    @Override
    public List<Saved> saveAll(ConnectionId source, List<? extends SourceRecord> records, Instant now) {
        if (records.isEmpty()) {
            return List.of();
        }
        return jdbi.inTransaction(h -> saveAllIn(h, source, records, now));
    }

    /** {@link #saveAll} inside a transaction the caller holds, for every flow of the source. */
    public static List<Saved> saveAllIn(org.jdbi.v3.core.Handle h, ConnectionId source, List<? extends SourceRecord> records,
            Instant now) {
        return saveAllIn(h, source, records, now, null);
    }

    /**
     * {@link #saveAll} inside a transaction the caller holds, making events for {@code onlyFlow}'s flow alone when it
     * is not null: a historical import stores its page and cursor together, and the source's other flows, which did
     * not ask for the past, get no event for it.
     */
    public static List<Saved> saveAllIn(org.jdbi.v3.core.Handle h, ConnectionId source, List<? extends SourceRecord> records,
            Instant now, FlowId onlyFlow) {
        {
            var flows = flowsOf(h, source).stream().filter(m -> onlyFlow == null || m.flow().equals(onlyFlow)).toList();
            var out = new Saved[records.size()];
            if (flows.stream().anyMatch(m -> m.route() != null)) {
                for (int i = 0; i < records.size(); i++) {
                    out[i] = saveIn(h, source, records.get(i), flows, now);
                }
                return List.of(out);
            }
            // The round's statements look rows up by their keys only, so a cached generic plan is as good as a fresh
            // one and saves planning them for every group (the pool plans every statement afresh: see Database). Not
            // for the routed path above, whose mapping lookups are what that setting protects.
            h.execute("SET LOCAL plan_cache_mode = auto");
            var targets = flows.stream().map(m -> m.flow().value()).toList();
            var left = new java.util.ArrayList<Integer>();
            for (int i = 0; i < records.size(); i++) {
                left.add(i);
            }
            while (!left.isEmpty()) {
                var round = new java.util.ArrayList<Integer>();
                var later = new java.util.ArrayList<Integer>();
                var seen = new java.util.HashSet<String>();
                for (int i : left) {
                    var r = records.get(i);
                    (seen.add(r.type().name() + "\u0000" + r.id()) ? round : later).add(i);
                }
                saveRound(h, source, records, round, targets, out, now);
                left = later;
            }
            return List.of(out);
        }
    }

    /** Writes one round (each record once) with four statements: upsert, versions of the unchanged, events, supersede. */
    private static void saveRound(org.jdbi.v3.core.Handle h, ConnectionId source, List<? extends SourceRecord> records,
            List<Integer> round, List<UUID> flows, Saved[] out, Instant now) {
        round.sort(java.util.Comparator.comparing((Integer i) -> records.get(i).type().name())
                .thenComparing(i -> records.get(i).id()));
        int n = round.size();
        var types = new String[n];
        var ids = new String[n];
        var keys = new String[n];
        var payloads = new String[n];
        var at = new HashMap<String, Integer>();
        for (int k = 0; k < n; k++) {
            var r = records.get(round.get(k));
            types[k] = r.type().name();
            ids[k] = r.id();
            keys[k] = r.naturalKey();
            payloads[k] = Json.write(r);
            at.put(types[k] + "\u0000" + ids[k], round.get(k));
        }
        var versions = new HashMap<String, Long>();
        h.createQuery("""
                        INSERT INTO source_record (connection_id, record_type, source_id, natural_key, version, payload, received_at)
                        SELECT :connection, t.type, t.source, t.key, 1, t.payload, :now
                          FROM unnest(CAST(:types AS text[]), CAST(:ids AS text[]), CAST(:keys AS text[]),
                                      CAST(:payloads AS text[])) WITH ORDINALITY AS t(type, source, key, payload, ord)
                         ORDER BY t.ord
                        ON CONFLICT (connection_id, record_type, source_id) DO UPDATE
                           SET payload = EXCLUDED.payload, natural_key = EXCLUDED.natural_key,
                               version = source_record.version + 1, received_at = EXCLUDED.received_at
                         WHERE source_record.payload IS DISTINCT FROM EXCLUDED.payload
                        RETURNING record_type, source_id, version""")
                .bind("connection", source.value()).bind("now", now)
                .bindArray("types", String.class, (Object[]) types).bindArray("ids", String.class, (Object[]) ids)
                .bindArray("keys", String.class, (Object[]) keys).bindArray("payloads", String.class, (Object[]) payloads)
                .map((rs, ctx) -> Map.entry(rs.getString("record_type") + "\u0000" + rs.getString("source_id"), rs.getLong("version")))
                .forEach(e -> versions.put(e.getKey(), e.getValue()));
        var changedKeys = new java.util.ArrayList<String>();
        var unchangedTypes = new java.util.ArrayList<String>();
        var unchangedIds = new java.util.ArrayList<String>();
        for (int k = 0; k < n; k++) {
            String key = types[k] + "\u0000" + ids[k];
            if (versions.containsKey(key)) {
                changedKeys.add(key);
            } else {
                unchangedTypes.add(types[k]);
                unchangedIds.add(ids[k]);
            }
        }
        if (!unchangedIds.isEmpty()) {
            h.createQuery("""
                            SELECT r.record_type, r.source_id, r.version
                              FROM unnest(CAST(:types AS text[]), CAST(:ids AS text[])) AS t(type, source)
                              JOIN source_record r ON r.connection_id = :connection AND r.record_type = t.type
                                                  AND r.source_id = t.source""")
                    .bind("connection", source.value())
                    .bindArray("types", String.class, unchangedTypes).bindArray("ids", String.class, unchangedIds)
                    .map((rs, ctx) -> Map.entry(rs.getString("record_type") + "\u0000" + rs.getString("source_id"), rs.getLong("version")))
                    .forEach(e -> out[at.get(e.getKey())] = new Saved(e.getValue(), false, List.of()));
        }
        var events = new HashMap<String, List<EventWriter.Enqueued>>();
        if (!changedKeys.isEmpty() && !flows.isEmpty()) {
            var eFlows = new java.util.ArrayList<UUID>();
            var eTypes = new java.util.ArrayList<String>();
            var eIds = new java.util.ArrayList<String>();
            var ePriorities = new java.util.ArrayList<Integer>();
            for (var key : changedKeys) {
                var r = records.get(at.get(key));
                for (var f : flows) {
                    eFlows.add(f);
                    eTypes.add(r.type().name());
                    eIds.add(r.id());
                    ePriorities.add(EventWriter.priority(r.type()));
                }
            }
            var made = EventWriter.enqueueAll(h, eFlows, eTypes, eIds, ePriorities, now);
            for (var m : made) {
                events.computeIfAbsent(m.type() + "\u0000" + m.source(), k -> new java.util.ArrayList<>()).add(m);
            }
            // In the flows' order, as one record saved alone lists them.
            for (var key : changedKeys) {
                var mine = events.getOrDefault(key, List.of());
                var ordered = flows.stream().flatMap(f -> mine.stream().filter(m -> m.flow().equals(f)))
                        .map(m -> new SyncEventId(m.id())).toList();
                out[at.get(key)] = new Saved(versions.get(key), true, ordered);
            }
        } else {
            for (var key : changedKeys) {
                out[at.get(key)] = new Saved(versions.get(key), true, List.of());
            }
        }
    }

    @Override
    public java.util.Set<String> existing(ConnectionId source, RecordType type, Collection<String> sourceIds) {
        if (sourceIds.isEmpty()) {
            return java.util.Set.of();
        }
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT source_id FROM source_record
                         WHERE connection_id = :connection AND record_type = :type AND source_id = ANY(CAST(:ids AS text[]))""")
                .bind("connection", source.value()).bind("type", type.name())
                .bindArray("ids", String.class, List.copyOf(sourceIds))
                .mapTo(String.class).collect(java.util.stream.Collectors.toSet()));
    }

    /** Saves one record within the caller's transaction, given the source's flows. */
    private static Saved saveIn(org.jdbi.v3.core.Handle h, ConnectionId source, SourceRecord record,
            List<Routing.Member> flows, Instant now) {
        String payload = Json.write(record);
        {
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
        }
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
    public void markHistorical(Collection<io.ledgerbridge.domain.sync.SyncEventId> events) {
        if (events.isEmpty()) {
            return;
        }
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE sync_event SET priority = priority + 10
                         WHERE id = ANY(:ids) AND status = 'PENDING' AND attempts = 0 AND priority < 10
                           -- made by this push, not a live sync already waiting that the push only touched
                           AND created_at = updated_at""")
                .bindArray("ids", Long.class, events.stream().map(io.ledgerbridge.domain.sync.SyncEventId::value).sorted().toList())
                .execute());
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
