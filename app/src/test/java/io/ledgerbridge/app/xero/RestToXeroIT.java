package io.ledgerbridge.app.xero;

import static io.ledgerbridge.app.xero.XeroHarness.customer;
import static io.ledgerbridge.app.xero.XeroHarness.invoice;
import static io.ledgerbridge.app.xero.XeroHarness.product;
import static io.ledgerbridge.domain.sync.SyncStatus.FAILED;
import static io.ledgerbridge.domain.sync.SyncStatus.PENDING;
import static io.ledgerbridge.domain.sync.SyncStatus.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.record.Customer;
import io.ledgerbridge.domain.record.InvoiceStatus;
import io.ledgerbridge.domain.record.Payment;
import io.ledgerbridge.domain.record.Product;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.WaitReason;
import io.ledgerbridge.domain.workspace.ConnectionStatus;
import io.ledgerbridge.engine.connection.TokenSet;
import io.ledgerbridge.engine.events.EventFilter;
import io.ledgerbridge.engine.events.EventView;
import io.ledgerbridge.sandbox.xero.XeroSandbox;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Your app (the REST source, through intake) → Xero, end to end through the real connector and the Xero sandbox: an
 * invoice arrives once with its contact and items, edits update it, a void voids it, a payment follows it, and each
 * error the Xero articles name reaches the user in their words, with the fix.
 */
class RestToXeroIT {

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
        h = new XeroHarness(xero);
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void an_invoice_arrives_once_with_its_contact_and_items_and_xero_totals_it() {
        h.push(customer("c1"));
        h.push(product("WIDGET-1", "Widget"));
        h.push(product("GADGET-2", "Gadget"));
        h.push(invoice("i1", "c1", "WIDGET-1", "GADGET-2"));
        h.start();
        var inv = h.await(RecordType.INVOICE, "i1", SUCCESS);
        var stored = h.xeroInvoice(inv.destinationId());
        assertThat(stored.path("Type").asText()).isEqualTo("ACCREC");
        assertThat(stored.path("InvoiceNumber").asText()).isEqualTo("N-i1");
        assertThat(stored.path("Status").asText()).isEqualTo("AUTHORISED");
        assertThat(stored.path("CurrencyCode").asText()).isEqualTo("GBP");
        assertThat(stored.path("Contact").path("ContactID").asText())
                .isEqualTo(h.latest(RecordType.CUSTOMER, "c1").destinationId());
        assertThat(stored.path("LineItems")).hasSize(2);
        assertThat(stored.path("LineItems").get(0).path("ItemCode").asText()).isEqualTo("WIDGET-1");
        assertThat(stored.path("LineItems").get(0).path("AccountCode").asText()).isEqualTo("200");
        assertThat(stored.path("SubTotal").decimalValue()).isEqualByComparingTo("40.00");
        assertThat(h.xero.countInvoicesByNumber(h.tenant, "N-i1")).isEqualTo(1);
        assertThat(h.contactsNamed("Customer c1")).isEqualTo(1);
        assertThat(h.itemsWithCode("WIDGET-1")).isEqualTo(1);
        assertThat(h.itemsWithCode("GADGET-2")).isEqualTo(1);
    }

    @Test
    void an_edit_updates_the_same_xero_invoice_and_a_void_voids_it_keeping_the_record() {
        h.push(customer("c1"));
        h.push(product("WIDGET-1", "Widget"));
        h.push(invoice("i1", "c1", "WIDGET-1"));
        h.start();
        String id = h.await(RecordType.INVOICE, "i1", SUCCESS).destinationId();

        h.push(invoice("i1", "c1", "WIDGET-1", "WIDGET-1", "WIDGET-1"));
        h.awaitTrue(() -> h.xeroInvoice(id).path("LineItems").size() == 3, Duration.ofSeconds(30),
                () -> "the edit in Xero: " + h.xeroInvoice(id));
        assertThat(h.xeroInvoice(id).path("SubTotal").decimalValue()).isEqualByComparingTo("60.00");

        h.push(invoice("i1", InvoiceStatus.VOID, XeroHarness.DATE, "c1", "WIDGET-1", "WIDGET-1", "WIDGET-1"));
        h.awaitTrue(() -> "VOIDED".equals(h.xeroInvoice(id).path("Status").asText()), Duration.ofSeconds(30),
                () -> "the void in Xero: " + h.xeroInvoice(id));
        assertThat(h.xero.countInvoicesByNumber(h.tenant, "N-i1")).isEqualTo(1);
        assertThat(h.await(RecordType.INVOICE, "i1", SUCCESS).destinationId()).isEqualTo(id);
    }

    @Test
    void a_payment_follows_its_invoice_and_the_invoice_is_paid() {
        h.push(customer("c1"));
        h.push(product("WIDGET-1", "Widget"));
        h.push(invoice("i1", "c1", "WIDGET-1"));
        h.push(new Payment("pay-1", "i1", new BigDecimal("20.00"), "GBP", XeroHarness.DATE, "card", null));
        h.start();
        var payment = h.await(RecordType.PAYMENT, "pay-1", SUCCESS);
        String invoiceId = h.latest(RecordType.INVOICE, "i1").destinationId();
        assertThat(h.xero.payments(h.tenant)).hasSize(1);
        assertThat(h.xero.payments(h.tenant).getFirst().path("PaymentID").asText()).isEqualTo(payment.destinationId());
        assertThat(h.xeroInvoice(invoiceId).path("Status").asText()).isEqualTo("PAID");
        assertThat(h.xeroInvoice(invoiceId).path("AmountDue").decimalValue()).isEqualByComparingTo("0");
    }

    @Test
    void a_payment_larger_than_what_is_owed_fails_with_xeros_words_and_the_fix() {
        h.push(customer("c1"));
        h.push(product("WIDGET-1", "Widget"));
        h.push(invoice("i1", "c1", "WIDGET-1"));
        h.push(new Payment("pay-1", "i1", new BigDecimal("500.00"), "GBP", XeroHarness.DATE, "card", null));
        h.start();
        var failed = h.await(RecordType.PAYMENT, "pay-1", FAILED);
        assertThat(failed.error().code()).isEqualTo(ErrorCode.PAYMENT_EXCEEDS_OUTSTANDING);
        assertThat(failed.error().message() + failed.error().vendorMessage())
                .contains("Payment amount exceeds the amount outstanding on this document");
        assertThat(failed.error().fix()).isNotBlank();
        assertThat(h.xero.payments(h.tenant)).isEmpty();
    }

    @Test
    void an_edit_of_an_invoice_paid_in_xero_fails_as_the_article_says_and_skipping_it_is_the_fix() {
        h.push(customer("c1"));
        h.push(product("WIDGET-1", "Widget"));
        h.push(invoice("i1", "c1", "WIDGET-1"));
        h.start();
        String id = h.await(RecordType.INVOICE, "i1", SUCCESS).destinationId();
        h.xero.payInvoice(h.tenant, id, new BigDecimal("20.00"), "090");

        h.push(invoice("i1", "c1", "WIDGET-1", "WIDGET-1"));
        var failed = h.await(RecordType.INVOICE, "i1", FAILED);
        assertThat(failed.error().code()).isEqualTo(ErrorCode.INVOICE_PAID);
        assertThat(failed.error().message()).isEqualTo("Invoice N-i1 is paid in Xero and cannot be updated.");
        assertThat(failed.error().vendorMessage()).contains("Current invoice has been paid in Xero and cannot be updated");
        assertThat(failed.error().fix()).contains("skip this sync").contains("remove the payment in Xero");
        assertThat(h.xeroInvoice(id).path("LineItems")).hasSize(1);
    }

    @Test
    void a_product_name_with_symbols_xero_refuses_fails_and_renaming_it_at_the_source_then_retrying_syncs() {
        h.push(customer("c1"));
        h.push(new Product("p-w", "WIDGET-1", "Widget <Deluxe>", "Widget", new BigDecimal("10.00"), "GBP", null));
        h.push(invoice("i1", "c1", "WIDGET-1"));
        h.start();
        var failed = h.await(RecordType.PRODUCT, "p-w", FAILED);
        assertThat(failed.error().code()).isEqualTo(ErrorCode.INVALID_CHARACTERS);
        assertThat(failed.error().message() + " " + failed.error().vendorMessage())
                .contains("Please remove the incorrect symbols from the product name");
        assertThat(h.itemsWithCode("WIDGET-1")).isZero();

        // The fix the article gives: correct the name by removing the symbols, then retry.
        h.push(new Product("p-w", "WIDGET-1", "Widget Deluxe", "Widget", new BigDecimal("10.00"), "GBP", null));
        h.await(RecordType.PRODUCT, "p-w", SUCCESS);
        // The invoice waited for its product or failed with it: Retry Sync on every failed invoice.
        h.lb.events.actOnAll(h.workspace, EventFilter.all().withType(RecordType.INVOICE).withStatus(FAILED),
                io.ledgerbridge.domain.sync.SyncAction.RETRY, Instant.now());
        h.lb.node.wake();
        h.await(RecordType.INVOICE, "i1", SUCCESS);
        assertThat(h.itemsWithCode("WIDGET-1")).isEqualTo(1);
    }

    @Test
    void an_invoice_dated_before_the_period_lock_date_fails_as_a_closed_period_with_xeros_date() {
        h.xero.setLockDates(h.tenant, LocalDate.of(2026, 10, 31), null);
        h.push(customer("c1"));
        h.push(product("WIDGET-1", "Widget"));
        h.push(invoice("i-old", InvoiceStatus.OPEN, LocalDate.of(2026, 10, 15), "c1", "WIDGET-1"));
        h.start();
        var failed = h.await(RecordType.INVOICE, "i-old", FAILED);
        assertThat(failed.error().code()).isEqualTo(ErrorCode.CLOSED_PERIOD);
        assertThat(failed.error().message() + " " + failed.error().vendorMessage()).contains("31-Oct-2026");
        assertThat(h.xero.countInvoicesByNumber(h.tenant, "N-i-old")).isZero();
    }

    @Test
    void a_contact_named_like_another_xero_contact_fails_as_a_duplicate_name() {
        h.xero.createContact(h.tenant, "Customer c1", "someone-else@example.com");
        h.push(customer("c1"));
        h.start();
        var failed = h.await(RecordType.CUSTOMER, "c1", FAILED);
        assertThat(failed.error().code()).isEqualTo(ErrorCode.DUPLICATE_NAME);
        assertThat(h.contactsNamed("Customer c1")).isEqualTo(1);
    }

    @Test
    void a_revoked_connection_pauses_its_events_and_reconnecting_resumes_them() {
        h.xero.revokeRefreshTokens(h.tenant);
        h.xero.expireAccessTokens(h.tenant);
        h.push(customer("c1"));
        h.push(product("WIDGET-1", "Widget"));
        for (int i = 0; i < 3; i++) {
            h.push(invoice("i" + i, "c1", "WIDGET-1"));
        }
        h.start();
        XeroHarness.awaitTrue(() -> h.lb.connections.find(h.destination).orElseThrow().status()
                == ConnectionStatus.NEEDS_RECONNECT, Duration.ofSeconds(20), () -> "the connection to need reconnecting");
        XeroHarness.awaitTrue(() -> h.lb.events.list(h.workspace, EventFilter.all().withType(RecordType.INVOICE)).stream()
                        .allMatch(e -> e.status() == PENDING && e.waitReason() == WaitReason.RECONNECT),
                Duration.ofSeconds(20), () -> "invoices waiting for reconnect: " + h.lb.events.list(h.workspace, EventFilter.all()));
        var waiting = h.latest(RecordType.INVOICE, "i0");
        assertThat(waiting.error().code()).isEqualTo(ErrorCode.TOKEN_REFRESH_FAILED);
        assertThat(waiting.error().title()).isEqualTo("Unable to refresh tokens");
        assertThat(waiting.error().fix()).contains("Reconnect");
        assertThat(h.lb.events.countsByStatus(h.workspace)).containsEntry("FAILED", 0L);
        assertThat(h.xero.invoices(h.tenant)).isEmpty();

        var issued = h.xero.issueTokens(XeroHarness.CLIENT_ID, h.tenant);
        h.lb.connections.reconnect(h.destination, new TokenSet(issued.accessToken(), issued.refreshToken(),
                issued.accessExpiresAt()), Instant.now());
        for (int i = 0; i < 3; i++) {
            h.await(RecordType.INVOICE, "i" + i, SUCCESS);
        }
        assertThat(h.xero.invoices(h.tenant)).hasSize(3);
    }

    @Test
    void an_expired_access_token_is_refreshed_and_the_rotated_refresh_token_is_stored() {
        h.xero.expireAccessTokens(h.tenant);
        h.push(customer("c1"));
        h.start();
        h.await(RecordType.CUSTOMER, "c1", SUCCESS);
        TokenSet stored = h.storedTokens();
        assertThat(stored.refreshToken()).isNotEqualTo(h.issued.refreshToken());
        assertThat(stored.accessToken()).isNotEqualTo(h.issued.accessToken());
    }

    @Test
    void many_customers_go_in_batches_of_up_to_fifty_per_call() {
        for (int i = 0; i < 120; i++) {
            h.push(new Customer("c" + i, "Customer " + i, "c" + i + "@example.com", null, null, null));
        }
        long before = h.xero.requestCount(h.tenant);
        h.start();
        for (int i = 0; i < 120; i++) {
            h.await(RecordType.CUSTOMER, "c" + i, SUCCESS);
        }
        assertThat(h.xero.contacts(h.tenant)).hasSize(120);
        // 120 contacts: three writes of at most 50, plus the lookups by email of as many batches.
        assertThat(h.xero.requestCount(h.tenant) - before).isLessThanOrEqualTo(12);
    }

    @Test
    void a_daily_limit_reached_holds_syncs_pending_until_it_resets_and_they_complete_after_the_day_rolls_over() throws InterruptedException {
        // One clock for the sandbox, the engine and the connector, so the test can pass a day without waiting for it
        var clock = io.ledgerbridge.sandbox.kit.clock.MovableClock.system();
        try (var xero = XeroSandbox.builder().port(0).clock(clock).start();
                var day = new XeroHarness(xero, new io.ledgerbridge.engine.worker.NodeConfig("day-node", 2, 50,
                        Duration.ofSeconds(30), Duration.ofMillis(50)), XeroHarness.FAST_RETRY,
                        io.ledgerbridge.domain.workspace.FlowSettings.defaults().withProductSync(true), clock)) {
            xero.exhaustDay(day.tenant); // another app of this organisation spent today's 5,000 calls
            day.push(customer("c1"));
            day.push(product("WIDGET-1", "Widget"));
            day.push(invoice("i0", "c1", "WIDGET-1"));
            day.start();

            XeroHarness.awaitTrue(() -> day.latest(RecordType.CUSTOMER, "c1").waitReason() == WaitReason.RATE_LIMIT,
                    Duration.ofSeconds(20), () -> "the customer to wait for the rate limit: " + day.latest(RecordType.CUSTOMER, "c1"));
            var held = day.latest(RecordType.CUSTOMER, "c1");
            assertThat(held.error().message()).isEqualTo("Xero's daily rate limit was reached.");
            assertThat(held.error().vendorMessage()).startsWith("Daily rate limit hit");
            String resumesAt = held.error().details().get("resumesAt");
            assertThat(held.error().vendorMessage()).contains("Nothing fails: syncs queue up and resume at " + resumesAt);
            assertThat(held.nextAttemptAt()).as("held until Xero's day resets, not retried before")
                    .isAfter(clock.instant().plus(Duration.ofHours(23)));
            // New records are still accepted and wait too; nothing failed or reached Xero
            day.push(invoice("i1", "c1", "WIDGET-1"));
            // Taken by a worker, it waits: behind its customer, or for the day's reset when the worker saw the hold first
            XeroHarness.awaitTrue(() -> java.util.EnumSet.of(WaitReason.DEPENDENCY, WaitReason.RATE_LIMIT)
                            .contains(day.latest(RecordType.INVOICE, "i1").waitReason()),
                    Duration.ofSeconds(20), () -> "the new invoice to wait: " + day.latest(RecordType.INVOICE, "i1"));
            var waiting = day.latest(RecordType.INVOICE, "i1");
            Thread.sleep(500);
            assertThat(day.latest(RecordType.INVOICE, "i1")).as("it waits, not claimed again and again")
                    .extracting(EventView::status, EventView::updatedAt)
                    .containsExactly(PENDING, waiting.updatedAt());
            assertThat(day.lb.events.countsByStatus(day.workspace)).containsEntry("FAILED", 0L);
            assertThat(xero.invoices(day.tenant)).isEmpty();
            long refused = xero.throttledCount(day.tenant);
            assertThat(refused).as("the day's 429s: the connector holds further calls instead of asking again")
                    .isLessThanOrEqualTo(2);

            clock.advance(Duration.ofDays(1).plusMinutes(1));

            day.await(RecordType.CUSTOMER, "c1", SUCCESS);
            day.await(RecordType.INVOICE, "i0", SUCCESS);
            day.await(RecordType.INVOICE, "i1", SUCCESS);
            assertThat(xero.invoices(day.tenant)).hasSize(2);
            assertThat(xero.throttledCount(day.tenant)).isEqualTo(refused);
        }
    }
}
