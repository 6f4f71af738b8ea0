package io.ledgerbridge.connector.xero;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.connector.IdempotencyKey;
import io.ledgerbridge.connector.Outbound;
import io.ledgerbridge.connector.Write;
import io.ledgerbridge.connector.WriteResult;
import io.ledgerbridge.connector.xero.webhook.XeroWebhooks;
import io.ledgerbridge.domain.record.Customer;
import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.InvoiceLine;
import io.ledgerbridge.domain.record.InvoiceStatus;
import io.ledgerbridge.domain.record.SourceRecord;
import io.ledgerbridge.sandbox.xero.XeroSandbox;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Xero as a source against the sandbox: the If-Modified-Since poll and the read-back of webhook events by IDs. */
class XeroSourceIT {

    private static XeroSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = XeroSandbox.start(0);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static String written(WriteResult r) {
        assertThat(r).isInstanceOf(WriteResult.Written.class);
        return ((WriteResult.Written) r).destinationId();
    }

    private static Write create(Outbound record) {
        return new Write(new IdempotencyKey(UUID.randomUUID().toString().replace("-", "")), Write.Operation.CREATE, null,
                record);
    }

    @Test
    void the_poll_returns_invoices_and_contacts_changed_since_the_cursor() throws Exception {
        var org = new SandboxOrganisation(sandbox, Map.of());
        var sink = org.openSink();
        var source = org.openSource();
        String sku = "S-1";
        String item = org.createProduct(sku, "Stool");
        String contact = written(sink.write(List.of(create(new Outbound.OutboundCustomer(
                new Customer("c1", "Ada", "ada@example.com", null, null, null))))).getFirst());
        var inv = new Invoice("i1", "INV-1", InvoiceStatus.OPEN, "c1", "USD", LocalDate.now(), null,
                List.of(new InvoiceLine(sku, "Stool", new BigDecimal("2"), new BigDecimal("7.50"), null)), null, null);
        String invoiceId = written(sink.write(List.of(create(new Outbound.OutboundInvoice(inv, contact, Map.of(sku, item),
                Map.of())))).getFirst());

        var first = source.changesSince(null, 100);
        assertThat(first.records()).extracting(SourceRecord::id).contains(contact, item, invoiceId);
        var read = (Invoice) first.records().stream().filter(r -> r.id().equals(invoiceId)).findFirst().orElseThrow();
        assertThat(read.number()).isEqualTo("INV-1");
        assertThat(read.status()).isEqualTo(InvoiceStatus.OPEN);
        assertThat(read.customerId()).isEqualTo(contact);
        assertThat(read.lines()).singleElement().satisfies(l -> {
            assertThat(l.sku()).isEqualTo(sku);
            assertThat(l.unitPrice()).isEqualByComparingTo("7.50");
        });

        sandbox.advanceClock(java.time.Duration.ofMinutes(5));
        var voiding = new Write(new IdempotencyKey("void-1"), Write.Operation.VOID, invoiceId,
                new Outbound.OutboundInvoice(inv, contact, Map.of(sku, item), Map.of()));
        written(sink.write(List.of(voiding)).getFirst());
        var second = source.changesSince(first.nextCursor(), 100);
        // The cursor is inclusive (If-Modified-Since at the last change seen): a record changed at that instant can be read
        // again, which intake absorbs (same content, no new version); the void must be there.
        assertThat(second.records()).extracting(SourceRecord::id).contains(invoiceId);
        assertThat(second.records().stream().filter(r -> r.id().equals(invoiceId)).findFirst().orElseThrow())
                .isInstanceOfSatisfying(Invoice.class, i -> assertThat(i.status()).isEqualTo(InvoiceStatus.VOID));
    }

    @Test
    void webhook_events_are_read_back_in_batches_with_the_invoices_contacts() {
        var org = new SandboxOrganisation(sandbox, Map.of());
        var sink = org.openSink();
        String sku = "S-2";
        String item = org.createProduct(sku, "Lamp");
        String contact = written(sink.write(List.of(create(new Outbound.OutboundCustomer(
                new Customer("c2", "Bo", "bo@example.com", null, null, null))))).getFirst());
        var inv = new Invoice("i2", "INV-2", InvoiceStatus.OPEN, "c2", "USD", LocalDate.now(), null,
                List.of(new InvoiceLine(sku, "Lamp", BigDecimal.ONE, BigDecimal.TEN, null)), null, null);
        String invoiceId = written(sink.write(List.of(create(new Outbound.OutboundInvoice(inv, contact, Map.of(sku, item),
                Map.of())))).getFirst());

        var records = org.openSource().read(new XeroWebhooks.Changed(Set.of(invoiceId), Set.of()));
        assertThat(records).extracting(SourceRecord::id).containsExactly(contact, invoiceId);
        assertThat(records.get(1)).as("the invoice read back has its lines").isInstanceOfSatisfying(Invoice.class, i ->
                assertThat(i.lines()).singleElement().satisfies(l -> {
                    assertThat(l.sku()).isEqualTo(sku);
                    assertThat(l.unitPrice()).isEqualByComparingTo("10");
                }));
    }
}
