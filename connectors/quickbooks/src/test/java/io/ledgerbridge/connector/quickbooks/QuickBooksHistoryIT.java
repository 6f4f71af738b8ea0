package io.ledgerbridge.connector.quickbooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.connector.Source;
import io.ledgerbridge.domain.record.Customer;
import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.Product;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.record.SourceRecord;
import io.ledgerbridge.sandbox.kit.clock.MovableClock;
import io.ledgerbridge.sandbox.quickbooks.QuickBooksSandbox;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** QuickBooks read by TxnDate for a historical import, against the sandbox's query language. */
class QuickBooksHistoryIT {

    static final LocalDate FROM = LocalDate.parse("2025-01-01");
    static final LocalDate TO = LocalDate.parse("2025-03-31");
    static final Set<RecordType> ALL = Set.of(RecordType.CUSTOMER, RecordType.PRODUCT, RecordType.INVOICE);
    static final ObjectMapper JSON = new ObjectMapper();

    static QuickBooksSandbox sandbox;
    /** A company left as seeded: 250 invoices in the range, 6 outside it. */
    static Books seeded;

    @BeforeAll
    static void start() {
        sandbox = QuickBooksSandbox.start(0);
        seeded = new Books(new SandboxCompany(sandbox, Map.of()), 250);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    /**
     * Customers and items (one without a Sku), and {@code inRange} invoices dated from FROM to TO (both ends too), with
     * invoices dated just outside it on both sides created before, among and after them, so Ids interleave.
     */
    static final class Books {
        final SandboxCompany company;
        final List<String> customers = new ArrayList<>();
        final List<String> items = new ArrayList<>();
        final Set<String> inRange = new LinkedHashSet<>();
        final Set<String> outside = new LinkedHashSet<>();
        private int number;

        Books(SandboxCompany company, int inRange) {
            this.company = company;
            for (int i = 0; i < 7; i++) {
                customers.add(sandbox.createCustomer(company.realm, "History Customer " + i, "h" + i + "@example.com"));
            }
            items.add(sandbox.createItem(company.realm, "Chair", "CH-1", new BigDecimal("40.00")));
            items.add(sandbox.createItem(company.realm, "Table", "TB-1", new BigDecimal("120.00")));
            items.add(sandbox.createItem(company.realm, "Fitting", null, new BigDecimal("5.00")));
            outside.add(invoice(FROM.minusDays(1)));
            outside.add(invoice(FROM.minusYears(1)));
            for (int i = 0; i < inRange; i++) {
                this.inRange.add(invoice(i == 0 ? FROM : i == 1 ? TO : FROM.plusDays(i % 90)));
                if (i == inRange / 2) {
                    outside.add(invoice(TO.plusDays(1)));
                    outside.add(invoice(FROM.minusDays(30)));
                }
            }
            outside.add(invoice(TO.plusDays(1)));
            outside.add(invoice(TO.plusYears(1)));
        }

        String invoice(LocalDate date) {
            int n = number++;
            var body = JSON.createObjectNode().put("DocNumber", "H-" + company.realm.substring(0, 4) + "-" + n)
                    .put("TxnDate", date.toString());
            body.putObject("CustomerRef").put("value", customers.get(n % customers.size()));
            var lines = body.putArray("Line");
            line(lines.addObject(), items.get(n % 2), 2, new BigDecimal("40.00"));
            if (n % 3 == 0) {
                line(lines.addObject(), items.get(2), 1, new BigDecimal("5.00"));
            }
            return sandbox.create(company.realm, "Invoice", body).path("Id").asText();
        }

        private static void line(ObjectNode line, String item, int qty, BigDecimal price) {
            line.put("Amount", price.multiply(BigDecimal.valueOf(qty))).put("DetailType", "SalesItemLineDetail");
            line.putObject("SalesItemLineDetail").put("Qty", qty).put("UnitPrice", price).putObject("ItemRef")
                    .put("value", item);
        }

        Source.History history() {
            return company.connector.openSource(company.context()).orElseThrow().history().orElseThrow();
        }
    }

    /** Reads every page, {@code between} run after each page but the last; returns the pages. */
    static List<Source.Changes> readAll(Source.History history, Source.Range range, int limit,
            Consumer<Integer> between) {
        var pages = new ArrayList<Source.Changes>();
        String cursor = null;
        while (true) {
            var page = history.page(range, cursor, limit);
            pages.add(page);
            assertThat(pages).as("pages").hasSizeLessThan(50);
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
        assertThat(history.countInvoices(range)).isEqualTo(250);

        var pages = readAll(history, range, 100, p -> { });
        assertThat(pages).hasSize(3);
        assertThat(pages).extracting(p -> p.records().stream().filter(r -> r instanceof Invoice).count())
                .containsExactly(100L, 100L, 50L);
        var read = invoices(pages);
        assertThat(read).extracting(Invoice::id).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(seeded.inRange);
        assertThat(read).allSatisfy(i -> assertThat(i.issueDate()).isBetween(FROM, TO));
        // Lines of the item without a Sku have none (intake refuses those invoices); the others are whole.
        assertThat(read).filteredOn(i -> i.lines().size() == 1).isNotEmpty()
                .allSatisfy(i -> assertThat(i.validate()).isEmpty());
        assertThat(history.countInvoices(new Source.Range(TO.plusDays(2), TO.plusYears(1), ALL))).isEqualTo(1);
        assertThat(history.countInvoices(new Source.Range(LocalDate.parse("2020-01-01"), LocalDate.parse("2020-01-02"),
                ALL))).isZero();
    }

    @Test
    void the_customers_and_items_an_invoice_names_come_before_it_in_its_page() {
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
                var skus = inv.lines().stream().map(l -> l.sku()).filter(s -> s != null).toList();
                assertThat(skus).as("lines with an item that has a Sku").isNotEmpty();
                assertThat(before).filteredOn(r -> r instanceof Product).extracting(SourceRecord::naturalKey)
                        .containsAll(skus);
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
        assertThat(invoices(List.of(invoicesOnly))).allSatisfy(i ->
                assertThat(i.lines()).as("SKUs come from the items all the same").anySatisfy(l -> assertThat(l.sku()).isNotNull()));
        var noProducts = history.page(new Source.Range(FROM, TO, Set.of(RecordType.CUSTOMER, RecordType.INVOICE)), null, 100);
        assertThat(noProducts.records()).noneMatch(r -> r instanceof Product).anyMatch(r -> r instanceof Customer);
        assertThat(noProducts.nextCursor()).isEqualTo(invoicesOnly.nextCursor());
    }

    @Test
    void invoices_added_or_changed_while_the_range_is_read_are_neither_skipped_nor_repeated() {
        var books = new Books(new SandboxCompany(sandbox, Map.of()), 250);
        var history = books.history();
        var range = new Source.Range(FROM, TO, ALL);
        var added = new LinkedHashSet<String>();
        var inRange = List.copyOf(books.inRange);
        var pages = readAll(history, range, 100, page -> {
            // Paid (changed) one already read and one not read yet, deleted nothing; added some in and out of range.
            sandbox.receivePayment(books.company.realm, inRange.get(page * 10), new BigDecimal("10.00"));
            sandbox.receivePayment(books.company.realm, inRange.get(inRange.size() - page), new BigDecimal("10.00"));
            added.add(books.invoice(FROM.plusDays(page)));
            added.add(books.invoice(TO));
            books.invoice(TO.plusDays(5));
        });
        var ids = invoices(pages).stream().map(Invoice::id).toList();
        assertThat(ids).doesNotHaveDuplicates().containsAll(books.inRange).containsAll(added)
                .hasSize(books.inRange.size() + added.size());
    }

    @Test
    void after_a_429_nothing_is_sent_until_its_wait_is_over() {
        var clock = MovableClock.system();
        var company = new SandboxCompany(sandbox, Map.of("throttleWaitSeconds", "60"), clock);
        sandbox.createCustomer(company.realm, "Throttled", null);
        var history = company.connector.openSource(company.context()).orElseThrow().history().orElseThrow();
        var range = new Source.Range(FROM, TO, ALL);

        sandbox.throttleNext(company.realm, 1);
        assertThatThrownBy(() -> history.page(range, null, 100)).isInstanceOf(IllegalStateException.class);
        assertThat(sandbox.throttledCount(company.realm)).isEqualTo(1);
        assertThatThrownBy(() -> history.countInvoices(range)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("429");
        assertThat(sandbox.throttledCount(company.realm)).as("held: not sent").isEqualTo(1);

        clock.advance(Duration.ofSeconds(61));
        assertThat(history.countInvoices(range)).isZero();
        assertThat(history.page(range, null, 100).more()).isFalse();
    }
}
