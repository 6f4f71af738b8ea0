package io.ledgerbridge.connector.xero;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.connector.Source;
import io.ledgerbridge.domain.record.Customer;
import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.InvoiceStatus;
import io.ledgerbridge.domain.record.Product;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.record.SourceRecord;
import io.ledgerbridge.sandbox.kit.clock.MovableClock;
import io.ledgerbridge.sandbox.xero.XeroSandbox;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Xero read by invoice Date for a historical import, against the sandbox's where, order and paging. */
class XeroHistoryIT {

    static final LocalDate FROM = LocalDate.parse("2025-01-01");
    static final LocalDate TO = LocalDate.parse("2025-03-31");
    static final Set<RecordType> ALL = Set.of(RecordType.CUSTOMER, RecordType.PRODUCT, RecordType.INVOICE);

    static XeroSandbox sandbox;
    /** An organisation left as seeded: 250 sales invoices in the range (one voided), others outside it or deleted. */
    static Books seeded;

    @BeforeAll
    static void start() {
        sandbox = XeroSandbox.start(0);
        seeded = new Books(new SandboxOrganisation(sandbox, Map.of()));
        seeded.spread(250);
        sandbox.editInvoice(seeded.org.tenant, seeded.inRange.iterator().next(),
                XeroApi.JSON.createObjectNode().put("Status", "VOIDED"));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    /** Contacts, items, and sales invoices entered as people would in Xero. */
    static final class Books {
        final SandboxOrganisation org;
        final List<String> contacts = new ArrayList<>();
        final Set<String> inRange = new LinkedHashSet<>();
        final Set<String> outside = new LinkedHashSet<>();
        private int number;

        Books(SandboxOrganisation org) {
            this.org = org;
            for (int i = 0; i < 7; i++) {
                contacts.add(sandbox.createContact(org.tenant, "History Contact " + i, "h" + i + "@example.com"));
            }
            sandbox.createItem(org.tenant, "CH-1", "Chair", new BigDecimal("40.00"));
            sandbox.createItem(org.tenant, "TB-1", "Table", new BigDecimal("120.00"));
        }

        /**
         * {@code count} invoices over the range (both ends too), with invoices dated just outside it on both sides,
         * a deleted draft and a purchase bill within it, created among them.
         */
        void spread(int count) {
            outside.add(invoice(FROM.minusDays(1)));
            outside.add(invoice(FROM.minusYears(1)));
            for (int i = 0; i < count; i++) {
                inRange.add(invoice(i == 0 ? FROM : i == 1 ? TO : FROM.plusDays(i % 90)));
                if (i == count / 2) {
                    outside.add(invoice(TO.plusDays(1)));
                    var draft = XeroSandbox.salesInvoice("D-" + org.tenant.substring(0, 6) + "-" + number++,
                            contacts.getFirst(), FROM.plusDays(10), line("CH-1")).put("Status", "DRAFT");
                    String deleted = sandbox.enterInvoice(org.tenant, draft);
                    sandbox.editInvoice(org.tenant, deleted, XeroApi.JSON.createObjectNode().put("Status", "DELETED"));
                    outside.add(deleted);
                    var bill = XeroSandbox.salesInvoice("B-" + number++, contacts.getFirst(), FROM.plusDays(10),
                            XeroApi.JSON.createObjectNode().put("Description", "Advert").put("Quantity", 1)
                                    .put("UnitAmount", 30).put("AccountCode", "400").put("TaxType", "NONE")).put("Type", "ACCPAY");
                    outside.add(sandbox.enterInvoice(org.tenant, bill));
                }
            }
            outside.add(invoice(TO.plusDays(1)));
            outside.add(invoice(TO.plusYears(1)));
        }

        String invoice(LocalDate date) {
            int n = number++;
            var inv = XeroSandbox.salesInvoice("H-" + org.tenant.substring(0, 6) + "-" + n,
                    contacts.get(n % contacts.size()), date, line(n % 2 == 0 ? "CH-1" : "TB-1"));
            if (n % 3 == 0) {
                inv.withArray("LineItems").add(line("TB-1"));
            }
            return sandbox.enterInvoice(org.tenant, inv);
        }

        private static ObjectNode line(String code) {
            return XeroSandbox.salesLine(code, "Thing " + code, 2, new BigDecimal("40.00"), null, null);
        }

        Source.History history() {
            return org.openSource().history().orElseThrow();
        }
    }

    /** Reads every page, {@code between} run after each page but the last. */
    static List<Source.Changes> readAll(Source.History history, Source.Range range, int limit, IntConsumer between) {
        var pages = new ArrayList<Source.Changes>();
        String cursor = null;
        while (true) {
            var page = history.page(range, cursor, limit);
            pages.add(page);
            assertThat(pages).as("pages").hasSizeLessThan(100);
            if (!page.more()) {
                return pages;
            }
            between.accept(pages.size());
            cursor = page.nextCursor();
        }
    }

    static List<Invoice> invoices(List<Source.Changes> pages) {
        return pages.stream().flatMap(p -> p.records().stream()).filter(r -> r instanceof Invoice).map(r -> (Invoice) r)
                .toList();
    }

    @Test
    void a_range_is_read_in_pages_with_each_invoice_once_and_only_those_dated_within_it() {
        var history = seeded.history();
        var range = new Source.Range(FROM, TO, ALL);
        assertThat(history.countInvoices(range)).as("deleted and purchase invoices not counted").isEqualTo(250);

        var pages = readAll(history, range, 100, p -> { });
        assertThat(pages).hasSize(3);
        assertThat(pages).allSatisfy(p -> assertThat(p.records().stream().filter(r -> r instanceof Invoice).count())
                .isBetween(1L, 100L));
        var read = invoices(pages);
        assertThat(read).extracting(Invoice::id).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(seeded.inRange);
        assertThat(read).allSatisfy(i -> {
            assertThat(i.issueDate()).isBetween(FROM, TO);
            assertThat(i.validate()).isEmpty();
        });
        assertThat(read).filteredOn(i -> i.status() == InvoiceStatus.VOID).hasSize(1);
        assertThat(history.countInvoices(new Source.Range(TO.plusDays(2), TO.plusYears(1), ALL))).isEqualTo(1);
        assertThat(history.countInvoices(new Source.Range(LocalDate.parse("2020-01-01"), LocalDate.parse("2020-01-02"),
                ALL))).isZero();
    }

    @Test
    void the_contacts_and_items_an_invoice_names_come_before_it_in_its_page() {
        var pages = readAll(seeded.history(), new Source.Range(FROM, TO, ALL), 100, p -> { });
        for (var page : pages) {
            var records = page.records();
            for (int i = 0; i < records.size(); i++) {
                if (!(records.get(i) instanceof Invoice inv)) {
                    continue;
                }
                var before = records.subList(0, i);
                assertThat(before).filteredOn(r -> r instanceof Customer).extracting(SourceRecord::id)
                        .contains(inv.customerId());
                assertThat(before).filteredOn(r -> r instanceof Product).extracting(SourceRecord::naturalKey)
                        .containsAll(inv.lines().stream().map(l -> l.sku()).toList());
            }
            assertThat(records).filteredOn(r -> r instanceof Customer).extracting(SourceRecord::id).doesNotHaveDuplicates();
            assertThat(records).filteredOn(r -> r instanceof Product).extracting(SourceRecord::naturalKey)
                    .doesNotHaveDuplicates().containsOnly("CH-1", "TB-1");
        }
    }

    @Test
    void only_the_record_types_the_range_asks_for_are_returned() {
        var history = seeded.history();
        var invoicesOnly = history.page(new Source.Range(FROM, TO, Set.of(RecordType.INVOICE)), null, 100);
        assertThat(invoicesOnly.records()).hasSize(100).allSatisfy(r -> assertThat(r).isInstanceOf(Invoice.class));
        var noProducts = history.page(new Source.Range(FROM, TO, Set.of(RecordType.CUSTOMER, RecordType.INVOICE)), null, 100);
        assertThat(noProducts.records()).noneMatch(r -> r instanceof Product).anyMatch(r -> r instanceof Customer);
        assertThat(noProducts.nextCursor()).isEqualTo(invoicesOnly.nextCursor());
    }

    @Test
    void invoices_added_or_changed_while_the_range_is_read_are_neither_skipped_nor_repeated() {
        var books = new Books(new SandboxOrganisation(sandbox, Map.of()));
        books.spread(250);
        var history = books.history();
        var inRange = List.copyOf(books.inRange);
        var added = new LinkedHashSet<String>();
        var pages = readAll(history, new Source.Range(FROM, TO, ALL), 100, page -> {
            // Paid (changed): two invoices anywhere in the range; added: early, late and outside the range.
            sandbox.payInvoice(books.org.tenant, inRange.get(page * 10), new BigDecimal("10.00"), "090");
            sandbox.payInvoice(books.org.tenant, inRange.get(inRange.size() - page), new BigDecimal("10.00"), "090");
            added.add(books.invoice(FROM));
            added.add(books.invoice(TO));
            books.invoice(TO.plusDays(3));
        });
        var ids = invoices(pages).stream().map(Invoice::id).toList();
        assertThat(ids).doesNotHaveDuplicates().containsAll(books.inRange);
        assertThat(ids).filteredOn(id -> !books.inRange.contains(id)).isSubsetOf(added)
                .as("those dated on the last date sort after any cursor before it").isNotEmpty();
    }

    @Test
    void a_date_holding_more_invoices_than_a_page_is_read_whole_and_once() {
        var books = new Books(new SandboxOrganisation(sandbox, Map.of()));
        LocalDate busy = FROM.plusDays(20);
        for (int i = 0; i < 35; i++) {
            books.inRange.add(books.invoice(busy));
        }
        books.spread(30);
        var history = books.history();
        var range = new Source.Range(FROM, TO, ALL);
        assertThat(history.countInvoices(range)).isEqualTo(65);
        var added = new LinkedHashSet<String>();
        var pages = readAll(history, range, 10, page -> {
            if (page <= 4) {
                added.add(books.invoice(busy));
            }
        });
        assertThat(pages).allSatisfy(p -> assertThat(p.records().stream().filter(r -> r instanceof Invoice).count())
                .isLessThanOrEqualTo(10L));
        var ids = invoices(pages).stream().map(Invoice::id).toList();
        assertThat(ids).doesNotHaveDuplicates().containsAll(books.inRange);
        assertThat(ids).filteredOn(id -> !books.inRange.contains(id)).isSubsetOf(added);
        assertThat(invoices(pages)).extracting(Invoice::issueDate).isSorted();
    }

    @Test
    void while_xero_holds_calls_after_a_429_nothing_is_sent() {
        var clock = MovableClock.system();
        var org = new SandboxOrganisation(sandbox, Map.of(), clock);
        var history = org.openSource().history().orElseThrow();
        var range = new Source.Range(FROM, TO, ALL);

        sandbox.throttleNext(org.tenant, 1);
        assertThatThrownBy(() -> history.page(range, null, 100)).isInstanceOf(IllegalStateException.class);
        long sent = sandbox.requestCount(org.tenant);
        assertThatThrownBy(() -> history.countInvoices(range)).isInstanceOf(IllegalStateException.class);
        assertThat(sandbox.requestCount(org.tenant)).as("held: not sent").isEqualTo(sent);

        clock.advance(Duration.ofMinutes(2));
        assertThat(history.countInvoices(range)).isZero();
        assertThat(history.page(range, null, 100).more()).isFalse();
    }
}
