package io.ledgerbridge.connector.xero;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.connector.ConnectionContext;
import io.ledgerbridge.connector.RefreshedTokens;
import io.ledgerbridge.connector.TokenAccess;
import io.ledgerbridge.connector.contract.DestinationProbe;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.sandbox.xero.XeroSandbox;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One new organisation in a Xero sandbox with the app connected, and sinks and sources on it whose tokens refresh
 * through the connector as the engine's registry would (kept in memory here: one refresh at a time, the rotated
 * refresh token stored before the new access token is used).
 */
final class SandboxOrganisation implements DestinationProbe {

    static final String CLIENT_ID = "ledgerbridge-test";
    static final String CLIENT_SECRET = "test-secret";

    final XeroSandbox sandbox;
    final String tenant;
    final XeroConnector connector;
    final Map<String, String> settings;
    final AtomicReference<RefreshedTokens> tokens = new AtomicReference<>();
    final AtomicInteger refreshes = new AtomicInteger();

    SandboxOrganisation(XeroSandbox sandbox, Map<String, String> extraSettings) {
        this(sandbox, extraSettings, Clock.systemUTC());
    }

    SandboxOrganisation(XeroSandbox sandbox, Map<String, String> extraSettings, Clock clock) {
        this.sandbox = sandbox;
        this.tenant = sandbox.createOrganisation("Org " + UUID.randomUUID().toString().substring(0, 8), "US", "USD");
        sandbox.registerApp(CLIENT_ID, CLIENT_SECRET, "http://localhost/cb");
        var issued = sandbox.issueTokens(CLIENT_ID, tenant);
        tokens.set(new RefreshedTokens(issued.accessToken(), issued.refreshToken(), issued.accessExpiresAt()));
        this.connector = new XeroConnector(clock, CLIENT_ID, CLIENT_SECRET);
        var s = new HashMap<>(Map.of("baseUrl", sandbox.apiBase(), "tenantId", tenant, "tokenUrl", sandbox.tokenUrl(),
                "connectionsUrl", sandbox.connectionsUrl(), "authorizeUrl", sandbox.authorizeUrl(),
                "timeoutMillis", "5000"));
        s.putAll(extraSettings);
        this.settings = Map.copyOf(s);
    }

    XeroSink openSink() {
        return (XeroSink) connector.openSink(context());
    }

    XeroSource openSource() {
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
                refreshes.incrementAndGet();
                tokens.set(fresh.refreshToken() == null
                        ? new RefreshedTokens(fresh.accessToken(), current.refreshToken(), fresh.accessExpiresAt()) : fresh);
                return fresh.accessToken();
            }
        });
    }

    List<ObjectNode> list(RecordType type) {
        return switch (type) {
            case CUSTOMER -> sandbox.contacts(tenant);
            case PRODUCT -> sandbox.items(tenant);
            case INVOICE -> sandbox.invoices(tenant);
            case PAYMENT -> sandbox.payments(tenant);
        };
    }

    ObjectNode invoice(String invoiceId) {
        return sandbox.invoices(tenant).stream().filter(i -> invoiceId.equals(i.path("InvoiceID").asText()))
                .findFirst().orElseThrow();
    }

    @Override
    public String createProduct(String sku, String name) {
        return sandbox.createItem(tenant, sku, name, new BigDecimal("10.00"));
    }

    @Override
    public int count(RecordType type) {
        return list(type).size();
    }

    @Override
    public int countWithKey(RecordType type, String naturalKey) {
        if (type == RecordType.INVOICE) {
            return (int) sandbox.countInvoicesByNumber(tenant, naturalKey);
        }
        return (int) list(type).stream().filter(e -> naturalKey.equals(XeroEntities.naturalKey(type, e))).count();
    }

    @Override
    public boolean isVoided(String invoiceId) {
        return "VOIDED".equals(invoice(invoiceId).path("Status").asText());
    }

    @Override
    public void revokeAuthorisation() {
        sandbox.revokeRefreshTokens(tenant);
        sandbox.expireAccessTokens(tenant);
    }
}
