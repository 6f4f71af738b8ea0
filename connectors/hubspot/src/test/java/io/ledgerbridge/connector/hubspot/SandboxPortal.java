package io.ledgerbridge.connector.hubspot;

import io.ledgerbridge.connector.ConnectionContext;
import io.ledgerbridge.connector.RefreshedTokens;
import io.ledgerbridge.connector.Sink;
import io.ledgerbridge.connector.TokenAccess;
import io.ledgerbridge.connector.contract.DestinationProbe;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.sandbox.hubspot.HubSpotSandbox;
import io.ledgerbridge.sandbox.hubspot.crm.ObjectType;
import io.ledgerbridge.sandbox.hubspot.oauth.OAuthApp;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One new portal in a HubSpot sandbox with Ledgerbridge's OAuth app installed, and a sink and source on it whose
 * tokens refresh through the connector as the engine's registry would (kept in memory here).
 */
final class SandboxPortal implements DestinationProbe {

    final HubSpotSandbox sandbox;
    final long portal;
    final OAuthApp app;
    final HubSpotConnector connector;
    final Map<String, String> settings;
    final AtomicReference<RefreshedTokens> tokens = new AtomicReference<>();

    SandboxPortal(HubSpotSandbox sandbox, Map<String, String> extraSettings) {
        this.sandbox = sandbox;
        this.portal = sandbox.createPortal("Acme " + UUID.randomUUID().toString().substring(0, 6));
        String clientId = "lb-" + UUID.randomUUID();
        this.app = sandbox.registerApp("Ledgerbridge", clientId, "secret-" + clientId, null);
        var issued = sandbox.issueTokens(app.appId(), portal);
        tokens.set(new RefreshedTokens(issued.accessToken(), issued.refreshToken(), null));
        this.connector = new HubSpotConnector(Clock.systemUTC(), clientId, app.clientSecret());
        var s = new HashMap<>(Map.of("baseUrl", sandbox.baseUrl(), "appId", String.valueOf(app.appId()),
                "portalId", String.valueOf(portal), "timeoutMillis", "5000", "searchLagSeconds", "0"));
        s.putAll(extraSettings);
        this.settings = Map.copyOf(s);
    }

    Sink openSink() {
        return connector.openSink(context());
    }

    HubSpotSource openSource() {
        return connector.source(context());
    }

    ConnectionContext context() {
        return new ConnectionContext(ConnectionId.random(), settings, new TokenAccess() {
            @Override
            public String accessToken() {
                return tokens.get().accessToken();
            }

            @Override
            public synchronized String refreshAfterRejection(String rejected) {
                var current = tokens.get();
                if (!current.accessToken().equals(rejected)) {
                    return current.accessToken();
                }
                var fresh = connector.refresh(settings, current.refreshToken());
                tokens.set(new RefreshedTokens(fresh.accessToken(),
                        fresh.refreshToken() != null ? fresh.refreshToken() : current.refreshToken(), fresh.accessExpiresAt()));
                return fresh.accessToken();
            }
        });
    }

    static ObjectType objectType(RecordType type) {
        return switch (type) {
            case CUSTOMER -> ObjectType.CONTACTS;
            case PRODUCT -> ObjectType.PRODUCTS;
            case INVOICE -> ObjectType.INVOICES;
            case PAYMENT -> throw new IllegalArgumentException("HubSpot has no payments");
        };
    }

    static String keyProperty(RecordType type) {
        return switch (type) {
            case CUSTOMER -> "email";
            case PRODUCT -> "hs_sku";
            case INVOICE -> "hs_number";
            case PAYMENT -> throw new IllegalArgumentException("HubSpot has no payments");
        };
    }

    @Override
    public String createProduct(String sku, String name) {
        return sandbox.createProduct(portal, name, sku, "10");
    }

    @Override
    public int count(RecordType type) {
        return sandbox.objects(portal, objectType(type)).size();
    }

    @Override
    public int countWithKey(RecordType type, String naturalKey) {
        return (int) sandbox.objects(portal, objectType(type)).stream()
                .filter(o -> naturalKey.equals(o.property(keyProperty(type)))).count();
    }

    @Override
    public boolean isVoided(String invoiceId) {
        return "voided".equals(sandbox.object(portal, ObjectType.INVOICES, invoiceId).orElseThrow().property("hs_invoice_status"));
    }

    @Override
    public void revokeAuthorisation() {
        sandbox.revokeRefreshTokens(portal);
        sandbox.expireAccessTokens(portal);
    }
}
