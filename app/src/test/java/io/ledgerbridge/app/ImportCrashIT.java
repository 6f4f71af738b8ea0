package io.ledgerbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.engine.connection.TokenSet;
import io.ledgerbridge.sandbox.hubspot.HubSpotSandbox;
import io.ledgerbridge.sandbox.hubspot.SandboxSettings;
import io.ledgerbridge.sandbox.hubspot.crm.ObjectType;
import io.ledgerbridge.sandbox.reference.ReferenceSandbox;
import io.ledgerbridge.store.connection.PostgresConnections;
import io.ledgerbridge.store.connection.TokenCipher;
import io.ledgerbridge.store.db.Database;
import io.ledgerbridge.store.flow.PostgresFlows;
import io.ledgerbridge.store.testing.TestDatabase;
import io.ledgerbridge.store.workspace.PostgresWorkspaces;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A historical import through a crash: 1,000 HubSpot invoices imported into the reference ledger by a node running
 * as its own process, killed with SIGKILL mid-way (pages read and syncs in flight), and a new node process goes on
 * from the stored cursor and leases: every invoice once in the ledger, the report complete.
 */
class ImportCrashIT {

    private static final int INVOICES = 1_000;

    @Test
    void killing_the_node_mid_import_and_starting_another_finishes_it_with_no_duplicate_and_none_missing() throws Exception {
        try (var hubspot = HubSpotSandbox.start(SandboxSettings.defaults()); var sandbox = ReferenceSandbox.start(0)) {
            var ledger = sandbox.createLedger("import-crash", "ledger-token");
            for (int s = 0; s < 5; s++) {
                ledger.createItem("SKU-" + s, "Item " + s);
            }
            sandbox.latency("import-crash", Duration.ofMillis(40));
            long portal = hubspot.createPortal("Acme");
            String clientId = "ledgerbridge-" + UUID.randomUUID();
            var app = hubspot.registerApp("Ledgerbridge", clientId, "secret-" + clientId, null);
            var tokens = hubspot.issueTokens(app.appId(), portal);
            var contacts = new ArrayList<String>();
            for (int c = 0; c < 20; c++) {
                contacts.add(hubspot.createContact(portal, "c" + c + "@crash.example", "Customer", "No" + c));
            }
            var products = new ArrayList<String>();
            for (int p = 0; p < 5; p++) {
                products.add(hubspot.createProduct(portal, "Item " + p, "SKU-" + p, "12.50"));
            }
            for (int i = 0; i < INVOICES; i++) {
                String id = hubspot.createObject(portal, ObjectType.INVOICES, Map.of("hs_currency", "USD",
                        "hs_number", "HIST-" + i, "hs_invoice_status", "open", "hs_invoice_date", "2025-05-0" + (1 + i % 9),
                        "hs_due_date", "2025-06-30"));
                hubspot.associate(portal, ObjectType.INVOICES, id, ObjectType.CONTACTS, contacts.get(i % contacts.size()));
                String line = hubspot.createObject(portal, ObjectType.LINE_ITEMS,
                        Map.of("hs_product_id", products.get(i % products.size()), "quantity", "2"));
                hubspot.associate(portal, ObjectType.INVOICES, id, ObjectType.LINE_ITEMS, line);
            }

            String url = TestDatabase.freshUrl();
            String keyset = TokenCipher.newJsonKeyset();
            String apiKey;
            String flowId;
            try (var db = Database.external(url, "postgres", null, 2).migrate()) {
                var now = Instant.now();
                var workspaces = new PostgresWorkspaces(db.jdbi());
                var connections = new PostgresConnections(db.jdbi(), TokenCipher.fromJsonKeyset(keyset));
                var ws = workspaces.create("Import crash test", now);
                apiKey = workspaces.createApiKey(ws, "test", now);
                var hub = connections.create(ws, "hubspot", "Acme HubSpot", Map.of("baseUrl", hubspot.baseUrl(),
                                "appId", String.valueOf(app.appId()), "portalId", String.valueOf(portal), "searchLagSeconds", "0"),
                        new TokenSet(tokens.accessToken(), tokens.refreshToken(), now.plus(Duration.ofDays(1))), now);
                var books = connections.create(ws, "reference", "books",
                        Map.of("baseUrl", sandbox.baseUrl(), "ledger", "import-crash", "maxBatch", "5"),
                        new TokenSet("ledger-token", null, null), now);
                flowId = new PostgresFlows(db.jdbi()).create(ws, hub, books, FlowSettings.defaults(), now).toString();
                // Live sync starts now (the poller's cursor is at this moment); the past comes by the import.
                long at = System.currentTimeMillis();
                db.jdbi().useHandle(h -> h.createUpdate("""
                                INSERT INTO source_cursor (connection_id, record_type, position, updated_at)
                                VALUES (:c, 'ALL', :p, now())""")
                        .bind("c", hub.value()).bind("p", "i=" + at + ";p=" + at + ";c=" + at).execute());
            }

            int port = NodeProcesses.freePort();
            var first = NodeProcesses.start(url, keyset, port, "import-node-a");
            var http = HttpClient.newHttpClient();
            NodeProcesses.awaitHealthy(http, port);
            var started = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/flows/" + flowId
                            + "/imports")).header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"2025-05-01\",\"to\":\"2025-05-31\","
                            + "\"types\":[\"invoice\",\"customer\"]}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
            String importId = new ObjectMapper().readTree(started.body()).path("importRun").path("id").asText();

            try (var db = Database.external(url, "postgres", null, 2)) {
                Harness.awaitTrue(() -> pages(db, importId) >= 2 && ledger.count("invoice") >= 50, Duration.ofSeconds(60),
                        () -> "the import under way");
                first.destroyForcibly(); // SIGKILL: the reading lease and the syncs in flight are left behind
                first.waitFor();
                int atKill = ledger.count("invoice");
                int pagesAtKill = pages(db, importId);
                assertThat(atKill).as("killed mid-way").isBetween(1, INVOICES - 1);

                var second = NodeProcesses.start(url, keyset, port, "import-node-b");
                try {
                    Harness.awaitTrue(() -> "COMPLETED".equals(status(db, importId)) || "FAILED".equals(status(db, importId)),
                            Duration.ofSeconds(150), () -> "the import to finish on the second node: " + status(db, importId));
                    assertThat(status(db, importId)).isEqualTo("COMPLETED");
                    String reportJson = db.jdbi().withHandle(h -> h.createQuery(
                            "SELECT report::text FROM import_run WHERE id = CAST(:id AS uuid)").bind("id", importId)
                            .mapTo(String.class).one());
                    var report = new ObjectMapper().readTree(reportJson);
                    assertThat(report.path("invoicesRead").asLong()).isEqualTo(INVOICES);
                    assertThat(report.path("expected").asLong()).isEqualTo(INVOICES);
                    assertThat(report.path("synced").asLong()).isEqualTo(INVOICES + 20);
                    assertThat(report.path("failed")).isEmpty();
                    System.out.println("import crash test: killed after " + pagesAtKill + " pages and " + atKill
                            + " invoices in the ledger; the second node finished it");
                } finally {
                    second.destroy();
                    second.waitFor();
                }
            }
            assertThat(ledger.count("invoice")).isEqualTo(INVOICES);
            assertThat(ledger.count("customer")).isEqualTo(20);
            assertThat(ledger.duplicateInvoiceNumbers()).isEmpty();
            assertThat(ledger.overlappingWrites()).isZero();
        }
    }

    private static int pages(Database db, String id) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT pages FROM import_run WHERE id = CAST(:id AS uuid)")
                .bind("id", id).mapTo(Integer.class).one());
    }

    private static String status(Database db, String id) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT status FROM import_run WHERE id = CAST(:id AS uuid)")
                .bind("id", id).mapTo(String.class).one());
    }
}
