package io.ledgerbridge.domain.record;

import io.ledgerbridge.domain.money.Currencies;
import java.math.BigDecimal;
import java.util.List;

/**
 * A product or service. Matched across systems by exact, case-sensitive SKU: {@code PROD-001} is not
 * {@code prod-001}.
 */
public record Product(String id, String sku, String name, String description, BigDecimal unitPrice, String currency,
        String writtenBy) implements SourceRecord {

    @Override
    public RecordType type() {
        return RecordType.PRODUCT;
    }

    @Override
    public String naturalKey() {
        return sku;
    }

    @Override
    public List<FieldProblem> validate() {
        var c = new FieldProblem.Collector();
        c.notBlank(id, "id").maxLength(id, 200, "id");
        c.notBlank(sku, "sku").maxLength(sku, 100, "sku");
        c.notBlank(name, "name").maxLength(name, 100, "name");
        c.require(unitPrice == null || unitPrice.signum() >= 0, "unitPrice", "must not be negative");
        c.require(currency == null || Currencies.find(currency).isPresent(), "currency",
                "'" + currency + "' is not an ISO 4217 currency code");
        return c.problems();
    }
}
