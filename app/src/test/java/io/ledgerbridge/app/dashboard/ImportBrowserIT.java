package io.ledgerbridge.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.app.Ledgerbridge;
import io.ledgerbridge.connector.hubspot.HubSpotConnector;
import io.ledgerbridge.dashboard.DashboardConfig;
import io.ledgerbridge.dashboard.DashboardServer;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.engine.connection.TokenSet;
import io.ledgerbridge.engine.retry.RetryPolicy;
import io.ledgerbridge.engine.worker.NodeConfig;
import io.ledgerbridge.sandbox.hubspot.HubSpotSandbox;
import io.ledgerbridge.sandbox.hubspot.SandboxSettings;
import io.ledgerbridge.sandbox.hubspot.crm.ObjectType;
import io.ledgerbridge.sandbox.reference.ReferenceSandbox;
import io.ledgerbridge.store.connection.TokenCipher;
import io.ledgerbridge.store.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A bookkeeper imports the past from the dashboard: "Import the past" on the flow, the dates, "Check cost" (what it
 * will cost), "Start import", and the import's page, whose progress bar moves by itself until the import is done and
 * its report shows. HubSpot sandbox → reference ledger, real PostgreSQL, real Chromium.
 */
class ImportBrowserIT {

    private static final int INVOICES = 400;

    @Test
    void the_progress_bar_moves_by_itself_and_the_import_finishes_with_its_report() throws Exception {
        try (var hubspot = HubSpotSandbox.start(SandboxSettings.defaults()); var sandbox = ReferenceSandbox.start(0);
                var db = TestDatabase.fresh(12)) {
            String ledgerId = "ledger-" + UUID.randomUUID();
            var ledger = sandbox.createLedger(ledgerId, "token-1");
            ledger.createItem("SKU-1", "Item 1");
            sandbox.latency(ledgerId, Duration.ofMillis(60)); // slow enough for the bar to be seen moving
            long portal = hubspot.createPortal("Acme");
            String clientId = "ledgerbridge-" + UUID.randomUUID();
            var app = hubspot.registerApp("Ledgerbridge", clientId, "secret-" + clientId, null);
            var tokens = hubspot.issueTokens(app.appId(), portal);
            String contact = hubspot.createContact(portal, "ada@example.com", "Ada", "Lovelace");
            String product = hubspot.createProduct(portal, "Item 1", "SKU-1", "10.00");
            for (int i = 0; i < INVOICES; i++) {
                String id = hubspot.createObject(portal, ObjectType.INVOICES, Map.of("hs_currency", "USD", "hs_number",
                        "PAST-" + i, "hs_invoice_status", "open", "hs_invoice_date", "2025-02-1" + (i % 10),
                        "hs_due_date", "2025-03-31"));
                hubspot.associate(portal, ObjectType.INVOICES, id, ObjectType.CONTACTS, contact);
                String line = hubspot.createObject(portal, ObjectType.LINE_ITEMS, Map.of("hs_product_id", product, "quantity", "1"));
                hubspot.associate(portal, ObjectType.INVOICES, id, ObjectType.LINE_ITEMS, line);
            }
            var lb = new Ledgerbridge(db, TokenCipher.newJsonKeyset(), new NodeConfig("node-" + UUID.randomUUID().toString()
                    .substring(0, 6), 1, 5, Duration.ofSeconds(5), Duration.ofMillis(100)),
                    new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(200)), Clock.systemUTC(),
                    List.of(new HubSpotConnector(Clock.systemUTC(), clientId, app.clientSecret())), true);
            var now = Instant.now();
            var workspace = lb.workspaces.create("Acme", now);
            var hub = lb.connections.create(workspace, HubSpotConnector.SYSTEM, "Acme HubSpot", Map.of("baseUrl",
                            hubspot.baseUrl(), "appId", String.valueOf(app.appId()), "portalId", String.valueOf(portal),
                            "searchLagSeconds", "0"),
                    new TokenSet(tokens.accessToken(), tokens.refreshToken(), now.plus(Duration.ofDays(1))), now);
            var books = lb.connections.create(workspace, "reference", "Books", Map.of("baseUrl", sandbox.baseUrl(),
                    "ledger", ledgerId, "timeoutMillis", "3000", "maxBatch", "5"), new TokenSet("token-1", null, null), now);
            var flow = lb.flows.create(workspace, hub, books, FlowSettings.defaults(), now);
            var dashboard = new DashboardServer(DashboardConfig.defaults().withPort(0).withBcryptCost(4), db, lb.connections,
                    lb.flows, lb.events, Ledgerbridge.SYSTEM_NAMES, lb.clock, lb.node::wake);
            dashboard.imports(lb.importPlanner, lb.imports);
            dashboard.start();
            dashboard.users().create(workspace, Stage.EMAIL, Stage.PASSWORD, now);
            lb.start();
            try (var browser = new Browser()) {
                browser.base = "http://127.0.0.1:" + dashboard.port();
                browser.signIn(Stage.EMAIL, Stage.PASSWORD);
                browser.go("/settings/connections");
                browser.clickThrough("#import-" + flow);
                assertThat(browser.path()).isEqualTo("/flows/" + flow + "/imports/new");
                browser.script("document.getElementById('import-from').value = '2025-01-01';"
                        + "document.getElementById('import-to').value = '2025-12-31';"
                        + "document.querySelector('input[name=products]').checked = false;"); // invoices and customers
                browser.clickThrough("#import-form button[value=check]");
                assertThat(browser.find("#estimate-summary").getText()).startsWith("400 invoices: about 160 calls to the reference ledger (batches of 5)");
                browser.screenshot("import-estimate");
                // The dates typed before the check are kept on the form that shows the cost.
                browser.clickThrough("#start-import");
                assertThat(browser.path()).startsWith("/imports/");

                var values = new ArrayList<Long>();
                new WebDriverWait(browser.driver, Duration.ofSeconds(120)).pollingEvery(Duration.ofMillis(400))
                        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                        .until(d -> {
                            var bar = browser.find("#import-progress");
                            values.add(Long.parseLong(bar.getDomProperty("value").split("\\.")[0]));
                            return browser.all("#import-report").size() == 1;
                        });
                browser.screenshot("import-finished");
                assertThat(values.stream().distinct().count()).as("the bar moved on its own: %s", values).isGreaterThan(2);
                assertThat(values).as("it only goes forward").isSorted();
                assertThat(browser.find("#report-synced").getText()).isEqualTo(String.valueOf(INVOICES + 1));
                assertThat(browser.text()).contains("Completed").contains("Nothing failed.");
                assertThat(ledger.count("invoice")).isEqualTo(INVOICES);
            } finally {
                dashboard.close();
                lb.close();
            }
        }
    }
}
