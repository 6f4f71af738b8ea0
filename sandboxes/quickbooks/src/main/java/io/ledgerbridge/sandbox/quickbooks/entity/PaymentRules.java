package io.ledgerbridge.sandbox.quickbooks.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.sandbox.quickbooks.fault.Faults;
import io.ledgerbridge.sandbox.quickbooks.wire.Json;
import io.ledgerbridge.sandbox.quickbooks.wire.QboTime;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finance.xsd Payment: CustomerRef, TotalAmt, Line[] each {@code {"Amount", "LinkedTxn":[{"TxnId","TxnType":"Invoice"}]}}
 * (API_FACTS A.2). Applying a payment lowers each linked invoice's Balance; more than the open balance is refused.
 */
final class PaymentRules extends TransactionRules {
    private static final Set<String> SERVER_FIELDS = Stream.concat(COMMON_SERVER_FIELDS.stream(),
            Stream.of("UnappliedAmt")).collect(Collectors.toUnmodifiableSet());

    @Override
    public Set<String> serverFields() {
        return SERVER_FIELDS;
    }

    @Override
    public void prepare(ObjectNode c, ObjectNode existing, WriteContext ctx) {
        String customerId = Json.text(customer(c, ctx), "Id");
        BigDecimal total = Money.of(requiredAmount(c, "TotalAmt", "TotalAmt"));
        if (total.signum() < 0) {
            throw Faults.businessValidation("TotalAmt cannot be negative.", "TotalAmt");
        }
        c.put("TotalAmt", total);
        txnDate(c, existing, ctx);
        defaultCurrency(c);
        Map<String, BigDecimal> previous = existing == null ? Map.of() : applicationsOf(Json.text(existing, "Id"), ctx.books());
        BigDecimal applied = Money.ZERO;
        Map<String, BigDecimal> perInvoice = new LinkedHashMap<>();
        JsonNode lines = c.path("Line");
        for (JsonNode node : lines) {
            if (!node.isObject()) {
                throw Faults.businessValidation("Each Line must be an object.", "Line");
            }
            ObjectNode line = (ObjectNode) node;
            BigDecimal amount = Money.of(requiredAmount(line, "Amount", "Line.Amount"));
            line.put("Amount", amount);
            JsonNode linked = line.path("LinkedTxn");
            if (!linked.isArray() || linked.isEmpty()) {
                throw Faults.requiredParamMissing("Line.LinkedTxn");
            }
            for (JsonNode txn : linked) {
                String txnType = Json.text(txn, "TxnType");
                String txnId = Json.text(txn, "TxnId");
                if (txnId == null) {
                    throw Faults.requiredParamMissing("Line.LinkedTxn.TxnId");
                }
                if (!"Invoice".equals(txnType)) {
                    throw Faults.businessValidation("This sandbox applies payments to invoices only (TxnType "
                            + txnType + ").", "Line.LinkedTxn.TxnType");
                }
                ObjectNode invoice = ctx.books().get(EntityType.INVOICE, txnId);
                if (invoice == null) {
                    throw Faults.objectNotFound("LinkedTxn"); // API_FACTS A.5 610
                }
                if (!customerId.equals(Json.refValue(invoice, "CustomerRef"))) {
                    throw Faults.businessValidation("Invoice " + txnId + " belongs to another customer than the payment.",
                            "Line.LinkedTxn");
                }
                perInvoice.merge(txnId, amount, BigDecimal::add);
            }
            applied = applied.add(amount);
        }
        for (Map.Entry<String, BigDecimal> e : perInvoice.entrySet()) {
            ObjectNode invoice = ctx.books().get(EntityType.INVOICE, e.getKey());
            BigDecimal open = Json.decimal(invoice, "Balance").add(previous.getOrDefault(e.getKey(), Money.ZERO));
            if (e.getValue().compareTo(open) > 0) {
                // Brief §4: a payment over the invoice balance is a 6000-style business validation error.
                String doc = Json.text(invoice, "DocNumber");
                throw Faults.businessValidation("The payment amount " + Money.show(e.getValue())
                        + " is more than the open balance " + Money.show(open) + " of invoice " + e.getKey()
                        + (doc == null ? "" : " (DocNumber " + doc + ")") + ".", "Line.Amount");
            }
        }
        if (applied.compareTo(total) > 0) {
            throw Faults.businessValidation("The amounts applied to invoices (" + Money.show(applied)
                    + ") are more than the payment's TotalAmt (" + Money.show(total) + ").", "TotalAmt");
        }
        c.put("UnappliedAmt", Money.of(total.subtract(applied)));
        if (!c.has("Line")) {
            c.set("Line", Json.array());
        }
        if (!c.hasNonNull("ProcessPayment")) {
            c.put("ProcessPayment", false);
        }
    }

    @Override
    public void afterSave(ObjectNode saved, ObjectNode previous, WriteContext ctx) {
        String paymentId = Json.text(saved, "Id");
        Map<String, BigDecimal> now = new LinkedHashMap<>();
        for (JsonNode line : saved.path("Line")) {
            for (JsonNode txn : line.path("LinkedTxn")) {
                now.merge(Json.text(txn, "TxnId"), Json.decimal(line, "Amount"), BigDecimal::add);
            }
        }
        reapply(paymentId, now, ctx);
        refreshCustomerBalance(Json.refValue(saved, "CustomerRef"), ctx);
        if (previous != null) {
            refreshCustomerBalance(Json.refValue(previous, "CustomerRef"), ctx);
        }
    }

    @Override
    public ObjectNode voided(ObjectNode existing, WriteContext ctx) {
        requireOpenPeriod(LocalDate.parse(Json.text(existing, "TxnDate")), ctx);
        ObjectNode v = existing.deepCopy();
        for (JsonNode line : v.withArray("Line")) {
            ((ObjectNode) line).put("Amount", Money.ZERO);
        }
        v.put("TotalAmt", Money.ZERO);
        v.put("UnappliedAmt", Money.ZERO);
        v.put("PrivateNote", "Voided");
        return v;
    }

    @Override
    public void afterVoid(ObjectNode saved, WriteContext ctx) {
        reapply(Json.text(saved, "Id"), Map.of(), ctx);
        refreshCustomerBalance(Json.refValue(saved, "CustomerRef"), ctx);
    }

    @Override
    public void beforeDelete(ObjectNode existing, WriteContext ctx) {
        requireOpenPeriod(LocalDate.parse(Json.text(existing, "TxnDate")), ctx);
    }

    @Override
    public void afterDelete(ObjectNode deleted, WriteContext ctx) {
        reapply(Json.text(deleted, "Id"), Map.of(), ctx);
        refreshCustomerBalance(Json.refValue(deleted, "CustomerRef"), ctx);
    }

    private static Map<String, BigDecimal> applicationsOf(String paymentId, Books books) {
        Map<String, BigDecimal> result = new LinkedHashMap<>();
        books.applications().forEach((invoiceId, byPayment) -> {
            BigDecimal amount = byPayment.get(paymentId);
            if (amount != null) {
                result.put(invoiceId, amount);
            }
        });
        return result;
    }

    /** Moves this payment's applications to {@code now}; every invoice whose balance changes gets a new SyncToken. */
    private static void reapply(String paymentId, Map<String, BigDecimal> now, WriteContext ctx) {
        Books books = ctx.books();
        Map<String, BigDecimal> before = applicationsOf(paymentId, books);
        Set<String> touched = new LinkedHashSet<>(before.keySet());
        touched.addAll(now.keySet());
        for (String invoiceId : touched) {
            Map<String, BigDecimal> byPayment = books.applicationsTo(invoiceId);
            BigDecimal amount = now.get(invoiceId);
            if (amount == null || amount.signum() == 0) {
                byPayment.remove(paymentId);
            } else {
                byPayment.put(paymentId, amount);
            }
            ObjectNode invoice = books.get(EntityType.INVOICE, invoiceId);
            if (invoice != null) {
                InvoiceRules.refreshPayments(invoice, books);
                bump(invoice, ctx.now());
                books.changed(EntityType.INVOICE, invoiceId, "Update", ctx.now());
            }
        }
    }

    private static void bump(ObjectNode entity, Instant now) {
        entity.put("SyncToken", Long.toString(Long.parseLong(Json.text(entity, "SyncToken")) + 1));
        ((ObjectNode) entity.get("MetaData")).put("LastUpdatedTime", QboTime.meta(now));
    }
}
