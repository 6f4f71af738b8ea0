package io.ledgerbridge.app.hubspot;

import io.ledgerbridge.app.Ledgerbridge;
import io.ledgerbridge.connector.hubspot.HubSpotConnector;
import io.ledgerbridge.connector.quickbooks.QuickBooksConnector;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.connection.TokenSet;
import io.ledgerbridge.engine.events.EventView;
import io.ledgerbridge.engine.intake.RecordIntake;
import io.ledgerbridge.engine.retry.RetryPolicy;
import io.ledgerbridge.engine.worker.NodeConfig;
import io.ledgerbridge.sandbox.hubspot.HubSpotSandbox;
import io.ledgerbridge.sandbox.hubspot.crm.ObjectType;
import io.ledgerbridge.sandbox.hubspot.crm.SandboxObject;
import io.ledgerbridge.sandbox.hubspot.oauth.OAuthApp;
import io.ledgerbridge.sandbox.quickbooks.QuickBooksSandbox;
import io.ledgerbridge.sandbox.quickbooks.oauth.TokenPair;
import io.ledgerbridge.store.connection.TokenCipher;
import io.ledgerbridge.store.db.Database;
import io.ledgerbridge.store.testing.TestDatabase;
import io.ledgerbridge.web.ApiConfig;
import io.ledgerbridge.web.ApiServer;
import io.ledgerbridge.web.Operations;
import io.ledgerbridge.app.webhook.HubSpotWebhookReceiver;
import io.ledgerbridge.web.webhook.WebhookEndpoints;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A workspace with a HubSpot portal and a QuickBooks company, each in its sandbox, connected through the real
 * connectors; a real PostgreSQL, one node, and the API server taking HubSpot's webhooks at
 * {@code POST /webhooks/{connectionId}}. QuickBooks is read through change data capture ({@link #pollQuickBooks}).
 * Flows are made by each test: a direction is the flow that is enabled.
 */
final class HubSpotHarness implements AutoCloseable {

    static final RetryPolicy FAST_RETRY = new RetryPolicy(4, Duration.ofMillis(50), Duration.ofMillis(200));
    static final String KEYSET = TokenCipher.newJsonKeyset();
    static final String QB_CLIENT_ID = "ledgerbridge-hubspot-it";
    static final String QB_CLIENT_SECRET = "it-secret";

    final HubSpotSandbox hubspot;
    final QuickBooksSandbox qbo;
    final long portal;
    final OAuthApp app;
    final String realm;
    final TokenPair qbTokens;
    final Database db;
    final Ledgerbridge lb;
    final ApiServer api;
    final WorkspaceId workspace;
    final ConnectionId hub;
    final ConnectionId books;
    final HubSpotConnector hubConnector;
    final QuickBooksConnector qbConnector = new QuickBooksConnector(Clock.systemUTC(), QB_CLIENT_ID, QB_CLIENT_SECRET);
    private long lastPoll = System.nanoTime() - 1_000_000_000L;

    /** @param webhooks whether the HubSpot app posts its webhooks to Ledgerbridge */
    HubSpotHarness(HubSpotSandbox hubspot, QuickBooksSandbox qbo, boolean webhooks) {
        this(hubspot, qbo, webhooks, Duration.ofMillis(100));
    }

    /** @param readWindow how long webhook deliveries are gathered before they are read back together */
    HubSpotHarness(HubSpotSandbox hubspot, QuickBooksSandbox qbo, boolean webhooks, Duration readWindow) {
        this(hubspot, qbo, webhooks, readWindow, Map.of());
    }

    /** @param hubSettings more settings of the HubSpot connection (e.g. {@code routeProperties}) */
    HubSpotHarness(HubSpotSandbox hubspot, QuickBooksSandbox qbo, boolean webhooks, Duration readWindow,
            Map<String, String> hubSettings) {
        this.hubspot = hubspot;
        this.qbo = qbo;
        this.portal = hubspot.createPortal("Acme");
        String clientId = "ledgerbridge-" + UUID.randomUUID();
        this.app = hubspot.registerApp("Ledgerbridge", clientId, "secret-" + clientId, null);
        var hubTokens = hubspot.issueTokens(app.appId(), portal);
        this.realm = String.valueOf(4_620_000_000_000_000L + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000_000L));
        qbo.createRealm(realm, "Acme Books " + realm);
        qbo.registerApp(io.ledgerbridge.sandbox.quickbooks.oauth.OAuthApp.of(QB_CLIENT_ID, QB_CLIENT_SECRET, "http://localhost/cb"));
        this.qbTokens = qbo.issueTokens(QB_CLIENT_ID, realm);
        this.hubConnector = new HubSpotConnector(Clock.systemUTC(), clientId, app.clientSecret());

        this.db = TestDatabase.fresh(20);
        this.lb = new Ledgerbridge(db, KEYSET, new NodeConfig("node-" + UUID.randomUUID().toString().substring(0, 6), 2, 50,
                Duration.ofSeconds(2), Duration.ofMillis(50)), FAST_RETRY, Clock.systemUTC(), List.of(hubConnector, qbConnector),
                true);
        var now = Instant.now();
        this.workspace = lb.workspaces.create("Acme", now);
        var hubConnection = new java.util.HashMap<>(Map.of(
                        "baseUrl", hubspot.baseUrl(), "appId", String.valueOf(app.appId()), "portalId", String.valueOf(portal),
                        "timeoutMillis", "5000", "searchLagSeconds", "0"));
        hubConnection.putAll(hubSettings);
        this.hub = lb.connections.create(workspace, HubSpotConnector.SYSTEM, "Acme HubSpot", hubConnection,
                new TokenSet(hubTokens.accessToken(), hubTokens.refreshToken(), now.plusSeconds(hubTokens.expiresInSeconds())), now);
        this.books = lb.connections.create(workspace, QuickBooksConnector.SYSTEM, "Acme Books", Map.of(
                        "baseUrl", qbo.baseUrl(), "realmId", realm, "tokenUrl", qbo.baseUrl() + "/oauth2/v1/tokens/bearer",
                        "timeoutMillis", "3000", "throttleWaitSeconds", "1", "webhookVerifierToken", QB_VERIFIER_TOKEN),
                new TokenSet(qbTokens.accessToken(), qbTokens.refreshToken(), now.plusSeconds(qbTokens.expiresIn())), now);
        var endpoints = new WebhookEndpoints(lb.connections, lb.webhooks, lb.intake, Clock.systemUTC(),
                Map.of(HubSpotConnector.SYSTEM, new HubSpotWebhookReceiver(hubConnector, lb.registry),
                        QuickBooksConnector.SYSTEM, new io.ledgerbridge.app.webhook.QuickBooksWebhookReceiver(lb.poller)),
                readWindow, Duration.ofSeconds(4));
        this.api = new ApiServer(new ApiConfig("127.0.0.1", 0, ApiConfig.ONE_MB), lb.workspaces, lb.connections, lb.flows,
                lb.records, lb.events, lb.intake, Clock.systemUTC(), Operations.NONE, endpoints,
                io.ledgerbridge.engine.connection.Consents.NONE, lb.importPlanner, lb.imports).start();
        if (webhooks) {
            hubspot.configureWebhooks(app.appId(), webhookUrl());
        }
    }

    static final String QB_VERIFIER_TOKEN = "qb-verifier-token";

    String quickBooksWebhookUrl() {
        return "http://127.0.0.1:" + api.port() + "/webhooks/" + books.value();
    }

    String webhookUrl() {
        return "http://127.0.0.1:" + api.port() + "/webhooks/" + hub.value();
    }

    FlowId flow(ConnectionId from, ConnectionId to, FlowSettings settings) {
        return lb.flows.create(workspace, from, to, settings, Instant.now());
    }

    HubSpotHarness start() {
        lb.start();
        return this;
    }

    // ---- HubSpot, as a person uses it --------------------------------------------------------------------------

    String contact(String email, String first, String last) {
        return hubspot.createContact(portal, email, first, last);
    }

    String product(String name, String sku, String price) {
        return hubspot.createProduct(portal, name, sku, price);
    }

    /**
     * An invoice as HubSpot's guide makes it: the invoice, its contact, then its line items (one per product, quantity
     * 2), each association a change HubSpot tells webhooks about.
     */
    String invoice(String number, String status, String contact, String... products) {
        return invoiceDated("2026-11-02", number, status, contact, products);
    }

    /** {@link #invoice} with its invoice date ({@code hs_invoice_date}, what a historical import reads by). */
    String invoiceDated(String date, String number, String status, String contact, String... products) {
        var props = new LinkedHashMap<String, String>(Map.of("hs_currency", "USD", "hs_number", number,
                "hs_invoice_status", status, "hs_invoice_date", date, "hs_due_date",
                java.time.LocalDate.parse(date).plusDays(30).toString()));
        String id = hubspot.createObject(portal, ObjectType.INVOICES, props);
        hubspot.associate(portal, ObjectType.INVOICES, id, ObjectType.CONTACTS, contact);
        for (String product : products) {
            String line = hubspot.createObject(portal, ObjectType.LINE_ITEMS, Map.of("hs_product_id", product, "quantity", "2"));
            hubspot.associate(portal, ObjectType.INVOICES, id, ObjectType.LINE_ITEMS, line);
        }
        return id;
    }

    SandboxObject hubspotObject(ObjectType type, String id) {
        return hubspot.object(portal, type, id).orElseThrow();
    }

    // ---- QuickBooks --------------------------------------------------------------------------------------------

    /**
     * Reads QuickBooks' change data capture from where the last poll stopped and hands every record to intake; at most
     * every 300 ms, as a poller would (QuickBooks allows 500 requests a minute).
     */
    int pollQuickBooks() {
        if (System.nanoTime() - lastPoll < 300_000_000L) {
            return 0;
        }
        lastPoll = System.nanoTime();
        return lb.poller.poll(books); // the production poller, cursor kept in source_cursor
    }

    // ---- what Ledgerbridge shows -------------------------------------------------------------------------------

    List<EventView> events(FlowId flow, RecordType type, String sourceId) {
        return lb.events.ofRecord(workspace, type, sourceId).stream().filter(e -> e.flowId().equals(flow.toString())).toList();
    }

    EventView await(FlowId flow, RecordType type, String sourceId, SyncStatus status) {
        return await(flow, type, sourceId, status, Duration.ofSeconds(20));
    }

    EventView await(FlowId flow, RecordType type, String sourceId, SyncStatus status, Duration timeout) {
        awaitTrue(() -> {
            var events = events(flow, type, sourceId);
            return !events.isEmpty() && events.getFirst().status() == status;
        }, timeout, () -> type + " " + sourceId + " to be " + status + " but it is " + events(flow, type, sourceId));
        return events(flow, type, sourceId).getFirst();
    }

    long count(String sql) {
        return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    static void awaitTrue(BooleanSupplier condition, Duration timeout, Supplier<String> what) {
        io.ledgerbridge.app.Await.until(condition, timeout, what);
    }

    @Override
    public void close() {
        api.close();
        lb.close();
        db.close();
    }
}
