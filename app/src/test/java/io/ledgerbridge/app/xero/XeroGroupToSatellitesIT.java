package io.ledgerbridge.app.xero;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.app.Await;
import io.ledgerbridge.app.Ledgerbridge;
import io.ledgerbridge.app.webhook.XeroWebhookReceiver;
import io.ledgerbridge.connector.xero.XeroConnector;
import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.domain.sync.WaitReason;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.domain.workspace.Route;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.connection.TokenSet;
import io.ledgerbridge.engine.events.EventView;
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
 * The article's group → satellite sync (seeds 002): a Xero "group" organisation is the single source of truth, and
 * each of its invoices, with its contact, is copied into the satellite its tracking option names, as one routed flow
 * (two flows from the group, each routed on tracking Region, each with its number prefix). Invoices are entered in
 * the group over Xero's API; Xero's signed webhooks bring them to Ledgerbridge; the real connector writes the
 * satellites. Real HTTP both ways, real PostgreSQL, one node.
 */
class XeroGroupToSatellitesIT {

    private static final String CLIENT_ID = "ledgerbridge-xero-group-it";
    private static final String SECRET = "xero-group-secret";
    private static final String WEBHOOK_KEY = "xero-group-key-" + UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private XeroSandbox xero;
    private Database db;
    private Ledgerbridge lb;
    private ApiServer api;
    private String group;
    private String sydney;
    private String melbourne;
    private TokenPair groupTokens;
    private WorkspaceId workspace;
    private ConnectionId groupConnection;
    private FlowId toSydney;
    private FlowId toMelbourne;
    private String contact;

    @BeforeEach
    void start() {
        xero = XeroSandbox.builder().port(0).webhookRetryScale(0.001).start();
        group = xero.createOrganisation("Acme Group", "AU", "AUD");
        sydney = xero.createOrganisation("Acme Sydney", "AU", "AUD");
        melbourne = xero.createOrganisation("Acme Melbourne", "AU", "AUD");
        xero.registerApp(CLIENT_ID, SECRET, "http://localhost/cb");
        for (String org : List.of(group, sydney, melbourne)) {
            xero.createItem(org, "W-1", "Widget", new BigDecimal("10.00"));
        }
        groupTokens = xero.issueTokens(CLIENT_ID, group);
        var connector = new XeroConnector(Clock.systemUTC(), CLIENT_ID, SECRET);
        db = TestDatabase.fresh(12);
        lb = new Ledgerbridge(db, XeroHarness.KEYSET, new NodeConfig("node-group", 2, 50, Duration.ofSeconds(30),
                Duration.ofMillis(50)), XeroHarness.FAST_RETRY, Clock.systemUTC(), List.of(connector), true);
        var now = Instant.now();
        workspace = lb.workspaces.create("Acme", now);
        var groupSettings = XeroHarness.settings(xero, group);
        groupSettings.put("webhookKey", WEBHOOK_KEY);
        groupConnection = lb.connections.create(workspace, XeroConnector.SYSTEM, "Xero: Acme Group", groupSettings,
                tokens(groupTokens), now);
        var sydneyConnection = lb.connections.create(workspace, XeroConnector.SYSTEM, "Xero: Acme Sydney",
                XeroHarness.settings(xero, sydney), tokens(xero.issueTokens(CLIENT_ID, sydney)), now);
        var melbourneConnection = lb.connections.create(workspace, XeroConnector.SYSTEM, "Xero: Acme Melbourne",
                XeroHarness.settings(xero, melbourne), tokens(xero.issueTokens(CLIENT_ID, melbourne)), now);
        var settings = FlowSettings.defaults().withTaxMapping(Map.of("OUTPUT", "OUTPUT"));
        toSydney = lb.flows.create(workspace, groupConnection, sydneyConnection,
                settings.withRoute(new Route("tracking:Region", "Sydney", "SYD-")), now);
        toMelbourne = lb.flows.create(workspace, groupConnection, melbourneConnection,
                settings.withRoute(new Route("tracking:Region", "Melbourne", "MEL-")), now);
        var endpoints = new WebhookEndpoints(lb.connections, lb.webhooks, lb.intake, Clock.systemUTC(),
                Map.of(XeroConnector.SYSTEM, new XeroWebhookReceiver(connector, lb.registry)), Duration.ofMillis(100),
                Duration.ofSeconds(4));
        api = new ApiServer(new ApiConfig("127.0.0.1", 0, ApiConfig.ONE_MB), lb.workspaces, lb.connections, lb.flows,
                lb.records, lb.events, lb.intake, Clock.systemUTC(), Operations.NONE, endpoints).start();
        lb.start();
        xero.subscribeWebhooks("http://127.0.0.1:" + api.port() + "/webhooks/" + groupConnection.value(), WEBHOOK_KEY);
        Await.until(() -> "OK".equals(String.valueOf(xero.webhookStatus())), Duration.ofSeconds(10),
                () -> "Xero's intent to receive to pass: " + xero.webhookDeliveries());
        contact = xero.createContact(group, "Bondi Surf Club", "office@bondi.example");
    }

    @AfterEach
    void stop() {
        api.close();
        lb.close();
        db.close();
        xero.close();
    }

    private static TokenSet tokens(TokenPair t) {
        return new TokenSet(t.accessToken(), t.refreshToken(), t.accessExpiresAt());
    }

    // ---- the group's bookkeeper, through Xero's API --------------------------------------------------------------

    private JsonNode call(String method, String path, String body) throws Exception {
        var r = http.send(HttpRequest.newBuilder(URI.create(xero.apiBase() + path))
                .header("Authorization", "Bearer " + groupTokens.accessToken()).header("xero-tenant-id", group)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("Invoices").get(0);
    }

    private static String lines(int quantity, String region) {
        String tracking = region == null ? "" : ",\"Tracking\":[{\"Name\":\"Region\",\"Option\":\"" + region + "\"}]";
        return "[{\"ItemCode\":\"W-1\",\"Description\":\"Widget\",\"Quantity\":" + quantity
                + ",\"UnitAmount\":10.00,\"AccountCode\":\"200\"" + tracking + "}]";
    }

    private String enter(String number, String region) throws Exception {
        return call("PUT", "/Invoices", """
                {"Invoices":[{"Type":"ACCREC","InvoiceNumber":"%s","Status":"AUTHORISED","Date":"2026-11-02",\
                "DueDate":"2026-12-02","Contact":{"ContactID":"%s"},"LineAmountTypes":"Exclusive","LineItems":%s}]}"""
                .formatted(number, contact, lines(1, region))).get("InvoiceID").asText();
    }

    private void edit(String invoiceId, int quantity, String region) throws Exception {
        call("POST", "/Invoices/" + invoiceId, "{\"Invoices\":[{\"LineItems\":" + lines(quantity, region) + "}]}");
    }

    // ---- what Ledgerbridge and the satellites show -------------------------------------------------------------

    private EventView latest(FlowId flow, String invoiceId) {
        return lb.events.ofRecord(workspace, RecordType.INVOICE, invoiceId).stream()
                .filter(e -> e.flowId().equals(flow.value().toString())).findFirst().orElse(null);
    }

    private EventView await(FlowId flow, String invoiceId, SyncStatus status, long version) {
        Await.until(() -> {
            var e = latest(flow, invoiceId);
            return e != null && e.status() == status && lb.events.ofRecord(workspace, RecordType.INVOICE, invoiceId)
                    .stream().filter(x -> x.flowId().equals(flow.value().toString())).count() >= version;
        }, Duration.ofSeconds(30), () -> invoiceId + " to be " + status + " in flow " + flow + ": "
                + lb.events.ofRecord(workspace, RecordType.INVOICE, invoiceId));
        return latest(flow, invoiceId);
    }

    private List<ObjectNode> numbered(String org, String number) {
        return xero.invoices(org).stream().filter(i -> number.equals(i.path("InvoiceNumber").asText())).toList();
    }

    @Test
    void each_invoice_lands_once_in_the_satellite_its_tracking_option_names_with_its_contact_and_an_edit_follows()
            throws Exception {
        String g1 = enter("G-1001", "Sydney");
        String g2 = enter("G-1002", "Melbourne");

        await(toSydney, g1, SyncStatus.SUCCESS, 1);
        await(toMelbourne, g2, SyncStatus.SUCCESS, 1);
        assertThat(numbered(sydney, "SYD-G-1001")).singleElement().satisfies(i -> {
            assertThat(i.path("Contact").path("Name").asText()).isEqualTo("Bondi Surf Club");
            assertThat(i.path("SubTotal").decimalValue()).isEqualByComparingTo("10.00");
        });
        assertThat(numbered(melbourne, "MEL-G-1002")).hasSize(1);
        assertThat(xero.invoices(sydney)).hasSize(1);
        assertThat(xero.invoices(melbourne)).hasSize(1);
        assertThat(latest(toMelbourne, g1)).as("no event for G-1001 in Melbourne's flow").isNull();
        assertThat(xero.contacts(sydney)).extracting(c -> c.path("Name").asText()).containsOnlyOnce("Bondi Surf Club");
        assertThat(xero.contacts(melbourne)).extracting(c -> c.path("Name").asText()).containsOnlyOnce("Bondi Surf Club");

        edit(g1, 4, "Sydney"); // the group wins: its edit overwrites the satellite's copy
        Await.until(() -> numbered(sydney, "SYD-G-1001").getFirst().path("SubTotal").decimalValue()
                .compareTo(new BigDecimal("40.00")) == 0, Duration.ofSeconds(30), () -> "Sydney's copy to be 40.00: "
                + numbered(sydney, "SYD-G-1001"));
        assertThat(numbered(sydney, "SYD-G-1001")).hasSize(1);
    }

    @Test
    void a_retagged_invoice_is_voided_in_the_old_satellite_and_exists_once_in_the_new_one() throws Exception {
        String g3 = enter("G-1003", "Sydney");
        await(toSydney, g3, SyncStatus.SUCCESS, 1);

        edit(g3, 1, "Melbourne");

        await(toMelbourne, g3, SyncStatus.SUCCESS, 1);
        await(toSydney, g3, SyncStatus.SUCCESS, 2);
        assertThat(numbered(sydney, "SYD-G-1003")).singleElement()
                .satisfies(i -> assertThat(i.path("Status").asText()).isEqualTo("VOIDED"));
        assertThat(numbered(melbourne, "MEL-G-1003")).singleElement()
                .satisfies(i -> assertThat(i.path("Status").asText()).isEqualTo("AUTHORISED"));
    }

    @Test
    void an_invoice_with_no_option_a_satellite_takes_fails_naming_the_option_and_the_fix_then_tagging_it_syncs()
            throws Exception {
        String g4 = enter("G-1004", null);

        // One event, in one of the two flows (the routed flow's first destination), fails with the fix
        Await.until(() -> lb.events.ofRecord(workspace, RecordType.INVOICE, g4).stream()
                .anyMatch(e -> e.status() == SyncStatus.FAILED), Duration.ofSeconds(30),
                () -> "G-1004 to fail: " + lb.events.ofRecord(workspace, RecordType.INVOICE, g4));
        assertThat(lb.events.ofRecord(workspace, RecordType.INVOICE, g4)).hasSize(1);
        var failed = lb.events.ofRecord(workspace, RecordType.INVOICE, g4).getFirst();
        assertThat(failed.error().code()).isEqualTo(ErrorCode.NO_ROUTE);
        var shown = failed.error().with("destination", "Xero").with("source", "Xero: Acme Group");
        assertThat(shown.title()).isEqualTo("No destination for this invoice");
        assertThat(shown.message()).startsWith("Invoice G-1004: its tracking Region is not set, and none of this routed "
                + "flow's destinations takes it (they take ").contains("\"Sydney\"").contains("\"Melbourne\"");
        assertThat(shown.fix()).startsWith("Set tracking Region on the invoice in");
        assertThat(xero.invoices(sydney)).isEmpty();
        assertThat(xero.invoices(melbourne)).isEmpty();

        edit(g4, 1, "Melbourne");
        await(toMelbourne, g4, SyncStatus.SUCCESS, 1);
        assertThat(numbered(melbourne, "MEL-G-1004")).hasSize(1);
        assertThat(xero.invoices(sydney)).isEmpty();
    }

    @Test
    void a_satellite_at_its_daily_limit_holds_only_its_own_invoices() throws Exception {
        xero.exhaustDay(melbourne);
        String toMel = enter("G-1005", "Melbourne");
        String toSyd = enter("G-1006", "Sydney");

        await(toSydney, toSyd, SyncStatus.SUCCESS, 1);
        Await.until(() -> {
            var e = latest(toMelbourne, toMel);
            return e != null && e.status() == SyncStatus.PENDING && e.waitReason() == WaitReason.RATE_LIMIT;
        }, Duration.ofSeconds(30), () -> "Melbourne's invoice to wait for the day: " + latest(toMelbourne, toMel));
        var held = latest(toMelbourne, toMel);
        assertThat(held.error().vendorMessage()).startsWith("Daily rate limit hit");
        assertThat(held.nextAttemptAt()).isAfter(Instant.now().plus(Duration.ofHours(23)));
        assertThat(lb.events.countsByStatus(workspace)).containsEntry("FAILED", 0L);
        assertThat(numbered(sydney, "SYD-G-1006")).hasSize(1);
        assertThat(xero.invoices(melbourne)).isEmpty();
    }
}
