package io.ledgerbridge.bench;

import io.ledgerbridge.app.Ledgerbridge;
import io.ledgerbridge.bench.figures.Figures;
import io.ledgerbridge.domain.record.Customer;
import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.InvoiceLine;
import io.ledgerbridge.domain.record.InvoiceStatus;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.connection.TokenSet;
import io.ledgerbridge.engine.intake.RecordIntake;
import io.ledgerbridge.engine.retry.RetryPolicy;
import io.ledgerbridge.engine.worker.NodeConfig;
import io.ledgerbridge.sandbox.reference.ReferenceSandbox;
import io.ledgerbridge.store.connection.TokenCipher;
import io.ledgerbridge.store.db.Database;
import io.ledgerbridge.store.queue.PostgresSyncQueue;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fairness across workspaces (issue 12): one node drains a workspace's historical import of 100,000 invoices into the
 * reference ledger, first alone, then while 20 other workspaces push live invoices at a steady rate through the
 * intake. It prints the import's rate in both runs and the live invoices' time from push to Success. Targets: live
 * p50 under 0.5 s and p99 under 2 s, and the import keeps at least 70 % of the rate it has alone. Run with
 * {@code ./lb bench fairness}.
 *
 * <pre>
 * options: --events N (default 100000, the import's events)   --live-workspaces 20   --live-rate 5 (invoices a second
 *          each)   --workers 4   --batch 200   --warmups 2 (imports of 10,000 first)   --jdbc-url URL
 * </pre>
 *
 * The import's events are written in SQL as the bulk endpoint's {@code "historical": true} writes them (priority +10,
 * {@link QueueFiller}); the live invoices go through {@link RecordIntake}, the path of the API and of webhooks.
 */
public final class FairnessBenchmark {

    /** One run: the import's rate, and each live invoice's time from push to Success. */
    record Run(int importEvents, Duration importTook, List<Duration> live, int duplicates) {
        double importRate() {
            return importEvents / (importTook.toNanos() / 1e9);
        }

        double liveMillis(double percentile) {
            if (live.isEmpty()) {
                return Double.NaN;
            }
            var sorted = live.stream().mapToLong(Duration::toMillis).sorted().toArray();
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100 * sorted.length) - 1)];
        }
    }

    public static void main(String[] args) throws Exception {
        int events = 100_000;
        int liveWorkspaces = 20;
        double liveRate = 5;
        int workers = 4;
        int batch = 200;
        int warmups = 2;
        String jdbcUrl = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> events = Integer.parseInt(args[++i]);
                case "--live-workspaces" -> liveWorkspaces = Integer.parseInt(args[++i]);
                case "--live-rate" -> liveRate = Double.parseDouble(args[++i]);
                case "--workers" -> workers = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--warmups" -> warmups = Integer.parseInt(args[++i]);
                case "--jdbc-url" -> jdbcUrl = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (options: --events --live-workspaces --live-rate --workers --batch --warmups --jdbc-url)");
            }
        }
        System.out.printf("Ledgerbridge fairness benchmark: a historical import of %,d invoices, then the same with %d "
                        + "workspaces pushing %.1f live invoices a second each; %d workers, claims of %d, %d cores%n",
                events, liveWorkspaces, liveRate, workers, batch, Runtime.getRuntime().availableProcessors());
        var figures = Figures.of("fairness");
        boolean failed = false;
        try (var databases = BenchDatabases.start(jdbcUrl); var sandbox = ReferenceSandbox.start(0)) {
            for (int w = 0; w < warmups; w++) {
                var warm = run(sandbox, databases.get(), Math.min(events, 10_000), w == 0 ? 0 : liveWorkspaces, liveRate,
                        workers, batch);
                System.out.printf("warm-up %d/%d: import %.0f invoices/s, %d live invoices%n", w + 1, warmups,
                        warm.importRate(), warm.live().size());
            }
            var alone = run(sandbox, databases.get(), events, 0, liveRate, workers, batch);
            System.out.printf("import alone: %,d events in %.1f s = %.0f a second%n", events,
                    alone.importTook().toNanos() / 1e9, alone.importRate());
            var shared = run(sandbox, databases.get(), events, liveWorkspaces, liveRate, workers, batch);
            System.out.printf("import with %d live workspaces: %,d events in %.1f s = %.0f a second; %d live invoices, "
                            + "push to Success p50 %.0f ms, p99 %.0f ms, max %.0f ms%n", liveWorkspaces, events,
                    shared.importTook().toNanos() / 1e9, shared.importRate(), shared.live().size(), shared.liveMillis(50),
                    shared.liveMillis(99), shared.liveMillis(100));
            figures.measured("import alone", alone.importRate(), "invoices/s")
                    .measured("import beside live workspaces", shared.importRate(), "invoices/s")
                    .atLeast("import's rate kept beside live workspaces", 100 * shared.importRate() / alone.importRate(), "%", 70)
                    .measured("live invoices synced", shared.live().size(), "invoices")
                    .below("live invoice push to Success, p50", shared.liveMillis(50), "ms", 500)
                    .below("live invoice push to Success, p99", shared.liveMillis(99), "ms", 2000)
                    .atMost("duplicates in the ledgers", alone.duplicates() + shared.duplicates(), "invoices", 0);
            figures.report();
        } catch (IllegalStateException broken) {
            System.err.println("fairness benchmark: " + broken.getMessage());
            failed = true;
        }
        if (failed) {
            System.exit(1);
        }
    }

    /** A fresh database: the import's events queued, the live workspaces' customers pushed, then the node started. */
    static Run run(ReferenceSandbox sandbox, String jdbcUrl, int events, int liveWorkspaces, double liveRate, int workers,
            int batch) throws InterruptedException {
        var db = Database.external(jdbcUrl, "postgres", null, workers + 8).migrate();
        var lb = new Ledgerbridge(db, TokenCipher.newJsonKeyset(), new NodeConfig("fair-node", workers, batch,
                Duration.ofSeconds(30), Duration.ofMillis(20)), RetryPolicy.DEFAULT, Clock.systemUTC(), List.of(), true);
        var ledgers = new ArrayList<String>();
        try {
            var now = Instant.now();
            var importer = lb.workspaces.create("Importer", now);
            String importLedger = newLedger(sandbox, ledgers);
            var importSource = lb.connections.create(importer, "native", "app", Map.of(), null, now);
            var importBooks = books(lb, sandbox, importer, importLedger, now);
            var importFlow = lb.flows.create(importer, importSource, importBooks, FlowSettings.defaults(), now);
            int customers = Math.max(1, events / 100);
            QueueFiller.fill(db, importer, importSource, importBooks, importFlow, customers, events - customers, 5, true);

            var live = new ArrayList<ConnectionId>();
            for (int w = 0; w < liveWorkspaces; w++) {
                var workspace = lb.workspaces.create("Live " + w, now);
                var source = lb.connections.create(workspace, "native", "app", Map.of(), null, now);
                lb.flows.create(workspace, source, books(lb, sandbox, workspace, newLedger(sandbox, ledgers), now),
                        FlowSettings.defaults(), now);
                accept(lb.intake.receive(source, new Customer("live-c", "Live customer " + w, "live" + w + "@example.com",
                        null, null, null)));
                live.add(source);
            }

            var pushedAt = new ConcurrentHashMap<String, Instant>();
            var importDone = new AtomicBoolean();
            var pushers = new ArrayList<Thread>();
            long start = System.nanoTime();
            lb.start();
            long periodNanos = (long) (1e9 / liveRate);
            for (int w = 0; w < live.size(); w++) {
                var source = live.get(w);
                int workspace = w;
                long offset = periodNanos * w / Math.max(1, live.size()); // spread the workspaces over the period
                pushers.add(Thread.ofVirtual().start(() -> {
                    long next = System.nanoTime() + offset;
                    for (int n = 0; !importDone.get(); n++) {
                        sleepUntil(next);
                        next += periodNanos;
                        String id = "live-" + workspace + "-" + n;
                        pushedAt.put(source.value() + "/" + id, Instant.now());
                        accept(lb.intake.receive(source, invoice(id)));
                    }
                }));
            }
            var probe = db.jdbi();
            boolean explained = false;
            while (probe.withHandle(h -> h.createQuery("SELECT count(*) FROM sync_event WHERE workspace_id = :w "
                    + "AND status IN ('SUCCESS', 'FAILED', 'SKIPPED')").bind("w", importer.value()).mapTo(Long.class).one()) < events) {
                if (System.getenv("LB_BENCH_EXPLAIN") != null && liveWorkspaces > 0 && !explained
                        && System.nanoTime() - start > 5_000_000_000L) {
                    explained = true;
                    explainClaim(db);
                }
                Thread.sleep(100);
            }
            var importTook = Duration.ofNanos(System.nanoTime() - start);
            importDone.set(true);
            for (var p : pushers) {
                p.join();
            }
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (probe.withHandle(h -> h.createQuery("SELECT count(*) FROM sync_event WHERE status IN ('PENDING', 'PROCESSING')")
                    .mapTo(Long.class).one()) > 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("live invoices still waiting 30 s after the import finished");
                }
                Thread.sleep(50);
            }
            long notSynced = probe.withHandle(h -> h.createQuery("SELECT count(*) FROM sync_event WHERE status <> 'SUCCESS'")
                    .mapTo(Long.class).one());
            if (notSynced > 0) {
                throw new IllegalStateException(notSynced + " syncs did not succeed");
            }
            var latencies = probe.withHandle(h -> h.createQuery("""
                            SELECT e.destination_connection_id, f.source_connection_id, e.source_id, e.updated_at
                              FROM sync_event e JOIN flow f ON f.id = e.flow_id
                             WHERE e.workspace_id <> :w AND e.record_type = 'INVOICE' AND e.status = 'SUCCESS'""")
                    .bind("w", importer.value())
                    .map((rs, ctx) -> {
                        var pushed = pushedAt.get(rs.getObject("source_connection_id", UUID.class) + "/" + rs.getString("source_id"));
                        return Duration.between(pushed, rs.getTimestamp("updated_at").toInstant());
                    }).list());
            int duplicates = 0;
            for (var ledger : ledgers) {
                duplicates += sandbox.ledger(ledger).duplicateInvoiceNumbers().size();
            }
            if (System.getenv("LB_BENCH_TIMERS") != null) {
                lb.metrics.getMeters().stream().filter(m -> m instanceof io.micrometer.core.instrument.Timer)
                        .map(m -> (io.micrometer.core.instrument.Timer) m).filter(t -> t.count() > 0)
                        .forEach(t -> System.out.printf("  %s %s count=%d mean=%.1fms total=%.1fs%n", t.getId().getName(),
                                t.getId().getTags(), t.count(), t.mean(java.util.concurrent.TimeUnit.MILLISECONDS),
                                t.totalTime(java.util.concurrent.TimeUnit.SECONDS)));
            }
            return new Run(events, importTook, latencies, duplicates);
        } finally {
            lb.close();
            db.close();
            ledgers.forEach(sandbox::removeLedger);
        }
    }

    /** Prints the claim's plan as it runs now (rolled back), for {@code LB_BENCH_EXPLAIN=1}. */
    private static void explainClaim(Database db) {
        db.jdbi().useTransaction(h -> {
            h.createQuery("EXPLAIN (ANALYZE, BUFFERS) " + PostgresSyncQueue.CLAIM).bind("node", "explain").bind("limit", 200)
                    .bind("now", Instant.now()).bind("leaseUntil", Instant.now().plusSeconds(30))
                    .mapTo(String.class).list().forEach(System.out::println);
            h.rollback();
        });
    }

    private static String newLedger(ReferenceSandbox sandbox, List<String> ledgers) {
        String id = "fair-" + UUID.randomUUID();
        var ledger = sandbox.createLedger(id, "bench-token");
        for (int s = 0; s < 5; s++) {
            ledger.createItem("SKU-" + s, "Item " + s);
        }
        ledgers.add(id);
        return id;
    }

    private static ConnectionId books(Ledgerbridge lb, ReferenceSandbox sandbox, WorkspaceId workspace, String ledger,
            Instant now) {
        return lb.connections.create(workspace, "reference", "books", Map.of("baseUrl", sandbox.baseUrl(), "ledger", ledger),
                new TokenSet("bench-token", null, null), now);
    }

    private static Invoice invoice(String id) {
        return new Invoice(id, "L-" + id, InvoiceStatus.OPEN, "live-c", "USD", LocalDate.of(2026, 12, 1),
                LocalDate.of(2026, 12, 31), List.of(new InvoiceLine("SKU-1", "Line", BigDecimal.ONE, new BigDecimal("25.00"), null)),
                null, null);
    }

    private static void accept(RecordIntake.Result result) {
        if (!(result instanceof RecordIntake.Result.Accepted)) {
            throw new IllegalStateException("the intake refused a live record: " + result);
        }
    }

    private static void sleepUntil(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(Duration.ofNanos(wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private FairnessBenchmark() {}
}
