package io.ledgerbridge.domain.record;

import io.ledgerbridge.domain.money.Currencies;
import io.ledgerbridge.domain.money.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A sales invoice. Its natural key is the document number: a destination that already has an invoice with
 * this number has either this invoice (a sync whose outcome was lost) or a conflicting one.
 *
 * @param attributes what a routed flow may route by ({@link io.ledgerbridge.domain.workspace.Route}): a Xero tracking
 *                   category as {@code tracking:Region}, a HubSpot property as {@code property:<name>}, a REST field by
 *                   its name; empty when the source says nothing
 */
public record Invoice(String id, String number, InvoiceStatus status, String customerId, String currency,
        LocalDate issueDate, LocalDate dueDate, List<InvoiceLine> lines, String memo, String writtenBy,
        Map<String, String> attributes)
        implements SourceRecord {

    public static final int MAX_LINES = 1000;
    public static final int MAX_ATTRIBUTES = 50;

    public Invoice {
        lines = lines == null ? List.of() : List.copyOf(lines);
        var kept = new TreeMap<String, String>();
        if (attributes != null) {
            attributes.forEach((k, v) -> {
                if (k != null && v != null) {
                    kept.put(k, v);
                }
            });
        }
        attributes = java.util.Collections.unmodifiableMap(kept);
    }

    public Invoice(String id, String number, InvoiceStatus status, String customerId, String currency,
            LocalDate issueDate, LocalDate dueDate, List<InvoiceLine> lines, String memo, String writtenBy) {
        this(id, number, status, customerId, currency, issueDate, dueDate, lines, memo, writtenBy, Map.of());
    }

    /** The same invoice in another status (a routed destination's copy voided when the invoice is routed elsewhere). */
    public Invoice withStatus(InvoiceStatus newStatus) {
        return new Invoice(id, number, newStatus, customerId, currency, issueDate, dueDate, lines, memo, writtenBy,
                attributes);
    }

    /** The same invoice under another number (a routed destination's prefix). */
    public Invoice withNumber(String newNumber) {
        return new Invoice(id, newNumber, status, customerId, currency, issueDate, dueDate, lines, memo, writtenBy,
                attributes);
    }

    @Override
    public RecordType type() {
        return RecordType.INVOICE;
    }

    @Override
    public String naturalKey() {
        return number;
    }

    public Money total() {
        var currencyUnit = Currencies.require(currency);
        return lines.stream()
                .map(l -> new Money(l.amount(), currencyUnit))
                .reduce(Money.zero(currencyUnit), Money::plus)
                .rounded();
    }

    @Override
    public List<FieldProblem> validate() {
        var c = new FieldProblem.Collector();
        c.notBlank(id, "id").maxLength(id, 200, "id");
        c.notBlank(number, "number").maxLength(number, 21, "number");
        c.require(status != null, "status", "is required (DRAFT, OPEN, PAID or VOID)");
        c.notBlank(customerId, "customerId");
        c.require(currency != null && Currencies.find(currency).isPresent(), "currency",
                currency == null ? "is required" : "'" + currency + "' is not an ISO 4217 currency code");
        c.require(issueDate != null, "issueDate", "is required");
        c.require(dueDate == null || issueDate == null || !dueDate.isBefore(issueDate), "dueDate",
                "is before issueDate");
        c.require(!lines.isEmpty(), "lines", "an invoice needs at least one line");
        c.require(lines.size() <= MAX_LINES, "lines", "has more than " + MAX_LINES + " lines");
        c.require(attributes.size() <= MAX_ATTRIBUTES, "attributes", "has more than " + MAX_ATTRIBUTES + " entries");
        attributes.forEach((k, v) -> {
            c.require(!k.isBlank() && k.length() <= 100, "attributes", "a name is blank or longer than 100 characters");
            c.require(v.length() <= 200, "attributes." + k, "is longer than 200 characters");
        });
        for (int i = 0; i < lines.size() && i < MAX_LINES; i++) {
            var line = lines.get(i);
            String at = "lines[" + i + "]";
            if (line == null) {
                c.add(new FieldProblem(at, "is empty"));
                continue;
            }
            c.notBlank(line.sku(), at + ".sku");
            c.require(line.quantity() != null, at + ".quantity", "is required");
            c.require(line.quantity() == null || line.quantity().signum() > 0, at + ".quantity",
                    "must be greater than zero");
            c.require(line.unitPrice() != null, at + ".unitPrice", "is required");
            c.require(line.unitPrice() == null || line.unitPrice().signum() >= 0, at + ".unitPrice",
                    "must not be negative");
            c.require(line.unitPrice() == null || line.unitPrice().scale() <= 6, at + ".unitPrice",
                    "has more than 6 decimal places");
        }
        return c.problems();
    }

    public boolean hasLines() {
        return !lines.isEmpty();
    }

    public BigDecimal subtotal() {
        return total().amount();
    }
}
