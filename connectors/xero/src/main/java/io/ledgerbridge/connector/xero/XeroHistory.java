package io.ledgerbridge.connector.xero;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerbridge.connector.Source;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.record.SourceRecord;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Xero read by date, for a historical import: the sales invoices ({@code Type=="ACCREC"}, as the live source reads)
 * dated within the range, {@code GET /Invoices?where=Type=="ACCREC" AND Date>=DateTime(y,m,d) AND
 * Date<=DateTime(y,m,d)} with {@code Statuses} naming every status but DELETED (deleted invoices are not synced, so
 * they are neither counted nor read), {@code order}, {@code page} and {@code pageSize} (API_FACTS B.1, B.3;
 * xero_accounting.yaml GET /Invoices parameters). Date and Type are among the filters Xero optimises, Date and InvoiceID
 * among the orders (CData's Xero Invoices table, quoting Xero's optimised filters [2ND]).
 *
 * <p>The count: the same query as {@code page=1&pageSize=1&summaryOnly=true}, its {@code pagination.itemCount}
 * (schema Pagination).
 *
 * <p>Pages. Xero pages by number only, and a page number is an offset: an invoice added meanwhile before it shifts
 * every later page (a skip), and an order by {@code UpdatedDateUTC} moves an invoice on every edit (a skip and a
 * repeat). So the cursor is a key, {@code date:InvoiceID} of the last invoice read, and each page asks for page 1 of
 * what is dated from the cursor's date on, {@code order=Date ASC}, sorts the answer by (Date, InvoiceID) here and takes
 * what comes after the cursor. When the answer is full its last date may go on beyond it, so only the dates before that
 * one are taken; when all that is left of the answer is that one date, the date is read whole ({@code Date==DateTime},
 * {@code order=InvoiceID ASC}, {@value #MAX_PAGE_SIZE} a call). An invoice changed meanwhile keeps its key (unless its
 * Date changes) and is read once; one added meanwhile is read when it sorts after the cursor, else the live path brings
 * it. Each page comes with the contacts (by IDs) and items (by Code) its invoices name: customers, then products, then
 * invoices, of the range's types only.
 *
 * <p>Limits: every call goes through the live source's {@link XeroApi}, so once Xero has said a minute or day is spent
 * its {@link XeroBudget} holds the call (B.6): nothing is sent, the page fails, and the import goes on from its stored
 * cursor.
 */
final class XeroHistory implements Source.History {

    /** pageSize at most (the sandbox's cap, after Xero's paging guide). */
    static final int MAX_PAGE_SIZE = 1000;
    /** Every invoice status but DELETED (API_FACTS B.3). */
    static final String STATUSES = "DRAFT,SUBMITTED,AUTHORISED,PAID,VOIDED";
    /** Codes per {@code where=Code=="…" OR …} call, so the URL stays short. */
    static final int CODES_PER_CALL = 20;

    private static final Comparator<JsonNode> BY_KEY = Comparator.comparing(XeroHistory::dateOf)
            .thenComparing(XeroHistory::id);

    private final XeroSource source;

    XeroHistory(XeroSource source) {
        this.source = source;
    }

    @Override
    public long countInvoices(Source.Range range) {
        var params = params(between(range.from(), range.to()), "Date ASC", 1, 1);
        params.put("summaryOnly", "true");
        return source.answer("Invoices", params, null).path("pagination").path("itemCount").asLong(-1);
    }

    @Override
    public Source.Changes page(Source.Range range, String cursor, int limit) {
        int n = Math.clamp(limit, 1, MAX_PAGE_SIZE);
        var at = Key.parse(cursor, range.from());
        while (!at.date().isAfter(range.to())) {
            int size = Math.min(MAX_PAGE_SIZE, 2 * n);
            var found = invoices(params(between(at.date(), range.to()), "Date ASC", 1, size));
            var after = after(found, at, range);
            if (found.size() < size) {
                var taken = after.subList(0, Math.min(n, after.size()));
                return changes(range, taken, after.size() > n, taken.isEmpty() ? at : Key.of(taken.getLast()));
            }
            LocalDate last = found.stream().map(XeroHistory::dateOf).filter(java.util.Objects::nonNull)
                    .max(Comparator.naturalOrder()).orElse(range.to());
            var complete = after.stream().filter(i -> dateOf(i).isBefore(last)).toList();
            if (!complete.isEmpty()) {
                var taken = complete.subList(0, Math.min(n, complete.size()));
                return changes(range, taken, true, Key.of(taken.getLast()));
            }
            // All that is left of the answer is its last date, which may hold more than the answer did: read it whole.
            var day = after(wholeDay(last), at, range);
            if (!day.isEmpty()) {
                var taken = day.subList(0, Math.min(n, day.size()));
                return changes(range, taken, true, Key.of(taken.getLast()));
            }
            at = new Key(last.plusDays(1), null);
        }
        return changes(range, List.of(), false, at);
    }

    private List<JsonNode> wholeDay(LocalDate day) {
        var byId = new LinkedHashMap<String, JsonNode>();
        String where = "Type==\"ACCREC\" AND Date==" + dateTime(day);
        for (int page = 1; ; page++) {
            var found = invoices(params(where, "InvoiceID ASC", page, MAX_PAGE_SIZE));
            int before = byId.size();
            found.forEach(i -> byId.putIfAbsent(id(i), i));
            if (found.size() < MAX_PAGE_SIZE || byId.size() == before) {
                return List.copyOf(byId.values());
            }
        }
    }

    /** The invoices dated within the range that sort after {@code at}, sorted by (Date, InvoiceID). */
    private static List<JsonNode> after(List<JsonNode> invoices, Key at, Source.Range range) {
        return invoices.stream().filter(i -> dateOf(i) != null && !dateOf(i).isBefore(range.from())
                        && !dateOf(i).isAfter(range.to()) && at.before(i))
                .sorted(BY_KEY).toList();
    }

    private Source.Changes changes(Source.Range range, List<JsonNode> invoices, boolean more, Key next) {
        var types = range.types();
        var records = new ArrayList<SourceRecord>();
        if (types.contains(RecordType.CUSTOMER)) {
            var contactIds = new LinkedHashSet<String>();
            invoices.forEach(i -> {
                String c = XeroSource.text(i.path("Contact").path("ContactID"));
                if (c != null) {
                    contactIds.add(c);
                }
            });
            source.byIds("Contacts", contactIds).forEach(c -> add(records, XeroSource.customer(c)));
        }
        if (types.contains(RecordType.PRODUCT)) {
            var codes = new LinkedHashSet<String>();
            invoices.forEach(i -> i.path("LineItems").forEach(l -> {
                String code = XeroSource.text(l.path("ItemCode"));
                if (code != null) {
                    codes.add(code);
                }
            }));
            items(codes).forEach(item -> add(records, XeroSource.product(item)));
        }
        if (types.contains(RecordType.INVOICE)) {
            invoices.forEach(i -> add(records, XeroSource.invoice(i)));
        }
        return new Source.Changes(records, next.toString(), more);
    }

    /**
     * Items by Code, {@value #CODES_PER_CALL} a call ({@code where=Code=="A" OR Code=="B"}; /Items does not page); when a
     * code cannot be written in a where string (a quote or backslash in it), all items, once, picked here.
     */
    private List<JsonNode> items(Set<String> codes) {
        if (codes.isEmpty()) {
            return List.of();
        }
        var wanted = codes.stream().map(c -> c.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        var out = new LinkedHashMap<String, JsonNode>();
        if (codes.stream().anyMatch(c -> c.indexOf('"') >= 0 || c.indexOf('\\') >= 0)) {
            source.answer("Items", Map.of(), null).path("Items").forEach(i -> out.put(i.path("ItemID").asText(), i));
        } else {
            var list = List.copyOf(codes);
            for (int from = 0; from < list.size(); from += CODES_PER_CALL) {
                String where = list.subList(from, Math.min(list.size(), from + CODES_PER_CALL)).stream()
                        .map(c -> "Code==\"" + c + "\"").collect(Collectors.joining(" OR "));
                source.answer("Items", Map.of("where", where), null).path("Items")
                        .forEach(i -> out.put(i.path("ItemID").asText(), i));
            }
        }
        return out.values().stream()
                .filter(i -> wanted.contains(i.path("Code").asText("").toLowerCase(Locale.ROOT))).toList();
    }

    private List<JsonNode> invoices(Map<String, String> params) {
        var out = new ArrayList<JsonNode>();
        source.answer("Invoices", params, null).path("Invoices").forEach(out::add);
        return out;
    }

    private static Map<String, String> params(String where, String order, int page, int pageSize) {
        var params = new LinkedHashMap<String, String>();
        params.put("where", where);
        params.put("Statuses", STATUSES);
        params.put("order", order);
        params.put("page", String.valueOf(page));
        params.put("pageSize", String.valueOf(pageSize));
        return params;
    }

    private static String between(LocalDate from, LocalDate to) {
        return "Type==\"ACCREC\" AND Date>=" + dateTime(from) + " AND Date<=" + dateTime(to);
    }

    /** {@code DateTime(2025,01,31)}: a date in Xero's where filter (API_FACTS B.1). */
    private static String dateTime(LocalDate d) {
        return String.format(Locale.ROOT, "DateTime(%d,%02d,%02d)", d.getYear(), d.getMonthValue(), d.getDayOfMonth());
    }

    private static LocalDate dateOf(JsonNode invoice) {
        return XeroEntities.date(invoice, "Date");
    }

    private static String id(JsonNode invoice) {
        return invoice.path("InvoiceID").asText().toLowerCase(Locale.ROOT);
    }

    private static void add(List<SourceRecord> records, SourceRecord r) {
        if (r != null) {
            records.add(r);
        }
    }

    /** Where the reading is: after the invoice {@code afterId} of {@code date}, or from the start of it (null). */
    record Key(LocalDate date, String afterId) {
        static Key of(JsonNode invoice) {
            return new Key(dateOf(invoice), id(invoice));
        }

        static Key parse(String text, LocalDate from) {
            if (text == null || text.isBlank()) {
                return new Key(from, null);
            }
            int colon = text.indexOf(':');
            try {
                var date = LocalDate.parse(colon < 0 ? text.strip() : text.substring(0, colon).strip());
                var key = new Key(date, colon < 0 ? null : text.substring(colon + 1).strip().toLowerCase(Locale.ROOT));
                return date.isBefore(from) ? new Key(from, null) : key;
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not a Xero import cursor: " + text);
            }
        }

        boolean before(JsonNode invoice) {
            int c = dateOf(invoice).compareTo(date);
            return c > 0 || c == 0 && (afterId == null || id(invoice).compareTo(afterId) > 0);
        }

        @Override
        public String toString() {
            return afterId == null ? date.toString() : date + ":" + afterId;
        }
    }
}
