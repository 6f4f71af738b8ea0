package io.ledgerbridge.app.xero;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.app.Await;
import io.ledgerbridge.app.Ledgerbridge;
import io.ledgerbridge.connector.Outbound;
import io.ledgerbridge.connector.Write;
import io.ledgerbridge.connector.WriteResult;
import io.ledgerbridge.connector.xero.XeroConnector;
import io.ledgerbridge.domain.record.Customer;
import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.InvoiceLine;
import io.ledgerbridge.domain.record.InvoiceStatus;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.domain.workspace.Route;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.connection.TokenSet;
import io.ledgerbridge.engine.queue.ClaimedEvent;
import io.ledgerbridge.engine.worker.NodeConfig;
import io.ledgerbridge.sandbox.xero.XeroSandbox;
import io.ledgerbridge.store.db.Database;
import io.ledgerbridge.store.testing.TestDatabase;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node killed while it moves an invoice between satellites: the invoice was re-routed from Sydney to Melbourne, the
 * node claimed both syncs (void in Sydney, create in Melbourne), its create reached Xero and it died before recording
 * anything or voiding. The node that takes over voids the Sydney copy and finds the Melbourne one by its number: the
 * invoice ends live in exactly one satellite.
 */
class RoutedCrashSafetyIT {

    private static final String CLIENT_ID = "ledgerbridge-routed-crash";
    private XeroSandbox xero;
    private Database db;
    private Ledgerbridge first;
    private Ledgerbridge second;
    private boolean firstClosed;
    private String sydney;
    private String melbourne;
    private WorkspaceId workspace;
    private ConnectionId source;
    private ConnectionId melbourneBooks;
    private FlowId toSydney;
    private FlowId toMelbourne;

    @BeforeEach
    void start() {
        xero = XeroSandbox.start(0);
        xero.registerApp(CLIENT_ID, "secret", "http://localhost/cb");
        db = TestDatabase.fresh(12);
        first = node("first-node");
        var now = Instant.now();
        workspace = first.workspaces.create("Acme", now);
        source = first.connections.create(workspace, "native", "Acme app", Map.of(), null, now);
        sydney = xero.createOrganisation("Acme Sydney", "GB", "GBP");
        melbourne = xero.createOrganisation("Acme Melbourne", "GB", "GBP");
        var sydneyBooks = books("Sydney", sydney, now);
        melbourneBooks = books("Melbourne", melbourne, now);
        toSydney = first.flows.create(workspace, source, sydneyBooks,
                FlowSettings.defaults().withRoute(new Route("region", "Sydney", "SYD-")), now);
        toMelbourne = first.flows.create(workspace, source, melbourneBooks,
                FlowSettings.defaults().withRoute(new Route("region", "Melbourne", "MEL-")), now);
    }

    @AfterEach
    void stop() {
        if (second != null) {
            second.close();
        }
        if (!firstClosed) {
            first.close();
        }
        db.close();
        xero.close();
    }

    private Ledgerbridge node(String name) {
        return new Ledgerbridge(db, XeroHarness.KEYSET, new NodeConfig(name, 2, 50, Duration.ofSeconds(2),
                Duration.ofMillis(50)), XeroHarness.FAST_RETRY, Clock.systemUTC(),
                List.of(new XeroConnector(Clock.systemUTC(), CLIENT_ID, "secret")), true);
    }

    private ConnectionId books(String name, String tenant, Instant now) {
        xero.createItem(tenant, "A", "Widget", new BigDecimal("10.00"));
        var t = xero.issueTokens(CLIENT_ID, tenant);
        return first.connections.create(workspace, XeroConnector.SYSTEM, "Xero: Acme " + name,
                XeroHarness.settings(xero, tenant), new TokenSet(t.accessToken(), t.refreshToken(), t.accessExpiresAt()), now);
    }

    private static Invoice invoice(String region) {
        return new Invoice("i1", "G-1", InvoiceStatus.OPEN, "c1", "GBP", XeroHarness.DATE, XeroHarness.DATE.plusDays(30),
                List.of(new InvoiceLine("A", "Widget", BigDecimal.ONE, new BigDecimal("10.00"), null)), null, null,
                Map.of("region", region));
    }

    private SyncStatus status(Ledgerbridge lb, FlowId flow) {
        return lb.events.ofRecord(workspace, RecordType.INVOICE, "i1").stream()
                .filter(e -> e.flowId().equals(flow.value().toString())).findFirst().map(e -> e.status()).orElse(null);
    }

    @Test
    void a_node_killed_while_moving_an_invoice_leaves_it_live_in_exactly_one_satellite() {
        first.intake.receive(source, new Customer("c1", "Bondi Surf Club", "office@bondi.example", null, null, null));
        first.intake.receive(source, invoice("Sydney"));
        first.start();
        Await.until(() -> status(first, toSydney) == SyncStatus.SUCCESS, Duration.ofSeconds(30), () -> "i1 in Sydney");
        first.close(); // this node stops working; the next one is the one that dies
        firstClosed = true;

        first.intake.receive(source, invoice("Melbourne"));
        List<ClaimedEvent> claimed = first.queue.claim("dead-node", 10, Instant.now(), Instant.now().plusMillis(300));
        // the void in Sydney, and in Melbourne the customer (queued with its first invoice routed there) and the create
        assertThat(claimed).extracting(e -> e.flow() + " " + e.type()).containsExactlyInAnyOrder(
                toSydney + " INVOICE", toMelbourne + " CUSTOMER", toMelbourne + " INVOICE");
        // The dead node had the Melbourne contact and invoice written (its create reached Xero), then died
        var sink = first.registry.sink(melbourneBooks);
        String contact = ((WriteResult.Written) sink.write(List.of(new Write(
                io.ledgerbridge.connector.IdempotencyKey.of(toMelbourne.toString(), RecordType.CUSTOMER, "c1", 1, "CREATE"),
                Write.Operation.CREATE, null, new Outbound.OutboundCustomer(new Customer("c1", "Bondi Surf Club",
                        "office@bondi.example", null, null, null))))).getFirst()).destinationId();
        String item = xero.items(melbourne).getFirst().path("ItemID").asText();
        var melbourneEvent = claimed.stream().filter(e -> e.flow().equals(toMelbourne) && e.type() == RecordType.INVOICE)
                .findFirst().orElseThrow();
        assertThat(sink.write(List.of(new Write(io.ledgerbridge.connector.IdempotencyKey.of(toMelbourne.toString(),
                        RecordType.INVOICE, "i1", melbourneEvent.version(), "CREATE"), Write.Operation.CREATE, null,
                new Outbound.OutboundInvoice(invoice("Melbourne").withNumber("MEL-G-1"), contact, Map.of("A", item),
                        Map.of())))).getFirst()).isInstanceOf(WriteResult.Written.class);

        second = node("live-node").start();

        Await.until(() -> status(second, toSydney) == SyncStatus.SUCCESS && status(second, toMelbourne) == SyncStatus.SUCCESS
                        && lb2Attempts() > 0, Duration.ofSeconds(30),
                () -> "both syncs to finish: " + second.events.ofRecord(workspace, RecordType.INVOICE, "i1"));
        assertThat(xero.countInvoicesByNumber(melbourne, "MEL-G-1")).as("found, not written again").isEqualTo(1);
        assertThat(xero.invoices(sydney)).singleElement()
                .satisfies(i -> assertThat(i.path("Status").asText()).isEqualTo("VOIDED"));
        assertThat(xero.invoices(melbourne)).singleElement()
                .satisfies(i -> assertThat(i.path("Status").asText()).isEqualTo("AUTHORISED"));
        assertThat(xero.contacts(melbourne)).hasSize(1);
        assertThat(second.events.countsByStatus(workspace)).containsEntry("FAILED", 0L);
    }

    /** Attempts of the Melbourne sync made by the node that took over. */
    private long lb2Attempts() {
        return second.events.ofRecord(workspace, RecordType.INVOICE, "i1").stream()
                .filter(e -> e.flowId().equals(toMelbourne.value().toString()))
                .mapToLong(e -> second.events.attempts(workspace, e.id()).stream()
                        .filter(a -> "live-node".equals(a.node())).count()).sum();
    }
}
