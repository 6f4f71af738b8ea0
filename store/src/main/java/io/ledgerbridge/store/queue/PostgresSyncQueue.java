package io.ledgerbridge.store.queue;

import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.error.SyncError;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncEventId;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.domain.sync.WaitReason;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.pipeline.Outcome;
import io.ledgerbridge.engine.queue.ClaimedEvent;
import io.ledgerbridge.engine.queue.Completion;
import io.ledgerbridge.engine.queue.DependencyState;
import io.ledgerbridge.engine.queue.SyncQueue;
import io.ledgerbridge.store.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The sync queue on PostgreSQL. The claim statement is {@link #CLAIM}: one statement, {@code FOR UPDATE SKIP
 * LOCKED}, so nodes never wait for each other and never take the same event.
 */
public final class PostgresSyncQueue implements SyncQueue {

    /**
     * What makes a Pending event claimable: due, unblocked, its destination connection Connected, its flow neither
     * paused nor deleted, and no event of its record in flight. {@code e} is the event.
     */
    private static final String CLAIMABLE = """
                  JOIN connection c ON c.id = e.destination_connection_id AND c.status = 'CONNECTED'
                  JOIN flow f ON f.id = e.flow_id AND f.paused_at IS NULL AND f.deleted_at IS NULL
                 WHERE e.status = 'PENDING'
                   AND e.blocked_by IS NULL
                   AND e.next_attempt_at <= :now
                   -- A correlated LIMIT 1 lookup, not NOT EXISTS: the planner cannot turn it into a scan of
                   -- every Processing event per candidate (statistics taken while nothing was Processing invite that).
                   AND (SELECT count(*) FROM (SELECT 1 FROM sync_event p
                                               WHERE p.flow_id = e.flow_id AND p.record_type = e.record_type
                                                 AND p.source_id = e.source_id AND p.status = 'PROCESSING'
                                               LIMIT 1) busy) = 0
            """;

    /**
     * The claim, fair across workspaces, in one statement that never waits for another node ({@code FOR UPDATE SKIP
     * LOCKED}):
     * <ol>
     *   <li>{@code waiting}: every workspace with Pending, unblocked events, found by a loose scan of
     *       {@code sync_event_due_workspace} (one index probe a workspace, however many events each has);</li>
     *   <li>{@code quota}: each one's share of the batch, {@code limit × weight / Σ weights} rounded up, and no more
     *       than its {@code max_in_flight} less what it has in flight;</li>
     *   <li>{@code fair}: each workspace's share of its own events, in claim order (priority, so live before
     *       historical; then due time); when more workspaces wait than the batch holds, the oldest shares win;</li>
     *   <li>{@code rest}: the batch filled up with the oldest claimable events of any workspace not held to a
     *       maximum in flight.</li>
     * </ol>
     * A workspace with 100,000 events waiting thus takes the batch alone when nobody else waits, and one share of it
     * when others do: another workspace's live invoice is in the very next claim.
     */
    public static final String CLAIM = """
            WITH RECURSIVE waiting(ws) AS (
                (SELECT workspace_id FROM sync_event
                  WHERE status = 'PENDING' AND blocked_by IS NULL ORDER BY workspace_id LIMIT 1)
                UNION ALL
                SELECT (SELECT n.workspace_id FROM sync_event n
                         WHERE n.status = 'PENDING' AND n.blocked_by IS NULL AND n.workspace_id > w.ws
                         ORDER BY n.workspace_id LIMIT 1)
                  FROM waiting w WHERE w.ws IS NOT NULL),
            quota AS MATERIALIZED (
                SELECT w.ws, s.max_in_flight IS NOT NULL AS capped,
                       GREATEST(0, LEAST(CEIL(CAST(:limit AS numeric) * s.claim_weight / sum(s.claim_weight) OVER ())::int,
                           CASE WHEN s.max_in_flight IS NULL THEN :limit
                                ELSE s.max_in_flight - (SELECT count(*) FROM sync_event p
                                                         WHERE p.workspace_id = w.ws AND p.status = 'PROCESSING')::int
                           END)) AS n
                  FROM waiting w JOIN workspace s ON s.id = w.ws),
            fair AS MATERIALIZED (
                SELECT picked.id FROM (
                    SELECT mine.id, mine.priority, mine.next_attempt_at
                      FROM quota q, LATERAL (
                        SELECT e.id, e.priority, e.next_attempt_at FROM sync_event e
            """ + CLAIMABLE + """
                           AND e.workspace_id = q.ws
                         -- workspace_id first, though it is fixed here: only sync_event_due_workspace gives this
                         -- order, so the planner cannot walk the whole due index filtering on the workspace.
                         ORDER BY e.workspace_id, e.priority, e.next_attempt_at, e.id
                         LIMIT q.n
                           FOR UPDATE OF e SKIP LOCKED) mine
                     WHERE q.n > 0) picked
                 ORDER BY picked.priority, picked.next_attempt_at, picked.id
                 LIMIT :limit),
            rest AS MATERIALIZED (
                SELECT e.id FROM sync_event e
            """ + CLAIMABLE + """
                   AND e.id NOT IN (SELECT id FROM fair)
                   AND e.workspace_id NOT IN (SELECT ws FROM quota WHERE capped)
                 ORDER BY e.priority, e.next_attempt_at, e.id
                 LIMIT (SELECT :limit - count(*) FROM fair)
                   FOR UPDATE OF e SKIP LOCKED),
            due AS (SELECT id FROM fair UNION ALL SELECT id FROM rest)
            UPDATE sync_event e
               SET status = 'PROCESSING', lease_owner = :node, lease_until = :leaseUntil, updated_at = :now
              FROM due, source_record r
             WHERE e.id = due.id AND r.id = e.record_id
            RETURNING e.id, e.workspace_id, e.flow_id, e.record_type, e.source_id, r.version, r.payload,
                      e.attempts, e.retry_count, e.uncertain,
                      CASE WHEN e.import_id IS NULL THEN 0
                           ELSE (SELECT i.budget_share FROM import_run i WHERE i.id = e.import_id) END AS import_share
            """;

    /**
     * Every outcome of a batch in one statement: the rows come in as parallel arrays. The rows are locked in id
     * order first, whatever join the planner picks, so that two completing workers never wait on each other in a
     * circle.
     */
    private static final String COMPLETE = """
            WITH mine AS (SELECT id FROM sync_event
                           WHERE id = ANY(:ids) AND status = 'PROCESSING' AND lease_owner = :node
                           ORDER BY id FOR NO KEY UPDATE)
            UPDATE sync_event e
               SET status = v.status, wait_reason = v.wait_reason,
                   next_attempt_at = COALESCE(v.next_at::timestamptz, e.next_attempt_at),
                   blocked_by = v.blocked_by, cause_event_id = v.cause,
                   attempts = e.attempts + v.attempt_inc, uncertain = v.uncertain,
                   error_code = v.error_code, error_details = v.error_details::jsonb, error_vendor_message = v.vendor,
                   skip_reason = v.skip_reason, destination_id = COALESCE(v.destination_id, e.destination_id),
                   lease_owner = NULL, lease_until = NULL, updated_at = :now
              FROM unnest(:ids, :statuses, :waits, :nextAts, :blockedBys, :causes, :incs, :uncertains, :codes, :details,
                          :vendors, :skips, :destinations)
                   AS v(id, status, wait_reason, next_at, blocked_by, cause, attempt_inc, uncertain, error_code,
                        error_details, vendor, skip_reason, destination_id)
             WHERE e.id = v.id AND e.id IN (SELECT id FROM mine)
            RETURNING e.id
            """;

    private final Jdbi jdbi;

    public PostgresSyncQueue(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public List<ClaimedEvent> claim(String node, int limit, Instant now, Instant leaseUntil) {
        return jdbi.withHandle(h -> h.createQuery(CLAIM)
                .bind("node", node).bind("limit", limit).bind("now", now).bind("leaseUntil", leaseUntil)
                .map((rs, ctx) -> {
                    var type = RecordType.valueOf(rs.getString("record_type"));
                    return new ClaimedEvent(new SyncEventId(rs.getLong("id")),
                            new WorkspaceId(rs.getObject("workspace_id", UUID.class)),
                            new FlowId(rs.getObject("flow_id", UUID.class)), type, rs.getString("source_id"),
                            rs.getLong("version"), Json.readRecord(type, rs.getString("payload")),
                            rs.getInt("attempts") + 1, rs.getInt("retry_count"), rs.getBoolean("uncertain"),
                            rs.getInt("import_share"));
                }).list());
    }

    @Override
    public int heartbeat(String node, Collection<SyncEventId> events, Instant leaseUntil) {
        if (events.isEmpty()) {
            return 0;
        }
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE sync_event SET lease_until = :until
                         WHERE id IN (SELECT id FROM sync_event
                                       WHERE id = ANY(:ids) AND status = 'PROCESSING' AND lease_owner = :node
                                       ORDER BY id FOR UPDATE SKIP LOCKED)""")
                .bind("until", leaseUntil).bind("node", node)
                .bindArray("ids", Long.class, events.stream().map(SyncEventId::value).toList()).execute());
    }

    @Override
    public List<SyncEventId> releaseExpired(Instant now) {
        return jdbi.inTransaction(h -> {
            // A sync that was in flight when its flow was deleted and came back to wait ends as the others did.
            io.ledgerbridge.store.flow.PostgresFlows.skipWaitingOfDeleted(h, java.util.Optional.empty(), now);
            var expired = h.createQuery("""
                            SELECT id, lease_owner, attempts FROM sync_event
                             WHERE status = 'PROCESSING' AND lease_until < :now
                             ORDER BY id FOR UPDATE SKIP LOCKED""")
                    .bind("now", now)
                    .map((rs, ctx) -> new Expired(rs.getLong("id"), rs.getString("lease_owner"), rs.getInt("attempts")))
                    .list();
            if (expired.isEmpty()) {
                return List.of();
            }
            var ids = expired.stream().map(Expired::id).toList();
            var superseded = withPendingSibling(h, ids);
            // A newer version already waits: it inherits the doubt and this one steps aside.
            if (!superseded.isEmpty()) {
                h.createUpdate("""
                                UPDATE sync_event p SET uncertain = true
                                  FROM sync_event x
                                 WHERE x.id = ANY(:ids) AND p.status = 'PENDING' AND p.flow_id = x.flow_id
                                   AND p.record_type = x.record_type AND p.source_id = x.source_id""")
                        .bindArray("ids", Long.class, superseded).execute();
                h.createUpdate("""
                                UPDATE sync_event SET status = 'SKIPPED', skip_reason = 'Superseded by a newer change of the record.',
                                       lease_owner = NULL, lease_until = NULL, updated_at = :now
                                 WHERE id = ANY(:ids)""")
                        .bindArray("ids", Long.class, superseded).bind("now", now).execute();
            }
            var resumed = ids.stream().filter(id -> !superseded.contains(id)).toList();
            if (!resumed.isEmpty()) {
                h.createUpdate("""
                                UPDATE sync_event SET status = 'PENDING', wait_reason = 'RESUMED', uncertain = true,
                                       next_attempt_at = :now, lease_owner = NULL, lease_until = NULL, updated_at = :now
                                 WHERE id = ANY(:ids)""")
                        .bindArray("ids", Long.class, resumed).bind("now", now).execute();
            }
            var attempt = h.prepareBatch("""
                    INSERT INTO sync_attempt (event_id, number, node, outcome, response, finished_at)
                    VALUES (:id, :number, :node, 'LEASE_EXPIRED', :response, :now)""");
            for (var e : expired) {
                attempt.bind("id", e.id()).bind("number", e.attempts() + 1).bind("node", e.owner())
                        .bind("response", "The node working on this sync stopped before it finished; the outcome is unknown, "
                                + "so the destination is checked for the record before it is written again.")
                        .bind("now", now).add();
            }
            attempt.execute();
            return ids.stream().map(SyncEventId::new).toList();
        });
    }

    private record Expired(long id, String owner, int attempts) {}

    @Override
    public void complete(String node, List<Completion> completions, Instant now) {
        if (completions.isEmpty()) {
            return;
        }
        // Rows are written in id order, so two completing transactions never wait on each other in a circle.
        var ordered = completions.stream().sorted(java.util.Comparator.comparingLong(c -> c.event().id().value())).toList();
        jdbi.useTransaction(h -> completeIn(h, node, ordered, now));
    }

    private void completeIn(Handle h, String node, List<Completion> completions, Instant now) {
        // A dependency that finishes concurrently must not leave its dependant blocked forever: the row lock makes
        // the dependency's completion either visible here or wait for this transaction (and then unblock us).
        // The dependencies and this batch's own rows are locked together, in id order: a dependency is often in the
        // batch another worker is completing at the same moment, whose own dependencies are in ours.
        var dependencies = completions.stream()
                .map(Completion::outcome)
                .filter(o -> o instanceof Outcome.WaitForDependency)
                .map(o -> ((Outcome.WaitForDependency) o).dependency().value())
                .distinct().sorted().toList();
        Set<Long> stillOpen = new HashSet<>();
        if (!dependencies.isEmpty()) {
            var lockSet = new java.util.TreeSet<>(dependencies);
            completions.forEach(c -> lockSet.add(c.event().id().value()));
            var depSet = new HashSet<>(dependencies);
            h.createQuery("SELECT id, status FROM sync_event WHERE id = ANY(:ids) ORDER BY id FOR NO KEY UPDATE")
                    .bindArray("ids", Long.class, List.copyOf(lockSet))
                    .map((rs, ctx) -> Map.entry(rs.getLong("id"), rs.getString("status")))
                    .forEach(row -> {
                        if (depSet.contains(row.getKey())
                                && (row.getValue().equals("PENDING") || row.getValue().equals("PROCESSING"))) {
                            stillOpen.add(row.getKey());
                        }
                    });
        }

        var backToQueue = completions.stream()
                .filter(c -> !(c.outcome() instanceof Outcome.Synced))
                .map(c -> c.event().id().value()).toList();
        var superseded = withPendingSibling(h, backToQueue);

        var rows = new OutcomeRows();
        for (var c : completions) {
            var e = c.event();
            Outcome o = superseded.contains(e.id().value())
                    ? new Outcome.Skipped("Superseded by a newer change of the record.") : c.outcome();
            rows.add(e, o, stillOpen, now);
        }
        Set<Long> updated = new HashSet<>(rows.bind(h.createQuery(COMPLETE)).bind("node", node).bind("now", now)
                .mapTo(Long.class).list());
        var applied = completions.stream().filter(c -> updated.contains(c.event().id().value())).toList();
        if (applied.isEmpty()) {
            return;
        }
        if (!superseded.isEmpty()) {
            h.createUpdate("""
                            UPDATE sync_event p SET uncertain = true
                              FROM sync_event x
                             WHERE x.id = ANY(:ids) AND x.uncertain AND p.status = 'PENDING' AND p.flow_id = x.flow_id
                               AND p.record_type = x.record_type AND p.source_id = x.source_id""")
                    .bindArray("ids", Long.class, List.copyOf(superseded)).execute();
        }
        promoteDependencies(h, applied, now);
        holdPausedImports(h, applied);
        insertAttempts(h, node, applied, superseded, now);
        upsertMappings(h, applied, now);
        releaseDependants(h, applied, superseded, now);
        pauseConnections(h, applied, now);
    }

    /**
     * A live event waiting on a historical import's event takes that dependency to live priority (and out of the
     * import's budget and pause): an import never makes a live invoice wait behind it.
     */
    private static void promoteDependencies(Handle h, List<Completion> applied, Instant now) {
        var deps = applied.stream()
                .filter(c -> !c.event().historical() && c.outcome() instanceof Outcome.WaitForDependency)
                .map(c -> ((Outcome.WaitForDependency) c.outcome()).dependency().value()).distinct().sorted().toList();
        if (deps.isEmpty()) {
            return;
        }
        h.createUpdate("""
                        UPDATE sync_event SET priority = priority - 10, import_id = NULL, updated_at = :now,
                               next_attempt_at = CASE WHEN wait_reason IN ('IMPORT_PAUSED', 'IMPORT_BUDGET') THEN :now
                                                      ELSE next_attempt_at END,
                               wait_reason = CASE WHEN wait_reason IN ('IMPORT_PAUSED', 'IMPORT_BUDGET') THEN 'QUEUED'
                                                  ELSE wait_reason END
                         WHERE id = ANY(:ids) AND priority >= 10 AND status IN ('PENDING', 'PROCESSING')""")
                .bindArray("ids", Long.class, deps).bind("now", now).execute();
    }

    /**
     * An import's event that was in flight when a person paused the import and comes back to the queue (a rate-limit
     * wait, a retry) waits with the rest of the paused import instead of going on.
     */
    private static void holdPausedImports(Handle h, List<Completion> applied) {
        var back = applied.stream().filter(c -> c.event().historical() && !(c.outcome() instanceof Outcome.Synced))
                .map(c -> c.event().id().value()).toList();
        if (back.isEmpty()) {
            return;
        }
        h.createUpdate("""
                        UPDATE sync_event e SET wait_reason = 'IMPORT_PAUSED', next_attempt_at = 'infinity'
                          FROM import_run i
                         WHERE e.id = ANY(:ids) AND e.status = 'PENDING' AND i.id = e.import_id AND i.status = 'PAUSED'""")
                .bindArray("ids", Long.class, back).execute();
    }

    /** The outcomes of a batch as parallel arrays, one element per event, for {@link #COMPLETE}. */
    private static final class OutcomeRows {
        final List<Long> ids = new ArrayList<>();
        final List<String> statuses = new ArrayList<>();
        final List<String> waits = new ArrayList<>();
        final List<String> nextAts = new ArrayList<>();
        final List<Long> blockedBys = new ArrayList<>();
        final List<Long> causes = new ArrayList<>();
        final List<Integer> incs = new ArrayList<>();
        final List<Boolean> uncertains = new ArrayList<>();
        final List<String> codes = new ArrayList<>();
        final List<String> details = new ArrayList<>();
        final List<String> vendors = new ArrayList<>();
        final List<String> skips = new ArrayList<>();
        final List<String> destinations = new ArrayList<>();

        void add(ClaimedEvent e, Outcome o, Set<Long> stillOpen, Instant now) {
            String status;
            WaitReason wait = null;
            Instant nextAt = null;
            Long blockedBy = null;
            Long cause = null;
            int attemptInc = 0;
            boolean uncertain = e.uncertain();
            SyncError error = null;
            String skip = null;
            String destinationId = null;
            switch (o) {
                case Outcome.Synced s -> {
                    status = "SUCCESS";
                    attemptInc = 1;
                    uncertain = false;
                    destinationId = s.destinationId();
                }
                case Outcome.RetryAt r -> {
                    status = "PENDING";
                    wait = r.reason();
                    nextAt = r.at();
                    attemptInc = r.countsAsAttempt() ? 1 : 0;
                    uncertain = r.uncertain();
                    error = r.error();
                }
                case Outcome.WaitForDependency w -> {
                    status = "PENDING";
                    wait = WaitReason.DEPENDENCY;
                    nextAt = now;
                    blockedBy = stillOpen.contains(w.dependency().value()) ? w.dependency().value() : null;
                }
                case Outcome.WaitForReconnect w -> {
                    status = "PENDING";
                    wait = WaitReason.RECONNECT;
                    nextAt = now;
                    error = w.error();
                }
                case Outcome.Failed f -> {
                    status = "FAILED";
                    attemptInc = 1;
                    error = f.error();
                    cause = f.cause() == null ? null : f.cause().value();
                }
                case Outcome.Skipped s -> {
                    status = "SKIPPED";
                    skip = s.reason();
                }
            }
            ids.add(e.id().value());
            statuses.add(status);
            waits.add(wait == null ? null : wait.name());
            nextAts.add(nextAt == null ? null : nextAt.toString());
            blockedBys.add(blockedBy);
            causes.add(cause);
            incs.add(attemptInc);
            uncertains.add(uncertain);
            codes.add(error == null ? null : error.code().name());
            details.add(error == null ? null : Json.write(error.details()));
            vendors.add(error == null ? null : error.vendorMessage());
            skips.add(skip);
            destinations.add(destinationId);
        }

        org.jdbi.v3.core.statement.Query bind(org.jdbi.v3.core.statement.Query q) {
            return q.bindArray("ids", Long.class, ids).bindArray("statuses", String.class, statuses)
                    .bindArray("waits", String.class, waits).bindArray("nextAts", String.class, nextAts)
                    .bindArray("blockedBys", Long.class, blockedBys).bindArray("causes", Long.class, causes)
                    .bindArray("incs", Integer.class, incs).bindArray("uncertains", Boolean.class, uncertains)
                    .bindArray("codes", String.class, codes).bindArray("details", String.class, details)
                    .bindArray("vendors", String.class, vendors).bindArray("skips", String.class, skips)
                    .bindArray("destinations", String.class, destinations);
        }
    }

    private static void insertAttempts(Handle h, String node, List<Completion> applied, Set<Long> superseded, Instant now) {
        var eventIds = new ArrayList<Long>();
        var numbers = new ArrayList<Integer>();
        var keys = new ArrayList<String>();
        var operations = new ArrayList<String>();
        var requests = new ArrayList<String>();
        var responses = new ArrayList<String>();
        var outcomes = new ArrayList<String>();
        var codes = new ArrayList<String>();
        var started = new ArrayList<String>();
        var finished = new ArrayList<String>();
        for (var c : applied) {
            var a = c.attempt();
            Outcome o = superseded.contains(c.event().id().value())
                    ? new Outcome.Skipped("Superseded by a newer change of the record.") : c.outcome();
            var error = errorOf(o);
            eventIds.add(c.event().id().value());
            numbers.add(c.event().attempt());
            keys.add(a == null ? null : a.idempotencyKey());
            operations.add(a == null ? null : a.operation());
            requests.add(a == null || a.request() == null ? null : Json.write(a.request()));
            responses.add(a != null && a.response() != null ? a.response() : describe(o));
            outcomes.add(outcomeName(o));
            codes.add(error == null ? null : error.code().name());
            started.add((a == null ? now : a.startedAt()).toString());
            finished.add((a == null ? now : a.finishedAt()).toString());
        }
        h.createUpdate("""
                        INSERT INTO sync_attempt (event_id, number, node, idempotency_key, operation, request, response,
                                                  outcome, error_code, started_at, finished_at)
                        SELECT v.event_id, v.number, :node, v.key, v.operation, v.request, v.response, v.outcome, v.code,
                               v.started::timestamptz, v.finished::timestamptz
                          FROM unnest(:eventIds, :numbers, :keys, :operations, :requests, :responses, :outcomes, :codes,
                                      :started, :finished)
                               AS v(event_id, number, key, operation, request, response, outcome, code, started, finished)""")
                .bind("node", node)
                .bindArray("eventIds", Long.class, eventIds).bindArray("numbers", Integer.class, numbers)
                .bindArray("keys", String.class, keys).bindArray("operations", String.class, operations)
                .bindArray("requests", String.class, requests).bindArray("responses", String.class, responses)
                .bindArray("outcomes", String.class, outcomes).bindArray("codes", String.class, codes)
                .bindArray("started", String.class, started).bindArray("finished", String.class, finished)
                .execute();
    }

    private static void upsertMappings(Handle h, List<Completion> applied, Instant now) {
        var flows = new ArrayList<java.util.UUID>();
        var types = new ArrayList<String>();
        var keys = new ArrayList<String>();
        var destinations = new ArrayList<String>();
        var seen = new HashSet<String>();
        for (var c : applied) {
            var flow = c.event().flow().value();
            if (c.outcome() instanceof Outcome.Synced s && seen.add(flow + "|" + c.event().type() + "|" + s.sourceKey())) {
                flows.add(flow);
                types.add(c.event().type().name());
                keys.add(s.sourceKey());
                destinations.add(s.destinationId());
            }
            for (var l : c.learned()) {
                if (seen.add(flow + "|" + l.type() + "|" + l.sourceKey())) {
                    flows.add(flow);
                    types.add(l.type().name());
                    keys.add(l.sourceKey());
                    destinations.add(l.destinationId());
                }
            }
        }
        if (flows.isEmpty()) {
            return;
        }
        h.createUpdate("""
                        INSERT INTO mapping (flow_id, record_type, source_key, destination_id, created_at, updated_at)
                        SELECT v.flow_id, v.record_type, v.source_key, v.destination_id, :now, :now
                          FROM unnest(:flows, :types, :keys, :destinations) AS v(flow_id, record_type, source_key, destination_id)
                        ON CONFLICT (flow_id, record_type, source_key)
                        DO UPDATE SET destination_id = EXCLUDED.destination_id, updated_at = EXCLUDED.updated_at""")
                .bindArray("flows", java.util.UUID.class, flows).bindArray("types", String.class, types)
                .bindArray("keys", String.class, keys).bindArray("destinations", String.class, destinations)
                .bind("now", now).execute();
    }

    /**
     * Finished events unblock the events waiting on them (which then see the result on their next run); a synced
     * event also re-queues the events that failed because of it ("fixes are noticed"), counting one retry.
     */
    private static void releaseDependants(Handle h, List<Completion> applied, Set<Long> superseded, Instant now) {
        var finished = new ArrayList<Long>();
        var synced = new ArrayList<Long>();
        for (var c : applied) {
            long id = c.event().id().value();
            switch (c.outcome()) {
                case Outcome.Synced s -> {
                    finished.add(id);
                    synced.add(id);
                }
                case Outcome.Failed f -> finished.add(id);
                case Outcome.Skipped s -> finished.add(id);
                default -> {
                    if (superseded.contains(id)) {
                        finished.add(id);
                    }
                }
            }
        }
        unblockDependants(h, finished, now);
        requeueFailedDependants(h, synced, now);
    }

    /** The events waiting on these finished (or skipped) ones may run: they see the result on their next run. */
    public static void unblockDependants(Handle h, List<Long> finishedEventIds, Instant now) {
        if (!finishedEventIds.isEmpty()) {
            h.createUpdate("UPDATE sync_event SET blocked_by = NULL, updated_at = :now WHERE blocked_by = ANY(:ids)")
                    .bindArray("ids", Long.class, finishedEventIds).bind("now", now).execute();
        }
    }

    /**
     * "Fixes are noticed": events that failed because of a record (its customer, its product, its invoice) go back
     * to the queue when that record syncs, or is marked synced, counting one retry.
     */
    public static void requeueFailedDependants(Handle h, List<Long> syncedEventIds, Instant now) {
        if (syncedEventIds.isEmpty()) {
            return;
        }
        h.createUpdate("""
                        UPDATE sync_event e
                           SET status = 'PENDING', wait_reason = 'QUEUED', next_attempt_at = :now, retry_count = e.retry_count + 1,
                               attempts = 0, cause_event_id = NULL, error_code = NULL, error_details = NULL,
                               error_vendor_message = NULL, updated_at = :now
                          FROM sync_event s, sync_event c
                         WHERE s.id = ANY(:ids) AND c.flow_id = s.flow_id AND c.record_type = s.record_type
                           AND c.source_id = s.source_id AND e.cause_event_id = c.id AND e.status = 'FAILED'
                           AND NOT EXISTS (SELECT 1 FROM sync_event o
                                            WHERE o.flow_id = e.flow_id AND o.record_type = e.record_type
                                              AND o.source_id = e.source_id AND o.status IN ('PENDING', 'PROCESSING'))""")
                .bindArray("ids", Long.class, syncedEventIds).bind("now", now).execute();
    }

    private static void pauseConnections(Handle h, List<Completion> applied, Instant now) {
        var byEvent = applied.stream().filter(c -> c.outcome() instanceof Outcome.WaitForReconnect).toList();
        if (byEvent.isEmpty()) {
            return;
        }
        // A batch may hold the events of several flows: each connection gets the reason of its own events.
        var byFlow = byEvent.stream().collect(java.util.stream.Collectors.groupingBy(c -> c.event().flow(),
                java.util.LinkedHashMap::new, java.util.stream.Collectors.toList()));
        for (var flowEvents : byFlow.values()) {
            var error = ((Outcome.WaitForReconnect) flowEvents.getFirst().outcome()).error();
            var message = error.message().strip();
            var reason = message + (message.endsWith(".") ? " " : ". ") + error.fix();
            h.createUpdate("""
                            UPDATE connection c SET status = 'NEEDS_RECONNECT', status_reason = :reason, updated_at = :now
                              FROM sync_event e
                             WHERE e.id = ANY(:ids) AND c.id = e.destination_connection_id AND c.status = 'CONNECTED'""")
                    .bindArray("ids", Long.class, flowEvents.stream().map(c -> c.event().id().value()).toList())
                    .bind("reason", reason).bind("now", now).execute();
        }
        // One banner, not a thousand failures: every waiting event of the connection now says why it waits.
        h.createUpdate("""
                        UPDATE sync_event p SET wait_reason = 'RECONNECT'
                          FROM connection c
                         WHERE p.destination_connection_id = c.id AND c.status = 'NEEDS_RECONNECT' AND p.status = 'PENDING'
                           AND p.wait_reason IN ('QUEUED', 'RETRY_BACKOFF', 'RESUMED')""").execute();
    }

    /** Of the given events, those whose record already has another Pending event (a newer version). */
    private static Set<Long> withPendingSibling(Handle h, List<Long> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(h.createQuery("""
                        SELECT e.id FROM sync_event e
                          JOIN sync_event p ON p.flow_id = e.flow_id AND p.record_type = e.record_type
                                           AND p.source_id = e.source_id AND p.status = 'PENDING' AND p.id <> e.id
                         WHERE e.id = ANY(:ids)""")
                .bindArray("ids", Long.class, ids).mapTo(Long.class).list());
    }

    @Override
    public Map<String, DependencyState> newestEvents(FlowId flow, RecordType type, Collection<String> sourceIds) {
        if (sourceIds.isEmpty()) {
            return Map.of();
        }
        var out = new HashMap<String, DependencyState>();
        jdbi.useHandle(h -> h.createQuery("""
                        SELECT DISTINCT ON (source_id) id, source_id, status, error_code, error_details::text AS details,
                               error_vendor_message, destination_id
                          FROM sync_event
                         WHERE flow_id = :flow AND record_type = :type AND source_id = ANY(CAST(:ids AS text[]))
                         ORDER BY source_id, id DESC""")
                .bind("flow", flow.value()).bind("type", type.name())
                .bindArray("ids", String.class, List.copyOf(sourceIds))
                .map((rs, ctx) -> Map.entry(rs.getString("source_id"), new DependencyState(
                        new SyncEventId(rs.getLong("id")), SyncStatus.valueOf(rs.getString("status")),
                        error(rs.getString("error_code"), rs.getString("details"), rs.getString("error_vendor_message")),
                        rs.getString("destination_id"))))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
        return out;
    }

    @Override
    public SyncEventId enqueue(FlowId flow, RecordType type, String sourceId, Instant now) {
        return jdbi.inTransaction(h -> new SyncEventId(EventWriter.enqueue(h, flow.value(), type, sourceId, now)));
    }

    /** Rebuilds a stored error; null when there is none. */
    public static SyncError error(String code, String detailsJson, String vendor) {
        if (code == null) {
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, String> details = detailsJson == null ? Map.of() : Json.read(detailsJson, Map.class);
        return new SyncError(ErrorCode.valueOf(code), details, vendor);
    }

    private static SyncError errorOf(Outcome o) {
        return switch (o) {
            case Outcome.RetryAt r -> r.error();
            case Outcome.WaitForReconnect w -> w.error();
            case Outcome.Failed f -> f.error();
            default -> null;
        };
    }

    private static String outcomeName(Outcome o) {
        return switch (o) {
            case Outcome.Synced s -> s.linked() ? "LINKED" : "SYNCED";
            case Outcome.RetryAt r -> r.reason() == WaitReason.RATE_LIMIT ? "RATE_LIMITED" : "WILL_RETRY";
            case Outcome.WaitForDependency w -> "WAITING_FOR_DEPENDENCY";
            case Outcome.WaitForReconnect w -> "WAITING_FOR_RECONNECT";
            case Outcome.Failed f -> "FAILED";
            case Outcome.Skipped s -> "SKIPPED";
        };
    }

    private static String describe(Outcome o) {
        return switch (o) {
            case Outcome.Synced s -> (s.linked() ? "matched existing record " : "written as ") + s.destinationId();
            case Outcome.RetryAt r -> r.error().message() + " Next try at " + r.at() + ".";
            case Outcome.WaitForDependency w -> "Waiting for " + w.what() + " to sync first.";
            case Outcome.WaitForReconnect w -> w.error().message();
            case Outcome.Failed f -> f.error().message();
            case Outcome.Skipped s -> s.reason();
        };
    }
}
