package io.ledgerbridge.sandbox.quickbooks.entity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.sandbox.quickbooks.fault.Faults;
import io.ledgerbridge.sandbox.quickbooks.wire.Json;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** IntuitNamesTypes.xsd Customer. */
final class CustomerRules implements EntityRules {
    private static final Set<String> SERVER_FIELDS = Stream.concat(COMMON_SERVER_FIELDS.stream(),
            Stream.of("Balance", "BalanceWithJobs", "FullyQualifiedName")).collect(Collectors.toUnmodifiableSet());

    @Override
    public Set<String> serverFields() {
        return SERVER_FIELDS;
    }

    @Override
    public void prepare(ObjectNode c, ObjectNode existing, WriteContext ctx) {
        String displayName = Json.text(c, "DisplayName");
        if (displayName == null || displayName.isBlank()) {
            // QuickBooks derives DisplayName from the person or company name when it is not given.
            displayName = Stream.of("Title", "GivenName", "MiddleName", "FamilyName", "Suffix")
                    .map(f -> Json.text(c, f)).filter(Objects::nonNull).filter(s -> !s.isBlank())
                    .collect(Collectors.joining(" "));
            if (displayName.isBlank()) {
                displayName = Json.text(c, "CompanyName");
            }
            if (displayName == null || displayName.isBlank()) {
                throw Faults.requiredParamMissing("DisplayName");
            }
        }
        displayName = displayName.strip();
        Names.requireValidCharacters(displayName, "DisplayName"); // API_FACTS A.2: DisplayName must not contain ':'
        String selfId = existing == null ? null : Json.text(existing, "Id");
        for (ObjectNode other : ctx.books().all(EntityType.CUSTOMER)) {
            // API_FACTS A.5 6240; inactive customers still collide (API_FACTS A.2, Teachworks KB)
            if (!Json.text(other, "Id").equals(selfId) && Names.same(Json.text(other, "DisplayName"), displayName)) {
                throw Faults.duplicateCustomerName(displayName);
            }
        }
        c.put("DisplayName", displayName);
        c.put("FullyQualifiedName", displayName);
        if (!c.hasNonNull("PrintOnCheckName")) {
            c.put("PrintOnCheckName", displayName);
        }
        if (!c.hasNonNull("Active")) {
            c.put("Active", true);
        }
        if (!c.hasNonNull("Job")) {
            c.put("Job", false);
        }
        if (!c.hasNonNull("BillWithParent")) {
            c.put("BillWithParent", false);
        }
        if (!c.hasNonNull("Taxable")) {
            c.put("Taxable", true);
        }
        if (!c.hasNonNull("CurrencyRef")) {
            c.set("CurrencyRef", Json.object().put("value", "USD").put("name", "United States Dollar"));
        }
        c.put("Balance", existing == null ? Money.ZERO : Json.decimal(existing, "Balance"));
        c.put("BalanceWithJobs", existing == null ? Money.ZERO : Json.decimal(existing, "BalanceWithJobs"));
    }
}
