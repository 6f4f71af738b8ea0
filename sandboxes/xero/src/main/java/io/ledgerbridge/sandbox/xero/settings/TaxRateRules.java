package io.ledgerbridge.sandbox.xero.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.sandbox.xero.organisation.Resource;
import io.ledgerbridge.sandbox.xero.wire.XeroJson;
import io.ledgerbridge.sandbox.xero.write.EntityRules;
import io.ledgerbridge.sandbox.xero.write.Invalid;
import io.ledgerbridge.sandbox.xero.write.Mode;
import io.ledgerbridge.sandbox.xero.write.WriteContext;
import java.math.BigDecimal;
import java.util.List;

/**
 * PUT /TaxRates creates user rates named TAX001, TAX002… (API_FACTS B.4 [2ND]); POST /TaxRates updates the rate named
 * by TaxType (xero_accounting.yaml createTaxRates / updateTaxRate, #/components/schemas/TaxRate). The effective rate is
 * the sum of the TaxComponents' rates (compounding is not modelled: design choice).
 */
public final class TaxRateRules implements EntityRules {
    @Override
    public ObjectNode write(WriteContext ctx, ObjectNode in, Mode mode, String pathId) {
        var books = ctx.books();
        String taxType = XeroJson.text(in, "TaxType");
        ObjectNode existing = taxType == null ? null : books.get(Resource.TAX_RATES, taxType).orElse(null);
        if (mode == Mode.UPSERT && existing == null) {
            throw new Invalid("The TaxType code '" + taxType + "' is not a valid tax type.");
        }
        String name = XeroJson.text(in, "Name");
        if (existing == null && name == null) {
            throw new Invalid("Name is required.");
        }
        if (existing == null && books.all(Resource.TAX_RATES).stream().anyMatch(t -> name.equalsIgnoreCase(XeroJson.text(t, "Name")))) {
            throw new Invalid("A tax rate with the name '" + name + "' already exists.");
        }
        ObjectNode t = existing == null ? XeroJson.object() : existing.deepCopy();
        if (existing == null) {
            long n = books.all(Resource.TAX_RATES).stream().filter(x -> x.path("TaxType").asText().startsWith("TAX")).count() + 1;
            t.put("TaxType", "TAX%03d".formatted(n));
            t.put("Status", "ACTIVE");
            t.put("ReportTaxType", XeroJson.text(in, "ReportTaxType") == null ? "OUTPUT" : XeroJson.text(in, "ReportTaxType"));
            for (String f : List.of("CanApplyToAssets", "CanApplyToEquity", "CanApplyToExpenses", "CanApplyToLiabilities", "CanApplyToRevenue")) {
                t.put(f, true);
            }
        }
        if (name != null) {
            t.put("Name", name);
        }
        JsonNode components = in.get("TaxComponents");
        if (components != null && components.isArray()) {
            BigDecimal sum = BigDecimal.ZERO;
            for (JsonNode c : components) {
                sum = sum.add(XeroJson.decimal(c, "Rate", BigDecimal.ZERO));
            }
            t.set("TaxComponents", components.deepCopy());
            t.put("DisplayTaxRate", sum);
            t.put("EffectiveRate", sum);
        } else if (existing == null) {
            t.putArray("TaxComponents");
            t.put("DisplayTaxRate", BigDecimal.ZERO);
            t.put("EffectiveRate", BigDecimal.ZERO);
        }
        String status = XeroJson.text(in, "Status");
        if (status != null) {
            t.put("Status", status);
        }
        books.put(Resource.TAX_RATES, t.get("TaxType").asText(), t);
        ctx.changed(Resource.TAX_RATES, t.get("TaxType").asText(), existing == null);
        return t.deepCopy();
    }
}
