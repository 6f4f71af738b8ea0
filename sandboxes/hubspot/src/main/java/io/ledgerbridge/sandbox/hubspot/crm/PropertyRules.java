package io.ledgerbridge.sandbox.hubspot.crm;

import io.ledgerbridge.sandbox.hubspot.HubSpotException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Validation of written properties. Failures use HubSpot's 400 VALIDATION_ERROR whose message embeds a JSON list of
 * per-property results ({@code Property values were not valid: [{"isValid":false,...,"error":"PROPERTY_DOESNT_EXIST"}]},
 * wording 2ND from integrator reports; spec PATCH text: "Read-only and non-existent properties will result in an error").
 */
final class PropertyRules {
    static final Set<String> NUMBERS = Set.of("quantity", "price", "amount", "discount", "hs_discount_percentage", "tax",
            "hs_amount_billed", "hs_balance_due", "hs_amount_paid", "hs_cost_of_goods_sold");

    private final List<String> invoiceStatuses;

    PropertyRules(List<String> invoiceStatuses) {
        this.invoiceStatuses = List.copyOf(invoiceStatuses);
    }

    List<String> invoiceStatuses() { return invoiceStatuses; }

    void check(ObjectType type, Map<String, String> properties, Set<String> customProperties, boolean creating) {
        List<String> problems = new ArrayList<>();
        properties.forEach((name, value) -> {
            if (ObjectType.READ_ONLY.contains(name)) {
                problems.add(problem(name, "READ_ONLY_VALUE", "\\\"" + name + "\\\" is a read only property; its value cannot be set."));
            } else if (!type.writableProperties().contains(name) && !customProperties.contains(name)) {
                problems.add(problem(name, "PROPERTY_DOESNT_EXIST", "Property \\\"" + name + "\\\" does not exist"));
            } else if (value != null && !value.isEmpty() && NUMBERS.contains(name)) {
                try {
                    BigDecimal n = new BigDecimal(value);
                    // API_FACTS C.2 [OFFICIAL] line-items guide: price cannot be negative.
                    if (type == ObjectType.LINE_ITEMS && name.equals("price") && n.signum() < 0) {
                        problems.add(problem(name, "INVALID_FLOAT", "price cannot be negative: " + value));
                    }
                } catch (NumberFormatException e) {
                    problems.add(problem(name, "INVALID_FLOAT", value + " was not a valid number."));
                }
            } else if (type == ObjectType.INVOICES && name.equals("hs_invoice_status") && value != null
                    && !value.isEmpty() && !invoiceStatuses.contains(value)) {
                // Enum draft|open|paid|voided is 2ND (API_FACTS C.2); configurable in SandboxSettings.
                problems.add(problem(name, "INVALID_OPTION", value + " was not one of the allowed options: "
                        + invoiceStatuses.stream().collect(Collectors.joining(", ", "[", "]"))));
            }
        });
        // API_FACTS C.2 [OFFICIAL] invoices guide: hs_currency is the only property required to create a draft.
        if (creating && type == ObjectType.INVOICES && isBlank(properties.get("hs_currency"))) {
            problems.add(problem("hs_currency", "REQUIRED_PROPERTY", "hs_currency is required"));
        }
        if (!problems.isEmpty()) {
            throw HubSpotException.validation("Property values were not valid: " + String.join("", "[" + String.join(",", problems) + "]"));
        }
    }

    private static String problem(String name, String error, String message) {
        return "{\"isValid\":false,\"message\":\"" + message + "\",\"error\":\"" + error + "\",\"name\":\"" + name + "\"}";
    }

    private static boolean isBlank(String s) { return s == null || s.isBlank(); }
}
