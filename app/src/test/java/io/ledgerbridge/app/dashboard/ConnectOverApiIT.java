package io.ledgerbridge.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerbridge.app.Await;
import io.ledgerbridge.app.Ledgerbridge;
import io.ledgerbridge.app.config.VendorEndpoints;
import io.ledgerbridge.connector.quickbooks.QuickBooksConnector;
import io.ledgerbridge.dashboard.DashboardConfig;
import io.ledgerbridge.dashboard.DashboardServer;
import io.ledgerbridge.dashboard.NewConnectionDefaults;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.ConnectionStatus;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.retry.RetryPolicy;
import io.ledgerbridge.engine.worker.NodeConfig;
import io.ledgerbridge.sandbox.quickbooks.QuickBooksSandbox;
import io.ledgerbridge.sandbox.quickbooks.oauth.OAuthApp;
import io.ledgerbridge.store.connection.TokenCipher;
import io.ledgerbridge.store.db.Database;
import io.ledgerbridge.store.testing.TestDatabase;
import io.ledgerbridge.web.ApiConfig;
import io.ledgerbridge.web.ApiServer;
import io.ledgerbridge.web.Operations;
import io.ledgerbridge.web.webhook.WebhookEndpoints;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A workspace made without the dashboard connects QuickBooks over the API, as a program setting up a customer would:
 * {@code POST /api/v1/connections} answers the consent URL; a person (here: an HTTP client signed in nowhere) opens it
 * on the QuickBooks sandbox's consent page, chooses the company and presses Connect; the sandbox sends the browser to
 * the dashboard's {@code /oauth/callback}, which makes the connection; the program reads the outcome, makes a flow and
 * pushes an invoice, which lands in the company. Reconnecting a connection whose refresh token QuickBooks revoked goes
 * the same way, and the invoice that waited for it syncs.
 */
class ConnectOverApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"");

    private static QuickBooksSandbox qbo;
    private static Database db;
    private static Ledgerbridge lb;
    private static DashboardServer dashboard;
    private static ApiServer api;
    private static final String CLIENT_ID = "lb-qb-" + UUID.randomUUID();
    private static final String REALM = "9130" + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000L);
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() {
        qbo = QuickBooksSandbox.start(0);
        db = TestDatabase.fresh(12);
        lb = new Ledgerbridge(db, TokenCipher.newJsonKeyset(), new NodeConfig("node-" + UUID.randomUUID(), 2, 50,
                Duration.ofSeconds(2), Duration.ofMillis(50)), new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(200)),
                Clock.systemUTC(), List.of(new QuickBooksConnector(Clock.systemUTC(), CLIENT_ID, "qb-secret")), true);
        dashboard = new DashboardServer(DashboardConfig.defaults().withPort(0).withBcryptCost(4), db, lb.connections,
                lb.flows, lb.events, Ledgerbridge.SYSTEM_NAMES, Clock.systemUTC(), lb.node::wake, lb.registry::authorization,
                new NewConnectionDefaults(Map.of(QuickBooksConnector.SYSTEM, VendorEndpoints.quickBooksSandbox(qbo.baseUrl()))))
                .start();
        api = new ApiServer(ApiConfig.defaults().withPort(0), lb.workspaces, lb.connections, lb.flows, lb.records, lb.events,
                lb.intake, Clock.systemUTC(), Operations.NONE, WebhookEndpoints.none(), dashboard.consents()).start();
        qbo.createRealm(REALM, "Acme Books " + REALM);
        qbo.registerApp(OAuthApp.of(CLIENT_ID, "qb-secret", "http://127.0.0.1:" + dashboard.port() + "/oauth/callback"));
        qbo.createItem(REALM, "Widget", "W-1", new BigDecimal("10.00"));
        lb.start();
    }

    @AfterAll
    static void stop() {
        api.close();
        dashboard.close();
        lb.close();
        db.close();
        qbo.close();
    }

    private record Answer(int status, JsonNode json, String body, HttpResponse<String> raw) {}

    private static Answer call(String method, String path, String body, String key) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        var r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode json;
        try {
            json = r.body().isBlank() ? null : JSON.readTree(r.body());
        } catch (IOException notJson) {
            json = null;
        }
        return new Answer(r.statusCode(), json, r.body(), r);
    }

    /**
     * The person: opens the consent URL, chooses the company, presses Connect (or Cancel), and follows QuickBooks'
     * redirect to the dashboard's callback, signed in nowhere. Returns the page it ends on.
     */
    private static HttpResponse<String> consent(String consentUrl, String decision) throws Exception {
        var page = HTTP.send(HttpRequest.newBuilder(URI.create(consentUrl)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains(CLIENT_ID + "</b> wants to connect to your QuickBooks company");
        var form = new StringBuilder("realmId=" + REALM + "&decision=" + decision);
        var m = HIDDEN.matcher(page.body());
        while (m.find()) {
            form.append('&').append(m.group(1)).append('=')
                    .append(URLEncoder.encode(m.group(2).replace("&amp;", "&").replace("&#39;", "'").replace("&quot;", "\""),
                            StandardCharsets.UTF_8));
        }
        var redirect = HTTP.send(HttpRequest.newBuilder(URI.create(qbo.baseUrl() + "/connect/oauth2/consent"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(redirect.statusCode()).isBetween(301, 303);
        String callback = redirect.headers().firstValue("Location").orElseThrow();
        assertThat(callback).startsWith("http://127.0.0.1:" + dashboard.port() + "/oauth/callback?");
        return HTTP.send(HttpRequest.newBuilder(URI.create(callback)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String invoice(String number) {
        return """
                {"number": "%s", "status": "OPEN", "customerId": "C-1", "currency": "USD", "issueDate": "2026-11-02",
                 "lines": [{"sku": "W-1", "description": "Widget", "quantity": 1, "unitPrice": "10.00"}]}""".formatted(number);
    }

    @Test
    void a_workspace_connects_quickbooks_over_the_api_makes_a_flow_and_its_first_invoice_lands_in_the_company() throws Exception {
        var now = Instant.now();
        WorkspaceId ws = lb.workspaces.create("Fresh Co", now);
        String key = lb.workspaces.createApiKey(ws, "setup", now);
        var app = call("POST", "/api/v1/connections", "{\"system\": \"native\", \"name\": \"Fresh shop\"}", key);
        assertThat(app.status()).as(app.body()).isEqualTo(201);

        var asked = call("POST", "/api/v1/connections", "{\"system\": \"quickbooks\", \"name\": \"Fresh Books\"}", key);
        assertThat(asked.status()).as(asked.body()).isEqualTo(202);
        assertThat(asked.json().get("status").asText()).isEqualTo("WAITING");
        assertThat(asked.json().get("purpose").asText()).isEqualTo("connect");
        String location = asked.raw().headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo("/api/v1/connections/requests/" + asked.json().get("id").asText());
        String consentUrl = asked.json().get("consentUrl").asText();
        assertThat(consentUrl).startsWith(qbo.baseUrl() + "/connect/oauth2?").contains("client_id=" + CLIENT_ID);
        var waiting = call("GET", location, null, key);
        assertThat(waiting.json().get("status").asText()).isEqualTo("WAITING");
        assertThat(waiting.json().get("consentUrl").isNull()).as("the URL is shown once").isTrue();

        var done = consent(consentUrl, "allow");
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(done.body()).contains("<h1>Fresh Books is connected to QuickBooks Online</h1>");

        var connected = call("GET", location, null, key);
        assertThat(connected.json().get("status").asText()).isEqualTo("CONNECTED");
        var books = connected.json().get("connection");
        assertThat(books.get("name").asText()).isEqualTo("Fresh Books");
        assertThat(books.get("status").asText()).isEqualTo("CONNECTED");
        assertThat(connected.body()).doesNotContain("access_token").doesNotContain("refresh");
        var record = lb.connections.find(new ConnectionId(UUID.fromString(books.get("id").asText()))).orElseThrow();
        assertThat(record.settings()).containsEntry("realmId", REALM).containsEntry("baseUrl", qbo.baseUrl());

        var flow = call("POST", "/api/v1/flows", "{\"sourceConnectionId\": \"" + app.json().get("id").asText()
                + "\", \"destinationConnectionId\": \"" + books.get("id").asText() + "\"}", key);
        assertThat(flow.status()).as(flow.body()).isEqualTo(201);
        assertThat(call("PUT", "/api/v1/customers/C-1",
                "{\"id\": \"C-1\", \"displayName\": \"Grace Hopper\", \"email\": \"grace@example.com\"}", key).status())
                .isEqualTo(201);
        assertThat(call("PUT", "/api/v1/invoices/N-1", invoice("N-1"), key).status()).isEqualTo(201);
        Await.until(() -> qbo.invoices(REALM).stream().anyMatch(i -> i.get("DocNumber").asText().equals("N-1")),
                Duration.ofSeconds(20), () -> "N-1 to reach the QuickBooks company");

        var audit = call("GET", "/api/v1/audit", null, key).json().get("entries");
        assertThat(audit.findValues("action").stream().map(JsonNode::asText)).contains("connection.connect");

        // The same company again, as a second connection: refused at the callback, the request says why.
        var twice = call("POST", "/api/v1/connections", "{\"system\": \"quickbooks\", \"name\": \"Fresh Books 2\"}", key);
        var refusedPage = consent(twice.json().get("consentUrl").asText(), "allow");
        assertThat(refusedPage.statusCode()).isEqualTo(400);
        assertThat(refusedPage.body()).contains("already connected as &quot;Fresh Books&quot;");
        var failed = call("GET", twice.raw().headers().firstValue("Location").orElseThrow(), null, key).json();
        assertThat(failed.get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.get("reason").asText()).contains("This QuickBooks Online account is already connected as \"Fresh Books\"");
    }

    @Test
    void a_connection_whose_grant_quickbooks_revoked_is_reconnected_over_the_api_and_the_waiting_invoice_syncs() throws Exception {
        var now = Instant.now();
        WorkspaceId ws = lb.workspaces.create("Renewed Co", now);
        String key = lb.workspaces.createApiKey(ws, "ops", now);
        var asked = call("POST", "/api/v1/connections", "{\"system\": \"quickbooks\", \"name\": \"Renewed Books\"}", key);
        assertThat(consent(asked.json().get("consentUrl").asText(), "allow").statusCode()).isEqualTo(200);
        String booksId = call("GET", asked.raw().headers().firstValue("Location").orElseThrow(), null, key).json()
                .get("connection").get("id").asText();
        var books = new ConnectionId(UUID.fromString(booksId));
        var app = call("POST", "/api/v1/connections", "{\"system\": \"native\", \"name\": \"Renewed shop\"}", key);
        call("POST", "/api/v1/flows", "{\"sourceConnectionId\": \"" + app.json().get("id").asText()
                + "\", \"destinationConnectionId\": \"" + booksId + "\"}", key);

        // QuickBooks revokes the grant; the next sync finds out and the connection needs reconnecting.
        qbo.revokeRefreshTokens(REALM);
        lb.connections.markNeedsReconnect(books, "the refresh token was revoked", now);
        call("PUT", "/api/v1/customers/C-1", "{\"id\": \"C-1\", \"displayName\": \"Ada\", \"email\": \"ada@example.com\"}", key);
        assertThat(call("PUT", "/api/v1/invoices/R-1", invoice("R-1"), key).status()).isEqualTo(201);
        Thread.sleep(500);
        assertThat(qbo.invoices(REALM).stream().noneMatch(i -> i.get("DocNumber").asText().equals("R-1"))).isTrue();

        var cancelled = call("POST", "/api/v1/connections/" + booksId + "/reconnect", null, key);
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(202);
        assertThat(cancelled.json().get("purpose").asText()).isEqualTo("reconnect");
        var cancelPage = consent(cancelled.json().get("consentUrl").asText(), "deny");
        assertThat(cancelPage.statusCode()).isEqualTo(400);
        var refused = call("GET", cancelled.raw().headers().firstValue("Location").orElseThrow(), null, key).json();
        assertThat(refused.get("status").asText()).isEqualTo("FAILED");
        assertThat(refused.get("reason").asText()).startsWith("QuickBooks Online did not authorise the connection");
        assertThat(lb.connections.find(books).orElseThrow().status()).isEqualTo(ConnectionStatus.NEEDS_RECONNECT);

        var asked2 = call("POST", "/api/v1/connections/" + booksId + "/reconnect", null, key);
        assertThat(consent(asked2.json().get("consentUrl").asText(), "allow").body()).contains("Renewed Books is reconnected");
        var reconnected = call("GET", asked2.raw().headers().firstValue("Location").orElseThrow(), null, key).json();
        assertThat(reconnected.get("status").asText()).isEqualTo("CONNECTED");
        assertThat(reconnected.get("connection").get("status").asText()).isEqualTo("CONNECTED");
        Await.until(() -> qbo.invoices(REALM).stream().anyMatch(i -> i.get("DocNumber").asText().equals("R-1")),
                Duration.ofSeconds(20), () -> "R-1 to sync once the connection is reconnected");

        var readOnly = lb.workspaces.keys().create(ws, "viewer", true, java.util.Optional.empty(), now).key();
        assertThat(call("POST", "/api/v1/connections/" + booksId + "/reconnect", null, readOnly).status()).isEqualTo(403);
        assertThat(call("POST", "/api/v1/connections/" + UUID.randomUUID() + "/reconnect", null, key).status()).isEqualTo(404);
        assertThat(call("GET", "/api/v1/connections/requests/" + UUID.randomUUID(), null, key).status()).isEqualTo(404);
    }
}
