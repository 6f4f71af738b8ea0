package io.ledgerbridge.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.app.Ledgerbridge;
import io.ledgerbridge.dashboard.DashboardConfig;
import io.ledgerbridge.dashboard.DashboardServer;
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
import io.ledgerbridge.engine.events.EventView;
import io.ledgerbridge.engine.intake.RecordIntake;
import io.ledgerbridge.engine.retry.RetryPolicy;
import io.ledgerbridge.engine.worker.NodeConfig;
import io.ledgerbridge.sandbox.reference.ReferenceLedger;
import io.ledgerbridge.sandbox.reference.ReferenceSandbox;
import io.ledgerbridge.store.connection.TokenCipher;
import io.ledgerbridge.store.db.Database;
import io.ledgerbridge.store.testing.TestDatabase;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * One workspace ("Acme") pushing over the native source to a reference ledger on the real HTTP sandbox, with a real
 * PostgreSQL, one running node and the dashboard beside it, and one person who can sign in. Each stage has its own
 * database and ledger.
 */
final class Stage implements AutoCloseable {

    static final String EMAIL = "office@acme.example";
    static final String PASSWORD = "correct horse battery";
    private static final String KEYSET = TokenCipher.newJsonKeyset();

    final Database db;
    final Ledgerbridge lb;
    final DashboardServer dashboard;
    final WorkspaceId workspace;
    final ConnectionId source;
    final ConnectionId destination;
    final FlowId flow;
    final String ledgerId;
    final ReferenceLedger ledger;

    Stage(ReferenceSandbox sandbox) {
        db = TestDatabase.fresh(12);
        lb = new Ledgerbridge(db, KEYSET, new NodeConfig("node-" + UUID.randomUUID().toString().substring(0, 6), 2, 50,
                Duration.ofSeconds(2), Duration.ofMillis(100)),
                new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(200)), Clock.systemUTC(), List.of(), true);
        var now = Instant.now();
        workspace = lb.workspaces.create("Acme", now);
        ledgerId = "ledger-" + UUID.randomUUID();
        ledger = sandbox.createLedger(ledgerId, "token-1");
        source = lb.connections.create(workspace, "native", "Acme app", Map.of(), null, now);
        destination = lb.connections.create(workspace, "reference", "Books",
                Map.of("baseUrl", sandbox.baseUrl(), "ledger", ledgerId, "timeoutMillis", "3000"),
                new TokenSet("token-1", null, null), now);
        flow = lb.flows.create(workspace, source, destination, FlowSettings.defaults(), now);
        dashboard = new DashboardServer(DashboardConfig.defaults().withPort(0).withBcryptCost(4), db, lb.connections,
                lb.flows, lb.events, Ledgerbridge.SYSTEM_NAMES, lb.clock, lb.node::wake).start();
        dashboard.users().create(workspace, EMAIL, PASSWORD, now);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + dashboard.port();
    }

    Stage start() {
        lb.start();
        return this;
    }

    void push(SourceRecord record) {
        assertThat(lb.intake.receive(source, record)).isInstanceOf(RecordIntake.Result.Accepted.class);
    }

    static Customer customer(String id) {
        return new Customer(id, "Customer " + id, id + "@example.com", null, null, null);
    }

    static Invoice invoice(String id, InvoiceStatus status, String customerId, String... skus) {
        var lines = Arrays.stream(skus).map(s -> new InvoiceLine(s, "Item " + s, BigDecimal.ONE, new BigDecimal("10.00"), null)).toList();
        return new Invoice(id, "N-" + id, status, customerId, "USD", LocalDate.of(2026, 11, 2), LocalDate.of(2026, 12, 2),
                lines, null, null);
    }

    static Invoice invoice(String id, String customerId, String... skus) {
        return invoice(id, InvoiceStatus.OPEN, customerId, skus);
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
        }, () -> type + " " + sourceId + " to be " + status + " but it is " + lb.events.ofRecord(workspace, type, sourceId));
        return latest(type, sourceId);
    }

    static void awaitTrue(BooleanSupplier condition, java.util.function.Supplier<String> what) {
        io.ledgerbridge.app.Await.until(condition, Duration.ofSeconds(20), what);
    }

    @Override
    public void close() {
        dashboard.close();
        lb.close();
        db.close();
    }
}
