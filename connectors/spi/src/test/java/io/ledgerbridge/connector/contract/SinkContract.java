package io.ledgerbridge.connector.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerbridge.connector.IdempotencyKey;
import io.ledgerbridge.connector.Lookup;
import io.ledgerbridge.connector.Outbound;
import io.ledgerbridge.connector.Sink;
import io.ledgerbridge.connector.Write;
import io.ledgerbridge.connector.WriteResult;
import io.ledgerbridge.domain.error.ErrorKind;
import io.ledgerbridge.domain.record.Customer;
import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.InvoiceLine;
import io.ledgerbridge.domain.record.InvoiceStatus;
import io.ledgerbridge.domain.record.Payment;
import io.ledgerbridge.domain.record.RecordType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The one contract every sink passes. A connector's test extends it with its sandbox; the reference
 * destination runs it too, so a fake never drifts from the real thing.
 */
public abstract class SinkContract {

    protected abstract Sink sink();

    protected abstract DestinationProbe probe();

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    protected Customer customer(String n) {
        return new Customer("c-" + run + "-" + n, "Customer " + run + " " + n, "c" + n + "-" + run + "@example.com",
                null, null, null);
    }

    protected Invoice invoice(String number, String sku, String amount) {
        return new Invoice("i-" + run + "-" + number, number, InvoiceStatus.OPEN, "c", "USD", LocalDate.now(),
                LocalDate.now().plusDays(30),
                List.of(new InvoiceLine(sku, "Item " + sku, BigDecimal.ONE, new BigDecimal(amount), null)), null, null);
    }

    private static IdempotencyKey key() {
        return new IdempotencyKey(UUID.randomUUID().toString().replace("-", ""));
    }

    protected String written(WriteResult r) {
        assertThat(r).isInstanceOf(WriteResult.Written.class);
        return ((WriteResult.Written) r).destinationId();
    }

    protected String createCustomer(Customer c) {
        return written(sink().write(List.of(new Write(key(), Write.Operation.CREATE, null,
                new Outbound.OutboundCustomer(c)))).getFirst());
    }

    protected String number(String n) {
        return (run + n).substring(0, Math.min(21, (run + n).length()));
    }

    @Test
    void a_created_customer_is_found_by_its_exact_email() {
        var c = customer("1");
        String id = createCustomer(c);
        var found = sink().find(RecordType.CUSTOMER, List.of(c.email(), "nobody-" + run + "@example.com"));
        assertThat(found.get(c.email())).isEqualTo(new Lookup.Found(id));
        assertThat(found.get("nobody-" + run + "@example.com")).isInstanceOf(Lookup.NotFound.class);
    }

    @Test
    void products_are_found_by_exact_case_sensitive_sku() {
        String sku = "SKU-" + run;
        String id = probe().createProduct(sku, "Product " + run);
        var found = sink().find(RecordType.PRODUCT, List.of(sku, sku.toLowerCase()));
        assertThat(found.get(sku)).isEqualTo(new Lookup.Found(id));
        assertThat(found.get(sku.toLowerCase())).isInstanceOf(Lookup.NotFound.class);
    }

    @Test
    void a_batch_answers_one_result_per_write_in_order_and_one_failure_does_not_fail_the_others() {
        String customerId = createCustomer(customer("2"));
        String sku = "B-" + run;
        String itemId = probe().createProduct(sku, "Batch item " + run);
        int size = Math.min(3, sink().capabilities().maxBatchSize());
        var writes = new ArrayList<Write>();
        for (int i = 0; i < size; i++) {
            var inv = invoice(number("b" + i), sku, "10.00");
            var refs = i == 1 ? Map.of(sku, "no-such-item") : Map.of(sku, itemId);
            writes.add(new Write(key(), Write.Operation.CREATE, null,
                    new Outbound.OutboundInvoice(inv, customerId, refs, Map.of())));
        }
        var results = sink().write(writes);
        assertThat(results).hasSize(size);
        assertThat(results.get(0)).isInstanceOf(WriteResult.Written.class);
        if (size > 1) {
            assertThat(results.get(1)).isInstanceOf(WriteResult.Rejected.class);
        }
        if (size > 2) {
            assertThat(results.get(2)).isInstanceOf(WriteResult.Written.class);
        }
    }

    @Test
    void the_same_idempotency_key_written_twice_creates_one_record() {
        String customerId = createCustomer(customer("3"));
        String sku = "I-" + run;
        String itemId = probe().createProduct(sku, "Idem item " + run);
        String number = number("i");
        var write = new Write(key(), Write.Operation.CREATE, null,
                new Outbound.OutboundInvoice(invoice(number, sku, "12.50"), customerId, Map.of(sku, itemId), Map.of()));
        String first = written(sink().write(List.of(write)).getFirst());
        String second = written(sink().write(List.of(write)).getFirst());
        assertThat(second).isEqualTo(first);
        assertThat(probe().countWithKey(RecordType.INVOICE, number)).isEqualTo(1);
        assertThat(sink().find(RecordType.INVOICE, List.of(number)).get(number)).isEqualTo(new Lookup.Found(first));
    }

    @Test
    void an_update_through_the_destination_id_changes_the_record_and_a_void_voids_it() {
        String customerId = createCustomer(customer("4"));
        String sku = "U-" + run;
        String itemId = probe().createProduct(sku, "Upd item " + run);
        String number = number("u");
        String id = written(sink().write(List.of(new Write(key(), Write.Operation.CREATE, null,
                new Outbound.OutboundInvoice(invoice(number, sku, "10.00"), customerId, Map.of(sku, itemId), Map.of()))))
                .getFirst());
        String updated = written(sink().write(List.of(new Write(key(), Write.Operation.UPDATE, id,
                new Outbound.OutboundInvoice(invoice(number, sku, "20.00"), customerId, Map.of(sku, itemId), Map.of()))))
                .getFirst());
        assertThat(updated).isEqualTo(id);
        written(sink().write(List.of(new Write(key(), Write.Operation.VOID, id,
                new Outbound.OutboundInvoice(invoice(number, sku, "20.00"), customerId, Map.of(sku, itemId), Map.of()))))
                .getFirst());
        assertThat(probe().isVoided(id)).isTrue();
        assertThat(probe().countWithKey(RecordType.INVOICE, number)).isEqualTo(1);
    }

    @Test
    void a_payment_larger_than_the_invoice_is_rejected_as_needing_a_fix() {
        String customerId = createCustomer(customer("5"));
        String sku = "P-" + run;
        String itemId = probe().createProduct(sku, "Pay item " + run);
        var inv = invoice(number("p"), sku, "10.00");
        String invoiceId = written(sink().write(List.of(new Write(key(), Write.Operation.CREATE, null,
                new Outbound.OutboundInvoice(inv, customerId, Map.of(sku, itemId), Map.of())))).getFirst());
        var payment = new Payment("pay-" + run, inv.id(), new BigDecimal("25.00"), "USD", LocalDate.now(), "ref", null);
        var result = sink().write(List.of(new Write(key(), Write.Operation.CREATE, null,
                new Outbound.OutboundPayment(payment, invoiceId, customerId)))).getFirst();
        assertThat(result).isInstanceOfSatisfying(WriteResult.Rejected.class,
                r -> assertThat(r.error().kind()).isEqualTo(ErrorKind.NEEDS_FIX));
    }

    @Test
    void a_batch_larger_than_the_sink_accepts_is_a_bug_in_the_caller() {
        int max = sink().capabilities().maxBatchSize();
        var c = customer("6");
        var writes = new ArrayList<Write>();
        for (int i = 0; i <= max; i++) {
            writes.add(new Write(key(), Write.Operation.CREATE, null, new Outbound.OutboundCustomer(c)));
        }
        assertThatThrownBy(() -> sink().write(writes)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Runs last in spirit: it breaks the connection for the rest of this sink's life. */
    @Test
    void a_revoked_authorisation_is_a_connection_failure_for_every_write() {
        probe().revokeAuthorisation();
        var results = sink().write(List.of(
                new Write(key(), Write.Operation.CREATE, null, new Outbound.OutboundCustomer(customer("7"))),
                new Write(key(), Write.Operation.CREATE, null, new Outbound.OutboundCustomer(customer("8")))));
        assertThat(results).hasSize(2).allSatisfy(r -> assertThat(r).isInstanceOfSatisfying(WriteResult.Rejected.class,
                rej -> assertThat(rej.error().kind()).isEqualTo(ErrorKind.CONNECTION)));
    }
}
