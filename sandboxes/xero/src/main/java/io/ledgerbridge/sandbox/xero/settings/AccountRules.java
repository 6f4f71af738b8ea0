package io.ledgerbridge.sandbox.xero.settings;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.sandbox.xero.organisation.Resource;
import io.ledgerbridge.sandbox.xero.wire.XeroDates;
import io.ledgerbridge.sandbox.xero.wire.XeroError;
import io.ledgerbridge.sandbox.xero.wire.XeroJson;
import io.ledgerbridge.sandbox.xero.write.EntityRules;
import io.ledgerbridge.sandbox.xero.write.Invalid;
import io.ledgerbridge.sandbox.xero.write.Mode;
import io.ledgerbridge.sandbox.xero.write.WriteContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * PUT /Accounts creates one account (xero_accounting.yaml createAccount, #/components/schemas/Account): Code (max 10,
 * unique), Name and Type (#/components/schemas/AccountType) required; POST /Accounts/{AccountID} updates Name,
 * Description, TaxType, Status. Messages are design choices (Xero's are not documented).
 */
public final class AccountRules implements EntityRules {
    private static final Set<String> TYPES = Set.of("BANK", "CURRENT", "CURRLIAB", "DEPRECIATN", "DIRECTCOSTS", "EQUITY", "EXPENSE",
            "FIXED", "INVENTORY", "LIABILITY", "NONCURRENT", "OTHERINCOME", "OVERHEADS", "PREPAYMENT", "REVENUE", "SALES", "TERMLIAB", "PAYG");

    @Override
    public ObjectNode write(WriteContext ctx, ObjectNode in, Mode mode, String pathId) {
        var books = ctx.books();
        List<String> errors = new ArrayList<>();
        ObjectNode a;
        boolean created = pathId == null;
        if (pathId != null) {
            a = books.get(Resource.ACCOUNTS, pathId).orElseThrow(XeroError::notFound).deepCopy();
        } else {
            a = XeroJson.object();
            String code = XeroJson.text(in, "Code");
            String type = XeroJson.text(in, "Type");
            if (code == null || code.length() > 10) {
                errors.add("Please enter a Code of up to 10 characters.");
            } else if (Ledger.account(books, code).isPresent()) {
                errors.add("Please enter a unique Code.");
            }
            if (XeroJson.text(in, "Name") == null) {
                errors.add("Please enter a Name.");
            }
            if (type == null || !TYPES.contains(type)) {
                errors.add("Please select a valid account Type.");
            }
            if (!errors.isEmpty()) {
                throw new Invalid(errors, in.deepCopy());
            }
            a.put("AccountID", UUID.randomUUID().toString());
            a.put("Code", code);
            a.put("Type", type);
            a.put("Status", "ACTIVE");
            a.put("Class", switch (type) {
                case "BANK", "CURRENT", "FIXED", "INVENTORY", "NONCURRENT", "PREPAYMENT" -> "ASSET";
                case "CURRLIAB", "LIABILITY", "TERMLIAB", "PAYG" -> "LIABILITY";
                case "EQUITY" -> "EQUITY";
                case "REVENUE", "SALES", "OTHERINCOME" -> "REVENUE";
                default -> "EXPENSE";
            });
            a.put("EnablePaymentsToAccount", "BANK".equals(type));
            a.put("ShowInExpenseClaims", false);
            a.put("HasAttachments", false);
            a.put("AddToWatchlist", false);
        }
        for (String f : List.of("Name", "Description", "TaxType", "EnablePaymentsToAccount", "ShowInExpenseClaims", "BankAccountNumber", "CurrencyCode")) {
            if (in.has(f)) {
                a.set(f, in.get(f));
            }
        }
        String status = XeroJson.text(in, "Status");
        if (status != null && Set.of("ACTIVE", "ARCHIVED").contains(status)) {
            a.put("Status", status);
        }
        if (!a.has("TaxType")) {
            a.put("TaxType", "NONE");
        }
        a.put("UpdatedDateUTC", XeroDates.msDateTime(ctx.now()));
        books.put(Resource.ACCOUNTS, a.get("AccountID").asText(), a);
        ctx.changed(Resource.ACCOUNTS, a.get("AccountID").asText(), created);
        return a.deepCopy();
    }
}
