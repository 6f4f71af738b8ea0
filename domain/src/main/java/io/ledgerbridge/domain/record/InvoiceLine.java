package io.ledgerbridge.domain.record;

import java.math.BigDecimal;

/**
 * One line of an invoice. The product is named by its SKU; the amount is quantity × unit price in the
 * invoice's currency. {@code taxCode} is the source's tax rate name, mapped to a destination tax code
 * through the flow's tax mapping (null: no tax).
 */
public record InvoiceLine(String sku, String description, BigDecimal quantity, BigDecimal unitPrice, String taxCode) {

    public BigDecimal amount() {
        return quantity.multiply(unitPrice);
    }
}
