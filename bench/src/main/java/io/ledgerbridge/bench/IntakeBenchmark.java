package io.ledgerbridge.bench;

import io.ledgerbridge.app.Service;
import io.ledgerbridge.app.config.AppConfig;
import io.ledgerbridge.bench.figures.Figures;
import io.ledgerbridge.dashboard.NewConnectionDefaults;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.engine.connection.TokenSet;
import io.ledgerbridge.sandbox.reference.ReferenceSandbox;
import io.ledgerbridge.store.connection.TokenCipher;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How many records one node takes in over its REST API, as a new user's program would push them: a whole node (the
 * service as {@code ./lb start} runs it: API, dashboard, sync workers draining into the reference ledger at the same
 * time) on one PostgreSQL, loaded by {@link HttpLoad} (keep-alive connections, each sending its next request when the
 * last is answered). Figures: {@code /health} and an authenticated {@code GET} of an invoice that does not exist (what
 * every request costs before any write), then single invoices pushed with {@code PUT /api/v1/invoices/{id}} at 16 and
 * 64 connections, and 500 at a time through {@code POST /api/v1/invoices/batch}; each beside its target (issue 12:
 * 2,000 single invoices a second with p99 under 100 ms, 10,000 a second through the bulk endpoint). Run with
 * {@code ./lb bench intake}.
 *
 * <pre>
 * options: --seconds 10 (each measured phase)   --connections 16,64   --jdbc-url URL (an external server, else embedded)
 *          --paused (the flow paused: intake alone, nothing synced)
 * </pre>
 */
public final class IntakeBenchmark {

    public static void main(String[] args) throws Exception {
        int seconds = 10;
        List<Integer> connections = List.of(16, 64);
        String jdbcUrl = null;
        boolean paused = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--paused" -> paused = true;
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--connections" -> connections = HttpLoad.parseCounts(args[++i]);
                case "--jdbc-url" -> jdbcUrl = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.printf("Ledgerbridge intake benchmark: %d s a phase, %d cores, max heap %d MB%n", seconds,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / (1024 * 1024));
        EmbeddedPostgres embedded = null;
        if (jdbcUrl == null) {
            embedded = EmbeddedPostgres.builder().setDataDirectory(Files.createTempDirectory("lb-intake"))
                    .setCleanDataDirectory(true).setServerConfig("max_connections", "200").start();
            jdbcUrl = embedded.getJdbcUrl("postgres", "postgres");
        }
        var env = new HashMap<String, String>();
        env.put("LEDGERBRIDGE_JDBC_URL", jdbcUrl);
        env.put("LEDGERBRIDGE_TOKEN_KEYSET", TokenCipher.newJsonKeyset());
        env.put("LEDGERBRIDGE_PORT", "0");
        env.put("LEDGERBRIDGE_DASHBOARD_PORT", "0");
        env.put("LEDGERBRIDGE_NODE_ID", "intake-bench");
        var figures = Figures.of("intake");
        try (var sandbox = ReferenceSandbox.start(0);
                var service = Service.start(AppConfig.fromEnvironment(env), List.of(), NewConnectionDefaults.none())) {
            var lb = service.lb;
            var now = Instant.now();
            var workspace = lb.workspaces.create("Intake bench", now);
            String ledgerId = "intake-" + UUID.randomUUID();
            var ledger = sandbox.createLedger(ledgerId, "bench-token");
            ledger.createItem("SKU-1", "Item 1");
            var source = lb.connections.create(workspace, "native", "app", Map.of(), null, now);
            var books = lb.connections.create(workspace, "reference", "books",
                    Map.of("baseUrl", sandbox.baseUrl(), "ledger", ledgerId), new TokenSet("bench-token", null, null), now);
            var flow = lb.flows.create(workspace, source, books, FlowSettings.defaults(), now);
            if (paused) {
                // Intake alone: the syncs wait, nothing drains them.
                lb.flows.pause(workspace, flow, "benchmark", now);
            }
            String auth = "Bearer " + lb.workspaces.createApiKey(workspace, "bench", now);
            int port = service.api.port();

            int customer = HttpLoad.once(port, new HttpLoad.Request("PUT", "/api/v1/customers/C-1", auth,
                    "{\"displayName\": \"Grace Hopper\", \"email\": \"grace@example.com\"}"));
            if (customer != 201) {
                throw new IllegalStateException("the customer was not taken: HTTP " + customer);
            }
            // Every push is a new invoice: each phase numbers its own (a phase's counter starts at 0).
            java.util.function.Function<String, java.util.function.LongFunction<HttpLoad.Request>> pushes = phase -> n ->
                    new HttpLoad.Request("PUT", "/api/v1/invoices/" + phase + "-" + n, auth, invoice(phase + "-" + n));

            System.out.println("warming up (the JIT compiler first): 8 s of pushes at 16 connections");
            System.out.println("  " + HttpLoad.run(port, 16, Duration.ofSeconds(8), pushes.apply("warm")));
            var length = Duration.ofSeconds(seconds);

            var bare = HttpLoad.run(port, 16, length, n -> new HttpLoad.Request("GET", "/api/v1/invoices/x", null, null));
            System.out.println("GET without a key (401, no database): " + bare);
            figures.measured("request refused before any database work (401) a second, 16 connections",
                    bare.ok() + bare.failed() == 0 ? 0 : (bare.ok() + bare.failed()) / (bare.elapsed().toNanos() / 1e9), "requests/s");

            var health = HttpLoad.run(port, 16, length, n -> new HttpLoad.Request("GET", "/health", null, null));
            System.out.println("GET /health: " + health);
            figures.measured("GET /health a second, 16 connections", health.perSecond(), "requests/s");

            var missing = HttpLoad.run(port, 16, length, n -> new HttpLoad.Request("GET", "/api/v1/invoices/nope-" + n, auth, null));
            // A 404 is the right answer here: count it as answered.
            var answered = new HttpLoad.Result(missing.connections(), missing.requests(), missing.ok() + missing.failed(), 0,
                    missing.elapsed(), missing.latenciesNanos(), null);
            System.out.println("GET /api/v1/invoices/{missing} (authenticated, 404): " + answered);
            figures.measured("authenticated GET a second, 16 connections", answered.perSecond(), "requests/s")
                    .measured("authenticated GET p99, 16 connections", answered.percentileMillis(99), "ms");

            var results = new ArrayList<HttpLoad.Result>();
            for (int c : connections) {
                var pushed = HttpLoad.run(port, c, length, pushes.apply("c" + c));
                System.out.println("PUT /api/v1/invoices/{id}, " + c + " connections: " + pushed);
                results.add(pushed);
                String of = ", " + c + " connections";
                figures.atLeast("single invoices accepted a second" + of, pushed.perSecond(), "invoices/s", 2000)
                        .measured("answer p50" + of, pushed.percentileMillis(50), "ms")
                        .below("answer p99" + of, pushed.percentileMillis(99), "ms", 100)
                        .atMost("refused or failed pushes" + of, pushed.failed(), "requests", 0);
            }
            // The bulk endpoint: 500 invoices a request, 4 connections.
            int perBatch = 500;
            var batches = HttpLoad.run(port, 4, length, n -> {
                var body = new StringBuilder(perBatch * 260).append("{\"records\": [");
                for (int k = 0; k < perBatch; k++) {
                    String id = "bulk-" + n + "-" + k;
                    body.append(k == 0 ? "" : ",").append("{\"id\": \"").append(id).append("\", ").append(invoice(id).substring(1));
                }
                return new HttpLoad.Request("POST", "/api/v1/invoices/batch", auth, body.append("]}").toString());
            });
            System.out.println("POST /api/v1/invoices/batch (" + perBatch + " a request), 4 connections: " + batches);
            figures.atLeast("invoices accepted a second through the bulk endpoint (" + perBatch + " a request)",
                    batches.perSecond() * perBatch, "invoices/s", 10_000)
                    .measured("bulk request p99 (" + perBatch + " invoices)", batches.percentileMillis(99), "ms")
                    .atMost("refused or failed bulk requests", batches.failed(), "requests", 0);

            long accepted = results.stream().mapToLong(HttpLoad.Result::ok).sum() + batches.ok() * perBatch;
            System.out.println("accepted " + accepted + " invoices in the measured phases; the node synced "
                    + ledger.writeCalls() + " writes into the ledger meanwhile");
            figures.report();
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private static String invoice(String number) {
        return "{\"number\": \"" + number + "\", \"status\": \"OPEN\", \"customerId\": \"C-1\", \"currency\": \"USD\", "
                + "\"issueDate\": \"2026-11-02\", \"lines\": [{\"sku\": \"SKU-1\", \"description\": \"Widget\", "
                + "\"quantity\": 1, \"unitPrice\": \"10.00\"}]}";
    }
}
