package io.ledgerbridge.app.xero;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.app.Ledgerbridge;
import io.ledgerbridge.connector.xero.XeroConnector;
import io.ledgerbridge.domain.record.Customer;
import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.InvoiceLine;
import io.ledgerbridge.domain.record.InvoiceStatus;
import io.ledgerbridge.domain.record.Product;
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
import io.ledgerbridge.sandbox.xero.TokenPair;
import io.ledgerbridge.sandbox.xero.XeroSandbox;
import io.ledgerbridge.store.connection.TokenCipher;
import io.ledgerbridge.store.db.Database;
import io.ledgerbridge.store.testing.TestDatabase;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A workspace pushing over the native source (through {@code lb.intake}, as the REST API does) into one organisation
 * of a running Xero sandbox, through the real Xero connector, with a real PostgreSQL and one node. Each harness has
 * its own database and its own organisation (tenant).
 */
final class XeroHarness implements AutoCloseable {

    static final String CLIENT_ID = "ledgerbridge-xero-it";
    static final String CLIENT_SECRET = "xero-it-secret";
    static final RetryPolicy FAST_RETRY = new RetryPolicy(4, Duration.ofMillis(50), Duration.ofMillis(200));
    static final String KEYSET = TokenCipher.newJsonKeyset();
    static final LocalDate DATE = LocalDate.of(2026, 11, 2);

    final XeroSandbox xero;
    final String tenant;
    final TokenPair issued;
    final Database db;
    final Ledgerbridge lb;
    final WorkspaceId workspace;
    final ConnectionId source;
    final ConnectionId destination;
    final FlowId flow;
    final XeroConnector connector;

    XeroHarness(XeroSandbox xero) {
        this(xero, new NodeConfig("node-" + UUID.randomUUID().toString().substring(0, 6), 2, 50,
                Duration.ofSeconds(30), Duration.ofMillis(50)), FAST_RETRY, FlowSettings.defaults().withProductSync(true));
    }

    XeroHarness(XeroSandbox xero, NodeConfig node, RetryPolicy retry, FlowSettings flowSettings) {
        this(xero, node, retry, flowSettings, Clock.systemUTC());
    }

    /** @param clock the clock of Ledgerbridge and its Xero connector (a test moving days shares it with the sandbox) */
    XeroHarness(XeroSandbox xero, NodeConfig node, RetryPolicy retry, FlowSettings flowSettings, Clock clock) {
        this.xero = xero;
        this.connector = new XeroConnector(clock, CLIENT_ID, CLIENT_SECRET);
        this.tenant = xero.createOrganisation("Acme Books " + UUID.randomUUID().toString().substring(0, 8), "GB", "GBP");
        xero.registerApp(CLIENT_ID, CLIENT_SECRET, "http://localhost:8080/callback");
        this.issued = xero.issueTokens(CLIENT_ID, tenant);
        this.db = TestDatabase.fresh(20);
        this.lb = new Ledgerbridge(db, KEYSET, node, retry, clock, List.of(connector), true);
        var now = clock.instant();
        this.workspace = lb.workspaces.create("Acme", now);
        this.source = lb.connections.create(workspace, "native", "Acme app", Map.of(), null, now);
        this.destination = lb.connections.create(workspace, XeroConnector.SYSTEM, "Xero: Acme Books", settings(xero, tenant),
                new TokenSet(issued.accessToken(), issued.refreshToken(), issued.accessExpiresAt()), now);
        this.flow = lb.flows.create(workspace, source, destination, flowSettings, now);
    }

    /** A Xero connection's settings, pointing at the sandbox. */
    static Map<String, String> settings(XeroSandbox xero, String tenant) {
        return new HashMap<>(Map.of(
                "baseUrl", xero.apiBase(),
                "tenantId", tenant,
                "tokenUrl", xero.tokenUrl(),
                "connectionsUrl", xero.connectionsUrl(),
                "authorizeUrl", xero.authorizeUrl(),
                "salesAccountCode", "200",
                "paymentAccountCode", "090",
                "timeoutMillis", "30000"));
    }

    XeroHarness start() {
        lb.start();
        return this;
    }

    void settings(UnaryOperator<FlowSettings> change) {
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

    static Product product(String sku, String name) {
        return new Product("p-" + sku, sku, name, name, new BigDecimal("10.00"), "GBP", null);
    }

    static Invoice invoice(String id, String customerId, String... skus) {
        return invoice(id, InvoiceStatus.OPEN, DATE, customerId, skus);
    }

    static Invoice invoice(String id, InvoiceStatus status, LocalDate date, String customerId, String... skus) {
        var lines = java.util.Arrays.stream(skus)
                .map(s -> new InvoiceLine(s, "Item " + s, new BigDecimal("2"), new BigDecimal("10.00"), null)).toList();
        return new Invoice(id, "N-" + id, status, customerId, "GBP", date, date.plusDays(30), lines, null, null);
    }

    EventView latest(RecordType type, String sourceId) {
        var events = lb.events.ofRecord(workspace, type, sourceId);
        assertThat(events).as("events of %s %s", type, sourceId).isNotEmpty();
        return events.getFirst();
    }

    EventView await(RecordType type, String sourceId, SyncStatus status) {
        return await(type, sourceId, status, Duration.ofSeconds(30));
    }

    EventView await(RecordType type, String sourceId, SyncStatus status, Duration timeout) {
        awaitTrue(() -> {
            var events = lb.events.ofRecord(workspace, type, sourceId);
            return !events.isEmpty() && events.getFirst().status() == status;
        }, timeout, () -> type + " " + sourceId + " to be " + status + " but it is "
                + lb.events.ofRecord(workspace, type, sourceId));
        return latest(type, sourceId);
    }

    List<String> outcomes(EventView e) {
        return lb.events.attempts(workspace, e.id()).stream().map(AttemptView::outcome).toList();
    }

    ObjectNode xeroInvoice(String invoiceId) {
        return xero.invoices(tenant).stream().filter(i -> invoiceId.equals(i.path("InvoiceID").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no Xero invoice " + invoiceId));
    }

    long contactsNamed(String name) {
        return xero.contacts(tenant).stream().filter(c -> name.equals(c.path("Name").asText())).count();
    }

    long itemsWithCode(String code) {
        return xero.items(tenant).stream().filter(c -> code.equals(c.path("Code").asText())).count();
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
