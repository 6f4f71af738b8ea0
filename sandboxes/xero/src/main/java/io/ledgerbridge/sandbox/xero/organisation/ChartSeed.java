package io.ledgerbridge.sandbox.xero.organisation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.sandbox.xero.wire.XeroDates;
import io.ledgerbridge.sandbox.xero.wire.XeroJson;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a new organisation starts with: a small chart of accounts and the tax rates of its country, the codes integrators
 * rely on (API_FACTS B.4 [SPEC]/[2ND]: AU OUTPUT/INPUT, NZ/UK OUTPUT2/INPUT2, NONE; Xero's default charts have 090
 * Business Bank Account, 200 Sales, 260 Other Revenue, 610 Accounts Receivable, 800 Accounts Payable). Shapes follow
 * xero_accounting.yaml #/components/schemas/Account and #/components/schemas/TaxRate.
 */
public final class ChartSeed {
    private ChartSeed() {}

    private record Rate(String taxType, String name, String rate, String reportTaxType, boolean revenue, boolean expenses) {}

    private static List<Rate> rates(String country) {
        return switch (country) {
            case "GB" -> List.of(
                    new Rate("OUTPUT2", "20% (VAT on Income)", "20.00", "OUTPUT", true, false),
                    new Rate("INPUT2", "20% (VAT on Expenses)", "20.00", "INPUT", false, true),
                    new Rate("ZERORATEDOUTPUT", "Zero Rated Income", "0.00", "ZERORATEDOUTPUT", true, false),
                    new Rate("EXEMPTOUTPUT", "Exempt Income", "0.00", "EXEMPTOUTPUT", true, false),
                    new Rate("NONE", "No VAT", "0.00", "NONE", true, true));
            case "AU" -> List.of(
                    new Rate("OUTPUT", "GST on Income", "10.00", "OUTPUT", true, false),
                    new Rate("INPUT", "GST on Expenses", "10.00", "INPUT", false, true),
                    new Rate("EXEMPTOUTPUT", "GST Free Income", "0.00", "EXEMPTOUTPUT", true, false),
                    new Rate("BASEXCLUDED", "BAS Excluded", "0.00", "BASEXCLUDED", true, true));
            case "NZ" -> List.of(
                    new Rate("OUTPUT2", "15% GST on Income", "15.00", "OUTPUT", true, false),
                    new Rate("INPUT2", "15% GST on Expenses", "15.00", "INPUT", false, true),
                    new Rate("ZERORATED", "Zero Rated", "0.00", "ZERORATEDOUTPUT", true, false),
                    new Rate("NONE", "No GST", "0.00", "NONE", true, true));
            case "US" -> List.of(
                    new Rate("OUTPUT", "Tax on Sales", "0.00", "OUTPUT", true, false),
                    new Rate("TAX001", "Sales Tax", "8.25", "USSALESTAX", true, false),
                    new Rate("INPUT", "Tax on Purchases", "0.00", "INPUT", false, true),
                    new Rate("NONE", "Tax Exempt", "0.00", "NONE", true, true));
            default -> List.of(
                    new Rate("OUTPUT", "Tax on Sales", "0.00", "OUTPUT", true, false),
                    new Rate("INPUT", "Tax on Purchases", "0.00", "INPUT", false, true),
                    new Rate("NONE", "No Tax", "0.00", "NONE", true, true));
        };
    }

    /** The output tax type a new organisation's revenue accounts default to. */
    public static String defaultSalesTax(String country) {
        return rates(country).getFirst().taxType();
    }

    public static void seed(Books books, String country, String currency, Instant now) {
        for (Rate r : rates(country)) {
            ObjectNode t = XeroJson.object();
            t.put("Name", r.name());
            t.put("TaxType", r.taxType());
            t.put("ReportTaxType", r.reportTaxType());
            t.put("CanApplyToAssets", r.expenses());
            t.put("CanApplyToEquity", r.expenses());
            t.put("CanApplyToExpenses", r.expenses());
            t.put("CanApplyToLiabilities", r.expenses());
            t.put("CanApplyToRevenue", r.revenue());
            BigDecimal rate = new BigDecimal(r.rate());
            t.put("DisplayTaxRate", rate);
            t.put("EffectiveRate", rate);
            t.put("Status", "ACTIVE");
            t.putArray("TaxComponents").addObject().put("Name", r.name().contains("VAT") ? "VAT" : r.name().contains("GST") ? "GST" : "Tax")
                    .put("Rate", rate).put("IsCompound", false).put("IsNonRecoverable", false);
            books.put(Resource.TAX_RATES, r.taxType(), t);
        }
        String sales = defaultSalesTax(country);
        String none = rates(country).stream().anyMatch(r -> r.taxType().equals("NONE")) ? "NONE" : "BASEXCLUDED";
        account(books, "090", "Business Bank Account", "BANK", "ASSET", none, true, null, currency, now);
        account(books, "200", "Sales", "REVENUE", "REVENUE", sales, false, null, null, now);
        account(books, "260", "Other Revenue", "REVENUE", "REVENUE", sales, false, null, null, now);
        account(books, "310", "Cost of Goods Sold", "DIRECTCOSTS", "EXPENSE", rates(country).get(1).taxType(), false, null, null, now);
        account(books, "400", "Advertising", "OVERHEADS", "EXPENSE", rates(country).get(1).taxType(), false, null, null, now);
        account(books, "610", "Accounts Receivable", "CURRENT", "ASSET", none, false, "DEBTORS", null, now);
        account(books, "800", "Accounts Payable", "CURRLIAB", "LIABILITY", none, false, "CREDITORS", null, now);
        account(books, "820", "Sales Tax", "CURRLIAB", "LIABILITY", none, false, "GST", null, now);
    }

    private static void account(Books books, String code, String name, String type, String accountClass, String taxType,
                                boolean bank, String systemAccount, String currency, Instant now) {
        ObjectNode a = XeroJson.object();
        String id = UUID.randomUUID().toString();
        a.put("AccountID", id);
        a.put("Code", code);
        a.put("Name", name);
        a.put("Status", "ACTIVE");
        a.put("Type", type);
        a.put("TaxType", taxType);
        a.put("Class", accountClass);
        if (systemAccount != null) {
            a.put("SystemAccount", systemAccount);
        }
        a.put("EnablePaymentsToAccount", bank);
        a.put("ShowInExpenseClaims", false);
        if (bank) {
            a.put("BankAccountNumber", "12-3456-7890123-00");
            a.put("BankAccountType", "BANK");
            a.put("CurrencyCode", currency);
        }
        a.put("ReportingCode", accountClass.substring(0, 3));
        a.put("HasAttachments", false);
        a.put("UpdatedDateUTC", XeroDates.msDateTime(now));
        a.put("AddToWatchlist", false);
        books.put(Resource.ACCOUNTS, id, a);
    }
}
