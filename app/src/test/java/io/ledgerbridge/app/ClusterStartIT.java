package io.ledgerbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.engine.connection.TokenSet;
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
 * Two nodes, each started with the one command the README gives per node ({@code start --jdbc-url URL --port N}, the
 * same keyset), on the machine's external PostgreSQL server (the embedded one when there is none): records pushed to
 * either node's API are synced once, by both nodes together; a flow paused through one node stops both.
 */
class ClusterStartIT {

    @Test
    void two_nodes_started_one_command_each_share_the_work_and_write_every_record_once() throws Exception {
        String url = TestDatabase.externalUrl();
        System.out.println("cluster start test database: " + (url != null ? "external server " + url : "embedded"));
        if (url == null) {
            url = TestDatabase.freshUrl();
        }
        try (var sandbox = ReferenceSandbox.start(0)) {
            var ledger = sandbox.createLedger("cluster", "ledger-token");
            ledger.createItem("SKU-1", "Item");
            sandbox.latency("cluster", Duration.ofMillis(20));
            String keyset = TokenCipher.newJsonKeyset();
            String apiKey;
            io.ledgerbridge.domain.workspace.FlowId flow;
            io.ledgerbridge.domain.workspace.WorkspaceId ws;
            try (var db = Database.external(url, "postgres", null, 2).migrate()) {
                var now = Instant.now();
                var workspaces = new PostgresWorkspaces(db.jdbi());
                var connections = new PostgresConnections(db.jdbi(), TokenCipher.fromJsonKeyset(keyset));
                ws = workspaces.create("Cluster", now);
                apiKey = workspaces.createApiKey(ws, "test", now);
                var source = connections.create(ws, "native", "app", Map.of(), null, now);
                var books = connections.create(ws, "reference", "books",
                        Map.of("baseUrl", sandbox.baseUrl(), "ledger", "cluster", "maxBatch", "5"),
                        new TokenSet("ledger-token", null, null), now);
                flow = new PostgresFlows(db.jdbi()).create(ws, source, books, FlowSettings.defaults(), now);
            }
            int portA = NodeProcesses.freePort();
            int portB = NodeProcesses.freePort();
            var a = NodeProcesses.start(url, keyset, portA, "cluster-a");
            var b = NodeProcesses.start(url, keyset, portB, "cluster-b");
            var http = HttpClient.newHttpClient();
            try (var db = Database.external(url, "postgres", null, 2)) {
                NodeProcesses.awaitHealthy(http, portA);
                NodeProcesses.awaitHealthy(http, portB);
                try (var pool = Executors.newFixedThreadPool(8)) {
                    var futures = new ArrayList<Future<Integer>>();
                    for (int c = 0; c < 20; c++) {
                        int port = c % 2 == 0 ? portA : portB;
                        String body = "{\"displayName\":\"Customer " + c + "\",\"email\":\"c" + c + "@cluster.example\"}";
                        String path = "customers/c-" + c;
                        futures.add(pool.submit(() -> NodeProcesses.put(http, port, apiKey, path, body)));
                    }
                    for (var f : futures) {
                        f.get();
                    }
                    futures.clear();
                    for (int i = 0; i < 400; i++) {
                        int port = i % 2 == 0 ? portA : portB;
                        String body = "{\"number\":\"CL-" + i + "\",\"status\":\"OPEN\",\"customerId\":\"c-" + (i % 20)
                                + "\",\"currency\":\"USD\",\"issueDate\":\"2026-11-02\",\"lines\":[{\"sku\":\"SKU-1\","
                                + "\"quantity\":\"1\",\"unitPrice\":\"9.99\"}]}";
                        String path = "invoices/cl-" + i;
                        futures.add(pool.submit(() -> NodeProcesses.put(http, port, apiKey, path, body)));
                    }
                    for (var f : futures) {
                        f.get();
                    }
                }
                Harness.awaitTrue(() -> db.jdbi().withHandle(h -> h.createQuery(
                                "SELECT count(*) FROM sync_event WHERE status = 'SUCCESS'").mapTo(Long.class).one()) == 420,
                        Duration.ofSeconds(120), () -> "every event to succeed");
                assertThat(ledger.count("invoice")).isEqualTo(400);
                assertThat(ledger.count("customer")).isEqualTo(20);
                assertThat(ledger.duplicateInvoiceNumbers()).isEmpty();
                assertThat(ledger.overlappingWrites()).isZero();
                var nodes = db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT DISTINCT node FROM sync_attempt WHERE outcome = 'SYNCED' ORDER BY node").mapTo(String.class).list());
                assertThat(nodes).as("both nodes took work").containsExactly("cluster-a", "cluster-b");

                // Paused through one node, the flow is paused for both: nothing more syncs until it is resumed.
                new PostgresFlows(db.jdbi()).pause(ws, flow, "ops@cluster.example", Instant.now());
                for (int i = 0; i < 10; i++) {
                    NodeProcesses.put(http, i % 2 == 0 ? portA : portB, apiKey, "customers/late-" + i,
                            "{\"displayName\":\"Late " + i + "\",\"email\":\"late" + i + "@cluster.example\"}");
                }
                Thread.sleep(1500);
                assertThat(ledger.count("customer")).as("nothing synced while paused").isEqualTo(20);
                new PostgresFlows(db.jdbi()).resume(ws, flow, "ops@cluster.example", Instant.now());
                Harness.awaitTrue(() -> ledger.count("customer") == 30, Duration.ofSeconds(30), () -> "the late customers after resume");
            } finally {
                a.destroy();
                b.destroy();
                a.waitFor();
                b.waitFor();
            }
        }
    }
}
