package io.ledgerbridge.app.xero;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerbridge.app.Await;
import io.ledgerbridge.app.Ledgerbridge;
import io.ledgerbridge.app.webhook.XeroWebhookReceiver;
import io.ledgerbridge.connector.xero.XeroConnector;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.connection.TokenSet;
import io.ledgerbridge.engine.worker.NodeConfig;
import io.ledgerbridge.sandbox.xero.TokenPair;
import io.ledgerbridge.sandbox.xero.XeroSandbox;
import io.ledgerbridge.store.db.Database;
import io.ledgerbridge.store.testing.TestDatabase;
import io.ledgerbridge.web.ApiConfig;
import io.ledgerbridge.web.ApiServer;
import io.ledgerbridge.web.Operations;
import io.ledgerbridge.web.webhook.WebhookEndpoints;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Xero as a source, end to end: a bookkeeper enters an invoice in one Xero organisation (the group), Xero signs a
 * webhook to Ledgerbridge's {@code /webhooks/{connection}} (after the intent-to-receive handshake, API_FACTS B.9), the
 * node reads the invoice and its contact back in a batch, and the flow writes them into another organisation (a
 * satellite) once. Real HTTP both ways, real PostgreSQL, the real connector on both sides.
 */
class XeroSourceWebhookIT {

    private static final String CLIENT_ID = "ledgerbridge-xero-source-it";
    private static final String SECRET = "xero-source-secret";
    private static final String WEBHOOK_KEY = "xero-webhook-key-" + UUID.randomUUID();
    private final HttpClient http = HttpClient.newHttpClient();
    private XeroSandbox xero;
    private Database db;
    private Ledgerbridge lb;
    private ApiServer api;
    private String group;
    private String satellite;
    private TokenPair groupTokens;
    private WorkspaceId workspace;
    private ConnectionId groupConnection;
    private FlowId flow;

    @BeforeEach
    void start() {
        xero = XeroSandbox.builder().port(0).webhookRetryScale(0.001).start();
        group = xero.createOrganisation("Acme Group", "AU", "AUD");
        satellite = xero.createOrganisation("Acme Sydney", "AU", "AUD");
        xero.registerApp(CLIENT_ID, SECRET, "http://localhost/cb");
        xero.createItem(group, "W-1", "Widget", new BigDecimal("10.00"));
        xero.createItem(satellite, "W-1", "Widget", new BigDecimal("10.00"));
        groupTokens = xero.issueTokens(CLIENT_ID, group);
        var satelliteTokens = xero.issueTokens(CLIENT_ID, satellite);
        var connector = new XeroConnector(Clock.systemUTC(), CLIENT_ID, SECRET);
        db = TestDatabase.fresh(12);
        lb = new Ledgerbridge(db, XeroHarness.KEYSET, new NodeConfig("node-src", 2, 50, Duration.ofSeconds(30),
                Duration.ofMillis(50)), XeroHarness.FAST_RETRY, Clock.systemUTC(), List.of(connector), true);
        var now = Instant.now();
        workspace = lb.workspaces.create("Acme", now);
        var groupSettings = XeroHarness.settings(xero, group);
        groupSettings.put("webhookKey", WEBHOOK_KEY);
        groupConnection = lb.connections.create(workspace, XeroConnector.SYSTEM, "Xero: Acme Group", groupSettings,
                new TokenSet(groupTokens.accessToken(), groupTokens.refreshToken(), groupTokens.accessExpiresAt()), now);
        var satelliteConnection = lb.connections.create(workspace, XeroConnector.SYSTEM, "Xero: Acme Sydney",
                XeroHarness.settings(xero, satellite), new TokenSet(satelliteTokens.accessToken(),
                        satelliteTokens.refreshToken(), satelliteTokens.accessExpiresAt()), now);
        // Both organisations are Australian: the group's GST on income (OUTPUT) is the satellite's OUTPUT too
        flow = lb.flows.create(workspace, groupConnection, satelliteConnection,
                FlowSettings.defaults().withTaxMapping(Map.of("OUTPUT", "OUTPUT")), now);
        var endpoints = new WebhookEndpoints(lb.connections, lb.webhooks, lb.intake, Clock.systemUTC(),
                Map.of(XeroConnector.SYSTEM, new XeroWebhookReceiver(connector, lb.registry)), Duration.ofMillis(100),
                Duration.ofSeconds(4));
        api = new ApiServer(new ApiConfig("127.0.0.1", 0, ApiConfig.ONE_MB), lb.workspaces, lb.connections, lb.flows,
                lb.records, lb.events, lb.intake, Clock.systemUTC(), Operations.NONE, endpoints).start();
        lb.start();
    }

    @AfterEach
    void stop() {
        api.close();
        lb.close();
        db.close();
        xero.close();
    }

    private String webhookUrl() {
        return "http://127.0.0.1:" + api.port() + "/webhooks/" + groupConnection.value();
    }

    /** The bookkeeper's invoice in the group organisation, entered through Xero's API as Xero's own screens would. */
    private String enterInGroup(String number, String contactName) throws Exception {
        String contact = xero.createContact(group, contactName, contactName.toLowerCase().replace(' ', '.') + "@example.com");
        String body = """
                {"Invoices":[{"Type":"ACCREC","InvoiceNumber":"%s","Status":"AUTHORISED","Date":"2026-11-02",\
                "DueDate":"2026-12-02","Contact":{"ContactID":"%s"},"LineAmountTypes":"Exclusive",\
                "LineItems":[{"ItemCode":"W-1","Description":"Widget","Quantity":3,"UnitAmount":10.00,\
                "AccountCode":"200"}]}]}""".formatted(number, contact);
        var r = http.send(HttpRequest.newBuilder(URI.create(xero.apiBase() + "/Invoices"))
                .header("Authorization", "Bearer " + groupTokens.accessToken()).header("xero-tenant-id", group)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new ObjectMapper().readTree(r.body()).get("Invoices").get(0).get("InvoiceID").asText();
    }

    @Test
    void an_invoice_entered_in_the_group_reaches_the_satellite_once_through_a_signed_webhook() throws Exception {
        xero.subscribeWebhooks(webhookUrl(), WEBHOOK_KEY);
        Await.until(() -> "OK".equals(String.valueOf(xero.webhookStatus())), Duration.ofSeconds(10),
                () -> "Xero's intent to receive to pass: " + xero.webhookDeliveries());

        String id = enterInGroup("G-1001", "Bondi Surf Club");

        Await.until(() -> {
            var events = lb.events.ofRecord(workspace, RecordType.INVOICE, id);
            return !events.isEmpty() && events.getFirst().status() == SyncStatus.SUCCESS;
        }, Duration.ofSeconds(30), () -> "the group's invoice to sync: " + lb.events.ofRecord(workspace, RecordType.INVOICE, id));
        assertThat(lb.events.ofRecord(workspace, RecordType.INVOICE, id)).hasSize(1);
        var copy = xero.invoices(satellite);
        assertThat(copy).singleElement().satisfies(inv -> {
            assertThat(inv.get("InvoiceNumber").asText()).isEqualTo("G-1001");
            assertThat(inv.get("SubTotal").decimalValue()).isEqualByComparingTo("30.00");
            assertThat(inv.get("Contact").get("Name").asText()).isEqualTo("Bondi Surf Club");
        });
        assertThat(xero.contacts(satellite)).extracting(c -> c.get("Name").asText()).containsOnlyOnce("Bondi Surf Club");
        assertThat(xero.webhookDeliveries()).as("deliveries signed with the key were accepted, the others refused")
                .allSatisfy(d -> assertThat(d.succeeded()).isEqualTo(d.correctlySigned()));
    }

    @Test
    void a_delivery_with_a_wrong_signature_is_refused_with_401_and_enqueues_nothing() throws Exception {
        String body = "{\"events\":[{\"resourceUrl\":\"" + xero.apiBase() + "/Invoices/x\",\"resourceId\":\""
                + UUID.randomUUID() + "\",\"eventDateUtc\":\"2026-11-02T10:00:00.000\",\"eventType\":\"CREATE\","
                + "\"eventCategory\":\"INVOICE\",\"tenantId\":\"" + group + "\",\"tenantType\":\"ORGANISATION\"}],"
                + "\"firstEventSequence\":1,\"lastEventSequence\":1,\"entropy\":\"ABCDEF\"}";
        var r = http.send(HttpRequest.newBuilder(URI.create(webhookUrl())).header("Content-Type", "application/json")
                .header("x-xero-signature", "bm90LXRoZS1zaWduYXR1cmU=").POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(lb.events.countsByStatus(workspace).values().stream().mapToLong(Long::longValue).sum()).isZero();
    }
}
