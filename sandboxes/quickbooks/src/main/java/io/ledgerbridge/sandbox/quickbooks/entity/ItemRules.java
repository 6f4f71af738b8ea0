package io.ledgerbridge.sandbox.quickbooks.entity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.sandbox.quickbooks.fault.Faults;
import io.ledgerbridge.sandbox.quickbooks.wire.Json;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Finance.xsd Item. */
final class ItemRules implements EntityRules {
    private static final Set<String> SERVER_FIELDS = Stream.concat(COMMON_SERVER_FIELDS.stream(),
            Stream.of("FullyQualifiedName", "Level")).collect(Collectors.toUnmodifiableSet());
    /** Finance.xsd ItemTypeEnum, the values QuickBooks Online uses. */
    private static final Set<String> TYPES = Set.of("Inventory", "NonInventory", "Service", "Group", "Category", "Bundle");
    private static final Set<String> NEED_INCOME_ACCOUNT = Set.of("Inventory", "NonInventory", "Service");

    @Override
    public Set<String> serverFields() {
        return SERVER_FIELDS;
    }

    @Override
    public void prepare(ObjectNode c, ObjectNode existing, WriteContext ctx) {
        String name = Json.text(c, "Name");
        if (name == null || name.isBlank()) {
            throw Faults.requiredParamMissing("Name");
        }
        name = name.strip();
        Names.requireValidCharacters(name, "Name");
        String selfId = existing == null ? null : Json.text(existing, "Id");
        for (ObjectNode other : ctx.books().all(EntityType.ITEM)) {
            // API_FACTS A.5 6240 (item wording [UNCERTAIN])
            if (!Json.text(other, "Id").equals(selfId) && Names.same(Json.text(other, "Name"), name)) {
                throw Faults.duplicateItemName(name);
            }
        }
        c.put("Name", name);
        c.put("FullyQualifiedName", name);
        String type = Json.text(c, "Type");
        if (type == null) {
            type = "Service"; // design choice: the default QuickBooks' own "Services" item has
            c.put("Type", type);
        }
        if (!TYPES.contains(type)) {
            throw Faults.businessValidation("Type '" + type + "' is not one of " + TYPES + ".", "Type");
        }
        // API_FACTS A.2: IncomeAccountRef is required for Service/NonInventory (and Inventory)
        if (NEED_INCOME_ACCOUNT.contains(type)) {
            requireAccount(c, "IncomeAccountRef", ctx);
        }
        if ("Inventory".equals(type)) {
            requireAccount(c, "AssetAccountRef", ctx);
            if (!c.hasNonNull("InvStartDate")) {
                throw Faults.requiredParamMissing("InvStartDate");
            }
            c.put("TrackQtyOnHand", true);
        }
        if (c.hasNonNull("ExpenseAccountRef")) {
            requireAccount(c, "ExpenseAccountRef", ctx);
        }
        if (!c.hasNonNull("Active")) {
            c.put("Active", true);
        }
        if (!c.hasNonNull("UnitPrice")) {
            c.put("UnitPrice", 0);
        } else if (Json.decimal(c, "UnitPrice") == null) {
            throw Faults.businessValidation("UnitPrice must be a number.", "UnitPrice");
        }
        if (!c.hasNonNull("Taxable")) {
            c.put("Taxable", false);
        }
    }

    private static void requireAccount(ObjectNode c, String field, WriteContext ctx) {
        String id = Json.refValue(c, field);
        if (id == null) {
            throw Faults.requiredParamMissing(field);
        }
        ObjectNode account = ctx.books().get(EntityType.ACCOUNT, id);
        if (account == null || !account.path("Active").asBoolean(true)) {
            throw Faults.objectNotFound(field);
        }
        c.set(field, Json.object().put("value", id).put("name", Json.text(account, "Name")));
    }
}
