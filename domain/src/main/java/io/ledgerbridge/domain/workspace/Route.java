package io.ledgerbridge.domain.workspace;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Which records of a routed source go through one flow: the invoices whose {@code field} is {@code value} (compared
 * without regard to case), with their customers, products and payments. Flows of one source with routes on the same
 * field make one routed flow: one source, several destinations, each record in exactly one of them.
 *
 * <p>A field is what the source's records carry in {@code Invoice.attributes()}: a Xero tracking category as
 * {@code tracking:Region}, a HubSpot property as {@code property:hs_region}, a field pushed over the REST API as its name.
 *
 * @param numberPrefix put before the invoice number in this destination (e.g. {@code SYD-}), so numbers from one group
 *                     never collide with a satellite's own; empty for none
 */
public record Route(String field, String value, String numberPrefix) {

    public Route {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(value, "value");
        if (field.isBlank() || value.isBlank()) {
            throw new IllegalArgumentException("a route needs a field and a value");
        }
        numberPrefix = numberPrefix == null ? "" : numberPrefix;
    }

    /** Whether a record with these attributes goes this way. */
    public boolean matches(Map<String, String> attributes) {
        String v = attributes == null ? null : attributes.get(field);
        return v != null && v.strip().toLowerCase(Locale.ROOT).equals(value.strip().toLowerCase(Locale.ROOT));
    }

    /** The field as people read it: "tracking Region", "property hs_region", "region". */
    public String fieldLabel() {
        return label(field);
    }

    public static String label(String field) {
        int colon = field.indexOf(':');
        return colon < 0 ? field : field.substring(0, colon) + " " + field.substring(colon + 1);
    }

    /** The invoice number as this destination has it. */
    public String number(String sourceNumber) {
        return sourceNumber == null ? null : numberPrefix + sourceNumber;
    }
}
