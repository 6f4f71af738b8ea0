package io.ledgerbridge.app.quickbooks;

import static io.ledgerbridge.app.quickbooks.QuickBooksHarness.DATE;
import static io.ledgerbridge.app.quickbooks.QuickBooksHarness.customer;
import static io.ledgerbridge.app.quickbooks.QuickBooksHarness.invoice;
import static io.ledgerbridge.domain.sync.SyncStatus.FAILED;
import static io.ledgerbridge.domain.sync.SyncStatus.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.record.Customer;
import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.InvoiceLine;
import io.ledgerbridge.domain.record.InvoiceStatus;
import io.ledgerbridge.domain.record.Payment;
import io.ledgerbridge.domain.record.Product;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncAction;
import io.ledgerbridge.engine.events.SyncEvents;
import io.ledgerbridge.sandbox.quickbooks.QuickBooksSandbox;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Native source → engine → QuickBooks sandbox, for what a bookkeeper meets: each test asserts what the dashboard
 * shows (status, error title, message and fix naming the record's details, retry count, attempts) and what the
 * QuickBooks company holds.
 */
class QuickBooksInvoiceSyncIT {

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
    void an_invoice_syncs_with_its_customer_item_lines_and_dates() {
        String itemId = h.item("Widget", "PROD-001");
        h.push(customer("c1"));
        h.push(invoice("i1", "c1", "PROD-001", "PROD-001"));
        h.start();
        var inv = h.await(RecordType.INVOICE, "i1", SUCCESS);
        var cust = h.latest(RecordType.CUSTOMER, "c1");
        var stored = h.qboInvoice(inv.destinationId());
        assertThat(stored.path("DocNumber").asText()).isEqualTo("N-i1");
        assertThat(stored.path("CustomerRef").path("value").asText()).isEqualTo(cust.destinationId());
        assertThat(stored.path("TxnDate").asText()).isEqualTo("2026-11-02");
        assertThat(stored.path("DueDate").asText()).isEqualTo("2026-12-02");
        assertThat(stored.path("CurrencyRef").path("value").asText()).isEqualTo("USD");
        assertThat(stored.path("TotalAmt").decimalValue()).isEqualByComparingTo("20.00");
        assertThat(stored.path("Line").get(0).path("SalesItemLineDetail").path("ItemRef").path("value").asText())
                .isEqualTo(itemId);
        assertThat(h.qbo.find(h.realm, "Customer", cust.destinationId()).orElseThrow()
                .path("PrimaryEmailAddr").path("Address").asText()).isEqualTo("c1@example.com");
    }

    @Test
    void sku_not_found_names_the_sku_then_creating_the_item_and_retrying_syncs_exactly_once() {
        h.push(customer("c1"));
        h.push(invoice("i1", "c1", "PROD-001"));
        h.start();
        var failed = h.await(RecordType.INVOICE, "i1", FAILED);
        assertThat(failed.error().code()).isEqualTo(ErrorCode.SKU_NOT_FOUND);
        assertThat(failed.error().title()).isEqualTo("SKU not found");
        assertThat(failed.error().message()).contains("\"PROD-001\"").contains("QuickBooks Online").contains("line 1");
        assertThat(failed.error().fix()).contains("Create the product with the exact SKU \"PROD-001\" in QuickBooks Online");
        assertThat(h.qbo.invoices(h.realm)).isEmpty();

        h.item("Widget", "PROD-001");
        assertThat(h.lb.events.act(h.workspace, failed.id(), SyncAction.RETRY, null, Instant.now()))
                .isInstanceOf(SyncEvents.ActionResult.Done.class);
        var ok = h.await(RecordType.INVOICE, "i1", SUCCESS);
        assertThat(ok.retryCount()).isEqualTo(1);
        assertThat(h.qbo.countInvoicesByDocNumber(h.realm, "N-i1")).isEqualTo(1);
        assertThat(h.qbo.invoices(h.realm)).hasSize(1);
        assertThat(h.outcomes(ok)).containsSubsequence("FAILED", "USER_RETRY", "SYNCED");
    }

    @Test
    void sku_matching_is_case_sensitive_although_quickbooks_queries_are_not() {
        h.item("lower", "prod-001");
        h.push(customer("c1"));
        h.push(invoice("i1", "c1", "PROD-001"));
        h.start();
        var failed = h.await(RecordType.INVOICE, "i1", FAILED);
        assertThat(failed.error().code()).isEqualTo(ErrorCode.SKU_NOT_FOUND);
        assertThat(failed.error().details()).containsEntry("sku", "PROD-001");
    }

    @Test
    void customer_email_missing_fails_its_invoices_with_a_link_and_adding_the_email_syncs_them_by_themselves() {
        h.item("Widget", "A");
        h.push(new Customer("c1", "No Mail Ltd", null, null, null, null));
        h.push(invoice("i1", "c1", "A"));
        h.push(invoice("i2", "c1", "A"));
        h.start();
        var customerFailed = h.await(RecordType.CUSTOMER, "c1", FAILED);
        assertThat(customerFailed.error().title()).isEqualTo("Customer email missing");
        assertThat(customerFailed.error().message()).contains("\"No Mail Ltd\"");
        assertThat(customerFailed.error().fix()).contains("Add an email address");
        var invoiceFailed = h.await(RecordType.INVOICE, "i1", FAILED);
        assertThat(invoiceFailed.error().code()).isEqualTo(ErrorCode.CUSTOMER_NOT_SYNCED);
        assertThat(invoiceFailed.causeId()).isEqualTo(customerFailed.id());
        assertThat(invoiceFailed.error().message()).contains("Customer email missing");
        assertThat(h.qbo.list(h.realm, "Customer")).isEmpty();

        h.push(new Customer("c1", "No Mail Ltd", "ap@nomail.example", null, null, null));
        h.await(RecordType.CUSTOMER, "c1", SUCCESS);
        var i1 = h.await(RecordType.INVOICE, "i1", SUCCESS);
        h.await(RecordType.INVOICE, "i2", SUCCESS);
        assertThat(i1.retryCount()).isEqualTo(1);
        assertThat(h.customersWithEmail("ap@nomail.example")).isEqualTo(1);
        assertThat(h.qbo.invoices(h.realm)).hasSize(2);
    }

    @Test
    void a_customer_name_taken_in_quickbooks_fails_with_6240_cascades_to_its_invoice_and_linking_it_syncs() {
        h.item("Widget", "A");
        String existing = h.qbo.createCustomer(h.realm, "Customer c1", "old-address@example.com");
        h.push(customer("c1"));
        h.push(invoice("i1", "c1", "A"));
        h.start();
        var customerFailed = h.await(RecordType.CUSTOMER, "c1", FAILED);
        assertThat(customerFailed.error().code()).isEqualTo(ErrorCode.DUPLICATE_NAME);
        assertThat(customerFailed.error().message())
                .isEqualTo("QuickBooks Online already has a customer named \"Customer c1\" that is not linked to this record.");
        assertThat(customerFailed.error().fix()).contains("Link this record to the existing customer in QuickBooks Online");
        assertThat(customerFailed.error().vendorMessage()).contains("Duplicate Name Exists Error").contains("6240");
        var invoiceFailed = h.await(RecordType.INVOICE, "i1", FAILED);
        assertThat(invoiceFailed.error().code()).isEqualTo(ErrorCode.CUSTOMER_NOT_SYNCED);
        assertThat(invoiceFailed.causeId()).isEqualTo(customerFailed.id());
        assertThat(invoiceFailed.error().message()).contains("Duplicate name");

        // Link to the existing QuickBooks customer ("Mark as synced" with its id), then retry the invoice.
        var linked = h.lb.events.act(h.workspace, customerFailed.id(), SyncAction.MARK_SYNCED, existing, Instant.now());
        assertThat(linked).isInstanceOfSatisfying(SyncEvents.ActionResult.Done.class,
                d -> assertThat(d.event().status()).isEqualTo(SUCCESS));
        h.lb.events.act(h.workspace, invoiceFailed.id(), SyncAction.RETRY, null, Instant.now());
        var ok = h.await(RecordType.INVOICE, "i1", SUCCESS);
        assertThat(ok.retryCount()).isEqualTo(1);
        assertThat(h.qboInvoice(ok.destinationId()).path("CustomerRef").path("value").asText()).isEqualTo(existing);
        assertThat(h.qbo.list(h.realm, "Customer")).hasSize(1);
    }

    @Test
    void an_item_name_taken_in_quickbooks_fails_product_sync_with_6240_and_giving_it_the_sku_there_matches_it() {
        h.settings(s -> s.withProductSync(true));
        String existing = h.item("Widget", null);
        h.push(customer("c1"));
        h.push(new Product("p-1", "W-1", "Widget", null, new BigDecimal("4.00"), "USD", null));
        h.push(invoice("i1", "c1", "W-1"));
        h.start();
        var productFailed = h.await(RecordType.PRODUCT, "p-1", FAILED);
        assertThat(productFailed.error().code()).isEqualTo(ErrorCode.DUPLICATE_NAME);
        assertThat(productFailed.error().message()).contains("a product named \"Widget\"");
        var invoiceFailed = h.await(RecordType.INVOICE, "i1", FAILED);
        assertThat(invoiceFailed.error().code()).isEqualTo(ErrorCode.PRODUCT_NOT_SYNCED);
        assertThat(invoiceFailed.causeId()).isEqualTo(productFailed.id());

        // The bookkeeper gives the QuickBooks item the SKU: both retries match it instead of creating another.
        var sku = new ObjectMapper().createObjectNode().put("Id", existing).put("SyncToken", "0").put("sparse", true)
                .put("Sku", "W-1");
        h.qbo.create(h.realm, "Item", sku);
        h.lb.events.act(h.workspace, productFailed.id(), SyncAction.RETRY, null, Instant.now());
        assertThat(h.await(RecordType.PRODUCT, "p-1", SUCCESS).destinationId()).isEqualTo(existing);
        h.lb.events.act(h.workspace, invoiceFailed.id(), SyncAction.RETRY, null, Instant.now());
        var ok = h.await(RecordType.INVOICE, "i1", SUCCESS);
        assertThat(h.qboInvoice(ok.destinationId()).path("Line").get(0).path("SalesItemLineDetail").path("ItemRef")
                .path("value").asText()).isEqualTo(existing);
        assertThat(h.qbo.list(h.realm, "Item").stream().filter(i -> i.path("Name").asText().equals("Widget"))).hasSize(1);
    }

    @Test
    void with_product_sync_a_missing_item_is_created_in_quickbooks_first() {
        h.settings(s -> s.withProductSync(true));
        h.push(customer("c1"));
        h.push(new Product("p-1", "NEW-SKU", "New thing", "A new thing", new BigDecimal("4.00"), "USD", null));
        h.push(invoice("i1", "c1", "NEW-SKU"));
        h.start();
        h.await(RecordType.INVOICE, "i1", SUCCESS);
        var product = h.latest(RecordType.PRODUCT, "p-1");
        var item = h.qbo.find(h.realm, "Item", product.destinationId()).orElseThrow();
        assertThat(item.path("Sku").asText()).isEqualTo("NEW-SKU");
        assertThat(item.path("Type").asText()).isEqualTo("Service");
        assertThat(item.path("IncomeAccountRef").path("value").asText()).isNotBlank();
    }

    @Test
    void tax_code_not_mapped_fails_then_mapping_it_and_retrying_syncs_with_the_quickbooks_tax_code() {
        h.item("Widget", "A");
        h.push(customer("c1"));
        h.push(new Invoice("t1", "N-t1", InvoiceStatus.OPEN, "c1", "USD", DATE, null,
                List.of(new InvoiceLine("A", null, BigDecimal.ONE, new BigDecimal("10.00"), "CA-8")), null, null));
        h.start();
        var failed = h.await(RecordType.INVOICE, "t1", FAILED);
        assertThat(failed.error().code()).isEqualTo(ErrorCode.TAX_CODE_NOT_MAPPED);
        assertThat(failed.error().message()).contains("\"CA-8\"").contains("QuickBooks Online");
        assertThat(failed.error().fix()).contains("Settings → Sync → Tax");

        h.settings(s -> s.withTaxMapping(Map.of("CA-8", "2"))); // QuickBooks tax code 2: California 8%
        h.lb.events.act(h.workspace, failed.id(), SyncAction.RETRY, null, Instant.now());
        var ok = h.await(RecordType.INVOICE, "t1", SUCCESS);
        var stored = h.qboInvoice(ok.destinationId());
        assertThat(stored.path("Line").get(0).path("SalesItemLineDetail").path("TaxCodeRef").path("value").asText()).isEqualTo("2");
        assertThat(stored.path("TxnTaxDetail").path("TotalTax").decimalValue()).isEqualByComparingTo("0.80");
        assertThat(stored.path("TotalAmt").decimalValue()).isEqualByComparingTo("10.80");
    }

    @Test
    void closed_period_6210_names_the_invoice_date_and_the_closing_date_and_can_be_marked_synced() {
        h.item("Widget", "A");
        h.qbo.closeBooksThrough(h.realm, LocalDate.of(2026, 11, 30));
        h.push(customer("c1"));
        h.push(invoice("i1", "c1", "A"));
        h.start();
        var failed = h.await(RecordType.INVOICE, "i1", FAILED);
        assertThat(failed.error().code()).isEqualTo(ErrorCode.CLOSED_PERIOD);
        assertThat(failed.error().message()).isEqualTo(
                "The document date 2026-11-02 is inside QuickBooks Online's closed books (closed through 2026-11-30).");
        assertThat(failed.error().fix()).contains("Reopen the period in QuickBooks Online");
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(h.qbo.invoices(h.realm)).isEmpty();
        var marked = h.lb.events.act(h.workspace, failed.id(), SyncAction.MARK_SYNCED, null, Instant.now());
        assertThat(marked).isInstanceOfSatisfying(SyncEvents.ActionResult.Done.class,
                d -> assertThat(d.event().status()).isEqualTo(SUCCESS));
    }

    @Test
    void a_document_number_quickbooks_already_has_fails_6140_as_already_synced() {
        String item = h.item("Widget", "A");
        String someone = h.qbo.createCustomer(h.realm, "Someone Else", "else@example.com");
        var manual = new ObjectMapper().createObjectNode().put("DocNumber", "N-i1").put("TxnDate", "2026-11-01");
        manual.putObject("CustomerRef").put("value", someone);
        manual.putArray("Line").addObject().put("Amount", 5).put("DetailType", "SalesItemLineDetail")
                .putObject("SalesItemLineDetail").putObject("ItemRef").put("value", item);
        h.qbo.create(h.realm, "Invoice", manual);
        h.push(customer("c1"));
        h.push(invoice("i1", "c1", "A"));
        h.start();
        var failed = h.await(RecordType.INVOICE, "i1", FAILED);
        assertThat(failed.error().code()).isEqualTo(ErrorCode.ALREADY_SYNCED);
        assertThat(failed.error().title()).isEqualTo("Already synced");
        assertThat(failed.error().message()).isEqualTo(
                "QuickBooks Online already has invoice number N-i1, not linked to this invoice.");
        assertThat(failed.error().vendorMessage()).contains("6140");
        assertThat(h.qbo.countInvoicesByDocNumber(h.realm, "N-i1")).isEqualTo(1);
    }

    @Test
    void payments_follow_their_invoice_then_a_paid_invoice_cannot_be_updated_and_an_overpayment_fails() {
        h.item("Widget", "A");
        h.push(customer("c1"));
        h.push(invoice("i1", "c1", "A"));
        h.push(new Payment("p1", "i1", new BigDecimal("10.00"), "USD", LocalDate.of(2026, 11, 3), "chk 7", null));
        h.start();
        var paid = h.await(RecordType.PAYMENT, "p1", SUCCESS);
        var invoiceId = h.latest(RecordType.INVOICE, "i1").destinationId();
        var payment = h.qbo.find(h.realm, "Payment", paid.destinationId()).orElseThrow();
        assertThat(payment.path("Line").get(0).path("LinkedTxn").get(0).path("TxnId").asText()).isEqualTo(invoiceId);
        assertThat(payment.path("PaymentRefNum").asText()).isEqualTo("p1");
        assertThat(h.qboInvoice(invoiceId).path("Balance").decimalValue()).isEqualByComparingTo("0");

        h.push(new Invoice("i1", "N-i1", InvoiceStatus.OPEN, "c1", "USD", DATE, null,
                List.of(new InvoiceLine("A", "more", new BigDecimal("3"), new BigDecimal("10.00"), null)), null, null));
        awaitEvents("i1", 2);
        var failed = h.await(RecordType.INVOICE, "i1", FAILED);
        assertThat(failed.error().code()).isEqualTo(ErrorCode.INVOICE_PAID);
        assertThat(failed.error().message()).isEqualTo("Invoice N-i1 is paid in QuickBooks Online and cannot be updated.");
        assertThat(h.qboInvoice(invoiceId).path("TotalAmt").decimalValue()).isEqualByComparingTo("10.00");

        h.push(invoice("i2", "c1", "A"));
        h.push(new Payment("p2", "i2", new BigDecimal("15.00"), "USD", LocalDate.of(2026, 11, 3), null, null));
        var over = h.await(RecordType.PAYMENT, "p2", FAILED);
        assertThat(over.error().code()).isEqualTo(ErrorCode.PAYMENT_EXCEEDS_OUTSTANDING);
        assertThat(over.error().message()).isEqualTo("The payment of 15.00 is more than the 10.00 outstanding on invoice N-i2.");
    }

    @Test
    void an_update_changes_the_same_quickbooks_invoice_and_a_void_voids_it_never_deleting() {
        h.item("Widget", "A");
        h.push(customer("c1"));
        h.push(invoice("i1", "c1", "A"));
        h.start();
        var first = h.await(RecordType.INVOICE, "i1", SUCCESS);
        h.push(new Invoice("i1", "N-i1", InvoiceStatus.OPEN, "c1", "USD", DATE, null,
                List.of(new InvoiceLine("A", "x", new BigDecimal("2"), new BigDecimal("10.00"), null)), "edited", null));
        QuickBooksHarness.awaitTrue(() -> h.qboInvoice(first.destinationId()).path("TotalAmt").decimalValue()
                .compareTo(new BigDecimal("20.00")) == 0, Duration.ofSeconds(20), () -> "update");
        assertThat(h.qboInvoice(first.destinationId()).path("CustomerMemo").path("value").asText()).isEqualTo("edited");
        h.push(new Invoice("i1", "N-i1", InvoiceStatus.VOID, "c1", "USD", DATE, null,
                List.of(new InvoiceLine("A", "x", new BigDecimal("2"), new BigDecimal("10.00"), null)), "edited", null));
        QuickBooksHarness.awaitTrue(() -> "Voided".equals(h.qboInvoice(first.destinationId()).path("PrivateNote").asText()),
                Duration.ofSeconds(20), () -> "void");
        assertThat(h.qboInvoice(first.destinationId()).path("TotalAmt").decimalValue()).isEqualByComparingTo("0");
        assertThat(h.qbo.invoices(h.realm)).hasSize(1);
        QuickBooksHarness.awaitTrue(() -> h.lb.events.ofRecord(h.workspace, RecordType.INVOICE, "i1").stream()
                .allMatch(e -> e.status() == SUCCESS), Duration.ofSeconds(20), () -> "all three syncs to succeed");
        assertThat(h.lb.events.ofRecord(h.workspace, RecordType.INVOICE, "i1")).hasSize(3);
    }

    @Test
    void a_customer_already_in_quickbooks_with_the_same_email_is_matched_not_created() {
        h.item("Widget", "A");
        String existing = h.qbo.createCustomer(h.realm, "Amy's Bird Sanctuary", "c1@example.com");
        h.push(customer("c1"));
        h.push(invoice("i1", "c1", "A"));
        h.start();
        assertThat(h.await(RecordType.CUSTOMER, "c1", SUCCESS).destinationId()).isEqualTo(existing);
        h.await(RecordType.INVOICE, "i1", SUCCESS);
        assertThat(h.qbo.list(h.realm, "Customer")).hasSize(1);
    }

    private void awaitEvents(String invoiceId, int events) {
        QuickBooksHarness.awaitTrue(() -> h.lb.events.ofRecord(h.workspace, RecordType.INVOICE, invoiceId).size() >= events,
                Duration.ofSeconds(20), () -> "a new event of invoice " + invoiceId);
    }
}
