package io.ledgerbridge.sandbox.quickbooks.entity;

import java.util.Arrays;
import java.util.Optional;

/**
 * The entities the sandbox serves. {@code name} is the XSD element name (Finance.xsd), used as the JSON envelope key
 * and in queries; {@code path} is the lower-case URL segment (API_FACTS A.1: {@code /invoice}, {@code /customer}…;
 * URIs are case-sensitive).
 */
public enum EntityType {
    CUSTOMER("Customer", "customer", Category.NAME_LIST),
    ITEM("Item", "item", Category.NAME_LIST),
    INVOICE("Invoice", "invoice", Category.TRANSACTION),
    PAYMENT("Payment", "payment", Category.TRANSACTION),
    TAX_CODE("TaxCode", "taxcode", Category.READ_ONLY),
    TAX_RATE("TaxRate", "taxrate", Category.READ_ONLY),
    ACCOUNT("Account", "account", Category.READ_ONLY),
    PREFERENCES("Preferences", "preferences", Category.SETTINGS),
    COMPANY_INFO("CompanyInfo", "companyinfo", Category.SETTINGS);

    public enum Category { NAME_LIST, TRANSACTION, READ_ONLY, SETTINGS }

    private final String entityName;
    private final String path;
    private final Category category;

    EntityType(String entityName, String path, Category category) {
        this.entityName = entityName;
        this.path = path;
        this.category = category;
    }

    public String entityName() {
        return entityName;
    }

    public String path() {
        return path;
    }

    public Category category() {
        return category;
    }

    public boolean isTransaction() {
        return category == Category.TRANSACTION;
    }

    /** API_FACTS A.10: CDC is not supported for TaxCode and TaxRate (nor settings). */
    public boolean cdcSupported() {
        return category == Category.NAME_LIST || category == Category.TRANSACTION || this == ACCOUNT;
    }

    public static Optional<EntityType> byPath(String segment) {
        return Arrays.stream(values()).filter(t -> t.path.equals(segment)).findFirst();
    }

    /** Entity names in queries, batch items and CDC lists are matched without regard to case. */
    public static Optional<EntityType> byName(String name) {
        return Arrays.stream(values()).filter(t -> t.entityName.equalsIgnoreCase(name)).findFirst();
    }
}
