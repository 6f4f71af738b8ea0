package io.ledgerbridge.connector.quickbooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerbridge.connector.Source;
import io.ledgerbridge.connector.quickbooks.QuickBooksApi.Call;
import io.ledgerbridge.connector.quickbooks.error.QuickBooksErrors;
import io.ledgerbridge.connector.quickbooks.query.QuickBooksQuery;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.record.SourceRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * QuickBooks read by date, for a historical import. Change data capture reaches back 30 days only (API_FACTS A.10),
 * so the past is read with the query language (A.3) on the invoices' {@code TxnDate}:
 * <ul>
 *   <li>the count: {@code select count(*) from Invoice where TxnDate >= 'from' and TxnDate <= 'to'}, its
 *       {@code QueryResponse.totalCount};</li>
 *   <li>a page: {@code select * from Invoice where TxnDate >= … and TxnDate <= … and Id > 'last' orderby Id
 *       maxresults n}, n at most 1000 (A.3).</li>
 * </ul>
 *
 * <p>The cursor is the last Id read (keyset paging), not a {@code STARTPOSITION}: an offset counts the entities before
 * it, so an invoice added or deleted in the range meanwhile would shift every later page by one (a skip or a repeat).
 * A key never moves: an invoice changed meanwhile keeps its Id and is read once; one added meanwhile is read if its Id
 * comes after the cursor, else left to the live path (CDC sees it, it is new). QuickBooks filters and sorts on Id
 * (IdType takes {@code >, <, =, >=, <=, IN}: Coupler's QuickBooks where-clause reference [2ND]; Invoice Id filterable
 * and sortable: CData's QuickBooks Online Invoices table [2ND]); the condition and the order are on the same field, so
 * pages hold together whether QuickBooks compares Ids as numbers or as text.
 *
 * <p>Each page comes with the customers and items its invoices name (by Id, 30 a query, inactive ones too): customers,
 * then products (items with a Sku), then the invoices, of the types the range asks for only. Items are read even when
 * products are not wanted: the invoices' lines take their SKUs from them.
 *
 * <p>Limits (A.6: 500 requests a minute and 10 a second per company): calls are spaced to at most
 * {@value #CALLS_PER_SECOND} a second, which leaves the rest of the minute to the live sync; after a 429 nothing is
 * sent until its wait is over (Retry-After, else {@code throttleWaitSeconds}), each page failing at once meanwhile,
 * and the import goes on from its stored cursor. Thread-safe.
 */
final class QuickBooksHistory implements Source.History {

    /** 300 a minute at most: three fifths of the company's 500 (API_FACTS A.6). */
    static final int CALLS_PER_SECOND = 5;

    private final QuickBooksApi api;
    private final QuickBooksErrors errors;
    private final Clock clock;
    private final Pace pace = new Pace(CALLS_PER_SECOND);
    private volatile Instant heldUntil = Instant.MIN;

    QuickBooksHistory(QuickBooksApi api, QuickBooksErrors errors, Clock clock) {
        this.api = api;
        this.errors = errors;
        this.clock = clock;
    }

    @Override
    public long countInvoices(Source.Range range) {
        var json = query("select count(*) from Invoice where " + dated(range), "invoice count");
        // An empty QueryResponse is QuickBooks' answer for nothing found (A.3).
        return json.path("QueryResponse").path("totalCount").asLong(0);
    }

    @Override
    public Source.Changes page(Source.Range range, String cursor, int limit) {
        int n = Math.clamp(limit, 1, QuickBooksQuery.MAX_RESULTS);
        String after = cursor == null || cursor.isBlank() ? null : cursor.strip();
        var invoices = new ArrayList<JsonNode>();
        query("select * from Invoice where " + dated(range)
                + (after == null ? "" : " and Id > " + QuickBooksQuery.quote(after)) + " orderby Id maxresults " + n,
                "invoices").path("QueryResponse").path("Invoice").forEach(invoices::add);

        var customerIds = new LinkedHashSet<String>();
        var itemIds = new LinkedHashSet<String>();
        for (JsonNode inv : invoices) {
            String customer = inv.path("CustomerRef").path("value").asText(null);
            if (customer != null) {
                customerIds.add(customer);
            }
            for (JsonNode line : inv.path("Line")) {
                String item = line.path("SalesItemLineDetail").path("ItemRef").path("value").asText(null);
                if (item != null) {
                    itemIds.add(item);
                }
            }
        }
        var types = range.types();
        var records = new ArrayList<SourceRecord>();
        if (types.contains(RecordType.CUSTOMER)) {
            byId("Customer", customerIds).forEach(c -> add(records, QuickBooksSource.record("Customer", c, Map.of())));
        }
        var items = types.contains(RecordType.PRODUCT) || types.contains(RecordType.INVOICE)
                ? byId("Item", itemIds) : List.<JsonNode>of();
        var skus = new HashMap<String, String>();
        items.forEach(i -> skus.put(i.path("Id").asText(), i.path("Sku").asText(null)));
        if (types.contains(RecordType.PRODUCT)) {
            items.forEach(i -> add(records, QuickBooksSource.record("Item", i, skus)));
        }
        if (types.contains(RecordType.INVOICE)) {
            invoices.forEach(i -> add(records, QuickBooksSource.record("Invoice", i, skus)));
        }
        String next = invoices.isEmpty() ? after : invoices.getLast().path("Id").asText();
        return new Source.Changes(records, next, invoices.size() == n);
    }

    /** Both ends included; TxnDate is a date, compared as {@code YYYY-MM-DD} (A.2, A.3). */
    private static String dated(Source.Range range) {
        return "TxnDate >= '" + range.from() + "' and TxnDate <= '" + range.to() + "'";
    }

    private List<JsonNode> byId(String entity, Collection<String> ids) {
        var out = new ArrayList<JsonNode>();
        for (var chunk : QuickBooksQuery.chunks(ids)) {
            query(QuickBooksQuery.in(entity, "Id", chunk, "Active in (true, false)"), entity + " look-up")
                    .path("QueryResponse").path(entity).forEach(out::add);
        }
        return out;
    }

    private static void add(List<SourceRecord> records, SourceRecord r) {
        if (r != null) {
            records.add(r);
        }
    }

    private JsonNode query(String statement, String what) {
        Instant held = heldUntil;
        if (clock.instant().isBefore(held)) {
            throw new IllegalStateException("QuickBooks limited this company's calls (429): the " + what
                    + " query waits until " + held);
        }
        pace.take();
        var call = api.query(statement);
        if (call instanceof Call.Answered a && a.ok()) {
            return a.json();
        }
        String why = switch (call) {
            case Call.Answered a -> {
                var c = errors.response(a.status(), a.retryAfter(), a.body(), null, QuickBooksErrors.Company.NONE);
                if (c.retryAfter() != null) {
                    heldUntil = c.retryAfter();
                }
                yield c.error().vendorMessage();
            }
            case Call.NotSent s -> s.error().vendorMessage();
            case Call.Lost l -> l.reason();
        };
        throw new IllegalStateException("QuickBooks " + what + " query failed: " + why);
    }

    /** At most {@code perSecond} calls start in any second (a sliding window of start times). */
    private static final class Pace {
        private final int perSecond;
        private final ArrayDeque<Long> starts = new ArrayDeque<>();

        Pace(int perSecond) {
            this.perSecond = perSecond;
        }

        synchronized void take() {
            while (true) {
                long now = System.nanoTime();
                while (!starts.isEmpty() && now - starts.peekFirst() >= 1_000_000_000L) {
                    starts.removeFirst();
                }
                if (starts.size() < perSecond) {
                    starts.addLast(now);
                    return;
                }
                try {
                    Thread.sleep(Duration.ofNanos(1_000_000_000L - (now - starts.peekFirst())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while spacing QuickBooks calls");
                }
            }
        }
    }
}
