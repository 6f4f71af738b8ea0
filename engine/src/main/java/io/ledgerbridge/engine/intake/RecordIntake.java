package io.ledgerbridge.engine.intake;

import io.ledgerbridge.domain.record.FieldProblem;
import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.Payment;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.record.SourceRecord;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.engine.mapping.SourceRecords;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every change from a source enters: the REST API's pushes, webhooks, polls and imports. Checks the record,
 * stores it and queues its syncs; a refused record changes nothing.
 *
 * <p>Records arriving at the same time are stored together (group commit): {@link #receive} checks the record on the
 * caller's thread, then hands it to the node's committers, one of which takes every record waiting and stores them in
 * one transaction ({@link SourceRecords#saveAll}); the caller returns once its record is committed, exactly as if it had
 * been stored alone. Under load a commit carries many records; alone, a record waits for no one. Should a group's
 * transaction fail, each of its records is stored again on its own, so that one record's failure is its own.
 */
public final class RecordIntake {

    private static final Logger log = LoggerFactory.getLogger(RecordIntake.class);
    /** At most this many records a commit. */
    static final int MAX_GROUP = 500;
    /**
     * Committers working at once: while one waits for PostgreSQL, another fills its group. Two groups holding the
     * same record are written in the same key order, and one that still fails is stored again record by record.
     */
    static final int COMMITTERS = 2;

    private final SourceRecords records;
    private final Clock clock;
    private final Runnable wakeWorkers;
    private final LinkedBlockingQueue<Waiting> waiting = new LinkedBlockingQueue<>();
    private List<Thread> committers;

    public RecordIntake(SourceRecords records, Clock clock, Runnable wakeWorkers) {
        this.records = records;
        this.clock = clock;
        this.wakeWorkers = wakeWorkers;
    }

    public sealed interface Result {
        record Accepted(SourceRecords.Saved saved) implements Result {}

        record Invalid(List<FieldProblem> problems) implements Result {}
    }

    private record Waiting(ConnectionId source, SourceRecord record, CompletableFuture<Result> result) {}

    /** Checks and stores one record; returns once it is committed (or refused). */
    public Result receive(ConnectionId source, SourceRecord record) {
        var problems = record.validate();
        if (!problems.isEmpty()) {
            return new Result.Invalid(problems);
        }
        var mine = new Waiting(source, record, new CompletableFuture<>());
        ensureCommitter();
        waiting.add(mine);
        try {
            return mine.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the record was being stored", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Checks and stores several records of one source in one transaction, in order (a bulk push, an import's page);
     * the results come in the same order. An invoice may name a customer sent earlier in the same list.
     */
    public List<Result> receiveAll(ConnectionId source, List<? extends SourceRecord> batch) {
        var results = new ArrayList<Result>(batch.size());
        var valid = new ArrayList<SourceRecord>();
        var validAt = new ArrayList<Integer>();
        var known = known(source, batch);
        for (int i = 0; i < batch.size(); i++) {
            var record = batch.get(i);
            var problems = record.validate();
            if (problems.isEmpty()) {
                problems = unknownReferences(record, known);
            }
            if (problems.isEmpty()) {
                known.computeIfAbsent(record.type(), t -> new HashSet<>()).add(record.id());
                valid.add(record);
                validAt.add(i);
                results.add(null);
            } else {
                results.add(new Result.Invalid(problems));
            }
        }
        if (!valid.isEmpty()) {
            var saved = records.saveAll(source, valid, clock.instant());
            boolean queued = false;
            for (int k = 0; k < saved.size(); k++) {
                results.set(validAt.get(k), new Result.Accepted(saved.get(k)));
                queued |= !saved.get(k).events().isEmpty();
            }
            if (queued) {
                wakeWorkers.run();
            }
        }
        return results;
    }

    /** The customers and invoices the batch's invoices and payments name that the source has already sent. */
    private Map<RecordType, Set<String>> known(ConnectionId source, List<? extends SourceRecord> batch) {
        var customers = new HashSet<String>();
        var invoices = new HashSet<String>();
        for (var r : batch) {
            switch (r) {
                case Invoice inv when inv.customerId() != null -> customers.add(inv.customerId());
                case Payment p when p.invoiceId() != null -> invoices.add(p.invoiceId());
                default -> { }
            }
        }
        var known = new HashMap<RecordType, Set<String>>();
        known.put(RecordType.CUSTOMER, customers.isEmpty() ? new HashSet<>()
                : new HashSet<>(records.existing(source, RecordType.CUSTOMER, customers)));
        known.put(RecordType.INVOICE, invoices.isEmpty() ? new HashSet<>()
                : new HashSet<>(records.existing(source, RecordType.INVOICE, invoices)));
        return known;
    }

    /** An invoice's customer and a payment's invoice must have been received first, so a sync can never wait forever. */
    private static List<FieldProblem> unknownReferences(SourceRecord record, Map<RecordType, Set<String>> known) {
        return switch (record) {
            case Invoice inv when !known.get(RecordType.CUSTOMER).contains(inv.customerId()) -> List.of(new FieldProblem(
                    "customerId", "customer '" + inv.customerId() + "' is unknown; create the customer first"));
            case Payment p when !known.get(RecordType.INVOICE).contains(p.invoiceId()) -> List.of(new FieldProblem(
                    "invoiceId", "invoice '" + p.invoiceId() + "' is unknown; create the invoice first"));
            default -> List.of();
        };
    }

    private synchronized void ensureCommitter() {
        if (committers == null) {
            var started = new ArrayList<Thread>();
            for (int i = 0; i < COMMITTERS; i++) {
                started.add(Thread.ofPlatform().daemon().name("lb-intake-commit-" + i).start(this::commitLoop));
            }
            committers = List.copyOf(started);
        }
    }

    /** Takes every record waiting (up to {@link #MAX_GROUP}), stores each source's in one transaction, answers the callers. */
    private void commitLoop() {
        var group = new ArrayList<Waiting>(MAX_GROUP);
        while (true) {
            try {
                group.add(waiting.take());
                waiting.drainTo(group, MAX_GROUP - 1);
                var bySource = new LinkedHashMap<ConnectionId, List<Waiting>>();
                for (var w : group) {
                    bySource.computeIfAbsent(w.source(), s -> new ArrayList<>()).add(w);
                }
                for (var e : bySource.entrySet()) {
                    commit(e.getKey(), e.getValue());
                }
            } catch (InterruptedException e) {
                group.forEach(w -> w.result().completeExceptionally(e));
                return;
            } catch (Throwable unexpected) {
                log.error("intake committer failed; its records are answered with the error", unexpected);
                group.forEach(w -> w.result().completeExceptionally(unexpected));
            } finally {
                group.clear();
            }
        }
    }

    private void commit(ConnectionId source, List<Waiting> group) {
        try {
            var results = receiveAll(source, group.stream().map(Waiting::record).toList());
            for (int i = 0; i < group.size(); i++) {
                group.get(i).result().complete(results.get(i));
            }
        } catch (RuntimeException together) {
            if (group.size() == 1) {
                group.getFirst().result().completeExceptionally(together);
                return;
            }
            log.warn("storing {} records together failed ({}); storing each on its own", group.size(), together.toString());
            for (var w : group) {
                try {
                    w.result().complete(receiveAll(source, List.of(w.record())).getFirst());
                } catch (RuntimeException alone) {
                    w.result().completeExceptionally(alone);
                }
            }
        }
    }
}
