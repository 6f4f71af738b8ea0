package io.ledgerbridge.connector.xero;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ledgerbridge.connector.IdempotencyKey;
import io.ledgerbridge.connector.Lookup;
import io.ledgerbridge.connector.Outbound;
import io.ledgerbridge.connector.Write;
import io.ledgerbridge.connector.WriteResult;
import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.error.ErrorKind;
import io.ledgerbridge.domain.error.SyncError;
import io.ledgerbridge.domain.record.Customer;
import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.InvoiceLine;
import io.ledgerbridge.domain.record.InvoiceStatus;
import io.ledgerbridge.domain.record.Payment;
import io.ledgerbridge.domain.record.Product;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.sandbox.xero.XeroSandbox;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Xero sink against the Xero sandbox over real HTTP: batches, exactly once after an uncertain outcome, tokens,
 * limits, and Xero's refusals as the user reads them (message and fix rendered as the engine renders them).
 */
class XeroSinkIT {

    private static XeroSandbox sandbox;
    private SandboxOrganisation org;
    private XeroSink sink;
    private final String run = UUID.randomUUID().toString().substring(0, 6);
    private String customerId;
    private String itemId;
    private final String sku = "SKU-" + run;

    @BeforeAll
    static void start() {
        sandbox = XeroSandbox.start(0);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void organisation() {
        org = new SandboxOrganisation(sandbox, Map.of());
        sink = org.openSink();
        customerId = written(sink.write(List.of(create(new Outbound.OutboundCustomer(customer("1"))))).getFirst());
        itemId = org.createProduct(sku, "Chair " + run);
    }

    @AfterEach
    void reset() {
        sandbox.resetSwitches(org.tenant);
    }

    private Customer customer(String n) {
        return new Customer("c-" + run + n, "Customer " + run + " " + n, "c" + n + "-" + run + "@example.com", null, null,
                null);
    }

    private Invoice invoice(String number, LocalDate date, String amount) {
        return new Invoice("i-" + number, number, InvoiceStatus.OPEN, "c-" + run + "1", "USD", date, date.plusDays(30),
                List.of(new InvoiceLine(sku, "Chair", BigDecimal.ONE, new BigDecimal(amount), null)), null, null);
    }

    private Outbound.OutboundInvoice outbound(Invoice invoice) {
        return new Outbound.OutboundInvoice(invoice, customerId, Map.of(sku, itemId), Map.of());
    }

    private static Write create(Outbound record) {
        return new Write(new IdempotencyKey(UUID.randomUUID().toString().replace("-", "")), Write.Operation.CREATE, null,
                record);
    }

    private static String written(WriteResult r) {
        assertThat(r).isInstanceOf(WriteResult.Written.class);
        return ((WriteResult.Written) r).destinationId();
    }

    private static SyncError shown(WriteResult r) {
        assertThat(r).isInstanceOf(WriteResult.Rejected.class);
        return ((WriteResult.Rejected) r).error().with("destination", "Xero").with("source", "the shop");
    }

    private String createInvoice(String number, String amount) {
        return written(sink.write(List.of(create(outbound(invoice(number, LocalDate.now(), amount))))).getFirst());
    }

    @Test
    void a_batch_of_50_with_a_few_bad_records_gets_one_answer_per_record_in_one_call() {
        createInvoice("DUP-" + run, "10.00");
        sandbox.setLockDates(org.tenant, LocalDate.parse("2020-01-31"), null);
        var writes = new ArrayList<Write>();
        for (int i = 0; i < 50; i++) {
            var inv = invoice("B" + run + "-" + i, LocalDate.now(), "10.00");
            if (i == 23) {
                inv = invoice("DUP-" + run, LocalDate.now(), "10.00");
            }
            if (i == 41) {
                inv = invoice("B" + run + "-" + i, LocalDate.parse("2019-12-01"), "10.00");
            }
            var out = i == 7 ? new Outbound.OutboundInvoice(inv, customerId, Map.of(), Map.of()) : outbound(inv);
            writes.add(create(out));
        }
        var results = sink.write(writes);

        assertThat(results).hasSize(50);
        assertThat(shown(results.get(7)).message()).isEqualTo("No product with SKU \"" + sku + "\" exists in Xero (line 1)."
                + " Every line must match a product by exact, case-sensitive SKU, so the whole invoice was not synced.");
        assertThat(shown(results.get(23)).message()).isEqualTo("Xero already has invoice number DUP-" + run
                + ", not linked to this invoice.");
        assertThat(shown(results.get(41)).message()).isEqualTo("The document date 2019-12-01 is inside Xero's closed "
                + "books (closed through 2020-01-31 (period lock date)).");
        var ids = new HashSet<String>();
        for (int i = 0; i < 50; i++) {
            if (i != 7 && i != 23 && i != 41) {
                ids.add(written(results.get(i)));
            }
        }
        assertThat(ids).hasSize(47);
        assertThat(org.count(RecordType.INVOICE)).isEqualTo(48);
    }

    @Test
    void a_repeat_after_an_uncertain_outcome_creates_no_duplicate() {
        String number = "U" + run;
        var write = create(outbound(invoice(number, LocalDate.now(), "12.50")));
        sink.write(List.of(write)); // the answer is "lost": the engine saw a timeout and marked the event uncertain

        // The engine's next attempt looks the invoice up by number first and links to it...
        var found = sink.find(RecordType.INVOICE, List.of(number, "NONE-" + run));
        assertThat(found.get(number)).isInstanceOf(Lookup.Found.class);
        assertThat(found.get("NONE-" + run)).isEqualTo(Lookup.NOT_FOUND);
        // ...and a repeat with the same key is answered by Xero with the first result (Idempotency-Key).
        String again = written(sink.write(List.of(write)).getFirst());
        assertThat(again).isEqualTo(((Lookup.Found) found.get(number)).destinationId());
        assertThat(org.countWithKey(RecordType.INVOICE, number)).isEqualTo(1);
    }

    @Test
    void contacts_items_and_payments_are_found_by_their_natural_keys_exactly() {
        var c = customer("1");
        assertThat(sink.find(RecordType.CUSTOMER, List.of(c.email(), c.email().toUpperCase(), c.displayName())))
                .containsEntry(c.email(), new Lookup.Found(customerId))
                .containsEntry(c.email().toUpperCase(), Lookup.NOT_FOUND)
                .containsEntry(c.displayName(), new Lookup.Found(customerId));
        assertThat(sink.find(RecordType.PRODUCT, List.of(sku, sku.toLowerCase())))
                .containsEntry(sku, new Lookup.Found(itemId)).containsEntry(sku.toLowerCase(), Lookup.NOT_FOUND);
        String invoiceId = createInvoice("F" + run, "10.00");
        var payment = new Payment("pay-" + run, "i-F" + run, new BigDecimal("4.00"), "USD", LocalDate.now(), null, null);
        String paymentId = written(sink.write(List.of(create(new Outbound.OutboundPayment(payment, invoiceId, customerId))))
                .getFirst());
        assertThat(sink.find(RecordType.PAYMENT, List.of("pay-" + run))).containsEntry("pay-" + run,
                new Lookup.Found(paymentId));
    }

    @Test
    void an_expired_access_token_is_refreshed_once_and_the_write_succeeds() {
        sandbox.expireAccessTokens(org.tenant);
        written(sink.write(List.of(create(new Outbound.OutboundCustomer(customer("2"))))).getFirst());
        assertThat(org.refreshes).hasValue(1);
    }

    @Test
    void a_revoked_connection_needs_a_reconnect_and_says_unable_to_refresh_tokens() {
        org.revokeAuthorisation();
        var error = shown(sink.write(List.of(create(new Outbound.OutboundCustomer(customer("3"))))).getFirst());
        assertThat(error.kind()).isEqualTo(ErrorKind.CONNECTION);
        assertThat(error.title()).isEqualTo("Unable to refresh tokens");
        assertThat(error.message()).contains("invalid_grant");
        assertThat(error.fix()).isEqualTo("Reconnect Xero under Settings → Connections. Waiting syncs resume by themselves.");
    }

    @Test
    void a_minute_429_waits_as_long_as_xero_says() {
        sandbox.throttleNext(org.tenant, 1);
        var r = sink.write(List.of(create(new Outbound.OutboundCustomer(customer("4"))))).getFirst();
        assertThat(r).isInstanceOfSatisfying(WriteResult.Rejected.class, rej -> {
            assertThat(rej.error().code()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(rej.error().vendorMessage()).startsWith("Minute rate limit hit");
            assertThat(rej.retryAfter()).isAfter(Instant.now());
        });
    }

    @Test
    void a_day_429_waits_until_the_day_rolls_over_and_says_when_syncs_resume() {
        sandbox.exhaustDay(org.tenant);
        var first = sink.write(List.of(create(new Outbound.OutboundCustomer(customer("5"))))).getFirst();
        assertThat(first).isInstanceOfSatisfying(WriteResult.Rejected.class, rej -> {
            assertThat(rej.error().kind()).isEqualTo(ErrorKind.TRANSIENT);
            assertThat(shown(rej).message()).isEqualTo("Xero's daily rate limit was reached.");
            assertThat(rej.error().vendorMessage()).startsWith("Daily rate limit hit")
                    .contains("Nothing fails: syncs queue up and resume at " + rej.error().details().get("resumesAt"));
            assertThat(rej.retryAfter()).isAfter(Instant.now().plusSeconds(60));
        });
        // Held here until then: the next write answers the same wait without costing Xero another call.
        var second = sink.write(List.of(create(new Outbound.OutboundCustomer(customer("6"))))).getFirst();
        assertThat(((WriteResult.Rejected) second).retryAfter())
                .isCloseTo(((WriteResult.Rejected) first).retryAfter(), within(1,
                        java.time.temporal.ChronoUnit.SECONDS));
    }

    @Test
    void an_invoice_before_the_lock_date_is_a_closed_period() {
        sandbox.setLockDates(org.tenant, LocalDate.parse("2018-11-30"), null);
        var error = shown(sink.write(List.of(create(outbound(invoice("L" + run, LocalDate.parse("2018-11-15"), "10.00")))))
                .getFirst());
        assertThat(error.message()).isEqualTo("The document date 2018-11-15 is inside Xero's closed books (closed "
                + "through 2018-11-30 (period lock date)).");
        assertThat(error.vendorMessage()).isEqualTo(
                "The document date cannot be before the period lock date, currently set at 30-Nov-2018");
    }

    @Test
    void an_edit_of_a_paid_invoice_says_it_has_been_paid_in_xero_and_cannot_be_updated() {
        String number = "P" + run;
        String invoiceId = createInvoice(number, "10.00");
        var payment = new Payment("pay-" + run, "i-" + number, new BigDecimal("10.00"), "USD", LocalDate.now(), null, null);
        written(sink.write(List.of(create(new Outbound.OutboundPayment(payment, invoiceId, customerId)))).getFirst());

        var edit = new Write(new IdempotencyKey("edit" + run), Write.Operation.UPDATE, invoiceId,
                outbound(invoice(number, LocalDate.now(), "20.00")));
        var error = shown(sink.write(List.of(edit)).getFirst());
        assertThat(error.code()).isEqualTo(ErrorCode.INVOICE_PAID);
        assertThat(error.message()).isEqualTo("Invoice " + number + " is paid in Xero and cannot be updated.");
        assertThat(error.fix()).isEqualTo("If the invoice in Xero is still right, skip this sync; otherwise remove the "
                + "payment in Xero and retry.");
    }

    @Test
    void an_overpayment_names_the_amount_outstanding() {
        String number = "O" + run;
        String invoiceId = createInvoice(number, "10.00");
        var payment = new Payment("pay-" + run, "i-" + number, new BigDecimal("25.00"), "USD", LocalDate.now(), null, null);
        var error = shown(sink.write(List.of(create(new Outbound.OutboundPayment(payment, invoiceId, customerId))))
                .getFirst());
        assertThat(error.message()).isEqualTo("The payment of 25.00 USD is more than the 10.00 USD outstanding on "
                + "invoice " + number + ".");
        assertThat(error.vendorMessage()).isEqualTo("Payment amount exceeds the amount outstanding on this document");
    }

    @Test
    void symbols_in_a_product_name_are_reported_with_the_name() {
        var product = new Product("p-" + run, "SYM-" + run, "Lamp <deluxe>", null, BigDecimal.TEN, "USD", null);
        var error = shown(sink.write(List.of(create(new Outbound.OutboundProduct(product)))).getFirst());
        assertThat(error.message()).isEqualTo("Xero rejected the name \"Lamp <deluxe>\": it contains characters it does "
                + "not accept.");
        assertThat(error.vendorMessage()).contains("Please remove the incorrect symbols from the product name");
        assertThat(error.fix()).isEqualTo("Remove the symbols from the name in the shop, then retry.");
    }

    @Test
    void a_contact_name_taken_by_another_contact_is_a_duplicate_name() {
        sandbox.createContact(org.tenant, "Bayside Club " + run, "office-" + run + "@bayside.example");
        var c = new Customer("c-bay" + run, "Bayside Club " + run, "accounts-" + run + "@bayside.example", null, null, null);
        var error = shown(sink.write(List.of(create(new Outbound.OutboundCustomer(c)))).getFirst());
        assertThat(error.message()).isEqualTo("Xero already has a customer named \"Bayside Club " + run
                + "\" that is not linked to this record.");
    }

    @Test
    void an_edit_updates_the_same_invoice_and_a_void_voids_it_without_deleting() {
        String number = "E" + run;
        String invoiceId = createInvoice(number, "10.00");
        var edit = new Write(new IdempotencyKey("edit" + run), Write.Operation.UPDATE, invoiceId,
                outbound(invoice(number, LocalDate.now(), "30.00")));
        assertThat(written(sink.write(List.of(edit)).getFirst())).isEqualTo(invoiceId);
        assertThat(org.invoice(invoiceId).path("Total").decimalValue()).isEqualByComparingTo("30.00");
        var voiding = new Write(new IdempotencyKey("void" + run), Write.Operation.VOID, invoiceId,
                outbound(invoice(number, LocalDate.now(), "30.00")));
        written(sink.write(List.of(voiding)).getFirst());
        assertThat(org.invoice(invoiceId).path("Status").asText()).isEqualTo("VOIDED");
        assertThat(org.countWithKey(RecordType.INVOICE, number)).isEqualTo(1);
    }

    @Test
    void every_answer_tells_the_engine_what_remains_of_the_budget() {
        sink.find(RecordType.PRODUCT, List.of(sku));
        assertThat(sink.remainingCalls()).hasValueSatisfying(r -> {
            assertThat(r.minute()).isBetween(0, 59);
            assertThat(r.day()).isBetween(0, 4999);
        });
    }

    @Test
    void item_codes_are_read_once_so_a_batch_of_invoices_is_one_call() {
        createInvoice("W1" + run, "10.00"); // reads the item's code once
        long before = sandbox.requestCount(org.tenant);
        var writes = new ArrayList<Write>();
        for (int i = 0; i < 50; i++) {
            writes.add(create(outbound(invoice("W" + run + "-" + i, LocalDate.now(), "10.00"))));
        }
        sink.write(writes).forEach(XeroSinkIT::written);
        assertThat(sandbox.requestCount(org.tenant) - before).as("calls for 50 invoices whose item code is known")
                .isEqualTo(1);
    }

    @Test
    void an_item_code_changed_in_xero_since_it_was_read_is_read_again_and_the_invoice_goes_once() {
        createInvoice("S1" + run, "10.00"); // this node now knows the item's code
        // Someone (another node, a bookkeeper) changes the item's Code in Xero
        var elsewhere = org.openSink();
        String newSku = "NEW-" + run;
        written(elsewhere.write(List.of(new Write(new IdempotencyKey(UUID.randomUUID().toString().replace("-", "")),
                Write.Operation.UPDATE, itemId, new Outbound.OutboundProduct(new Product("p-" + run, newSku, "Chair " + run,
                        null, new BigDecimal("10.00"), "USD", null))))).getFirst());

        String id = createInvoice("S2" + run, "20.00");

        assertThat(org.countWithKey(RecordType.INVOICE, "S2" + run)).isEqualTo(1);
        var lines = sandbox.invoices(org.tenant).stream().filter(i -> i.path("InvoiceID").asText().equals(id)).findFirst()
                .orElseThrow().path("LineItems");
        assertThat(lines.get(0).path("ItemCode").asText()).isEqualTo(newSku);
    }

    @Test
    void an_item_removed_from_xero_since_its_code_was_read_fails_the_invoice_as_sku_not_found() {
        createInvoice("R1" + run, "10.00");
        sandbox.deleteItem(org.tenant, sku);

        var r = sink.write(List.of(create(outbound(invoice("R2" + run, LocalDate.now(), "10.00"))))).getFirst();

        assertThat(shown(r).code()).isEqualTo(ErrorCode.SKU_NOT_FOUND);
        assertThat(org.countWithKey(RecordType.INVOICE, "R2" + run)).isZero();
    }
}
