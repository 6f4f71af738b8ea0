package io.ledgerbridge.app.xero;

import io.ledgerbridge.app.Await;
import io.ledgerbridge.app.Ledgerbridge;
import io.ledgerbridge.app.webhook.XeroWebhookReceiver;
import io.ledgerbridge.connector.xero.XeroConnector;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.connection.TokenSet;
import io.ledgerbridge.engine.worker.NodeConfig;
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
import java.util.List;
import java.util.Map;

/**
 * Xero as a source, wired as the application wires it: a Xero sandbox of its own, one node on a real PostgreSQL, and
 * the REST server's {@code /webhooks/{connection}} with the {@link XeroWebhookReceiver}, so that Xero's signed
 * webhooks (intent to receive first) bring the changes made in an organisation to Ledgerbridge over real HTTP.
 */
final class XeroWebhookHarness implements AutoCloseable {

    static final String CLIENT_ID = "ledgerbridge-xero-webhook-it";
    static final String SECRET = "xero-webhook-secret";

    final XeroSandbox xero = XeroSandbox.builder().port(0).webhookRetryScale(0.001).start();
    final Database db = TestDatabase.fresh(12);
    final Ledgerbridge lb;
    final ApiServer api;
    final WorkspaceId workspace;

    XeroWebhookHarness() {
        xero.registerApp(CLIENT_ID, SECRET, "http://localhost/cb");
        var connector = new XeroConnector(Clock.systemUTC(), CLIENT_ID, SECRET);
        lb = new Ledgerbridge(db, XeroHarness.KEYSET, new NodeConfig("node-webhooks", 2, 50, Duration.ofSeconds(30),
                Duration.ofMillis(50)), XeroHarness.FAST_RETRY, Clock.systemUTC(), List.of(connector), true);
        workspace = lb.workspaces.create("Acme", Instant.now());
        var endpoints = new WebhookEndpoints(lb.connections, lb.webhooks, lb.intake, Clock.systemUTC(),
                Map.of(XeroConnector.SYSTEM, new XeroWebhookReceiver(connector, lb.registry)), Duration.ofMillis(100),
                Duration.ofSeconds(4));
        api = new ApiServer(new ApiConfig("127.0.0.1", 0, ApiConfig.ONE_MB), lb.workspaces, lb.connections, lb.flows,
                lb.records, lb.events, lb.intake, Clock.systemUTC(), Operations.NONE, endpoints).start();
    }

    /** A connection to the organisation, with tokens Xero issued to the app for it. */
    ConnectionId connect(String name, String tenant, Map<String, String> extraSettings) {
        var settings = XeroHarness.settings(xero, tenant);
        settings.putAll(extraSettings);
        var t = xero.issueTokens(CLIENT_ID, tenant);
        return lb.connections.create(workspace, XeroConnector.SYSTEM, name, settings,
                new TokenSet(t.accessToken(), t.refreshToken(), t.accessExpiresAt()), Instant.now());
    }

    String webhookUrl(ConnectionId source) {
        return "http://127.0.0.1:" + api.port() + "/webhooks/" + source.value();
    }

    /** Xero's webhooks for the app go to this connection's URL, once Xero's intent to receive has passed. */
    void subscribe(ConnectionId source, String webhookKey) {
        xero.subscribeWebhooks(webhookUrl(source), webhookKey);
        Await.until(() -> "OK".equals(String.valueOf(xero.webhookStatus())), Duration.ofSeconds(10),
                () -> "Xero's intent to receive to pass: " + xero.webhookDeliveries());
    }

    @Override
    public void close() {
        api.close();
        lb.close();
        db.close();
        xero.close();
    }
}
