package io.ledgerbridge.bench;

import io.ledgerbridge.app.Ledgerbridge;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.engine.connection.TokenSet;
import io.ledgerbridge.engine.retry.RetryPolicy;
import io.ledgerbridge.engine.worker.NodeConfig;
import io.ledgerbridge.sandbox.reference.ReferenceSandbox;
import io.ledgerbridge.store.connection.TokenCipher;
import io.ledgerbridge.store.db.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * How fast nodes drain a filled queue into the reference ledger (over real HTTP), with 1 and with 3 nodes on
 * one PostgreSQL, and the peak heap used. Run with {@code ./lb bench} (heap capped at 256 MB).
 *
 * <pre>
 * options: --events N (default 20000)   --nodes 1,3   --workers 4 (per node)   --batch 200 (events per claim)
 *          --jdbc-url URL (an external server instead of embedded)
 * </pre>
 */
public final class DrainBenchmark {

    /** One measured run. */
    public record Result(int nodes, int events, Duration elapsed, long peakHeapBytes, int ledgerWrites, int duplicates,
            String ledger) {
        public double eventsPerSecond() {
            return events / (elapsed.toNanos() / 1e9);
        }

        @Override
        public String toString() {
            return String.format("nodes=%d events=%d time=%.2fs rate=%.0f events/s peakHeap=%d MB ledgerWrites=%d duplicates=%d",
                    nodes, events, elapsed.toNanos() / 1e9, eventsPerSecond(), peakHeapBytes / (1024 * 1024), ledgerWrites,
                    duplicates);
        }
    }

    public static void main(String[] args) throws Exception {
        int events = 20_000;
        int workers = 4;
        int batch = 200;
        List<Integer> nodeCounts = List.of(1, 3);
        String jdbcUrl = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--workers" -> workers = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--events" -> events = Integer.parseInt(args[++i]);
                case "--nodes" -> nodeCounts = java.util.Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
                case "--jdbc-url" -> jdbcUrl = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.printf("Ledgerbridge drain benchmark: %d events (1%% customers, 99%% invoices), %d cores, max heap %d MB%n",
                events, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / (1024 * 1024));
        EmbeddedPostgres embedded = null;
        Supplier<String> databases;
        if (jdbcUrl == null) {
            embedded = EmbeddedPostgres.builder().setDataDirectory(Files.createTempDirectory("lb-bench"))
                    .setCleanDataDirectory(true).setServerConfig("max_connections", "200").start();
            var pg = embedded;
            databases = () -> newDatabase(pg);
        } else {
            String base = jdbcUrl;
            databases = () -> newDatabase(base);
        }
        try (var sandbox = ReferenceSandbox.start(0)) {
            for (int nodes : nodeCounts) {
                // A short warm-up run, so that the JIT is not what gets measured.
                run(sandbox, databases.get(), nodes, Math.min(2_000, events), workers, batch);
                var result = run(sandbox, databases.get(), nodes, events, workers, batch);
                System.out.println("RESULT " + result);
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /** Fills a fresh database with {@code events} events and drains it with {@code nodes} nodes. */
    public static Result run(ReferenceSandbox sandbox, String jdbcUrl, int nodes, int events, int workersPerNode,
            int batchSize) throws InterruptedException {
        String keyset = TokenCipher.newJsonKeyset();
        String ledgerId = "bench-" + UUID.randomUUID();
        var ledger = sandbox.createLedger(ledgerId, "bench-token");
        int skus = 5;
        for (int s = 0; s < skus; s++) {
            ledger.createItem("SKU-" + s, "Item " + s);
        }
        var instances = new ArrayList<Ledgerbridge>();
        var databases = new ArrayList<Database>();
        for (int n = 0; n < nodes; n++) {
            var db = Database.external(jdbcUrl, "postgres", null, workersPerNode + 4);
            if (n == 0) {
                db.migrate();
            }
            databases.add(db);
            instances.add(new Ledgerbridge(db, keyset, new NodeConfig("bench-node-" + n, workersPerNode, batchSize,
                    Duration.ofSeconds(30), Duration.ofMillis(20)), RetryPolicy.DEFAULT, Clock.systemUTC(), List.of(), true));
        }
        var first = instances.getFirst();
        var now = Instant.now();
        var workspace = first.workspaces.create("Bench", now);
        var source = first.connections.create(workspace, "native", "app", Map.of(), null, now);
        var books = first.connections.create(workspace, "reference", "books",
                Map.of("baseUrl", sandbox.baseUrl(), "ledger", ledgerId), new TokenSet("bench-token", null, null), now);
        var flow = first.flows.create(workspace, source, books, FlowSettings.defaults(), now);
        int customers = Math.max(1, events / 100);
        QueueFiller.fill(databases.getFirst(), workspace, source, books, flow, customers, events - customers, skus);

        System.gc();
        var heap = ManagementFactory.getMemoryMXBean();
        long peak = heap.getHeapMemoryUsage().getUsed();
        long start = System.nanoTime();
        instances.forEach(Ledgerbridge::start);
        var probe = databases.getFirst().jdbi();
        while (true) {
            long done = probe.withHandle(h -> h.createQuery(
                    "SELECT count(*) FROM sync_event WHERE status IN ('SUCCESS', 'FAILED', 'SKIPPED')").mapTo(Long.class).one());
            peak = Math.max(peak, heap.getHeapMemoryUsage().getUsed());
            if (done >= events) {
                break;
            }
            Thread.sleep(200); // the probe is a query too: rarely enough not to slow what it measures
        }
        var elapsed = Duration.ofNanos(System.nanoTime() - start);
        instances.forEach(Ledgerbridge::close);
        if (System.getenv("LB_BENCH_TIMERS") != null) {
            for (var name : List.of("ledgerbridge.queue.claim", "ledgerbridge.attempt.duration", "ledgerbridge.queue.complete")) {
                var t = first.metrics.find(name).timer();
                System.out.printf("  %s count=%d mean=%.1fms total=%.1fs%n", name, t.count(),
                        t.mean(java.util.concurrent.TimeUnit.MILLISECONDS), t.totalTime(java.util.concurrent.TimeUnit.SECONDS));
            }
        }
        long failed = probe.withHandle(h -> h.createQuery("SELECT count(*) FROM sync_event WHERE status <> 'SUCCESS'")
                .mapTo(Long.class).one());
        databases.forEach(Database::close);
        if (failed > 0) {
            throw new IllegalStateException(failed + " events did not succeed");
        }
        return new Result(nodes, events, elapsed, peak, ledger.writeCalls(), ledger.duplicateInvoiceNumbers().size(), ledgerId);
    }

    private static String newDatabase(EmbeddedPostgres pg) {
        String name = "bench_" + UUID.randomUUID().toString().replace("-", "");
        try (var c = pg.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return pg.getJdbcUrl("postgres", name);
    }

    private static String newDatabase(String baseUrl) {
        String name = "bench_" + UUID.randomUUID().toString().replace("-", "");
        try (var c = java.sql.DriverManager.getConnection(baseUrl, "postgres", ""); var s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot create a database on " + baseUrl, e);
        }
        return baseUrl.substring(0, baseUrl.lastIndexOf('/') + 1) + name;
    }
}
