package io.ledgerbridge.sandbox.xero.settings;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.sandbox.xero.organisation.Books;
import io.ledgerbridge.sandbox.xero.organisation.Resource;
import io.ledgerbridge.sandbox.xero.wire.XeroJson;
import java.math.BigDecimal;
import java.util.Optional;

/** Look-ups in the chart of accounts and the tax rates, shared by the rules of invoices, items and payments. */
public final class Ledger {
    private Ledger() {}

    /** The ACTIVE account with this Code. */
    public static Optional<ObjectNode> account(Books books, String code) {
        return books.all(Resource.ACCOUNTS).stream()
                .filter(a -> code.equalsIgnoreCase(String.valueOf(XeroJson.text(a, "Code"))))
                .filter(a -> "ACTIVE".equals(XeroJson.text(a, "Status")))
                .findFirst();
    }

    public static Optional<ObjectNode> accountById(Books books, String id) {
        return books.get(Resource.ACCOUNTS, id);
    }

    /** The ACTIVE tax rate with this TaxType. */
    public static Optional<ObjectNode> taxRate(Books books, String taxType) {
        return books.get(Resource.TAX_RATES, taxType).filter(t -> "ACTIVE".equals(XeroJson.text(t, "Status")));
    }

    /** The rate in percent (EffectiveRate). */
    public static BigDecimal percent(ObjectNode taxRate) {
        return XeroJson.decimal(taxRate, "EffectiveRate", BigDecimal.ZERO);
    }
}
