package io.ledgerbridge.sandbox.quickbooks.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.sandbox.quickbooks.fault.Faults;
import io.ledgerbridge.sandbox.quickbooks.wire.Json;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finance.xsd Invoice (Transaction → SalesTransaction → Invoice). The server owns TotalAmt, Balance, LinkedTxn and
 * the SubTotalLineDetail line; it checks each line's Amount against Qty × UnitPrice.
 */
final class InvoiceRules extends TransactionRules {
    private static final Set<String> SERVER_FIELDS = Stream.concat(COMMON_SERVER_FIELDS.stream(),
            Stream.of("TotalAmt", "Balance", "LinkedTxn", "HomeTotalAmt", "HomeBalance")).collect(Collectors.toUnmodifiableSet());
    private static final int FIRST_AUTO_DOC_NUMBER = 1001;

    @Override
    public Set<String> serverFields() {
        return SERVER_FIELDS;
    }

    @Override
    public void prepare(ObjectNode c, ObjectNode existing, WriteContext ctx) {
        if (existing != null) {
            requireNotPaid(existing, ctx);
        }
        // API_FACTS A.2: CustomerRef and at least one Line are required on create
        customer(c, ctx);
        JsonNode lines = c.get("Line");
        if (lines == null || !lines.isArray() || lines.isEmpty()) {
            throw Faults.requiredParamMissing("Line");
        }
        LocalDate txnDate = txnDate(c, existing, ctx);
        if (!c.hasNonNull("DueDate")) {
            c.put("DueDate", txnDate.plusDays(30).toString()); // API_FACTS A.2 sample: DueDate = TxnDate + 30 days
        }
        defaultCurrency(c);
        docNumber(c, existing, ctx);
        computeLinesAndTotals(c, (ArrayNode) lines, ctx);
        BigDecimal paid = paidAmount(existing, ctx);
        BigDecimal total = Json.decimal(c, "TotalAmt");
        if (paid.compareTo(total) > 0) {
            throw Faults.businessValidation("The invoice total " + Money.show(total) + " is less than the "
                    + Money.show(paid) + " already paid on it. Remove the payment first.", "TotalAmt");
        }
        c.put("Balance", Money.of(total.subtract(paid)));
        c.set("LinkedTxn", existing != null && existing.has("LinkedTxn") ? existing.get("LinkedTxn").deepCopy() : Json.array());
        if (!c.hasNonNull("PrintStatus")) {
            c.put("PrintStatus", "NotSet");
        }
        if (!c.hasNonNull("EmailStatus")) {
            c.put("EmailStatus", "NotSet");
        }
    }

    @Override
    public void afterSave(ObjectNode saved, ObjectNode previous, WriteContext ctx) {
        refreshCustomerBalance(Json.refValue(saved, "CustomerRef"), ctx);
        if (previous != null) {
            refreshCustomerBalance(Json.refValue(previous, "CustomerRef"), ctx);
        }
    }

    /**
     * QuickBooks voids by keeping the record and zeroing its amounts and quantities (TotalAmt, Balance, tax, each
     * line's Amount and Qty), with "Voided" put in front of PrivateNote ("Voided" alone when there was none; Intuit's
     * Invoice reference: "prepended to existing text if present"); lines, DocNumber and the customer stay.
     */
    @Override
    public ObjectNode voided(ObjectNode existing, WriteContext ctx) {
        requireOpenPeriod(LocalDate.parse(Json.text(existing, "TxnDate")), ctx);
        if (!ctx.books().applicationsTo(Json.text(existing, "Id")).isEmpty()) {
            // Design choice: refuse to void an invoice that has payments applied (QuickBooks' UI warns instead).
            throw Faults.businessValidation("This invoice has payments applied. Void or delete the payment first.", "Id");
        }
        ObjectNode v = existing.deepCopy();
        for (JsonNode line : v.withArray("Line")) {
            ObjectNode l = (ObjectNode) line;
            l.put("Amount", Money.ZERO);
            if (l.has("SalesItemLineDetail")) {
                ((ObjectNode) l.get("SalesItemLineDetail")).put("Qty", 0);
            }
        }
        ObjectNode tax = v.withObject("TxnTaxDetail");
        tax.put("TotalTax", Money.ZERO);
        tax.remove("TaxLine");
        v.put("TotalAmt", Money.ZERO);
        v.put("Balance", Money.ZERO);
        String note = Json.text(existing, "PrivateNote");
        v.put("PrivateNote", note == null || note.isBlank() ? "Voided" : "Voided " + note);
        return v;
    }

    @Override
    public void afterVoid(ObjectNode saved, WriteContext ctx) {
        refreshCustomerBalance(Json.refValue(saved, "CustomerRef"), ctx);
    }

    @Override
    public void beforeDelete(ObjectNode existing, WriteContext ctx) {
        requireOpenPeriod(LocalDate.parse(Json.text(existing, "TxnDate")), ctx);
        if (!ctx.books().applicationsTo(Json.text(existing, "Id")).isEmpty()) {
            throw Faults.businessValidation("This invoice has payments applied. Delete the payment first.", "Id");
        }
    }

    @Override
    public void afterDelete(ObjectNode deleted, WriteContext ctx) {
        refreshCustomerBalance(Json.refValue(deleted, "CustomerRef"), ctx);
    }

    /** A fully paid invoice (Balance 0 with payments applied) cannot be changed (brief §4, API_FACTS A.5 6000). */
    private static void requireNotPaid(ObjectNode existing, WriteContext ctx) {
        boolean hasPayments = !ctx.books().applicationsTo(Json.text(existing, "Id")).isEmpty();
        if (hasPayments && Json.decimal(existing, "Balance").signum() == 0) {
            throw Faults.businessValidation("This transaction is paid. A paid invoice cannot be changed; "
                    + "remove or void the payment first.", "Id");
        }
    }

    private static BigDecimal paidAmount(ObjectNode existing, WriteContext ctx) {
        if (existing == null) {
            return Money.ZERO;
        }
        return ctx.books().applicationsTo(Json.text(existing, "Id")).values().stream()
                .reduce(Money.ZERO, BigDecimal::add);
    }

    /**
     * API_FACTS A.2 DocNumber: auto-numbered when omitted unless custom transaction numbers are on; with them on, a
     * DocNumber already used by another invoice is 6140, unless {@code include=allowduplicatedocnum}.
     */
    private static void docNumber(ObjectNode c, ObjectNode existing, WriteContext ctx) {
        String docNumber = Json.text(c, "DocNumber");
        Books books = ctx.books();
        if (docNumber == null || docNumber.isBlank()) {
            c.remove("DocNumber");
            if (!books.customTxnNumbers()) {
                c.put("DocNumber", existing != null && existing.hasNonNull("DocNumber")
                        ? Json.text(existing, "DocNumber") : nextDocNumber(books));
            }
            return;
        }
        if (books.customTxnNumbers() && !ctx.allowDuplicateDocNumber()) {
            String selfId = existing == null ? null : Json.text(existing, "Id");
            for (ObjectNode other : books.all(EntityType.INVOICE)) {
                if (docNumber.equals(Json.text(other, "DocNumber")) && !Json.text(other, "Id").equals(selfId)) {
                    throw Faults.duplicateDocNumber(docNumber, "Invoice", Json.text(other, "Id"));
                }
            }
        }
    }

    private static String nextDocNumber(Books books) {
        long max = FIRST_AUTO_DOC_NUMBER - 1;
        for (ObjectNode invoice : books.all(EntityType.INVOICE)) {
            String n = Json.text(invoice, "DocNumber");
            if (n != null && n.matches("\\d{1,18}")) {
                max = Math.max(max, Long.parseLong(n));
            }
        }
        return Long.toString(max + 1);
    }

    /** Line[] (Finance.xsd Line, SalesItemLineDetail), SubTotalLineDetail, TxnTaxDetail, TotalAmt. */
    private static void computeLinesAndTotals(ObjectNode c, ArrayNode input, WriteContext ctx) {
        Books books = ctx.books();
        ArrayNode lines = Json.array();
        BigDecimal subTotal = Money.ZERO;
        BigDecimal discount = Money.ZERO;
        BigDecimal tax = BigDecimal.ZERO;
        String txnTaxCodeId = Json.refValue(c.path("TxnTaxDetail"), "TxnTaxCodeRef");
        BigDecimal txnRate = txnTaxCodeId == null ? BigDecimal.ZERO : taxRate(requireTaxCode(txnTaxCodeId, "TxnTaxCodeRef", books), books);
        int lineNum = 0;
        for (JsonNode node : input) {
            if (!node.isObject()) {
                throw Faults.businessValidation("Each Line must be an object.", "Line");
            }
            ObjectNode line = ((ObjectNode) node).deepCopy();
            String detailType = Json.text(line, "DetailType");
            if (detailType == null) {
                throw Faults.requiredParamMissing("Line.DetailType");
            }
            switch (detailType) {
                case "SubTotalLineDetail" -> {
                    continue; // recomputed below
                }
                case "SalesItemLineDetail" -> {
                    BigDecimal amount = salesLine(line, books);
                    subTotal = subTotal.add(amount);
                    ObjectNode detail = (ObjectNode) line.get("SalesItemLineDetail");
                    String codeId = Json.refValue(detail, "TaxCodeRef");
                    if ("TAX".equals(codeId)) {
                        tax = tax.add(amount.multiply(txnRate));
                    } else if (!"NON".equals(codeId)) {
                        tax = tax.add(amount.multiply(taxRate(books.get(EntityType.TAX_CODE, codeId), books)));
                    }
                }
                case "DiscountLineDetail" -> {
                    ObjectNode detail = line.withObject("DiscountLineDetail");
                    BigDecimal amount;
                    if (detail.path("PercentBased").asBoolean(false) && detail.hasNonNull("DiscountPercent")) {
                        amount = Money.of(subTotal.multiply(Json.decimal(detail, "DiscountPercent")).movePointLeft(2));
                    } else {
                        amount = Money.of(requiredAmount(line, "Amount", "Line.Amount"));
                    }
                    line.put("Amount", amount);
                    discount = discount.add(amount);
                }
                case "DescriptionOnly" -> {
                    BigDecimal amount = Json.decimal(line, "Amount");
                    line.put("Amount", amount == null ? Money.ZERO : Money.of(amount));
                    if (!line.has("DescriptionLineDetail")) {
                        line.putObject("DescriptionLineDetail");
                    }
                }
                default -> throw Faults.businessValidation("Line DetailType " + detailType
                        + " is not supported on an invoice by this sandbox.", "Line.DetailType");
            }
            lineNum++;
            line.put("Id", Integer.toString(lineNum));
            line.put("LineNum", lineNum);
            lines.add(line);
        }
        if (lineNum == 0) {
            throw Faults.requiredParamMissing("Line");
        }
        ObjectNode subTotalLine = Json.object();
        subTotalLine.put("Amount", Money.of(subTotal));
        subTotalLine.put("DetailType", "SubTotalLineDetail");
        subTotalLine.putObject("SubTotalLineDetail");
        lines.add(subTotalLine);
        c.set("Line", lines);

        BigDecimal totalTax = Money.of(tax);
        ObjectNode taxDetail = Json.object();
        if (txnTaxCodeId != null) {
            taxDetail.set("TxnTaxCodeRef", Json.object().put("value", txnTaxCodeId));
        }
        taxDetail.put("TotalTax", totalTax);
        c.set("TxnTaxDetail", taxDetail);
        c.put("TotalAmt", Money.of(subTotal.subtract(discount).add(totalTax)));
    }

    /** One SalesItemLineDetail line: the item must exist and be active (610); Amount must be Qty × UnitPrice. */
    private static BigDecimal salesLine(ObjectNode line, Books books) {
        JsonNode detailNode = line.get("SalesItemLineDetail");
        if (detailNode == null || !detailNode.isObject()) {
            throw Faults.requiredParamMissing("Line.SalesItemLineDetail");
        }
        ObjectNode detail = (ObjectNode) detailNode;
        String itemId = Json.refValue(detail, "ItemRef");
        if (itemId == null) {
            throw Faults.requiredParamMissing("Line.SalesItemLineDetail.ItemRef");
        }
        ObjectNode item = books.get(EntityType.ITEM, itemId);
        if (item == null || !item.path("Active").asBoolean(true)) {
            throw Faults.objectNotFound("ItemRef"); // API_FACTS A.5 610
        }
        detail.set("ItemRef", Json.object().put("value", itemId).put("name", Json.text(item, "Name")));
        BigDecimal qty = Json.decimal(detail, "Qty");
        BigDecimal unitPrice = Json.decimal(detail, "UnitPrice");
        BigDecimal amount = Json.decimal(line, "Amount");
        if (amount == null) {
            if (qty == null || unitPrice == null) {
                throw Faults.requiredParamMissing("Line.Amount");
            }
            amount = qty.multiply(unitPrice);
        }
        amount = Money.of(amount);
        if (qty != null && unitPrice != null && Money.of(qty.multiply(unitPrice)).compareTo(amount) != 0) {
            // simstudioai/sim#6130 (review): QuickBooks rejects item lines whose Amount is not Qty * UnitPrice.
            throw Faults.businessValidation("Amount is not equal to UnitPrice * Qty. Supplied value:" + Money.show(amount)
                    + ", UnitPrice * Qty:" + Money.show(qty.multiply(unitPrice)), "Line.Amount");
        }
        if (unitPrice == null && qty != null && qty.signum() != 0) {
            detail.put("UnitPrice", amount.divide(qty, 7, RoundingMode.HALF_UP).stripTrailingZeros());
        } else if (unitPrice == null && qty == null) {
            detail.put("UnitPrice", amount);
            detail.put("Qty", 1);
        }
        String codeId = Json.refValue(detail, "TaxCodeRef");
        if (codeId == null) {
            codeId = "NON"; // API_FACTS A.2 sample shows TaxCodeRef NON on an untaxed line
        }
        requireTaxCode(codeId, "TaxCodeRef", books);
        detail.set("TaxCodeRef", Json.object().put("value", codeId));
        line.put("Amount", amount);
        return amount;
    }

    private static ObjectNode requireTaxCode(String id, String element, Books books) {
        ObjectNode code = books.get(EntityType.TAX_CODE, id);
        if (code == null || !code.path("Active").asBoolean(true)) {
            throw Faults.objectNotFound(element);
        }
        return code;
    }

    /** Sum of the TaxRate.RateValue percentages in a TaxCode's SalesTaxRateList, as a fraction. */
    private static BigDecimal taxRate(ObjectNode taxCode, Books books) {
        if (taxCode == null) {
            return BigDecimal.ZERO;
        }
        BigDecimal percent = BigDecimal.ZERO;
        for (JsonNode detail : taxCode.path("SalesTaxRateList").path("TaxRateDetail")) {
            ObjectNode rate = books.get(EntityType.TAX_RATE, Json.refValue(detail, "TaxRateRef"));
            if (rate != null && rate.hasNonNull("RateValue")) {
                percent = percent.add(Json.decimal(rate, "RateValue"));
            }
        }
        return percent.movePointLeft(2);
    }

    /** Rebuilds Balance and LinkedTxn from the payments applied (called by PaymentRules). */
    static void refreshPayments(ObjectNode invoice, Books books) {
        Map<String, BigDecimal> applied = books.applicationsTo(Json.text(invoice, "Id"));
        BigDecimal paid = applied.values().stream().reduce(Money.ZERO, BigDecimal::add);
        invoice.put("Balance", Money.of(Json.decimal(invoice, "TotalAmt").subtract(paid)));
        ArrayNode linked = Json.array();
        applied.keySet().forEach(paymentId -> linked.addObject().put("TxnId", paymentId).put("TxnType", "Payment"));
        invoice.set("LinkedTxn", linked);
    }
}
