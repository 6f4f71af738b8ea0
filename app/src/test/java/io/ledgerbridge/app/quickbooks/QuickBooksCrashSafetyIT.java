package io.ledgerbridge.app.quickbooks;

import static io.ledgerbridge.app.quickbooks.QuickBooksHarness.customer;
import static io.ledgerbridge.app.quickbooks.QuickBooksHarness.invoice;
import static io.ledgerbridge.domain.sync.SyncStatus.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.connector.IdempotencyKey;
import io.ledgerbridge.connector.Outbound;
import io.ledgerbridge.connector.Write;
import io.ledgerbridge.connector.WriteResult;
import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.sandbox.quickbooks.QuickBooksSandbox;
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
 * A node dies while its batches are in flight: QuickBooks received some of its writes, none of their outcomes were
 * recorded. Another node takes the events over when their leases expire, finds what QuickBooks already has, and
 * writes only the rest: every invoice is in QuickBooks exactly once.
 */
class QuickBooksCrashSafetyIT {

    private static QuickBooksSandbox qbo;
    private QuickBooksHarness h;

    @BeforeAll
    static void startSandbox() {
        qbo = QuickBooksSandbox.start(0);
    }

    @AfterAll
    static void stopSandbox() {
        qbo.close();
    }

    @BeforeEach
    void harness() {
        h = new QuickBooksHarness(qbo);
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void a_node_killed_with_batches_in_flight_is_taken_over_and_every_invoice_is_in_quickbooks_exactly_once() {
        String item = h.item("Widget", "A");
        var customerVersion = h.push(customer("c1")).version();
        var invoices = new ArrayList<Invoice>();
        var versions = new ArrayList<Long>();
        for (int i = 0; i < 45; i++) {
            var inv = invoice("k" + i, "c1", "A");
            invoices.add(inv);
            versions.add(h.push(inv).version());
        }

        // A node claims everything...
        var claimed = h.lb.queue.claim("dead-node", 100, Instant.now(), Instant.now().plusMillis(300));
        assertThat(claimed).hasSize(46);

        // ...its writes reach QuickBooks (the customer, a batch of 30 and one of 10 invoices; 5 never leave)...
        var sink = h.lb.registry.sink(h.destination);
        String customerId = written(sink.write(List.of(new Write(
                IdempotencyKey.of(h.flow.toString(), RecordType.CUSTOMER, "c1", customerVersion, "CREATE"),
                Write.Operation.CREATE, null, new Outbound.OutboundCustomer(customer("c1"))))).getFirst());
        for (int[] range : new int[][] {{0, 30}, {30, 40}}) {
            var batch = new ArrayList<Write>();
            for (int i = range[0]; i < range[1]; i++) {
                batch.add(new Write(IdempotencyKey.of(h.flow.toString(), RecordType.INVOICE, "k" + i, versions.get(i), "CREATE"),
                        Write.Operation.CREATE, null,
                        new Outbound.OutboundInvoice(invoices.get(i), customerId, Map.of("A", item), Map.of())));
            }
            assertThat(sink.write(batch)).allMatch(r -> r instanceof WriteResult.Written);
        }
        assertThat(h.qbo.invoices(h.realm)).hasSize(40);

        // ...and it dies without recording anything. A live node takes over once the leases expire.
        h.start();
        for (int i = 0; i < 45; i++) {
            var ok = h.await(RecordType.INVOICE, "k" + i, SUCCESS);
            var attempts = h.lb.events.attempts(h.workspace, ok.id());
            assertThat(attempts.getFirst().outcome()).isEqualTo("LEASE_EXPIRED");
            assertThat(attempts.getFirst().node()).isEqualTo("dead-node");
            if (i < 40) {
                assertThat(attempts.getLast().operation()).as("invoice k%d was found, not written again", i)
                        .isEqualTo("LOOKUP");
            }
            assertThat(h.qbo.countInvoicesByDocNumber(h.realm, "N-k" + i)).isEqualTo(1);
        }
        assertThat(h.await(RecordType.CUSTOMER, "c1", SUCCESS).destinationId()).isEqualTo(customerId);
        assertThat(h.customersWithEmail("c1@example.com")).isEqualTo(1);
        assertThat(h.qbo.invoices(h.realm)).hasSize(45);
        assertThat(h.lb.events.countsByStatus(h.workspace)).containsEntry("FAILED", 0L);
    }

    private static String written(WriteResult r) {
        assertThat(r).isInstanceOf(WriteResult.Written.class);
        return ((WriteResult.Written) r).destinationId();
    }
}
