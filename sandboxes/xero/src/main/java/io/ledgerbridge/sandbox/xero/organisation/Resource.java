package io.ledgerbridge.sandbox.xero.organisation;

import java.util.Arrays;
import java.util.Optional;

/**
 * The collections of one organisation as the Accounting API names them: path segment and envelope key (plural), the id
 * field, and the page size of GET when {@code page} is given (xero_accounting.yaml parameter {@code page} of GET
 * /Invoices, /Contacts, /Payments, /CreditNotes: "Up to 100 … will be returned"; 0 = the endpoint does not page).
 */
public enum Resource {
    INVOICES("Invoices", "InvoiceID", 100),
    CONTACTS("Contacts", "ContactID", 100),
    ITEMS("Items", "ItemID", 0),
    PAYMENTS("Payments", "PaymentID", 100),
    ACCOUNTS("Accounts", "AccountID", 0),
    TAX_RATES("TaxRates", "TaxType", 0),
    TRACKING_CATEGORIES("TrackingCategories", "TrackingCategoryID", 0),
    CREDIT_NOTES("CreditNotes", "CreditNoteID", 100);

    private final String plural;
    private final String idField;
    private final int pageSize;

    Resource(String plural, String idField, int pageSize) {
        this.plural = plural;
        this.idField = idField;
        this.pageSize = pageSize;
    }

    public String plural() {
        return plural;
    }

    public String idField() {
        return idField;
    }

    public int pageSize() {
        return pageSize;
    }

    public boolean pages() {
        return pageSize > 0;
    }

    /** Path segments are matched without regard to case, as Xero does ({@code /invoices} works too). */
    public static Optional<Resource> byPath(String segment) {
        return Arrays.stream(values()).filter(r -> r.plural.equalsIgnoreCase(segment)).findFirst();
    }
}
