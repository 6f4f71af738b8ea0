package io.ledgerbridge.connector.xero;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerbridge.connector.Source;
import io.ledgerbridge.connector.xero.XeroApi.Call;
import io.ledgerbridge.connector.xero.error.XeroErrors;
import io.ledgerbridge.connector.xero.webhook.XeroWebhooks;
import io.ledgerbridge.domain.record.Customer;
import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.InvoiceLine;
import io.ledgerbridge.domain.record.InvoiceStatus;
import io.ledgerbridge.domain.record.Payment;
import io.ledgerbridge.domain.record.Product;
import io.ledgerbridge.domain.record.SourceRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Xero as a source. Two ways in, like the HubSpot source:
 * <ul>
 *   <li>{@link #read(XeroWebhooks.Changed)}: the invoices and contacts webhook events named, read back in batches by
 *       {@code GET /Invoices?IDs=…} and {@code /Contacts?IDs=…} (API_FACTS B.1, B.9), with every invoice's contact;</li>
 *   <li>{@link #changesSince}: the poll, the safety net behind webhooks and the only way in for items and payments
 *       (Xero sends no webhooks for them, B.9): {@code GET /Contacts}, {@code /Items}, {@code /Invoices},
 *       {@code /Payments} with {@code If-Modified-Since} (B.1), oldest change first.</li>
 * </ul>
 *
 * <p>The cursor is an instant. Paged lists (contacts, invoices, payments: 100 a page) are read one page per poll; when a
 * type's page is full, only changes up to its newest one are taken this time, so no type skips past another's unread
 * page. The next cursor is one second before the newest change taken (Xero's times have milliseconds but
 * {@code If-Modified-Since} is compared loosely): that second is read again rather than missed. Duplicates are fine, the
 * engine makes one event per record version. Caveat (B.1): some changes in Xero do not move {@code UpdatedDateUTC}.
 *
 * <p>Mapped as: contact → customer; item → product (Code is the SKU); ACCREC invoice → invoice (DRAFT/SUBMITTED →
 * Draft, AUTHORISED → Open, PAID → Paid, VOIDED → Void; deleted ones left out; a line's {@code ItemCode} is its SKU and
 * {@code TaxType} its tax rate, {@code NONE} none); ACCRECPAYMENT payment → payment (deleted ones left out).
 *
 * <p>The past is read by invoice {@code Date} for historical imports: {@link XeroHistory}.
 */
public final class XeroSource implements Source {

    /** Paged resources answer 100 elements a page (API_FACTS B.1 {@code pagination}). */
    static final int PAGE_SIZE = 100;
    /** IDs per read-back call: a URL of 50 GUIDs stays under 2 kB. */
    static final int IDS_PER_CALL = 50;

    private final XeroApi api;
    private final XeroErrors errors;
    private final XeroHistory history = new XeroHistory(this);

    XeroSource(XeroApi api, XeroErrors errors) {
        this.api = api;
        this.errors = errors;
    }

    /** Read by invoice Date, for historical imports (see {@link XeroHistory}). */
    @Override
    public java.util.Optional<History> history() {
        return java.util.Optional.of(history);
    }

    private enum Kind {
        CONTACT("Contacts", true, null),
        ITEM("Items", false, null),
        INVOICE("Invoices", true, "Type==\"ACCREC\""),
        PAYMENT("Payments", true, "PaymentType==\"ACCRECPAYMENT\"");

        final String resource;
        final boolean paged;
        final String where;

        Kind(String resource, boolean paged, String where) {
            this.resource = resource;
            this.paged = paged;
            this.where = where;
        }
    }

    private record Change(Kind kind, JsonNode body, Instant at) {}

    @Override
    public Changes changesSince(String cursor, int limit) {
        Instant since = cursor == null ? null : Instant.parse(cursor);
        var changes = new ArrayList<Change>();
        Instant cap = null;
        for (Kind kind : Kind.values()) {
            var params = new LinkedHashMap<String, String>();
            if (kind.where != null) {
                params.put("where", kind.where);
            }
            params.put("order", "UpdatedDateUTC ASC");
            if (kind.paged) {
                params.put("page", "1");
                params.put("pageSize", String.valueOf(PAGE_SIZE));
            }
            JsonNode page = read(kind.resource, params, since == null ? null : since.toString());
            int n = 0;
            Instant newest = null;
            for (JsonNode e : page) {
                n++;
                Instant at = XeroEntities.updated(e);
                newest = newest == null || at.isAfter(newest) ? at : newest;
                changes.add(new Change(kind, e, at));
            }
            if (kind.paged && n >= PAGE_SIZE && newest != null) {
                cap = cap == null || newest.isBefore(cap) ? newest : cap;
            }
        }
        final Instant limitAt = cap;
        var taken = changes.stream().filter(c -> limitAt == null || !c.at().isAfter(limitAt))
                .sorted(Comparator.comparing(Change::at).thenComparing(Change::kind)).toList();
        var page = taken.subList(0, Math.min(limit, taken.size()));
        boolean more = taken.size() > page.size() || cap != null;
        var records = new ArrayList<SourceRecord>();
        for (var c : page) {
            var r = record(c.kind(), c.body());
            if (r != null) {
                records.add(r);
            }
        }
        String next = since == null ? null : since.toString();
        if (!page.isEmpty()) {
            Instant last = page.getLast().at();
            if (since == null || last.minusSeconds(1).isAfter(since)) {
                next = last.minusSeconds(1).toString();
            } else if (more) {
                next = last.toString(); // a page all within one second: move on rather than read it forever
            }
        }
        return new Changes(records, next == null ? Instant.EPOCH.toString() : next, more);
    }

    /**
     * Reads the records webhook events named, in batches by {@code IDs=}: the invoices (with their contacts, so an
     * invoice never arrives before its customer) and the contacts.
     *
     * @throws IllegalStateException when Xero cannot be read now (the delivery should be answered with an error, or
     *                               kept in the inbox, so it is read again)
     */
    public List<SourceRecord> read(XeroWebhooks.Changed changed) {
        if (changed.isEmpty()) {
            return List.of();
        }
        var invoices = byIds("Invoices", changed.invoices());
        var contactIds = new LinkedHashSet<>(changed.contacts());
        for (JsonNode inv : invoices) {
            String c = inv.path("Contact").path("ContactID").asText(null);
            if (c != null) {
                contactIds.add(c);
            }
        }
        var out = new ArrayList<SourceRecord>();
        for (JsonNode c : byIds("Contacts", contactIds)) {
            var r = record(Kind.CONTACT, c);
            if (r != null) {
                out.add(r);
            }
        }
        for (JsonNode inv : invoices) {
            var r = record(Kind.INVOICE, inv);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    /** Elements of {@code resource} by {@code IDs=}, {@value #IDS_PER_CALL} a call. */
    List<JsonNode> byIds(String resource, Collection<String> ids) {
        var list = new ArrayList<>(ids);
        var out = new ArrayList<JsonNode>();
        for (int from = 0; from < list.size(); from += IDS_PER_CALL) {
            var chunk = list.subList(from, Math.min(list.size(), from + IDS_PER_CALL));
            // With page=1 Xero shows each invoice's line items (xero_accounting.yaml, parameter page: "Up to 100
            // invoices will be returned in a single API call with line items shown for each invoice"); a chunk of
            // IDS_PER_CALL is always one page.
            var params = resource.equals("Invoices") ? Map.of("IDs", String.join(",", chunk), "page", "1")
                    : Map.of("IDs", String.join(",", chunk));
            read(resource, params, null).forEach(out::add);
        }
        return out;
    }

    private JsonNode read(String resource, Map<String, String> params, String modifiedSince) {
        return answer(resource, params, modifiedSince).path(resource);
    }

    /**
     * The whole answer of {@code GET /{resource}} (an empty object for 304 Not Modified).
     *
     * @throws IllegalStateException when Xero cannot be read now (also while its budget holds calls, B.6)
     */
    JsonNode answer(String resource, Map<String, String> params, String modifiedSince) {
        var call = api.get(resource, params, modifiedSince);
        if (call instanceof Call.Answered a && a.status() == 304) {
            return XeroApi.JSON.createObjectNode();
        }
        if (!(call instanceof Call.Answered a && a.ok())) {
            throw new IllegalStateException("reading Xero " + resource + " failed: " + describe(call));
        }
        return a.json();
    }

    private static SourceRecord record(Kind kind, JsonNode e) {
        return switch (kind) {
            case CONTACT -> customer(e);
            case ITEM -> product(e);
            case INVOICE -> invoice(e);
            case PAYMENT -> payment(e);
        };
    }

    /** A contact as a customer; null when archived. */
    static Customer customer(JsonNode e) {
        return "ARCHIVED".equals(e.path("ContactStatus").asText()) ? null : new Customer(e.path("ContactID").asText(),
                e.path("Name").asText(), text(e.path("EmailAddress")), null, phone(e), null);
    }

    /** An item as a product, its Code the SKU; null without a Code. */
    static Product product(JsonNode e) {
        return text(e.path("Code")) == null ? null : new Product(e.path("ItemID").asText(),
                e.path("Code").asText(), text(e.path("Name")) == null ? e.path("Code").asText() : e.path("Name").asText(),
                text(e.path("Description")), decimalOrNull(e.path("SalesDetails").path("UnitPrice")), null, null);
    }

    /** An ACCREC invoice; null for a deleted one or another type. */
    static Invoice invoice(JsonNode e) {
        InvoiceStatus status = switch (e.path("Status").asText()) {
            case "DRAFT", "SUBMITTED" -> InvoiceStatus.DRAFT;
            case "AUTHORISED" -> InvoiceStatus.OPEN;
            case "PAID" -> InvoiceStatus.PAID;
            case "VOIDED" -> InvoiceStatus.VOID;
            default -> null; // DELETED: deletions are not synced
        };
        if (status == null || !"ACCREC".equals(e.path("Type").asText("ACCREC"))) {
            return null;
        }
        var lines = new ArrayList<InvoiceLine>();
        // Tracking categories are per line in Xero (API_FACTS B.3 LineItems[].Tracking {Name, Option}); an invoice is
        // routed by the first option a line names for a category, as "tracking:<Name>" (see Route).
        var attributes = new java.util.LinkedHashMap<String, String>();
        for (JsonNode line : e.path("LineItems")) {
            for (JsonNode t : line.path("Tracking")) {
                String name = text(t.path("Name"));
                String option = text(t.path("Option"));
                if (name != null && option != null) {
                    attributes.putIfAbsent("tracking:" + name, option);
                }
            }
        }
        for (JsonNode line : e.path("LineItems")) {
            BigDecimal qty = line.hasNonNull("Quantity") ? decimal(line.path("Quantity")) : BigDecimal.ONE;
            BigDecimal price = line.hasNonNull("UnitAmount") ? decimal(line.path("UnitAmount"))
                    : decimal(line.path("LineAmount"));
            String tax = text(line.path("TaxType"));
            lines.add(new InvoiceLine(text(line.path("ItemCode")), text(line.path("Description")), qty, price,
                    tax == null || tax.equals("NONE") ? null : tax));
        }
        return new Invoice(e.path("InvoiceID").asText(), text(e.path("InvoiceNumber")), status,
                text(e.path("Contact").path("ContactID")), text(e.path("CurrencyCode")), XeroEntities.date(e, "Date"),
                XeroEntities.date(e, "DueDate"), lines, text(e.path("Reference")), null, attributes);
    }

    private static Payment payment(JsonNode e) {
        if ("DELETED".equals(e.path("Status").asText())) {
            return null;
        }
        String currency = text(e.path("Invoice").path("CurrencyCode"));
        return new Payment(e.path("PaymentID").asText(), text(e.path("Invoice").path("InvoiceID")),
                decimal(e.path("Amount")), currency, XeroEntities.date(e, "Date"), text(e.path("Reference")), null);
    }

    private static String phone(JsonNode contact) {
        for (JsonNode p : contact.path("Phones")) {
            String n = text(p.path("PhoneNumber"));
            if (n != null && !n.isBlank()) {
                return n;
            }
        }
        return null;
    }

    private String describe(Call call) {
        return switch (call) {
            case Call.Answered a -> errors.response(a.status(), a.headers(), a.body(), null,
                    XeroErrors.Organisation.NONE).error().vendorMessage();
            case Call.NotSent n -> n.error().vendorMessage();
            case Call.Lost l -> l.reason();
        };
    }

    static String text(JsonNode n) {
        return n.isMissingNode() || n.isNull() || n.asText().isEmpty() ? null : n.asText();
    }

    private static BigDecimal decimal(JsonNode n) {
        return n.isNumber() ? n.decimalValue() : n.isTextual() ? new BigDecimal(n.asText()) : BigDecimal.ZERO;
    }

    private static BigDecimal decimalOrNull(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? null : decimal(n);
    }
}
