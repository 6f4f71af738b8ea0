package io.ledgerbridge.app.quickbooks;

import static io.ledgerbridge.app.quickbooks.QuickBooksHarness.customer;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.app.QuickBooksCompanies;
import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.InvoiceLine;
import io.ledgerbridge.domain.record.InvoiceStatus;
import io.ledgerbridge.domain.record.Payment;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.Route;
import io.ledgerbridge.engine.events.EventView;
import io.ledgerbridge.sandbox.quickbooks.QuickBooksSandbox;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A business with two QuickBooks companies routes the invoices it pushes over the REST API by a field of its own
 * ({@code attributes.region}): East to one company, West to the other, with the same guarantees as the Xero group →
 * satellite sync (each invoice once, in one company; a re-routed invoice voided in the old one; payments follow).
 */
class QuickBooksRoutedFlowIT {

    private static QuickBooksSandbox qbo;
    private QuickBooksHarness h;
    private String westRealm;
    private FlowId east;
    private FlowId west;

    @BeforeAll
    static void startSandbox() {
        qbo = QuickBooksSandbox.start(0);
    }

    @AfterAll
    static void stopSandbox() {
        qbo.close();
    }

    @BeforeEach
    void twoCompanies() {
        h = new QuickBooksHarness(qbo);
        east = h.flow;
        h.settings(s -> s.withRoute(new Route("region", "East", "E-")));
        var westBooks = QuickBooksCompanies.connect(h.lb, h.workspace, qbo, QuickBooksHarness.CLIENT_ID, "Acme West");
        westRealm = westBooks.realm();
        west = h.lb.flows.create(h.workspace, h.source, westBooks.connection(),
                h.lb.flows.flow(east).settings().withRoute(new Route("region", "West", "W-")), Instant.now());
        h.item("Widget", "W-1");
        qbo.createItem(westRealm, "Widget", "W-1", new BigDecimal("10.00"));
        h.start();
    }

    @AfterEach
    void close() {
        h.close();
    }

    private static Invoice invoice(String id, String region) {
        return new Invoice(id, "N-" + id, InvoiceStatus.OPEN, "c1", "USD", QuickBooksHarness.DATE,
                QuickBooksHarness.DATE.plusDays(30),
                List.of(new InvoiceLine("W-1", "Widget", BigDecimal.ONE, new BigDecimal("10.00"), null)), null, null,
                region == null ? Map.of() : Map.of("region", region));
    }

    private EventView await(FlowId flow, RecordType type, String id, SyncStatus status, int events) {
        QuickBooksHarness.awaitTrue(() -> {
            var mine = h.lb.events.ofRecord(h.workspace, type, id).stream()
                    .filter(e -> e.flowId().equals(flow.value().toString())).toList();
            return mine.size() >= events && mine.getFirst().status() == status;
        }, Duration.ofSeconds(30), () -> type + " " + id + " to be " + status + " in " + flow + ": "
                + h.lb.events.ofRecord(h.workspace, type, id));
        return h.lb.events.ofRecord(h.workspace, type, id).stream()
                .filter(e -> e.flowId().equals(flow.value().toString())).findFirst().orElseThrow();
    }

    private List<String> numbers(String realm) {
        return qbo.invoices(realm).stream().map(i -> i.path("DocNumber").asText()).toList();
    }

    @Test
    void invoices_go_once_to_the_company_their_region_names_with_their_customer_and_payments_follow() {
        h.push(customer("c1"));
        h.push(invoice("i1", "East"));
        h.push(invoice("i2", "west"));
        await(east, RecordType.INVOICE, "i1", SyncStatus.SUCCESS, 1);
        await(west, RecordType.INVOICE, "i2", SyncStatus.SUCCESS, 1);
        assertThat(numbers(h.realm)).containsExactly("E-N-i1");
        assertThat(numbers(westRealm)).containsExactly("W-N-i2");
        assertThat(h.customersWithEmail("c1@example.com")).isEqualTo(1);
        assertThat(qbo.list(westRealm, "Customer")).hasSize(1);

        h.push(new Payment("p2", "i2", new BigDecimal("4.00"), "USD", QuickBooksHarness.DATE, null, null));
        await(west, RecordType.PAYMENT, "p2", SyncStatus.SUCCESS, 1);
        assertThat(qbo.list(westRealm, "Payment")).hasSize(1);
        assertThat(qbo.list(h.realm, "Payment")).isEmpty();
        assertThat(h.lb.events.ofRecord(h.workspace, RecordType.PAYMENT, "p2")).hasSize(1);
    }

    @Test
    void a_rerouted_invoice_is_voided_in_the_old_company_and_created_once_in_the_new_one() {
        h.push(customer("c1"));
        h.push(invoice("i3", "East"));
        await(east, RecordType.INVOICE, "i3", SyncStatus.SUCCESS, 1);

        h.push(invoice("i3", "West"));

        await(west, RecordType.INVOICE, "i3", SyncStatus.SUCCESS, 1);
        await(east, RecordType.INVOICE, "i3", SyncStatus.SUCCESS, 2);
        var old = qbo.invoices(h.realm).getFirst();
        assertThat(old.path("DocNumber").asText()).isEqualTo("E-N-i3");
        assertThat(old.path("TotalAmt").decimalValue()).as("voided: amounts zeroed, record kept").isZero();
        assertThat(old.path("PrivateNote").asText()).startsWith("Voided");
        assertThat(numbers(westRealm)).containsExactly("W-N-i3");
    }

    @Test
    void an_invoice_without_a_region_fails_with_the_fix_and_nothing_is_written() {
        h.push(customer("c1"));
        h.push(invoice("i4", null));
        QuickBooksHarness.awaitTrue(() -> h.lb.events.ofRecord(h.workspace, RecordType.INVOICE, "i4").stream()
                .anyMatch(e -> e.status() == SyncStatus.FAILED), Duration.ofSeconds(30),
                () -> "i4 to fail: " + h.lb.events.ofRecord(h.workspace, RecordType.INVOICE, "i4"));
        var failed = h.lb.events.ofRecord(h.workspace, RecordType.INVOICE, "i4").getFirst();
        assertThat(failed.error().code()).isEqualTo(ErrorCode.NO_ROUTE);
        assertThat(failed.error().message()).startsWith("Invoice N-i4: its region is not set");
        assertThat(qbo.invoices(h.realm)).isEmpty();
        assertThat(qbo.invoices(westRealm)).isEmpty();
    }
}
