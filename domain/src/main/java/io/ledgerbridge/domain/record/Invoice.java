package io.ledgerbridge.domain.record;

import io.ledgerbridge.domain.money.Currencies;
import io.ledgerbridge.domain.money.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A sales invoice. Its natural key is the document number: a destination that already has an invoice with
 * this number has either this invoice (a sync whose outcome was lost) or a conflicting one.
 */
public record Invoice(String id, String number, InvoiceStatus status, String customerId, String currency,
        LocalDate issueDate, LocalDate dueDate, List<InvoiceLine> lines, String memo, String writtenBy)
        implements SourceRecord {

    public static final int MAX_LINES = 1000;

    public Invoice {
        lines = lines == null ? List.of() : List.copyOf(lines);
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
