package io.ledgerbridge.connector.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.domain.record.Customer;
import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.InvoiceStatus;
import io.ledgerbridge.domain.record.Product;
import io.ledgerbridge.domain.record.SourceRecord;
import io.ledgerbridge.sandbox.hubspot.HubSpotSandbox;
import io.ledgerbridge.sandbox.hubspot.crm.ObjectType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HubSpot as a source against the sandbox: what webhook events name, and the search cursor, read in batches. */
class HubSpotSourceIT {

    private static HubSpotSandbox sandbox;
    private SandboxPortal portal;
    private HubSpotSource source;

    @BeforeAll
    static void start() {
        sandbox = HubSpotSandbox.start();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void newPortal() {
        portal = new SandboxPortal(sandbox, Map.of());
        source = portal.openSource();
    }

    /** An invoice as a person makes it in HubSpot: contact, products, a draft with two lines. */
    private String invoice(String number, String status, String contact, String... products) {
        String id = sandbox.createObject(portal.portal, ObjectType.INVOICES, Map.of("hs_currency", "USD",
                "hs_number", number, "hs_invoice_status", status, "hs_invoice_date", "2026-11-02", "hs_due_date", "2026-12-02"));
        sandbox.associate(portal.portal, ObjectType.INVOICES, id, ObjectType.CONTACTS, contact);
        for (String product : products) {
            String line = sandbox.createObject(portal.portal, ObjectType.LINE_ITEMS, Map.of("hs_product_id", product, "quantity", "2"));
            sandbox.associate(portal.portal, ObjectType.INVOICES, id, ObjectType.LINE_ITEMS, line);
        }
        return id;
    }

    @Test
    void an_invoice_named_by_a_webhook_is_read_with_its_contact_lines_and_products_customers_first() {
        String contact = sandbox.createContact(portal.portal, "ada@example.com", "Ada", "Lovelace");
        String hour = sandbox.createProduct(portal.portal, "Consulting hour", "CONS-1", "150");
        String kit = sandbox.createProduct(portal.portal, "Kit", "KIT-9", "12.50");
        String id = invoice("INV-1001", "open", contact, hour, kit);

        var records = source.read(new HubSpotSource.Changed(Set.of(id), Set.of(), Set.of(), Set.of()));

        assertThat(records).extracting(SourceRecord::type).map(Enum::name)
                .containsExactly("CUSTOMER", "PRODUCT", "PRODUCT", "INVOICE");
        var customer = (Customer) records.get(0);
        assertThat(customer).isEqualTo(new Customer(contact, "Ada Lovelace", "ada@example.com", null, null, null));
        assertThat(records.subList(1, 3)).extracting(r -> ((Product) r).sku()).containsExactly("CONS-1", "KIT-9");
        var invoice = (Invoice) records.get(3);
        assertThat(invoice.number()).isEqualTo("INV-1001");
        assertThat(invoice.status()).isEqualTo(InvoiceStatus.OPEN);
        assertThat(invoice.customerId()).isEqualTo(contact);
        assertThat(invoice.currency()).isEqualTo("USD");
        assertThat(invoice.issueDate()).isEqualTo(LocalDate.of(2026, 11, 2));
        assertThat(invoice.dueDate()).isEqualTo(LocalDate.of(2026, 12, 2));
        assertThat(invoice.lines()).extracting(l -> l.sku() + " x" + l.quantity() + " @" + l.unitPrice())
                .containsExactly("CONS-1 x2 @150", "KIT-9 x2 @12.50");
        assertThat(invoice.writtenBy()).isNull();
        assertThat(invoice.validate()).isEmpty();
    }

    @Test
    void a_changed_line_item_reads_its_invoice_and_a_contact_without_invoices_is_left_out() {
        String contact = sandbox.createContact(portal.portal, "bob@example.com", "Bob", null);
        String lonely = sandbox.createContact(portal.portal, "nobody@example.com", "No", "Invoices");
        String product = sandbox.createProduct(portal.portal, "Thing", "T-1", "5");
        String id = invoice("INV-2", "open", contact, product);
        String line = sandbox.associatedIds(portal.portal, ObjectType.INVOICES, id, ObjectType.LINE_ITEMS).getFirst();

        var records = source.read(new HubSpotSource.Changed(Set.of(), Set.of(line), Set.of(lonely), Set.of()));
        assertThat(records).filteredOn(r -> r instanceof Invoice).extracting(SourceRecord::id).containsExactly(id);
        assertThat(records).filteredOn(r -> r instanceof Customer).extracting(SourceRecord::id).containsExactly(contact);
    }

    @Test
    void records_an_integration_created_carry_who_wrote_them() {
        var sink = portal.openSink();
        String contact = sandbox.createContact(portal.portal, "cy@example.com", "Cy", null);
        String product = sandbox.createProduct(portal.portal, "Thing", "W-1", "5");
        var written = sink.write(List.of(new io.ledgerbridge.connector.Write(
                new io.ledgerbridge.connector.IdempotencyKey("k1"), io.ledgerbridge.connector.Write.Operation.CREATE, null,
                new io.ledgerbridge.connector.Outbound.OutboundInvoice(new Invoice("x", "LB-1", InvoiceStatus.OPEN, "c",
                        "USD", LocalDate.of(2026, 11, 2), null, List.of(new io.ledgerbridge.domain.record.InvoiceLine(
                                "W-1", "Thing", BigDecimal.ONE, BigDecimal.TEN, null)), null, null),
                        contact, Map.of("W-1", product), Map.of())))).getFirst();
        String id = ((io.ledgerbridge.connector.WriteResult.Written) written).destinationId();
        var records = source.read(new HubSpotSource.Changed(Set.of(id), Set.of(), Set.of(), Set.of()));
        assertThat(((Invoice) records.getLast()).writtenBy()).isEqualTo("Ledgerbridge");
        assertThat(((Customer) records.getFirst()).writtenBy()).isNull();
    }

    @Test
    void the_cursor_pages_through_every_change_once_and_then_only_new_ones() {
        String contact = sandbox.createContact(portal.portal, "dee@example.com", "Dee", null);
        String product = sandbox.createProduct(portal.portal, "Thing", "C-1", "5");
        var ids = new ArrayList<String>();
        for (int i = 0; i < 5; i++) {
            ids.add(invoice("C-" + i, "open", contact, product));
        }
        var seen = new ArrayList<String>();
        String cursor = null;
        for (int round = 0; round < 10; round++) {
            var changes = source.changesSince(cursor, 2);
            changes.records().stream().filter(r -> r instanceof Invoice).map(SourceRecord::id).forEach(seen::add);
            cursor = changes.nextCursor();
            if (!changes.more()) {
                break;
            }
        }
        assertThat(seen).containsAll(ids);
        sandbox.updateObject(portal.portal, ObjectType.INVOICES, ids.get(2), Map.of("hs_invoice_status", "paid"));
        var after = new ArrayList<Invoice>();
        for (int round = 0; round < 10; round++) {
            var changes = source.changesSince(cursor, 2);
            changes.records().stream().filter(r -> r instanceof Invoice).map(r -> (Invoice) r).forEach(after::add);
            cursor = changes.nextCursor();
            if (!changes.more()) {
                break;
            }
        }
        assertThat(after).extracting(Invoice::status).contains(InvoiceStatus.PAID);
        assertThat(after.size()).as("only the last millisecond's changes are read again").isLessThan(ids.size() + 1);
    }

    @Test
    void records_sharing_one_millisecond_beyond_a_page_are_all_read() {
        var frozen = io.ledgerbridge.sandbox.hubspot.SandboxClock.fixedAt(java.time.Instant.parse("2026-03-02T09:00:00Z"));
        try (var still = HubSpotSandbox.start(io.ledgerbridge.sandbox.hubspot.SandboxSettings.defaults().withClock(frozen))) {
            var p = new SandboxPortal(still, Map.of());
            var src = p.openSource();
            String contact = still.createContact(p.portal, "eve@example.com", "Eve", null);
            String product = still.createProduct(p.portal, "Thing", "S-1", "5");
            var ids = new ArrayList<String>();
            for (int i = 0; i < 7; i++) {
                String id = still.createObject(p.portal, ObjectType.INVOICES, Map.of("hs_currency", "USD", "hs_number", "S-" + i,
                        "hs_invoice_status", "open"));
                still.associate(p.portal, ObjectType.INVOICES, id, ObjectType.CONTACTS, contact);
                String line = still.createObject(p.portal, ObjectType.LINE_ITEMS, Map.of("hs_product_id", product));
                still.associate(p.portal, ObjectType.INVOICES, id, ObjectType.LINE_ITEMS, line);
                ids.add(id);
            }
            var seen = new java.util.LinkedHashSet<String>();
            String cursor = null;
            for (int round = 0; round < 20; round++) {
                frozen.advance(java.time.Duration.ofSeconds(1)); // the sandbox's search limit counts on its clock
                var changes = src.changesSince(cursor, 2);
                changes.records().stream().filter(r -> r instanceof Invoice).map(SourceRecord::id).forEach(seen::add);
                cursor = changes.nextCursor();
                if (!changes.more()) {
                    break;
                }
            }
            assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
        }
    }
}
