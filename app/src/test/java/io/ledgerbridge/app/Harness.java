package io.ledgerbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.ledgerbridge.engine.mapping.SourceRecords;
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
 * A workspace pushing over the native source into a reference ledger on a real HTTP sandbox, with a real
 * PostgreSQL and one running node. Each harness has its own database and ledger.
 */
final class Harness implements AutoCloseable {

    static final RetryPolicy FAST_RETRY = new RetryPolicy(4, Duration.ofMillis(50), Duration.ofMillis(200));
    static final String KEYSET = TokenCipher.newJsonKeyset();

    final ReferenceSandbox sandbox;
    final Database db;
    final String url;
    final Ledgerbridge lb;
    final WorkspaceId workspace;
    final ConnectionId source;
    final ConnectionId destination;
    final FlowId flow;
    final String ledgerId;
    final ReferenceLedger ledger;

    Harness(ReferenceSandbox sandbox) {
        this(sandbox, new NodeConfig("node-" + UUID.randomUUID().toString().substring(0, 6), 2, 50,
                Duration.ofSeconds(2), Duration.ofMillis(50)), FAST_RETRY, Map.of());
    }

    Harness(ReferenceSandbox sandbox, NodeConfig node, RetryPolicy retry, Map<String, String> extraSettings) {
        this(sandbox, node, retry, extraSettings, java.util.function.UnaryOperator.identity());
    }

    /** With the pipeline's mapping reads wrapped (a store that fails). */
    Harness(ReferenceSandbox sandbox, java.util.function.UnaryOperator<io.ledgerbridge.engine.mapping.Mappings> mappingReads) {
        this(sandbox, new NodeConfig("node-" + UUID.randomUUID().toString().substring(0, 6), 2, 50,
                Duration.ofSeconds(2), Duration.ofMillis(50)), FAST_RETRY, Map.of(), mappingReads);
    }

    Harness(ReferenceSandbox sandbox, NodeConfig node, RetryPolicy retry, Map<String, String> extraSettings,
            java.util.function.UnaryOperator<io.ledgerbridge.engine.mapping.Mappings> mappingReads) {
        this.sandbox = sandbox;
        this.url = TestDatabase.freshUrl();
        this.db = Database.external(url, "postgres", null, 20).migrate();
        this.lb = new Ledgerbridge(db, KEYSET, node, retry, Clock.systemUTC(), List.of(), true, mappingReads);
        var now = Instant.now();
        this.workspace = lb.workspaces.create("Acme", now);
        this.ledgerId = "ledger-" + UUID.randomUUID();
        this.ledger = sandbox.createLedger(ledgerId, "token-1");
        this.source = lb.connections.create(workspace, "native", "Acme app", Map.of(), null, now);
        var settings = new java.util.HashMap<>(Map.of("baseUrl", sandbox.baseUrl(), "ledger", ledgerId, "timeoutMillis", "1000"));
        settings.putAll(extraSettings);
        this.destination = lb.connections.create(workspace, "reference", "Books", settings,
                new TokenSet("token-1", null, null), now);
        this.flow = lb.flows.create(workspace, source, destination, FlowSettings.defaults(), now);
    }

    Harness start() {
        lb.start();
        return this;
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
        return invoice(id, InvoiceStatus.OPEN, customerId, skus);
    }

    static Invoice invoice(String id, InvoiceStatus status, String customerId, String... skus) {
        var lines = Arrays.stream(skus).map(s -> new InvoiceLine(s, "Item " + s, BigDecimal.ONE, new BigDecimal("10.00"), null)).toList();
        return new Invoice(id, "N-" + id, status, customerId, "USD", LocalDate.of(2026, 11, 2), LocalDate.of(2026, 12, 2),
                lines, null, null);
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
        }, Duration.ofSeconds(20), () -> type + " " + sourceId + " to be " + status + " but it is "
                + lb.events.ofRecord(workspace, type, sourceId));
        return latest(type, sourceId);
    }

    static void awaitTrue(BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> what) {
        io.ledgerbridge.app.Await.until(condition, timeout, what);
    }

    long count(String sql) {
        return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    @Override
    public void close() {
        lb.close();
        db.close();
    }
}
