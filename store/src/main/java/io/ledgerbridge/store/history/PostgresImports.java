package io.ledgerbridge.store.history;

import io.ledgerbridge.connector.Source;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.record.SourceRecord;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.history.HistoricalImport;
import io.ledgerbridge.engine.history.HistoricalImport.Progress;
import io.ledgerbridge.engine.history.HistoricalImports;
import io.ledgerbridge.engine.history.ImportReading;
import io.ledgerbridge.store.json.Json;
import io.ledgerbridge.store.queue.EventWriter;
import io.ledgerbridge.store.records.PostgresSourceRecords;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Historical imports on PostgreSQL (tables {@code import_run}, {@code import_item}, {@code import_budget}, and
 * {@code sync_event.import_id}; see migration V4), for people and for nodes. An import's events carry a priority raised by
 * {@link ImportReading#PRIORITY_OFFSET}, so the claim, which orders by priority, takes every live event first.
 */
public final class PostgresImports implements HistoricalImports, ImportReading {

    /** Intake's refusals kept on the import to show; the count is kept whatever their number. */
    private static final int REFUSED_KEPT = 100;

    private final Jdbi jdbi;

    public PostgresImports(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public HistoricalImport create(WorkspaceId workspace, FlowId flow, LocalDate from, LocalDate to, Set<RecordType> types,
            long expected, int budgetShare, String actor, Instant now) {
        var id = UUID.randomUUID();
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO import_run (id, workspace_id, flow_id, from_date, to_date, record_types, status, expected,
                                                budget_share, created_by, created_at, updated_at)
                        VALUES (:id, :ws, :flow, :from, :to, :types, 'RUNNING', :expected, :share, :actor, :now, :now)""")
                .bind("id", id).bind("ws", workspace.value()).bind("flow", flow.value()).bind("from", from).bind("to", to)
                .bindArray("types", String.class, types.stream().map(Enum::name).sorted().toList())
                .bind("expected", expected).bind("share", budgetShare).bind("actor", actor).bind("now", now).execute());
        return find(workspace, id).orElseThrow();
    }

    @Override
    public Optional<HistoricalImport> find(WorkspaceId workspace, UUID id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM import_run WHERE id = :id AND workspace_id = :ws")
                .bind("id", id).bind("ws", workspace.value())
                .map((rs, ctx) -> row(rs)).findOne().map(r -> r.with(progress(h, r.id))));
    }

    @Override
    public List<HistoricalImport> list(WorkspaceId workspace, FlowId flow) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT * FROM import_run WHERE workspace_id = :ws AND (CAST(:flow AS uuid) IS NULL OR flow_id = :flow)
                         ORDER BY created_at DESC LIMIT 200""")
                .bind("ws", workspace.value()).bind("flow", flow == null ? null : flow.value())
                .map((rs, ctx) -> row(rs)).list().stream().map(r -> r.with(progress(h, r.id))).toList());
    }

    @Override
    public Optional<HistoricalImport> change(WorkspaceId workspace, UUID id, Status to, String actor, Instant now) {
        boolean changed = jdbi.inTransaction(h -> {
            var current = h.createQuery("SELECT status FROM import_run WHERE id = :id AND workspace_id = :ws FOR UPDATE")
                    .bind("id", id).bind("ws", workspace.value()).mapTo(String.class).findOne();
            if (current.isEmpty()) {
                return false;
            }
            String from = current.get();
            switch (to) {
                case PAUSED -> {
                    if (!from.equals("RUNNING")) {
                        return false;
                    }
                    h.createUpdate("""
                                    UPDATE import_run SET status = 'PAUSED', status_reason = :reason, lease_owner = NULL,
                                           lease_until = NULL, updated_at = :now WHERE id = :id""")
                            .bind("reason", "Paused by " + actor + " at " + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ".")
                            .bind("id", id).bind("now", now).execute();
                    h.createUpdate("""
                                    UPDATE sync_event SET wait_reason = 'IMPORT_PAUSED', next_attempt_at = 'infinity',
                                           updated_at = :now
                                     WHERE import_id = :id AND status = 'PENDING'""")
                            .bind("id", id).bind("now", now).execute();
                }
                case RUNNING -> {
                    if (!from.equals("PAUSED")) {
                        return false;
                    }
                    h.createUpdate("UPDATE import_run SET status = 'RUNNING', status_reason = NULL, updated_at = :now WHERE id = :id")
                            .bind("id", id).bind("now", now).execute();
                    h.createUpdate("""
                                    UPDATE sync_event SET wait_reason = 'QUEUED', next_attempt_at = :now, updated_at = :now
                                     WHERE import_id = :id AND status = 'PENDING' AND wait_reason = 'IMPORT_PAUSED'""")
                            .bind("id", id).bind("now", now).execute();
                }
                case CANCELLED -> {
                    if (!from.equals("RUNNING") && !from.equals("PAUSED")) {
                        return false;
                    }
                    String reason = "Cancelled by " + actor + " at " + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ".";
                    h.createUpdate("""
                                    UPDATE import_run SET status = 'CANCELLED', status_reason = :reason, lease_owner = NULL,
                                           lease_until = NULL, updated_at = :now, finished_at = :now WHERE id = :id""")
                            .bind("reason", reason).bind("id", id).bind("now", now).execute();
                    cancelWaiting(h, id, reason, now);
                }
            }
            return true;
        });
        return changed ? find(workspace, id) : Optional.empty();
    }

    /**
     * Ends the import's waiting syncs as Skipped with the cancel's reason, and lets the syncs that waited on
     * them run (they find the record's state as after a user's Skip).
     */
    private static void cancelWaiting(Handle h, UUID importId, String reason, Instant now) {
        var skipped = h.createQuery("""
                        UPDATE sync_event SET status = 'SKIPPED', wait_reason = NULL, blocked_by = NULL, updated_at = :now,
                               skip_reason = 'The historical import was cancelled (' || :reason || ')'
                         WHERE status = 'PENDING' AND import_id = :id RETURNING id""")
                .bind("id", importId).bind("reason", reason).bind("now", now).mapTo(Long.class).list();
        io.ledgerbridge.store.queue.PostgresSyncQueue.unblockDependants(h, skipped, now);
    }

    /** A deleted flow's imports end Cancelled, saying so; called in the delete's transaction. */
    public static void cancelOfDeletedFlow(Handle h, FlowId flow, String actor, Instant now) {
        String reason = "Cancelled: the flow was deleted by " + actor + " at "
                + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ".";
        var ids = h.createQuery("""
                        UPDATE import_run SET status = 'CANCELLED', status_reason = :reason, lease_owner = NULL,
                               lease_until = NULL, updated_at = :now, finished_at = :now
                         WHERE flow_id = :flow AND status IN ('RUNNING', 'PAUSED') RETURNING id""")
                .bind("reason", reason).bind("flow", flow.value()).bind("now", now).mapTo(UUID.class).list();
        for (var id : ids) {
            cancelWaiting(h, id, reason, now);
        }
    }

    @Override
    public Optional<Reading> leaseReading(String node, Instant now, Instant leaseUntil) {
        return jdbi.inTransaction(h -> h.createQuery("""
                        WITH next AS (
                            SELECT i.id FROM import_run i
                              JOIN flow f ON f.id = i.flow_id AND f.deleted_at IS NULL
                              JOIN connection s ON s.id = f.source_connection_id AND s.status = 'CONNECTED'
                             WHERE i.status = 'RUNNING' AND NOT i.reading_done
                               AND (i.lease_until IS NULL OR i.lease_until < :now OR i.lease_owner = :node)
                             ORDER BY i.updated_at
                             LIMIT 1
                               FOR UPDATE OF i SKIP LOCKED)
                        UPDATE import_run i SET lease_owner = :node, lease_until = :until
                          FROM next, flow f
                         WHERE i.id = next.id AND f.id = i.flow_id
                        RETURNING i.id, i.flow_id, f.source_connection_id, i.from_date, i.to_date, i.record_types, i.cursor""")
                .bind("node", node).bind("now", now).bind("until", leaseUntil)
                .map((rs, ctx) -> new Reading(rs.getObject("id", UUID.class), new FlowId(rs.getObject("flow_id", UUID.class)),
                        new ConnectionId(rs.getObject("source_connection_id", UUID.class)),
                        new Source.Range(rs.getObject("from_date", LocalDate.class), rs.getObject("to_date", LocalDate.class),
                                types(rs)), rs.getString("cursor")))
                .findOne());
    }

    @Override
    public boolean storePage(String node, UUID id, List<SourceRecord> records, List<Refusal> refused, String nextCursor,
            boolean last, Instant now) {
        return jdbi.inTransaction(h -> {
            var run = h.createQuery("""
                            SELECT i.flow_id, f.source_connection_id, i.record_types FROM import_run i JOIN flow f ON f.id = i.flow_id
                             WHERE i.id = :id AND i.status = 'RUNNING' AND i.lease_owner = :node FOR UPDATE OF i""")
                    .bind("id", id).bind("node", node)
                    .map((rs, ctx) -> new Object[] {rs.getObject("flow_id", UUID.class),
                            new ConnectionId(rs.getObject("source_connection_id", UUID.class)), types(rs)})
                    .findOne();
            if (run.isEmpty()) {
                return false;
            }
            UUID flow = (UUID) run.get()[0];
            var source = (ConnectionId) run.get()[1];
            @SuppressWarnings("unchecked")
            var types = (Set<RecordType>) run.get()[2];
            if (!records.isEmpty()) {
                var saved = PostgresSourceRecords.saveAllIn(h, source, records, now, new FlowId(flow));
                // The events intake just made for this flow are the import's: after every live event.
                var made = saved.stream().flatMap(s -> s.events().stream()).map(e -> e.value()).distinct().toList();
                h.createUpdate("""
                                UPDATE sync_event SET priority = priority + :offset, import_id = :id
                                 WHERE id = ANY(:ids) AND flow_id = :flow AND created_at = :now AND import_id IS NULL
                                   AND priority < :offset""")
                        .bind("offset", PRIORITY_OFFSET).bind("id", id).bind("flow", flow).bind("now", now)
                        .bindArray("ids", Long.class, made).execute();
                // A record stored before (by another flow, or unchanged since) with no event in this flow gets one.
                var unique = new LinkedHashMap<String, SourceRecord>();
                records.forEach(r -> unique.put(r.type().name() + "\u0000" + r.id(), r));
                var recordTypes = unique.values().stream().map(r -> r.type().name()).toList();
                var recordIds = unique.values().stream().map(SourceRecord::id).toList();
                var priorities = unique.values().stream().map(r -> EventWriter.priority(r.type()) + PRIORITY_OFFSET).toList();
                h.createUpdate("""
                                INSERT INTO sync_event (workspace_id, flow_id, destination_connection_id, record_type, source_id,
                                                        record_id, priority, status, wait_reason, next_attempt_at, created_at,
                                                        updated_at, import_id)
                                SELECT f.workspace_id, f.id, f.destination_connection_id, n.type, r.source_id, r.id, n.priority,
                                       'PENDING', CASE WHEN d.status = 'CONNECTED' THEN 'QUEUED' ELSE 'RECONNECT' END,
                                       :now, :now, :now, :id
                                  FROM unnest(CAST(:types AS text[]), CAST(:sources AS text[]), CAST(:priorities AS int[]))
                                       AS n(type, source, priority)
                                  JOIN flow f ON f.id = :flow
                                  JOIN connection d ON d.id = f.destination_connection_id
                                  JOIN source_record r ON r.connection_id = f.source_connection_id
                                                      AND r.record_type = n.type AND r.source_id = n.source
                                 WHERE NOT EXISTS (SELECT 1 FROM sync_event e WHERE e.flow_id = f.id
                                                      AND e.record_type = n.type AND e.source_id = n.source)
                                 ORDER BY n.type, n.source
                                ON CONFLICT DO NOTHING""")
                        .bindArray("types", String.class, recordTypes).bindArray("sources", String.class, recordIds)
                        .bindArray("priorities", Integer.class, priorities).bind("flow", flow).bind("now", now)
                        .bind("id", id).execute();
                var items = unique.values().stream().filter(r -> types.contains(r.type())).toList();
                h.createUpdate("""
                                INSERT INTO import_item (import_id, record_type, source_id)
                                SELECT :id, t, s FROM unnest(CAST(:types AS text[]), CAST(:sources AS text[])) AS n(t, s)
                                ORDER BY t, s
                                ON CONFLICT DO NOTHING""")
                        .bind("id", id)
                        .bindArray("types", String.class, items.stream().map(r -> r.type().name()).toList())
                        .bindArray("sources", String.class, items.stream().map(SourceRecord::id).toList()).execute();
            }
            h.createUpdate("""
                            UPDATE import_run
                               SET cursor = :cursor, reading_done = :last, pages = pages + 1, updated_at = :now,
                                   lease_owner = CASE WHEN :last THEN NULL ELSE lease_owner END,
                                   lease_until = CASE WHEN :last THEN NULL ELSE CAST(:leaseUntil AS timestamptz) END,
                                   refused_count = refused_count + :refusedCount,
                                   refused_invoices = refused_invoices + :refusedInvoices,
                                   refused = CASE WHEN jsonb_array_length(refused) >= :kept THEN refused
                                                  ELSE refused || CAST(:refused AS jsonb) END
                             WHERE id = :id""")
                    .bind("cursor", nextCursor).bind("last", last).bind("now", now).bind("id", id)
                    .bind("refusedCount", refused.size()).bind("kept", REFUSED_KEPT)
                    .bind("leaseUntil", now.plus(READING_LEASE))
                    .bind("refusedInvoices", refused.stream().filter(x -> x.type() == RecordType.INVOICE).count())
                    .bind("refused", Json.write(refused.stream().limit(REFUSED_KEPT).toList())).execute();
            return true;
        });
    }

    @Override
    public List<UUID> readImports() {
        // Not while its own events wait (the partial index sync_event_import answers that cheaply); verify checks all.
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT i.id FROM import_run i
                         WHERE i.status = 'RUNNING' AND i.reading_done
                           AND NOT EXISTS (SELECT 1 FROM sync_event e WHERE e.import_id = i.id AND e.status = 'PENDING')""")
                .mapTo(UUID.class).list());
    }

    @Override
    public Optional<HistoricalImport> verify(UUID id, Instant now) {
        return jdbi.inTransaction(h -> {
            var run = h.createQuery("SELECT * FROM import_run WHERE id = :id AND status = 'RUNNING' AND reading_done FOR UPDATE")
                    .bind("id", id).map((rs, ctx) -> row(rs)).findOne();
            if (run.isEmpty()) {
                return Optional.<HistoricalImport>empty();
            }
            var r = run.get();
            var fates = fates(h, r.id, r.flow);
            if (fates.stream().anyMatch(f -> f.status == null || f.status.equals("PENDING") || f.status.equals("PROCESSING"))) {
                return Optional.<HistoricalImport>empty();
            }
            long synced = fates.stream().filter(f -> f.status.equals("SUCCESS")).count();
            var skipped = new java.util.TreeMap<String, Long>(fates.stream().filter(f -> f.status.equals("SKIPPED"))
                    .collect(Collectors.groupingBy(f -> f.skipReason == null ? "Skipped" : f.skipReason, Collectors.counting())));
            var failed = new ArrayList<>(fates.stream().filter(f -> f.status.equals("FAILED"))
                    .map(f -> new HistoricalImport.FailedItem(f.type, f.sourceId, f.errorCode, f.eventId)).toList());
            long failedEvents = failed.size();
            // Refused by intake: no event to open; the problem is the record's, at the source.
            r.refused.forEach(x -> failed.add(new HistoricalImport.FailedItem(x.type(), x.id(), "INVALID_RECORD: " + x.problems(), 0)));
            long invoicesRead = fates.stream().filter(f -> f.type == RecordType.INVOICE).count() + r.refusedInvoices;
            // Fewer read than the source counted at the start is a loss; more is invoices dated in the range that
            // were made since (they are read and synced too).
            String mismatch = r.expected >= 0 && invoicesRead < r.expected
                    ? "The source said the range holds " + r.expected + " invoices; only " + invoicesRead + " were read."
                    : null;
            var report = new HistoricalImport.Report(r.expected, invoicesRead, synced, skipped, failed, mismatch, now);
            String status = mismatch == null ? "COMPLETED" : "FAILED";
            String reason = mismatch != null ? mismatch
                    : synced + " synced, " + skipped.values().stream().mapToLong(Long::longValue).sum() + " skipped, "
                            + (failedEvents + r.refusedCount) + " failed.";
            h.createUpdate("""
                            UPDATE import_run SET status = :status, status_reason = :reason, report = CAST(:report AS jsonb),
                                   updated_at = :now, finished_at = :now WHERE id = :id""")
                    .bind("status", status).bind("reason", reason).bind("report", Json.write(report)).bind("now", now)
                    .bind("id", id).execute();
            return h.createQuery("SELECT * FROM import_run WHERE id = :id").bind("id", id)
                    .map((rs, ctx) -> row(rs)).findOne().map(x -> x.with(progress(h, id)));
        });
    }

    @Override
    public int settlePauses(Instant now) {
        // A completion racing a pause or a resume can leave an event on the wrong side: set every one right.
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE sync_event e SET wait_reason = 'IMPORT_PAUSED', next_attempt_at = 'infinity', updated_at = :now
                          FROM import_run i
                         WHERE i.status = 'PAUSED' AND e.import_id = i.id AND e.status = 'PENDING'
                           AND e.wait_reason IS DISTINCT FROM 'IMPORT_PAUSED'""").bind("now", now).execute()
                + h.createUpdate("""
                        UPDATE sync_event e SET wait_reason = 'QUEUED', next_attempt_at = :now, updated_at = :now
                          FROM import_run i
                         WHERE i.status = 'RUNNING' AND e.import_id = i.id AND e.status = 'PENDING'
                           AND e.wait_reason = 'IMPORT_PAUSED'""").bind("now", now).execute());
    }

    @Override
    public Optional<Instant> takeBudget(ConnectionId destination, long callsPerDay, Instant now) {
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        boolean taken = jdbi.withHandle(h -> h.createQuery("""
                        INSERT INTO import_budget (destination_connection_id, day, calls) VALUES (:d, :day, 1)
                        ON CONFLICT (destination_connection_id, day) DO UPDATE SET calls = import_budget.calls + 1
                         WHERE import_budget.calls < :max
                        RETURNING calls""")
                .bind("d", destination.value()).bind("day", day).bind("max", callsPerDay)
                .mapTo(Integer.class).findOne().isPresent());
        return taken ? Optional.empty() : Optional.of(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    // ---- rows --------------------------------------------------------------------------------------------------

    /** One item with its newest event in the flow (status null: no event). */
    private record Fate(RecordType type, String sourceId, String status, String errorCode, String skipReason, long eventId) {}

    private static List<Fate> fates(Handle h, UUID id, UUID flow) {
        return h.createQuery("""
                        SELECT i.record_type, i.source_id, e.status, e.error_code, e.skip_reason, e.id
                          FROM import_item i
                          LEFT JOIN LATERAL (SELECT status, error_code, skip_reason, id FROM sync_event
                                              WHERE flow_id = :flow AND record_type = i.record_type
                                                AND source_id = i.source_id
                                              ORDER BY id DESC LIMIT 1) e ON true
                         WHERE i.import_id = :id""")
                .bind("id", id).bind("flow", flow)
                .map((rs, ctx) -> new Fate(RecordType.valueOf(rs.getString(1)), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getLong(6)))
                .list();
    }

    private static Progress progress(Handle h, UUID id) {
        return h.createQuery("""
                        SELECT count(*) AS items,
                               count(*) FILTER (WHERE e.status = 'SUCCESS') AS synced,
                               count(*) FILTER (WHERE e.status = 'SKIPPED') AS skipped,
                               count(*) FILTER (WHERE e.status = 'FAILED') AS failed,
                               max(e.next_attempt_at) FILTER (WHERE e.status = 'PENDING' AND e.wait_reason = 'IMPORT_BUDGET') AS held
                          FROM import_item i
                          JOIN import_run r ON r.id = i.import_id
                          LEFT JOIN LATERAL (SELECT status, wait_reason, next_attempt_at FROM sync_event
                                              WHERE flow_id = r.flow_id AND record_type = i.record_type
                                                AND source_id = i.source_id
                                              ORDER BY id DESC LIMIT 1) e ON true
                         WHERE i.import_id = :id""")
                .bind("id", id)
                .map((rs, ctx) -> {
                    long items = rs.getLong("items");
                    long synced = rs.getLong("synced");
                    long skipped = rs.getLong("skipped");
                    long failed = rs.getLong("failed");
                    var held = rs.getObject("held", java.time.OffsetDateTime.class);
                    return new Progress(items, synced, skipped, failed, items - synced - skipped - failed,
                            held == null ? null : held.toInstant());
                }).one();
    }

    /** An import_run row, before its progress is counted. */
    private record Row(UUID id, UUID flow, HistoricalImport value, long expected, long refusedCount, long refusedInvoices,
            List<Refusal> refused) {
        HistoricalImport with(Progress p) {
            var v = value;
            // Records intake refused are failed items too: they are counted where people look.
            var progress = new Progress(p.items() + refusedCount, p.synced(), p.skipped(), p.failed() + refusedCount,
                    p.waiting(), p.heldUntil());
            return new HistoricalImport(v.id(), v.workspace(), v.flow(), v.from(), v.to(), v.types(), v.status(),
                    v.statusReason(), v.expected(), v.budgetShare(), v.readingDone(), v.pages(), progress, v.createdBy(),
                    v.createdAt(), v.updatedAt(), v.finishedAt(), v.report());
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        var id = rs.getObject("id", UUID.class);
        var flow = rs.getObject("flow_id", UUID.class);
        String report = rs.getString("report");
        var finished = rs.getObject("finished_at", java.time.OffsetDateTime.class);
        var refused = Json.read(rs.getString("refused"), Refusal[].class);
        long refusedInvoices = rs.getLong("refused_invoices");
        var value = new HistoricalImport(id, new WorkspaceId(rs.getObject("workspace_id", UUID.class)), new FlowId(flow),
                rs.getObject("from_date", LocalDate.class), rs.getObject("to_date", LocalDate.class), types(rs),
                HistoricalImport.Status.valueOf(rs.getString("status")), rs.getString("status_reason"),
                rs.getLong("expected"), rs.getInt("budget_share"), rs.getBoolean("reading_done"), rs.getInt("pages"),
                Progress.NONE, rs.getString("created_by"),
                rs.getObject("created_at", java.time.OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", java.time.OffsetDateTime.class).toInstant(),
                finished == null ? null : finished.toInstant(),
                Optional.ofNullable(report).map(r -> Json.read(r, HistoricalImport.Report.class)));
        return new Row(id, flow, value, rs.getLong("expected"), rs.getLong("refused_count"), refusedInvoices,
                List.of(refused));
    }

    private static Set<RecordType> types(ResultSet rs) throws SQLException {
        var array = (String[]) rs.getArray("record_types").getArray();
        return Arrays.stream(array).map(RecordType::valueOf).collect(Collectors.toUnmodifiableSet());
    }
}
