package io.ledgerbridge.app.xero;

import static io.ledgerbridge.app.xero.XeroHarness.customer;
import static io.ledgerbridge.app.xero.XeroHarness.invoice;
import static io.ledgerbridge.domain.sync.SyncStatus.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.connector.IdempotencyKey;
import io.ledgerbridge.connector.Outbound;
import io.ledgerbridge.connector.Write;
import io.ledgerbridge.connector.WriteResult;
import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.engine.worker.NodeConfig;
import io.ledgerbridge.sandbox.xero.XeroSandbox;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node that dies with a batch in flight: its writes reached Xero but nothing was recorded. The node that takes over
 * must find them (by invoice number, contact email) and write nothing twice.
 */
class XeroCrashSafetyIT {

    private static XeroSandbox xero;
    private XeroHarness h;

    @BeforeAll
    static void startSandbox() {
        xero = XeroSandbox.start(0);
    }

    @AfterAll
    static void stopSandbox() {
        xero.close();
    }

    @BeforeEach
    void harness() {
        h = new XeroHarness(xero, new NodeConfig("live-node", 2, 100, Duration.ofSeconds(2), Duration.ofMillis(50)),
                XeroHarness.FAST_RETRY, FlowSettings.defaults());
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void a_node_killed_mid_batch_is_taken_over_and_every_invoice_is_in_xero_exactly_once() {
        String item = h.xero.createItem(h.tenant, "A", "Widget", new BigDecimal("10.00"));
        var customerVersion = h.push(customer("c1")).version();
        var invoices = new ArrayList<Invoice>();
        var versions = new ArrayList<Long>();
        for (int i = 0; i < 60; i++) {
            var inv = invoice("k" + i, "c1", "A");
            invoices.add(inv);
            versions.add(h.push(inv).version());
        }

        // A node claims everything...
        var claimed = h.lb.queue.claim("dead-node", 100, Instant.now(), Instant.now().plusMillis(300));
        assertThat(claimed).hasSize(61);

        // ...its writes reach Xero (the contact and one batch of 50 invoices; 10 never leave)...
        var sink = h.lb.registry.sink(h.destination);
        String contactId = written(sink.write(List.of(new Write(
                IdempotencyKey.of(h.flow.toString(), RecordType.CUSTOMER, "c1", customerVersion, "CREATE"),
                Write.Operation.CREATE, null, new Outbound.OutboundCustomer(customer("c1"))))).getFirst());
        var batch = new ArrayList<Write>();
        for (int i = 0; i < 50; i++) {
            batch.add(new Write(IdempotencyKey.of(h.flow.toString(), RecordType.INVOICE, "k" + i, versions.get(i), "CREATE"),
                    Write.Operation.CREATE, null,
                    new Outbound.OutboundInvoice(invoices.get(i), contactId, Map.of("A", item), Map.of())));
        }
        assertThat(sink.write(batch)).allMatch(r -> r instanceof WriteResult.Written);
        assertThat(h.xero.invoices(h.tenant)).hasSize(50);

        // ...and it dies without recording anything. A live node takes over once the leases expire.
        h.start();
        for (int i = 0; i < 60; i++) {
            var ok = h.await(RecordType.INVOICE, "k" + i, SUCCESS);
            var attempts = h.lb.events.attempts(h.workspace, ok.id());
            assertThat(attempts.getFirst().outcome()).isEqualTo("LEASE_EXPIRED");
            assertThat(attempts.getFirst().node()).isEqualTo("dead-node");
            if (i < 50) {
                assertThat(attempts.getLast().operation()).as("invoice k%d was found, not written again", i)
                        .isEqualTo("LOOKUP");
            }
            assertThat(h.xero.countInvoicesByNumber(h.tenant, "N-k" + i)).isEqualTo(1);
        }
        assertThat(h.await(RecordType.CUSTOMER, "c1", SUCCESS).destinationId()).isEqualTo(contactId);
        assertThat(h.contactsNamed("Customer c1")).isEqualTo(1);
        assertThat(h.xero.invoices(h.tenant)).hasSize(60);
        assertThat(h.lb.events.countsByStatus(h.workspace)).containsEntry("FAILED", 0L);
    }

    private static String written(WriteResult r) {
        assertThat(r).isInstanceOf(WriteResult.Written.class);
        return ((WriteResult.Written) r).destinationId();
    }
}
