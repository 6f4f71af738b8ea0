package io.ledgerbridge.connector.quickbooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.connector.IdempotencyKey;
import io.ledgerbridge.connector.Outbound;
import io.ledgerbridge.connector.Source;
import io.ledgerbridge.connector.Write;
import io.ledgerbridge.connector.WriteResult;
import io.ledgerbridge.domain.record.Customer;
import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.InvoiceLine;
import io.ledgerbridge.domain.record.InvoiceStatus;
import io.ledgerbridge.domain.record.Payment;
import io.ledgerbridge.domain.record.Product;
import io.ledgerbridge.domain.record.SourceRecord;
import io.ledgerbridge.sandbox.quickbooks.QuickBooksSandbox;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** QuickBooks as a source: change data capture read with a cursor, mapped into Ledgerbridge's records. */
class QuickBooksSourceIT {

    private static QuickBooksSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = QuickBooksSandbox.start(0);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static IdempotencyKey key() {
        return new IdempotencyKey(UUID.randomUUID().toString().replace("-", ""));
    }

    private static String written(WriteResult r) {
        assertThat(r).isInstanceOf(WriteResult.Written.class);
        return ((WriteResult.Written) r).destinationId();
    }

    private static Invoice invoice(String number) {
        return new Invoice("x", number, InvoiceStatus.OPEN, "x", "USD", LocalDate.now(), null,
                List.of(new InvoiceLine("SRC-1", "Thing", new BigDecimal("2"), new BigDecimal("5.00"), null)), "memo", null);
    }

    @Test
    void changes_are_read_with_a_cursor_and_mapped_to_records() {
        var company = new SandboxCompany(sandbox, Map.of());
        var sink = company.openSink();
        Source source = company.connector.openSource(company.context()).orElseThrow();
        String item = company.createProduct("SRC-1", "Source thing");
        company.createProduct(null, "No SKU thing");
        String customer = written(sink.write(List.of(new Write(key(), Write.Operation.CREATE, null,
                new Outbound.OutboundCustomer(new Customer("c", "Source Customer", "src@example.com", "Src Ltd", null, null)))))
                .getFirst());
        String open = written(sink.write(List.of(new Write(key(), Write.Operation.CREATE, null,
                new Outbound.OutboundInvoice(invoice("S-1"), customer, Map.of("SRC-1", item), Map.of())))).getFirst());
        String paid = written(sink.write(List.of(new Write(key(), Write.Operation.CREATE, null,
                new Outbound.OutboundInvoice(invoice("S-2"), customer, Map.of("SRC-1", item), Map.of())))).getFirst());
        String payment = written(sink.write(List.of(new Write(key(), Write.Operation.CREATE, null,
                new Outbound.OutboundPayment(new Payment("pay-s2", "x", new BigDecimal("10.00"), "USD", LocalDate.now(), null, null),
                        paid, customer)))).getFirst());

        var first = source.changesSince(null, 100);
        assertThat(first.more()).isFalse();
        assertThat(first.records()).filteredOn(r -> r instanceof Customer).singleElement()
                .isEqualTo(new Customer(customer, "Source Customer", "src@example.com", "Src Ltd", null, null));
        assertThat(first.records()).filteredOn(r -> r instanceof Product).extracting(SourceRecord::naturalKey)
                .contains("SRC-1").doesNotContainNull();
        var invoices = first.records().stream().filter(r -> r instanceof Invoice).map(r -> (Invoice) r).toList();
        var s1 = invoices.stream().filter(i -> i.id().equals(open)).reduce((a, b) -> b).orElseThrow();
        assertThat(s1.number()).isEqualTo("S-1");
        assertThat(s1.status()).isEqualTo(InvoiceStatus.OPEN);
        assertThat(s1.customerId()).isEqualTo(customer);
        assertThat(s1.memo()).isEqualTo("memo");
        assertThat(s1.lines()).singleElement().satisfies(l -> {
            assertThat(l.sku()).isEqualTo("SRC-1");
            assertThat(l.quantity()).isEqualByComparingTo("2");
            assertThat(l.unitPrice()).isEqualByComparingTo("5.00");
        });
        assertThat(s1.validate()).isEmpty();
        assertThat(invoices.stream().filter(i -> i.id().equals(paid)).reduce((a, b) -> b).orElseThrow().status())
                .isEqualTo(InvoiceStatus.PAID);
        assertThat(first.records()).filteredOn(r -> r instanceof Payment).singleElement()
                .satisfies(p -> {
                    assertThat(p.id()).isEqualTo(payment);
                    assertThat(((Payment) p).invoiceId()).isEqualTo(paid);
                    assertThat(((Payment) p).amount()).isEqualByComparingTo("10.00");
                });

        // Voiding in QuickBooks shows up after the cursor.
        written(sink.write(List.of(new Write(key(), Write.Operation.VOID, open,
                new Outbound.OutboundInvoice(invoice("S-1"), customer, Map.of("SRC-1", item), Map.of())))).getFirst());
        var next = source.changesSince(first.nextCursor(), 100);
        assertThat(next.records()).filteredOn(r -> r instanceof Invoice && r.id().equals(open))
                .last().satisfies(r -> assertThat(((Invoice) r).status()).isEqualTo(InvoiceStatus.VOID));
    }

    @Test
    void a_page_smaller_than_the_changes_says_there_is_more_and_the_cursor_moves_on() {
        var company = new SandboxCompany(sandbox, Map.of());
        for (int i = 0; i < 5; i++) {
            sandbox.createCustomer(company.realm, "Paged " + i, "paged" + i + "@example.com");
        }
        Source source = company.connector.openSource(company.context()).orElseThrow();
        var page = source.changesSince(null, 3);
        assertThat(page.records()).hasSize(3);
        assertThat(page.more()).isTrue();
        assertThat(page.nextCursor()).isNotNull();
    }
}
