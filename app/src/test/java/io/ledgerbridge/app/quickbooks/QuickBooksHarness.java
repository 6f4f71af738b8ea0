package io.ledgerbridge.app.quickbooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.app.Ledgerbridge;
import io.ledgerbridge.connector.quickbooks.QuickBooksConnector;
import io.ledgerbridge.domain.record.Customer;
import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.InvoiceLine;
import io.ledgerbridge.domain.record.InvoiceStatus;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.record.SourceRecord;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.connection.TokenSet;
import io.ledgerbridge.engine.events.AttemptView;
import io.ledgerbridge.engine.events.EventView;
import io.ledgerbridge.engine.intake.RecordIntake;
import io.ledgerbridge.engine.mapping.SourceRecords;
import io.ledgerbridge.engine.retry.RetryPolicy;
import io.ledgerbridge.engine.worker.NodeConfig;
import io.ledgerbridge.sandbox.quickbooks.QuickBooksSandbox;
import io.ledgerbridge.sandbox.quickbooks.oauth.OAuthApp;
import io.ledgerbridge.store.connection.TokenCipher;
import io.ledgerbridge.store.db.Database;
import io.ledgerbridge.store.testing.TestDatabase;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A workspace pushing over the native source (through {@code lb.intake}) into a company of a running QuickBooks
 * sandbox, with a real PostgreSQL and one node. Each harness has its own database and its own company (realm).
 */
final class QuickBooksHarness implements AutoCloseable {

    static final String CLIENT_ID = "ledgerbridge-it";
    static final String CLIENT_SECRET = "it-secret";
    static final RetryPolicy FAST_RETRY = new RetryPolicy(4, Duration.ofMillis(50), Duration.ofMillis(200));
    static final String KEYSET = TokenCipher.newJsonKeyset();
    static final LocalDate DATE = LocalDate.of(2026, 11, 2);

    final QuickBooksSandbox qbo;
    final String realm;
    final String originalRefreshToken;
    final Database db;
    final Ledgerbridge lb;
    final WorkspaceId workspace;
    final ConnectionId source;
    final ConnectionId destination;
    final FlowId flow;
    final QuickBooksConnector connector = new QuickBooksConnector(Clock.systemUTC(), CLIENT_ID, CLIENT_SECRET);

    QuickBooksHarness(QuickBooksSandbox qbo) {
        this(qbo, new NodeConfig("node-" + UUID.randomUUID().toString().substring(0, 6), 2, 50,
                Duration.ofSeconds(2), Duration.ofMillis(50)), FAST_RETRY, Map.of());
    }

    QuickBooksHarness(QuickBooksSandbox qbo, NodeConfig node, RetryPolicy retry, Map<String, String> extraSettings) {
        this.qbo = qbo;
        this.realm = String.valueOf(4_620_000_000_000_000L + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000_000L));
        qbo.createRealm(realm, "Acme Books " + realm);
        qbo.registerApp(OAuthApp.of(CLIENT_ID, CLIENT_SECRET, "http://localhost:8080/callback"));
        var issued = qbo.issueTokens(CLIENT_ID, realm);
        this.originalRefreshToken = issued.refreshToken();
        this.db = TestDatabase.fresh(20);
        this.lb = new Ledgerbridge(db, KEYSET, node, retry, Clock.systemUTC(),
                List.of(connector), true);
        var now = Instant.now();
        this.workspace = lb.workspaces.create("Acme", now);
        this.source = lb.connections.create(workspace, "native", "Acme app", Map.of(), null, now);
        var settings = new HashMap<>(Map.of(
                "baseUrl", qbo.baseUrl(),
                "realmId", realm,
                "tokenUrl", qbo.baseUrl() + "/oauth2/v1/tokens/bearer",
                "timeoutMillis", "3000",
                "throttleWaitSeconds", "1"));
        settings.putAll(extraSettings);
        this.destination = lb.connections.create(workspace, QuickBooksConnector.SYSTEM, "Acme Books", settings,
                new TokenSet(issued.accessToken(), issued.refreshToken(), now.plusSeconds(issued.expiresIn())), now);
        this.flow = lb.flows.create(workspace, source, destination, FlowSettings.defaults(), now);
    }

    QuickBooksHarness start() {
        lb.start();
        return this;
    }

    void settings(java.util.function.UnaryOperator<FlowSettings> change) {
        lb.flows.updateSettings(flow, change.apply(lb.flows.flow(flow).settings()), Instant.now());
    }

    SourceRecords.Saved push(SourceRecord record) {
        var result = lb.intake.receive(source, record);
        assertThat(result).as("intake of %s", record.id()).isInstanceOf(RecordIntake.Result.Accepted.class);
        return ((RecordIntake.Result.Accepted) result).saved();
    }

    static Customer customer(String id) {
        return new Customer(id, "Customer " + id, id + "@example.com", null, null, null);
    }

    static Invoice invoice(String id, String customerId, String... skus) {
        var lines = Arrays.stream(skus).map(s -> new InvoiceLine(s, "Item " + s, BigDecimal.ONE, new BigDecimal("10.00"), null)).toList();
        return new Invoice(id, "N-" + id, InvoiceStatus.OPEN, customerId, "USD", DATE, DATE.plusDays(30), lines, null, null);
    }

    /** An item in the QuickBooks company, as a bookkeeper creates it. */
    String item(String name, String sku) {
        return qbo.createItem(realm, name, sku, new BigDecimal("10.00"));
    }

    EventView latest(RecordType type, String sourceId) {
        var events = lb.events.ofRecord(workspace, type, sourceId);
        assertThat(events).as("events of %s %s", type, sourceId).isNotEmpty();
        return events.getFirst();
    }

    EventView await(RecordType type, String sourceId, SyncStatus status) {
        awaitTrue(() -> {
            var events = lb.events.ofRecord(workspace, type, sourceId);
            return !events.isEmpty() && events.getFirst().status() == status;
        }, Duration.ofSeconds(30), () -> type + " " + sourceId + " to be " + status + " but it is "
                + lb.events.ofRecord(workspace, type, sourceId));
        return latest(type, sourceId);
    }

    List<String> outcomes(EventView e) {
        return lb.events.attempts(workspace, e.id()).stream().map(AttemptView::outcome).toList();
    }

    ObjectNode qboInvoice(String id) {
        return qbo.find(realm, "Invoice", id).orElseThrow();
    }

    long customersWithEmail(String email) {
        return qbo.list(realm, "Customer").stream()
                .filter(c -> email.equals(c.path("PrimaryEmailAddr").path("Address").asText(null))).count();
    }

    TokenSet storedTokens() {
        return lb.connections.tokens(destination).orElseThrow().tokens();
    }

    static void awaitTrue(BooleanSupplier condition, Duration timeout, Supplier<String> what) {
        io.ledgerbridge.app.Await.until(condition, timeout, what);
    }

    @Override
    public void close() {
        lb.close();
        db.close();
    }
}
