package io.ledgerbridge.app.xero;

import static io.ledgerbridge.domain.sync.SyncStatus.FAILED;
import static io.ledgerbridge.domain.sync.SyncStatus.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.app.Ledgerbridge;
import io.ledgerbridge.app.webhook.HubSpotWebhookReceiver;
import io.ledgerbridge.connector.hubspot.HubSpotConnector;
import io.ledgerbridge.connector.xero.XeroConnector;
import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.connection.TokenSet;
import io.ledgerbridge.engine.events.EventView;
import io.ledgerbridge.engine.worker.NodeConfig;
import io.ledgerbridge.sandbox.hubspot.HubSpotSandbox;
import io.ledgerbridge.sandbox.hubspot.SandboxSettings;
import io.ledgerbridge.sandbox.hubspot.crm.ObjectType;
import io.ledgerbridge.sandbox.hubspot.oauth.OAuthApp;
import io.ledgerbridge.sandbox.xero.XeroSandbox;
import io.ledgerbridge.store.db.Database;
import io.ledgerbridge.store.testing.TestDatabase;
import io.ledgerbridge.web.ApiConfig;
import io.ledgerbridge.web.ApiServer;
import io.ledgerbridge.web.Operations;
import io.ledgerbridge.web.webhook.WebhookEndpoints;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HubSpot → Xero end to end: a sales team makes contacts, products and invoices in the HubSpot sandbox; HubSpot's
 * signed webhooks reach Ledgerbridge's API server; the HubSpot connector reads the records back; the Xero connector
 * writes them into an organisation of the Xero sandbox. Real PostgreSQL, real HTTP everywhere.
 */
class HubSpotToXeroIT {

    private static HubSpotSandbox hubspot;
    private static XeroSandbox xero;

    private long portal;
    private String tenant;
    private Database db;
    private Ledgerbridge lb;
    private ApiServer api;
    private WorkspaceId workspace;
    private ConnectionId hub;
    private ConnectionId books;
    private FlowId flow;

    @BeforeAll
    static void startSandboxes() {
        hubspot = HubSpotSandbox.start(SandboxSettings.defaults());
        xero = XeroSandbox.start(0);
    }

    @AfterAll
    static void stopSandboxes() {
        hubspot.close();
        xero.close();
    }

    @BeforeEach
    void workspace() {
        portal = hubspot.createPortal("Acme");
        String clientId = "ledgerbridge-" + UUID.randomUUID();
        OAuthApp app = hubspot.registerApp("Ledgerbridge", clientId, "secret-" + clientId, null);
        var hubTokens = hubspot.issueTokens(app.appId(), portal);
        tenant = xero.createOrganisation("Acme Ltd " + UUID.randomUUID().toString().substring(0, 6), "GB", "GBP");
        xero.registerApp(XeroHarness.CLIENT_ID, XeroHarness.CLIENT_SECRET, "http://localhost/cb");
        var xeroTokens = xero.issueTokens(XeroHarness.CLIENT_ID, tenant);
        var hubConnector = new HubSpotConnector(Clock.systemUTC(), clientId, app.clientSecret());
        var xeroConnector = new XeroConnector(Clock.systemUTC(), XeroHarness.CLIENT_ID, XeroHarness.CLIENT_SECRET);

        db = TestDatabase.fresh(20);
        lb = new Ledgerbridge(db, XeroHarness.KEYSET, new NodeConfig("node-" + UUID.randomUUID().toString().substring(0, 6),
                2, 50, Duration.ofSeconds(30), Duration.ofMillis(50)), XeroHarness.FAST_RETRY, Clock.systemUTC(),
                List.of(hubConnector, xeroConnector), true);
        var now = Instant.now();
        workspace = lb.workspaces.create("Acme", now);
        hub = lb.connections.create(workspace, HubSpotConnector.SYSTEM, "Acme HubSpot", Map.of(
                        "baseUrl", hubspot.baseUrl(), "appId", String.valueOf(app.appId()), "portalId", String.valueOf(portal),
                        "timeoutMillis", "5000", "searchLagSeconds", "0"),
                new TokenSet(hubTokens.accessToken(), hubTokens.refreshToken(), now.plusSeconds(hubTokens.expiresInSeconds())), now);
        books = lb.connections.create(workspace, XeroConnector.SYSTEM, "Xero: Acme Ltd", XeroHarness.settings(xero, tenant),
                new TokenSet(xeroTokens.accessToken(), xeroTokens.refreshToken(), xeroTokens.accessExpiresAt()), now);
        flow = lb.flows.create(workspace, hub, books, FlowSettings.defaults().withProductSync(true), now);
        var endpoints = new WebhookEndpoints(lb.connections, lb.webhooks, lb.intake, Clock.systemUTC(),
                Map.of(HubSpotConnector.SYSTEM, new HubSpotWebhookReceiver(hubConnector, lb.registry)),
                Duration.ofMillis(100), Duration.ofSeconds(4));
        api = new ApiServer(new ApiConfig("127.0.0.1", 0, ApiConfig.ONE_MB), lb.workspaces, lb.connections, lb.flows,
                lb.records, lb.events, lb.intake, Clock.systemUTC(), Operations.NONE, endpoints).start();
        hubspot.configureWebhooks(app.appId(), "http://127.0.0.1:" + api.port() + "/webhooks/" + hub.value());
        lb.start();
    }

    @AfterEach
    void close() {
        api.close();
        lb.close();
        db.close();
    }

    @Test
    void a_hubspot_invoice_arrives_in_xero_once_with_its_contact_and_items_then_an_edit_and_a_void_follow() {
        String ada = hubspot.createContact(portal, "ada@example.com", "Ada", "Lovelace");
        String hour = hubspot.createProduct(portal, "Consulting hour", "CONS-1", "150");
        String id = invoice("INV-3001", "open", ada, hour);

        var synced = await(RecordType.INVOICE, id, SUCCESS);
        var stored = xeroInvoice(synced.destinationId());
        assertThat(stored.path("InvoiceNumber").asText()).isEqualTo("INV-3001");
        assertThat(stored.path("Type").asText()).isEqualTo("ACCREC");
        assertThat(stored.path("Contact").path("Name").asText()).isEqualTo("Ada Lovelace");
        assertThat(stored.path("LineItems").get(0).path("ItemCode").asText()).isEqualTo("CONS-1");
        assertThat(stored.path("SubTotal").decimalValue()).isEqualByComparingTo("300.00");
        assertThat(xero.countInvoicesByNumber(tenant, "INV-3001")).isEqualTo(1);
        assertThat(xero.items(tenant).stream().filter(i -> "CONS-1".equals(i.path("Code").asText())).count()).isEqualTo(1);

        // A salesperson voids the invoice in HubSpot: Xero voids it too, and keeps it.
        hubspot.updateObject(portal, ObjectType.INVOICES, id, Map.of("hs_invoice_status", "voided"));
        XeroHarness.awaitTrue(() -> "VOIDED".equals(xeroInvoice(synced.destinationId()).path("Status").asText()),
                Duration.ofSeconds(30), () -> "the void in Xero: " + xeroInvoice(synced.destinationId()));
        assertThat(xero.countInvoicesByNumber(tenant, "INV-3001")).isEqualTo(1);
    }

    @Test
    void a_hubspot_product_whose_name_xero_refuses_fails_with_the_articles_words() {
        String ada = hubspot.createContact(portal, "ada@example.com", "Ada", "Lovelace");
        String kit = hubspot.createProduct(portal, "Starter kit <deluxe>", "KIT-9", "12.50");
        invoice("INV-3002", "open", ada, kit);
        var failed = await(RecordType.PRODUCT, kit, FAILED);
        assertThat(failed.error().code()).isEqualTo(ErrorCode.INVALID_CHARACTERS);
        assertThat(failed.error().message() + " " + failed.error().vendorMessage())
                .contains("Please remove the incorrect symbols from the product name");
    }

    private String invoice(String number, String status, String contact, String... products) {
        var props = new LinkedHashMap<String, String>(Map.of("hs_currency", "GBP", "hs_number", number,
                "hs_invoice_status", status, "hs_invoice_date", "2026-11-02", "hs_due_date", "2026-12-02"));
        String id = hubspot.createObject(portal, ObjectType.INVOICES, props);
        hubspot.associate(portal, ObjectType.INVOICES, id, ObjectType.CONTACTS, contact);
        for (String product : products) {
            String line = hubspot.createObject(portal, ObjectType.LINE_ITEMS, Map.of("hs_product_id", product, "quantity", "2"));
            hubspot.associate(portal, ObjectType.INVOICES, id, ObjectType.LINE_ITEMS, line);
        }
        return id;
    }

    private com.fasterxml.jackson.databind.node.ObjectNode xeroInvoice(String invoiceId) {
        return xero.invoices(tenant).stream().filter(i -> invoiceId.equals(i.path("InvoiceID").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no Xero invoice " + invoiceId));
    }

    private List<EventView> events(RecordType type, String sourceId) {
        return lb.events.ofRecord(workspace, type, sourceId).stream().filter(e -> e.flowId().equals(flow.toString())).toList();
    }

    private EventView await(RecordType type, String sourceId, SyncStatus status) {
        XeroHarness.awaitTrue(() -> {
            var events = events(type, sourceId);
            return !events.isEmpty() && events.getFirst().status() == status;
        }, Duration.ofSeconds(30), () -> type + " " + sourceId + " to be " + status + " but it is " + events(type, sourceId));
        return events(type, sourceId).getFirst();
    }
}
