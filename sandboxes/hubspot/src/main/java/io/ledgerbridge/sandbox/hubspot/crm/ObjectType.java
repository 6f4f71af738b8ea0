package io.ledgerbridge.sandbox.hubspot.crm;

import io.ledgerbridge.sandbox.hubspot.HubSpotException;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The CRM object types the sandbox serves. Paths accept the plural name, the singular name or the type id
 * ({@code 0-53}); contacts 0-1 and companies 0-2 are OFFICIAL, products 0-7 / line_items 0-8 UNCERTAIN and
 * invoices 0-53 2ND (API_FACTS C.2).
 */
public enum ObjectType {
    // Invoices have no legacy webhook names: they use generic object.* events (API_FACTS C.5).
    INVOICES("invoices", "invoice", "0-53", null,
            List.of("hs_createdate", "hs_lastmodifieddate", "hs_object_id"),
            Set.of("hs_currency", "hs_invoice_status", "hs_number", "hs_invoice_date", "hs_due_date", "hs_title",
                    "hs_amount_billed", "hs_balance_due", "hs_amount_paid", "hs_payment_status", "hs_invoice_billable",
                    "hs_comments", "hs_purchase_order_number", "hs_tax_id", "hs_external_invoice_id")),
    LINE_ITEMS("line_items", "line_item", "0-8", "line_item",
            List.of("name", "quantity", "price", "amount", "hs_product_id", "createdate", "hs_lastmodifieddate", "hs_object_id"),
            Set.of("name", "quantity", "price", "amount", "hs_sku", "hs_product_id", "hs_tax_rate_group_id", "description",
                    "hs_recurring_billing_period", "hs_discount_percentage", "discount", "hs_line_item_currency_code",
                    "hs_position_on_quote", "tax")),
    PRODUCTS("products", "product", "0-7", "product",
            List.of("name", "price", "description", "createdate", "hs_lastmodifieddate", "hs_object_id"),
            Set.of("name", "price", "hs_sku", "description", "hs_cost_of_goods_sold", "hs_recurring_billing_period",
                    "hs_product_type", "tax")),
    CONTACTS("contacts", "contact", "0-1", "contact",
            List.of("email", "firstname", "lastname", "createdate", "lastmodifieddate", "hs_object_id"),
            Set.of("email", "firstname", "lastname", "phone", "company", "address", "city", "state", "zip", "country",
                    "jobtitle", "lifecyclestage")),
    COMPANIES("companies", "company", "0-2", "company",
            List.of("name", "domain", "createdate", "hs_lastmodifieddate", "hs_object_id"),
            Set.of("name", "domain", "phone", "address", "city", "state", "zip", "country", "industry", "description"));

    /** Maintained by the sandbox on every type; clients cannot write them (spec: "Read-only ... properties will result in an error"). */
    public static final Set<String> READ_ONLY = Set.of("hs_object_id", "hs_createdate", "hs_lastmodifieddate", "createdate",
            "lastmodifieddate", "hs_object_source", "hs_object_source_id", "hs_object_source_label", "hs_object_source_user_id");

    private final String path;
    private final String singular;
    private final String typeId;
    private final String webhookName;
    private final List<String> defaultProperties;
    private final Set<String> writableProperties;

    ObjectType(String path, String singular, String typeId, String webhookName, List<String> defaultProperties,
               Set<String> writableProperties) {
        this.path = path;
        this.singular = singular;
        this.typeId = typeId;
        this.webhookName = webhookName;
        this.defaultProperties = defaultProperties;
        this.writableProperties = writableProperties;
    }

    public String path() { return path; }
    public String singular() { return singular; }
    public String typeId() { return typeId; }
    /** Prefix of legacy webhook subscription types ({@code contact.creation}); null means generic {@code object.*}. */
    public String webhookName() { return webhookName; }
    /** What a read returns when the client names no {@code properties} (invoices return almost nothing: a trap kept on purpose). */
    public List<String> defaultProperties() { return defaultProperties; }
    public Set<String> writableProperties() { return writableProperties; }
    /** OAuth scope base, e.g. {@code crm.objects.invoices}; reads need {@code .read}, writes {@code .write}. */
    public String scope() { return "crm.objects." + path; }

    public static ObjectType parse(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (ObjectType t : values()) {
            if (t.path.equals(n) || t.singular.equals(n) || t.typeId.equals(n)) return t;
        }
        // Wording 2ND: HubSpot answers an unknown type with "Unable to infer object type from: <name>".
        throw HubSpotException.validation("Unable to infer object type from: " + name);
    }
}
