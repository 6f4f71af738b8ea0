package io.ledgerbridge.connector.quickbooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerbridge.connector.Source;
import io.ledgerbridge.connector.quickbooks.QuickBooksApi.Call;
import io.ledgerbridge.connector.quickbooks.error.QuickBooksErrors;
import io.ledgerbridge.connector.quickbooks.query.QuickBooksQuery;
import io.ledgerbridge.domain.record.Customer;
import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.InvoiceLine;
import io.ledgerbridge.domain.record.InvoiceStatus;
import io.ledgerbridge.domain.record.Payment;
import io.ledgerbridge.domain.record.Product;
import io.ledgerbridge.domain.record.SourceRecord;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * QuickBooks as a source, read through change data capture (API_FACTS A.10):
 * {@code GET /cdc?entities=Customer,Item,Invoice,Payment&changedSince=…}, full payloads, at most 1000 objects and
 * 30 days back. The cursor is an instant; each page moves it to one second before the newest change it returned
 * (QuickBooks' times have whole seconds), so a change in that second is read again rather than missed: duplicates
 * are fine, the engine makes one event per record version.
 *
 * <p>Mapped as: Customer → customer (email from PrimaryEmailAddr); Item with a Sku → product (items without one
 * cannot be matched anywhere and are left out); Invoice → invoice (SKUs of its lines read from the items; status
 * Void when voided, Paid when the balance is 0, else Open); Payment → payment on the first invoice it is linked to.
 * Deleted entities are left out: deletions are not synced. {@code writtenBy} is not known from QuickBooks' data.
 *
 * <p>The past beyond CDC's 30 days is read by {@code TxnDate} with the query language: {@link QuickBooksHistory}.
 */
final class QuickBooksSource implements Source {

    private static final String ENTITIES = "Customer,Item,Invoice,Payment";
    private static final List<String> ORDER = List.of("Customer", "Item", "Invoice", "Payment");
    /** API_FACTS A.10: CDC looks back at most 30 days; a little less, so the first call is never refused. */
    private static final Duration LOOK_BACK = Duration.ofDays(30).minusMinutes(5);

    private final QuickBooksApi api;
    private final QuickBooksErrors errors;
    private final Clock clock;
    private final QuickBooksHistory history;

    QuickBooksSource(QuickBooksApi api, QuickBooksErrors errors, Clock clock) {
        this.api = api;
        this.errors = errors;
        this.clock = clock;
        this.history = new QuickBooksHistory(api, errors, clock);
    }

    /** Read by TxnDate with the query language, for historical imports (see {@link QuickBooksHistory}). */
    @Override
    public Optional<History> history() {
        return Optional.of(history);
    }

    /** A changed entity and when it changed. */
    private record Change(String entity, JsonNode body, Instant at) {}

    @Override
    public Changes changesSince(String cursor, int limit) {
        Instant oldest = clock.instant().minus(LOOK_BACK);
        Instant since = cursor == null ? oldest : Instant.parse(cursor);
        if (since.isBefore(oldest)) {
            since = oldest;
        }
        var call = api.get("cdc", Map.of("entities", ENTITIES, "changedSince", since.toString()));
        if (!(call instanceof Call.Answered a && a.ok())) {
            throw new IllegalStateException("QuickBooks change data capture failed: " + describe(call));
        }
        var changes = new ArrayList<Change>();
        for (JsonNode cdc : a.json().path("CDCResponse")) {
            for (JsonNode response : cdc.path("QueryResponse")) {
                for (String entity : ORDER) {
                    for (JsonNode e : response.path(entity)) {
                        if (!"Deleted".equals(e.path("status").asText())) {
                            changes.add(new Change(entity, e, updated(e)));
                        }
                    }
                }
            }
        }
        changes.sort(Comparator.comparing(Change::at).thenComparing(c -> ORDER.indexOf(c.entity())));
        var page = changes.subList(0, Math.min(limit, changes.size()));
        boolean more = changes.size() > page.size() || changes.size() >= 1000;
        var items = items(page);
        var records = new ArrayList<SourceRecord>();
        for (var c : page) {
            var r = record(c.entity(), c.body(), items);
            if (r != null) {
                records.add(r);
            }
        }
        String next = since.toString();
        if (!page.isEmpty()) {
            Instant last = page.getLast().at();
            if (last.minusSeconds(1).isAfter(since)) {
                next = last.minusSeconds(1).toString(); // the newest second is read again: nothing in it is missed
            } else if (more) {
                next = last.toString(); // a page all within one second: move on rather than read it forever
            }
        }
        return new Changes(records, next, more);
    }

    /** SKUs of the items the page's invoices use, read in one query per 30 items. */
    private Map<String, String> items(List<Change> page) {
        var skus = new HashMap<String, String>();
        var needed = new LinkedHashSet<String>();
        for (var c : page) {
            if (c.entity().equals("Item")) {
                skus.put(c.body().path("Id").asText(), c.body().path("Sku").asText(null));
            }
        }
        for (var c : page) {
            if (c.entity().equals("Invoice")) {
                for (JsonNode line : c.body().path("Line")) {
                    String id = line.path("SalesItemLineDetail").path("ItemRef").path("value").asText(null);
                    if (id != null && !skus.containsKey(id)) {
                        needed.add(id);
                    }
                }
            }
        }
        for (var chunk : QuickBooksQuery.chunks(needed)) {
            var call = api.query(QuickBooksQuery.in("Item", "Id", chunk, "Active in (true, false)"));
            if (!(call instanceof Call.Answered a && a.ok())) {
                throw new IllegalStateException("QuickBooks item look-up failed: " + describe(call));
            }
            a.json().path("QueryResponse").path("Item").forEach(i -> skus.put(i.path("Id").asText(), i.path("Sku").asText(null)));
        }
        return skus;
    }

    /**
     * One entity as a record; null for an item without a Sku.
     *
     * @param skus the Sku of each item Id the invoice's lines name
     */
    static SourceRecord record(String entity, JsonNode e, Map<String, String> skus) {
        String id = e.path("Id").asText();
        return switch (entity) {
            case "Customer" -> new Customer(id, e.path("DisplayName").asText(), text(e.path("PrimaryEmailAddr").path("Address")),
                    text(e.path("CompanyName")), text(e.path("PrimaryPhone").path("FreeFormNumber")), null);
            case "Item" -> text(e.path("Sku")) == null ? null : new Product(id, e.path("Sku").asText(), e.path("Name").asText(),
                    text(e.path("Description")), decimal(e.path("UnitPrice")), null, null);
            case "Invoice" -> invoice(id, e, skus);
            case "Payment" -> payment(id, e);
            default -> null;
        };
    }

    private static Invoice invoice(String id, JsonNode e, Map<String, String> skus) {
        boolean voided = e.path("PrivateNote").asText().startsWith("Voided") && decimal(e.path("TotalAmt")).signum() == 0;
        var lines = new ArrayList<InvoiceLine>();
        for (JsonNode line : e.path("Line")) {
            if (!"SalesItemLineDetail".equals(line.path("DetailType").asText())) {
                continue;
            }
            JsonNode d = line.path("SalesItemLineDetail");
            BigDecimal qty = d.hasNonNull("Qty") ? decimal(d.path("Qty")) : BigDecimal.ONE;
            if (voided && qty.signum() == 0) {
                qty = BigDecimal.ONE; // QuickBooks zeroes a voided invoice's quantities; the void is what syncs, not the lines
            }
            BigDecimal price = d.hasNonNull("UnitPrice") ? decimal(d.path("UnitPrice")) : decimal(line.path("Amount"));
            String tax = text(d.path("TaxCodeRef").path("value"));
            lines.add(new InvoiceLine(skus.get(d.path("ItemRef").path("value").asText()), text(line.path("Description")),
                    qty, price, tax == null || tax.equals("NON") ? null : tax));
        }
        BigDecimal total = decimal(e.path("TotalAmt"));
        BigDecimal balance = decimal(e.path("Balance"));
        InvoiceStatus status = e.path("PrivateNote").asText().startsWith("Voided") && total.signum() == 0 ? InvoiceStatus.VOID
                : total.signum() > 0 && balance.signum() == 0 ? InvoiceStatus.PAID : InvoiceStatus.OPEN;
        return new Invoice(id, text(e.path("DocNumber")), status, text(e.path("CustomerRef").path("value")),
                text(e.path("CurrencyRef").path("value")), date(e.path("TxnDate")), date(e.path("DueDate")), lines,
                text(e.path("CustomerMemo").path("value")), null);
    }

    private static Payment payment(String id, JsonNode e) {
        String invoiceId = null;
        for (JsonNode line : e.path("Line")) {
            for (JsonNode txn : line.path("LinkedTxn")) {
                if (invoiceId == null && "Invoice".equals(txn.path("TxnType").asText())) {
                    invoiceId = txn.path("TxnId").asText();
                }
            }
        }
        return new Payment(id, invoiceId, decimal(e.path("TotalAmt")), text(e.path("CurrencyRef").path("value")),
                date(e.path("TxnDate")), text(e.path("PaymentRefNum")), null);
    }

    private String describe(Call call) {
        return switch (call) {
            case Call.Answered a -> errors.response(a.status(), a.retryAfter(), a.body(), null,
                    QuickBooksErrors.Company.NONE).error().vendorMessage();
            case Call.NotSent n -> n.error().vendorMessage();
            case Call.Lost l -> l.reason();
        };
    }

    private static Instant updated(JsonNode e) {
        try {
            return OffsetDateTime.parse(e.path("MetaData").path("LastUpdatedTime").asText()).toInstant();
        } catch (DateTimeParseException bad) {
            return Instant.EPOCH;
        }
    }

    private static String text(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? null : n.asText();
    }

    private static BigDecimal decimal(JsonNode n) {
        return n.isNumber() ? n.decimalValue() : n.isTextual() ? new BigDecimal(n.asText()) : BigDecimal.ZERO;
    }

    private static LocalDate date(JsonNode n) {
        return n.isTextual() ? LocalDate.parse(n.asText().substring(0, 10)) : null;
    }
}
