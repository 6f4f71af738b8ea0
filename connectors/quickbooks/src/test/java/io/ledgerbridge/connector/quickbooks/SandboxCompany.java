package io.ledgerbridge.connector.quickbooks;

import io.ledgerbridge.connector.ConnectionContext;
import io.ledgerbridge.connector.RefreshedTokens;
import io.ledgerbridge.connector.Sink;
import io.ledgerbridge.connector.TokenAccess;
import io.ledgerbridge.connector.contract.DestinationProbe;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.sandbox.quickbooks.QuickBooksSandbox;
import io.ledgerbridge.sandbox.quickbooks.oauth.OAuthApp;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One new company in a QuickBooks sandbox with a connected app, and a sink on it whose tokens refresh through the
 * connector as the engine's registry would (kept in memory here).
 */
final class SandboxCompany implements DestinationProbe {

    static final String CLIENT_ID = "ledgerbridge-test";
    static final String CLIENT_SECRET = "test-secret";

    final QuickBooksSandbox sandbox;
    final String realm;
    final QuickBooksConnector connector;
    final Map<String, String> settings;
    final AtomicReference<RefreshedTokens> tokens = new AtomicReference<>();
    final AtomicInteger refreshes = new AtomicInteger();

    SandboxCompany(QuickBooksSandbox sandbox, Map<String, String> extraSettings) {
        this(sandbox, extraSettings, Clock.systemUTC());
    }

    /** @param clock the connector's clock (the sandbox keeps its own) */
    SandboxCompany(QuickBooksSandbox sandbox, Map<String, String> extraSettings, Clock clock) {
        this.sandbox = sandbox;
        this.realm = String.valueOf(Math.abs(UUID.randomUUID().getMostSignificantBits()) % 9_000_000_000_000_000L);
        sandbox.createRealm(realm, "Company " + realm);
        sandbox.registerApp(OAuthApp.of(CLIENT_ID, CLIENT_SECRET, "http://localhost/cb"));
        var issued = sandbox.issueTokens(CLIENT_ID, realm);
        tokens.set(new RefreshedTokens(issued.accessToken(), issued.refreshToken(), null));
        this.connector = new QuickBooksConnector(clock, CLIENT_ID, CLIENT_SECRET);
        var s = new HashMap<>(Map.of("baseUrl", sandbox.baseUrl(), "realmId", realm,
                "tokenUrl", sandbox.baseUrl() + "/oauth2/v1/tokens/bearer", "timeoutMillis", "5000"));
        s.putAll(extraSettings);
        this.settings = Map.copyOf(s);
    }

    Sink openSink() {
        return connector.openSink(context());
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
                refreshes.incrementAndGet();
                tokens.set(fresh);
                return fresh.accessToken();
            }
        });
    }

    static String entity(RecordType type) {
        return switch (type) {
            case CUSTOMER -> "Customer";
            case PRODUCT -> "Item";
            case INVOICE -> "Invoice";
            case PAYMENT -> "Payment";
        };
    }

    @Override
    public String createProduct(String sku, String name) {
        return sandbox.createItem(realm, name, sku, null);
    }

    @Override
    public int count(RecordType type) {
        return sandbox.list(realm, entity(type)).size();
    }

    @Override
    public int countWithKey(RecordType type, String naturalKey) {
        return (int) sandbox.list(realm, entity(type)).stream()
                .filter(e -> naturalKey.equals(QuickBooksEntities.naturalKey(type, e))).count();
    }

    @Override
    public boolean isVoided(String invoiceId) {
        var invoice = sandbox.find(realm, "Invoice", invoiceId).orElseThrow();
        return invoice.path("PrivateNote").asText().startsWith("Voided") && invoice.path("TotalAmt").decimalValue().signum() == 0;
    }

    @Override
    public void revokeAuthorisation() {
        sandbox.revokeRefreshTokens(realm);
        sandbox.expireAccessTokens(realm);
    }
}
