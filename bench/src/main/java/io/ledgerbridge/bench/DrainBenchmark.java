package io.ledgerbridge.bench;

import io.ledgerbridge.app.Ledgerbridge;
import io.ledgerbridge.bench.figures.Figures;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.engine.connection.TokenSet;
import io.ledgerbridge.engine.retry.RetryPolicy;
import io.ledgerbridge.engine.worker.NodeConfig;
import io.ledgerbridge.sandbox.reference.ReferenceSandbox;
import io.ledgerbridge.store.connection.TokenCipher;
import io.ledgerbridge.store.db.Database;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How fast nodes drain a filled queue into the reference ledger (over real HTTP), with 1 and with 3 nodes on
 * one PostgreSQL, and the peak heap used; the figures go beside their targets into {@code bench/results/} ({@link
 * Figures}). Run with {@code ./lb bench} (heap capped at 256 MB).
 *
 * <pre>
 * options: --events N (default 20000)   --nodes 1,3   --workers 4 (per node)   --batch 200 (events per claim)
 *          --jdbc-url URL (an external server instead of embedded)   --warmups 5 (runs of 10,000 events first)
 * </pre>
 */
public final class DrainBenchmark {

    /** One measured run. */
    public record Result(int nodes, int events, Duration elapsed, long peakHeapBytes, int ledgerWrites, int duplicates,
            String ledger, Duration javaCpu, Duration postgresCpu) {
        public double eventsPerSecond() {
            return events / (elapsed.toNanos() / 1e9);
        }

        @Override
        public String toString() {
            return String.format("nodes=%d events=%d time=%.2fs rate=%.0f events/s peakHeap=%d MB ledgerWrites=%d duplicates=%d"
                            + " cpuPer1000Events: java=%.0fms postgres=%.0fms (2 cores allow %.0f events/s at this cost)",
                    nodes, events, elapsed.toNanos() / 1e9, eventsPerSecond(), peakHeapBytes / (1024 * 1024), ledgerWrites,
                    duplicates, perThousand(javaCpu), perThousand(postgresCpu),
                    Runtime.getRuntime().availableProcessors() * 1e9 / ((javaCpu.toNanos() + postgresCpu.toNanos()) / (double) events));
        }

        /** Target (docs/BENCHMARKS.md): 5,000 events/s on one node with a heap under 256 MB, and no duplicate. */
        void addTo(Figures figures) {
            String of = nodes == 1 ? ", 1 node" : ", " + nodes + " nodes";
            double heapMb = peakHeapBytes / (1024.0 * 1024);
            double cpu = perThousand(javaCpu) + perThousand(postgresCpu);
            if (nodes == 1) {
                figures.atLeast("events a second" + of, eventsPerSecond(), "events/s", 5000)
                        .below("peak heap" + of, heapMb, "MB", 256);
            } else {
                figures.measured("events a second" + of, eventsPerSecond(), "events/s").measured("peak heap" + of, heapMb, "MB");
            }
            figures.measured("CPU per 1,000 events (JVM + PostgreSQL)" + of, cpu, "ms")
                    .atMost("duplicates in the ledger" + of, duplicates, "invoices", 0);
        }

        private double perThousand(Duration cpu) {
            return cpu.toNanos() / 1e6 / events * 1000;
        }
    }

    public static void main(String[] args) throws Exception {
        int events = 20_000;
        int workers = 4;
        int batch = 200;
        List<Integer> nodeCounts = List.of(1, 3);
        String jdbcUrl = null;
        int warmups = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--workers" -> workers = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--events" -> events = Integer.parseInt(args[++i]);
                case "--nodes" -> nodeCounts = java.util.Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
                case "--jdbc-url" -> jdbcUrl = args[++i];
                case "--warmups" -> warmups = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.printf("Ledgerbridge drain benchmark: %d events (1%% customers, 99%% invoices), %d cores, max heap %d MB%n",
                events, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / (1024 * 1024));
        var figures = Figures.of("drain");
        try (var databases = BenchDatabases.start(jdbcUrl); var sandbox = ReferenceSandbox.start(0)) {
            for (int nodes : nodeCounts) {
                // Warm-up runs, so that what gets measured is a node that has run for a while, not the JIT compiler
                // (compiling takes most of a core for the first ~30,000 events).
                for (int w = 0; w < warmups; w++) {
                    var warm = run(sandbox, databases.get(), nodes, Math.min(10_000, events), workers, batch);
                    System.out.println("warm-up " + (w + 1) + "/" + warmups + ": " + warm);
                    sandbox.removeLedger(warm.ledger()); // the measured run's heap is not the warm-up's ledger
                }
                var result = run(sandbox, databases.get(), nodes, events, workers, batch);
                System.out.println("RESULT " + result);
                sandbox.removeLedger(result.ledger());
                result.addTo(figures);
            }
            figures.report();
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
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long javaCpu0 = os.getProcessCpuTime();
        var postgresCpu = new CpuOfPostgres(databases.getFirst().jdbi().withHandle(h ->
                h.createQuery("SELECT pg_backend_pid()").mapTo(Long.class).one()));
        long start = System.nanoTime();
        instances.forEach(Ledgerbridge::start);
        var probe = databases.getFirst().jdbi();
        // Progress is read from the ledger's write counter (free) and confirmed in the database only once every event
        // has been written, or every 2 s in case some never are: counting sync_event rows every 200 ms would itself
        // take several percent of PostgreSQL's time.
        long lastQuery = 0;
        while (true) {
            peak = Math.max(peak, heap.getHeapMemoryUsage().getUsed());
            boolean allWritten = ledger.writeCalls() >= events;
            if (allWritten || System.nanoTime() - lastQuery > 2_000_000_000L) {
                lastQuery = System.nanoTime();
                long done = probe.withHandle(h -> h.createQuery(
                        "SELECT count(*) FROM sync_event WHERE status IN ('SUCCESS', 'FAILED', 'SKIPPED')").mapTo(Long.class).one());
                if (done >= events) {
                    break;
                }
            }
            Thread.sleep(allWritten ? 5 : 20);
        }
        var elapsed = Duration.ofNanos(System.nanoTime() - start);
        var javaCpu = Duration.ofNanos(os.getProcessCpuTime() - javaCpu0);
        var pgCpu = postgresCpu.used(); // before the pools close and their backends exit
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
        return new Result(nodes, events, elapsed, peak, ledger.writeCalls(), ledger.duplicateInvoiceNumbers().size(),
                ledgerId, javaCpu, pgCpu);
    }

    /**
     * CPU time used by the benchmark's PostgreSQL server (its postmaster and every process it started) since
     * construction, read from /proc at the start and at the end (reading it often costs the JVM several percent):
     * backends live as long as the pool, so reading them before the pool closes sees all of their time. Zero where
     * there is no /proc or the server is on another machine.
     */
    static final class CpuOfPostgres {
        private final long postmaster;
        private final Map<Long, Long> start;
        private final Map<Long, Long> last;

        CpuOfPostgres(long anyBackend) {
            this.postmaster = parentOf(anyBackend);
            this.start = ticks();
            this.last = new java.util.HashMap<>(start);
        }

        private static long parentOf(long pid) {
            try {
                String stat = Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "stat"));
                return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
            } catch (java.io.IOException | RuntimeException elsewhere) {
                return -1;
            }
        }

        void sample() {
            last.putAll(ticks());
        }

        Duration used() {
            sample();
            long total = 0;
            for (var e : last.entrySet()) {
                total += e.getValue() - start.getOrDefault(e.getKey(), 0L);
            }
            return Duration.ofMillis(total * 10); // USER_HZ is 100 on Linux
        }

        private Map<Long, Long> ticks() {
            var out = new java.util.HashMap<Long, Long>();
            var proc = java.nio.file.Path.of("/proc");
            if (!Files.isDirectory(proc)) {
                return out;
            }
            try (var dirs = Files.list(proc)) {
                dirs.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(d -> {
                    try {
                        String stat = Files.readString(d.resolve("stat"));
                        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        long pid = Long.parseLong(d.getFileName().toString());
                        if (name.equals("postgres") && (pid == postmaster || Long.parseLong(f[1]) == postmaster)) {
                            out.put(pid, Long.parseLong(f[11]) + Long.parseLong(f[12]));
                        }
                    } catch (java.io.IOException | RuntimeException gone) {
                        // the process ended between listing and reading
                    }
                });
            } catch (java.io.IOException e) {
                return out;
            }
            return out;
        }
    }
}
