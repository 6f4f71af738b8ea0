package io.ledgerbridge.domain.record;

/**
 * The kinds of record Ledgerbridge syncs. The order is the dependency order: customers and products
 * are written before the invoices that use them, invoices before their payments.
 */
public enum RecordType {
    CUSTOMER("customer", "customers"),
    PRODUCT("product", "products"),
    INVOICE("invoice", "invoices"),
    PAYMENT("payment", "payments");

    private final String singular;
    private final String plural;

    RecordType(String singular, String plural) {
        this.singular = singular;
        this.plural = plural;
    }

    public String singular() {
        return singular;
    }

    public String plural() {
        return plural;
    }

    public static RecordType fromPlural(String plural) {
        for (RecordType t : values()) {
            if (t.plural.equals(plural) || t.singular.equals(plural)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown record type '" + plural + "'");
    }
}
