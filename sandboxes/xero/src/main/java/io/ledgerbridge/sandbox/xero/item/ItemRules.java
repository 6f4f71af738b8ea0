package io.ledgerbridge.sandbox.xero.item;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.sandbox.xero.organisation.Books;
import io.ledgerbridge.sandbox.xero.organisation.Resource;
import io.ledgerbridge.sandbox.xero.settings.Ledger;
import io.ledgerbridge.sandbox.xero.wire.XeroDates;
import io.ledgerbridge.sandbox.xero.wire.XeroError;
import io.ledgerbridge.sandbox.xero.wire.XeroJson;
import io.ledgerbridge.sandbox.xero.write.EntityRules;
import io.ledgerbridge.sandbox.xero.write.Invalid;
import io.ledgerbridge.sandbox.xero.write.Mode;
import io.ledgerbridge.sandbox.xero.write.WriteContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Items (xero_accounting.yaml #/components/schemas/Item, required [Code]; API_FACTS B.4): Code required, max 30,
 * unique ("Price List Item with Code 'abc' already exists", API_FACTS B.5 [SPEC] /Items example); Name max 50;
 * Description max 4000; SalesDetails/PurchaseDetails {UnitPrice, AccountCode, TaxType} checked against the chart;
 * symbols refused by {@link ProductNameSymbols}. POST with no ItemID updates the item of that Code.
 */
public final class ItemRules implements EntityRules {
    @Override
    public ObjectNode write(WriteContext ctx, ObjectNode element, Mode mode, String pathId) {
        Books books = ctx.books();
        String id = pathId != null ? pathId : XeroJson.text(element, "ItemID");
        ObjectNode existing = null;
        if (id != null) {
            existing = books.get(Resource.ITEMS, id).orElse(null);
            if (existing == null) {
                if (mode == Mode.UPDATE_ONE) {
                    throw XeroError.notFound();
                }
                throw new Invalid("The document with the supplied id was not found for this endpoint.");
            }
        }
        String code = XeroJson.text(element, "Code");
        if (existing == null && code != null && mode == Mode.UPSERT) {
            existing = byCode(books, code).orElse(null);
        }
        List<String> errors = new ArrayList<>();
        String ownId = existing == null ? null : XeroJson.text(existing, "ItemID");
        if (existing == null && code == null) {
            errors.add("Item code must be supplied.");
        }
        String name = XeroJson.text(element, "Name");
        if (ProductNameSymbols.refused(code) || ProductNameSymbols.refused(name)) {
            errors.add(ProductNameSymbols.MESSAGE);
        }
        if (code != null) {
            if (code.length() > 30) {
                errors.add("Item code must not be more than 30 characters long.");
            }
            Optional<ObjectNode> same = byCode(books, code);
            if (same.isPresent() && !same.get().get("ItemID").asText().equalsIgnoreCase(String.valueOf(ownId))) {
                errors.add("Price List Item with Code '" + code + "' already exists");
            }
        }
        if (name != null && name.length() > 50) {
            errors.add("Item name must not be more than 50 characters long.");
        }
        String description = XeroJson.text(element, "Description");
        if (description != null && description.length() > 4000) {
            errors.add("Item description must not be more than 4000 characters long.");
        }
        for (String details : List.of("SalesDetails", "PurchaseDetails")) {
            JsonNode d = element.get(details);
            if (d != null && d.isObject()) {
                String accountCode = XeroJson.text(d, "AccountCode");
                if (accountCode != null && Ledger.account(books, accountCode).isEmpty()) {
                    errors.add("Account code '" + accountCode + "' is not a valid code for this document");
                }
                String taxType = XeroJson.text(d, "TaxType");
                if (taxType != null && Ledger.taxRate(books, taxType).isEmpty()) {
                    errors.add(accountCode == null ? "The TaxType code '" + taxType + "' is not a valid tax type."
                            : "The TaxType code '" + taxType + "' cannot be used with account code '" + accountCode + "'");
                }
                try {
                    XeroJson.decimal(d, "UnitPrice", null);
                } catch (NumberFormatException e) {
                    errors.add("UnitPrice must be a number.");
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new Invalid(errors, null);
        }
        boolean created = existing == null;
        ObjectNode item = created ? fresh() : existing.deepCopy();
        for (String f : List.of("Code", "Name", "Description", "PurchaseDescription", "IsSold", "IsPurchased", "InventoryAssetAccountCode")) {
            if (element.has(f)) {
                item.set(f, element.get(f));
            }
        }
        for (String details : List.of("SalesDetails", "PurchaseDetails")) {
            JsonNode d = element.get(details);
            if (d != null && d.isObject()) {
                ObjectNode target = item.with(details);
                d.properties().forEach(e -> target.set(e.getKey(), e.getValue()));
                if (target.has("UnitPrice") && !target.get("UnitPrice").isNull()) {
                    target.put("UnitPrice", XeroJson.decimal(target, "UnitPrice", null));
                }
            }
        }
        // IsSold/IsPurchased false null the matching details (Item.IsSold / IsPurchased descriptions).
        if (!item.path("IsSold").asBoolean(true)) {
            item.remove("SalesDetails");
            item.remove("Description");
        }
        if (!item.path("IsPurchased").asBoolean(true)) {
            item.remove("PurchaseDetails");
            item.remove("PurchaseDescription");
        }
        item.put("UpdatedDateUTC", XeroDates.msDateTime(ctx.now()));
        books.put(Resource.ITEMS, item.get("ItemID").asText(), item);
        ctx.changed(Resource.ITEMS, item.get("ItemID").asText(), created);
        return item.deepCopy();
    }

    private static ObjectNode fresh() {
        ObjectNode i = XeroJson.object();
        i.put("ItemID", UUID.randomUUID().toString());
        i.put("IsSold", true);
        i.put("IsPurchased", true);
        i.put("IsTrackedAsInventory", false);
        return i;
    }

    /** Codes are unique without regard to case (design choice: Xero's UI treats "abc" and "ABC" as the same code). */
    public static Optional<ObjectNode> byCode(Books books, String code) {
        return books.all(Resource.ITEMS).stream().filter(i -> code.equalsIgnoreCase(String.valueOf(XeroJson.text(i, "Code")))).findFirst();
    }
}
