package io.ledgerbridge.domain.record;

import io.ledgerbridge.domain.money.Currencies;
import io.ledgerbridge.domain.money.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** A payment applied to one invoice. It syncs only after its invoice has synced. */
public record Payment(String id, String invoiceId, BigDecimal amount, String currency, LocalDate date,
        String reference, String writtenBy) implements SourceRecord {

    @Override
    public RecordType type() {
        return RecordType.PAYMENT;
    }

    /** Payments carry their source id as reference in the destination; it is how a lost write is found again. */
    @Override
    public String naturalKey() {
        return id;
    }

    public Money money() {
        return new Money(amount, Currencies.require(currency));
    }

    @Override
    public List<FieldProblem> validate() {
        var c = new FieldProblem.Collector();
        c.notBlank(id, "id").maxLength(id, 200, "id");
        c.notBlank(invoiceId, "invoiceId");
        c.require(amount != null, "amount", "is required");
        c.require(amount == null || amount.signum() > 0, "amount", "must be greater than zero");
        c.require(currency != null && Currencies.find(currency).isPresent(), "currency",
                currency == null ? "is required" : "'" + currency + "' is not an ISO 4217 currency code");
        c.require(date != null, "date", "is required");
        return c.problems();
    }
}
