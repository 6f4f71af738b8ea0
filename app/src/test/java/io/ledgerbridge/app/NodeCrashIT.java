package io.ledgerbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.engine.connection.TokenSet;
import io.ledgerbridge.sandbox.reference.ReferenceLedger;
import io.ledgerbridge.sandbox.reference.ReferenceSandbox;
import io.ledgerbridge.store.connection.PostgresConnections;
import io.ledgerbridge.store.connection.TokenCipher;
import io.ledgerbridge.store.db.Database;
import io.ledgerbridge.store.flow.PostgresFlows;
import io.ledgerbridge.store.testing.TestDatabase;
import io.ledgerbridge.store.workspace.PostgresWorkspaces;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Exactly once through a crash: a node runs as its own process, gets 50 customers and 1,000 invoices over the
 * REST API, is killed with SIGKILL while batches are in flight, and a new node process finishes the job.
 */
class NodeCrashIT {

    private static final int CUSTOMERS = 50;
    private static final int INVOICES = 1000;

    @Test
    void killing_a_node_halfway_and_starting_it_again_syncs_every_record_exactly_once() throws Exception {
        try (var sandbox = ReferenceSandbox.start(0)) {
            ReferenceLedger ledger = sandbox.createLedger("crash", "ledger-token");
            for (int s = 0; s < 5; s++) {
                ledger.createItem("SKU-" + s, "Item " + s);
            }
            sandbox.latency("crash", Duration.ofMillis(60));

            String url = TestDatabase.freshUrl();
            String keyset = TokenCipher.newJsonKeyset();
            String apiKey;
            try (var db = Database.external(url, "postgres", null, 2).migrate()) {
                var now = Instant.now();
                var workspaces = new PostgresWorkspaces(db.jdbi());
                var connections = new PostgresConnections(db.jdbi(), TokenCipher.fromJsonKeyset(keyset));
                var ws = workspaces.create("Crash test", now);
                apiKey = workspaces.createApiKey(ws, "test", now);
                var source = connections.create(ws, "native", "app", Map.of(), null, now);
                var books = connections.create(ws, "reference", "books",
                        Map.of("baseUrl", sandbox.baseUrl(), "ledger", "crash", "maxBatch", "5"),
                        new TokenSet("ledger-token", null, null), now);
                new PostgresFlows(db.jdbi()).create(ws, source, books, FlowSettings.defaults(), now);
            }

            int port = NodeProcesses.freePort();
            var first = NodeProcesses.start(url, keyset, port, "node-a");
            var http = HttpClient.newHttpClient();
            NodeProcesses.awaitHealthy(http, port);
            pushAll(http, port, apiKey);

            Harness.awaitTrue(() -> ledger.count("invoice") >= 200, Duration.ofSeconds(60), () -> "200 invoices synced");
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no lease released, batches in flight
            first.waitFor();
            int atKill = ledger.count("invoice");
            assertThat(atKill).as("killed halfway").isBetween(1, INVOICES - 1);

            var second = NodeProcesses.start(url, keyset, port, "node-b");
            try (var db = Database.external(url, "postgres", null, 2)) {
                Harness.awaitTrue(() -> db.jdbi().withHandle(h -> h.createQuery(
                                "SELECT count(*) FROM sync_event WHERE status = 'SUCCESS'").mapTo(Long.class).one())
                        == CUSTOMERS + INVOICES, Duration.ofSeconds(120), () -> "every event to succeed");
                long notSuccess = db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT count(*) FROM sync_event WHERE status <> 'SUCCESS'").mapTo(Long.class).one());
                assertThat(notSuccess).isZero();
                var takenOver = db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT count(*) FROM sync_attempt WHERE outcome = 'LEASE_EXPIRED' AND node = 'node-a'")
                        .mapTo(Long.class).one());
                System.out.println("crash test: " + atKill + " invoices in the ledger when node-a was killed; "
                        + takenOver + " events taken over from it by node-b");
            } finally {
                second.destroy();
                second.waitFor();
            }
            assertThat(ledger.count("invoice")).isEqualTo(INVOICES);
            assertThat(ledger.count("customer")).isEqualTo(CUSTOMERS);
            assertThat(ledger.duplicateInvoiceNumbers()).isEmpty();
            assertThat(ledger.overlappingWrites()).isZero();
        }
    }

    private static void pushAll(HttpClient http, int port, String apiKey) throws Exception {
        try (var pool = Executors.newFixedThreadPool(8)) {
            var futures = new ArrayList<Future<Integer>>();
            for (int c = 0; c < CUSTOMERS; c++) {
                int n = c;
                String body = "{\"displayName\":\"Customer " + c + "\",\"email\":\"c" + c + "@crash.example\"}";
                futures.add(pool.submit(() -> put(http, port, apiKey, "customers/c-" + n, body)));
            }
            for (var f : futures) {
                assertThat(f.get()).isEqualTo(201);
            }
            futures.clear();
            for (int i = 0; i < INVOICES; i++) {
                int n = i;
                String customer = "c-" + (i % CUSTOMERS);
                String body = "{\"number\":\"INV-" + n + "\",\"status\":\"OPEN\",\"customerId\":\"" + customer
                        + "\",\"currency\":\"USD\",\"issueDate\":\"2026-11-02\",\"lines\":[{\"sku\":\"SKU-" + (n % 5)
                        + "\",\"quantity\":\"2\",\"unitPrice\":\"12.50\"}]}";
                futures.add(pool.submit(() -> put(http, port, apiKey, "invoices/inv-" + n, body)));
            }
            for (var f : futures) {
                assertThat(f.get()).isEqualTo(201);
            }
        }
    }

    private static int put(HttpClient http, int port, String apiKey, String path, String body) throws Exception {
        return NodeProcesses.put(http, port, apiKey, path, body);
    }
}
