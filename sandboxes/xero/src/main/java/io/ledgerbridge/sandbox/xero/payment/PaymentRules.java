package io.ledgerbridge.sandbox.xero.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.sandbox.xero.invoice.InvoiceRules;
import io.ledgerbridge.sandbox.xero.invoice.Totals;
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
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Payments against invoices (xero_accounting.yaml #/components/schemas/Payment, PaymentDelete; API_FACTS B.4, B.5):
 * Invoice by InvoiceID or InvoiceNumber, Account by AccountID or Code (a bank account, or one with
 * EnablePaymentsToAccount), Amount at most the amount due ("Payment amount exceeds the amount outstanding on this
 * document" [SPEC]), only against AUTHORISED documents ("Payments can only be made against Authorised documents"
 * [2ND]). The invoice's AmountPaid/AmountDue/Payments follow and it becomes PAID when nothing is due. A payment is
 * changed only by deleting it: POST /Payments/{PaymentID} {"Status":"DELETED"}, which gives the amount back.
 */
public final class PaymentRules implements EntityRules {
    @Override
    public ObjectNode write(WriteContext ctx, ObjectNode in, Mode mode, String pathId) {
        Books books = ctx.books();
        String id = pathId != null ? pathId : XeroJson.text(in, "PaymentID");
        if (id != null) {
            ObjectNode existing = books.get(Resource.PAYMENTS, id).orElse(null);
            if (existing == null) {
                if (mode == Mode.UPDATE_ONE) {
                    throw XeroError.notFound();
                }
                throw new Invalid("The document with the supplied id was not found for this endpoint.");
            }
            return delete(ctx, existing, in);
        }
        List<String> errors = new ArrayList<>();
        ObjectNode invoice = null;
        JsonNode invoiceRef = in.get("Invoice");
        String invoiceId = XeroJson.text(invoiceRef, "InvoiceID");
        String invoiceNumber = XeroJson.text(invoiceRef, "InvoiceNumber");
        if (invoiceNumber == null) {
            invoiceNumber = XeroJson.text(in, "InvoiceNumber");
        }
        if (invoiceId != null) {
            invoice = books.get(Resource.INVOICES, invoiceId).orElse(null);
        } else if (invoiceNumber != null) {
            invoice = InvoiceRules.byNumber(books, invoiceNumber, InvoiceRules.INVOICE).orElse(null);
        }
        if (invoice == null) {
            errors.add(invoiceId == null && invoiceNumber == null ? "You must specify either an Invoice, Credit Note, Prepayment or Overpayment to apply this payment to"
                    : "Invoice could not be found");
        }
        JsonNode accountRef = in.get("Account");
        String accountId = XeroJson.text(accountRef, "AccountID");
        String accountCode = XeroJson.text(accountRef, "Code");
        ObjectNode account = accountId != null ? Ledger.accountById(books, accountId).orElse(null)
                : accountCode != null ? Ledger.account(books, accountCode).orElse(null) : null;
        if (account == null) {
            errors.add(accountId == null && accountCode == null ? "Account must be specified" : "Account could not be found");
        } else if (!"BANK".equals(XeroJson.text(account, "Type")) && !account.path("EnablePaymentsToAccount").asBoolean()) {
            errors.add("Payments can only be made to a bank account or an account with payments enabled");
        }
        BigDecimal amount = null;
        try {
            amount = XeroJson.decimal(in, "Amount", null);
        } catch (NumberFormatException e) {
            errors.add("Amount must be a number");
        }
        if (amount == null) {
            errors.add(errors.contains("Amount must be a number") ? "Amount must be a number" : "Payment amount must be specified");
            errors = new ArrayList<>(errors.stream().distinct().toList());
        } else if (amount.signum() <= 0) {
            errors.add("Payment amount must be greater than zero");
        }
        LocalDate date = ctx.today();
        String dateText = XeroJson.text(in, "Date");
        if (dateText != null) {
            try {
                date = XeroDates.parseDate(dateText);
            } catch (IllegalArgumentException e) {
                errors.add("Date '" + dateText + "' is not a valid date");
            }
        }
        if (invoice != null) {
            String status = invoice.get("Status").asText();
            if (!"AUTHORISED".equals(status)) {
                errors.add("Payments can only be made against Authorised documents");
            } else if (amount != null && amount.compareTo(invoice.get("AmountDue").decimalValue()) > 0) {
                errors.add("Payment amount exceeds the amount outstanding on this document");
            }
        }
        LocalDate endOfYear = books.endOfYearLockDate();
        LocalDate period = books.periodLockDate();
        if (endOfYear != null && !date.isAfter(endOfYear)) {
            errors.add("The document date cannot be before the end of year lock date, currently set at " + XeroDates.lockDate(endOfYear));
        } else if (period != null && !date.isAfter(period)) {
            errors.add("The document date cannot be before the period lock date, currently set at " + XeroDates.lockDate(period));
        }
        if (!errors.isEmpty()) {
            throw new Invalid(errors, in.deepCopy());
        }
        amount = Totals.round(amount);
        ObjectNode p = XeroJson.object();
        String paymentId = UUID.randomUUID().toString();
        p.put("PaymentID", paymentId);
        p.put("Date", XeroDates.msDate(date));
        p.put("BankAmount", amount);
        p.put("Amount", amount);
        if (XeroJson.text(in, "Reference") != null) {
            p.put("Reference", XeroJson.text(in, "Reference"));
        }
        p.put("CurrencyRate", new BigDecimal("1.000000"));
        p.put("PaymentType", "ACCREC".equals(invoice.get("Type").asText()) ? "ACCRECPAYMENT" : "ACCPAYPAYMENT");
        p.put("Status", "AUTHORISED");
        p.put("UpdatedDateUTC", XeroDates.msDateTime(ctx.now()));
        p.put("UpdatedDateUTCString", XeroDates.utcString(ctx.now()));
        p.put("HasAccount", true);
        p.put("IsReconciled", in.path("IsReconciled").asBoolean(false));
        p.putObject("Account").put("AccountID", account.get("AccountID").asText()).put("Code", XeroJson.text(account, "Code"));
        ObjectNode inv = p.putObject("Invoice");
        inv.put("Type", invoice.get("Type").asText());
        inv.put("InvoiceID", invoice.get("InvoiceID").asText());
        if (XeroJson.text(invoice, "InvoiceNumber") != null) {
            inv.put("InvoiceNumber", XeroJson.text(invoice, "InvoiceNumber"));
        }
        inv.set("Contact", invoice.get("Contact").deepCopy());
        inv.put("CurrencyCode", XeroJson.text(invoice, "CurrencyCode"));
        p.put("HasValidationErrors", false);
        books.put(Resource.PAYMENTS, paymentId, p);
        ctx.changed(Resource.PAYMENTS, paymentId, true);

        ObjectNode updated = invoice.deepCopy();
        updated.put("AmountPaid", Totals.round(updated.get("AmountPaid").decimalValue().add(amount)));
        ((ArrayNode) updated.get("Payments")).addObject().put("PaymentID", paymentId).put("Date", p.get("Date").asText())
                .put("Amount", amount).put("CurrencyRate", new BigDecimal("1.000000")).put("HasAccount", false).put("HasValidationErrors", false);
        if (XeroJson.text(p, "Reference") != null) {
            ((ObjectNode) updated.get("Payments").get(updated.get("Payments").size() - 1)).put("Reference", XeroJson.text(p, "Reference"));
        }
        InvoiceRules.recomputeDue(updated, InvoiceRules.INVOICE, ctx.now());
        if ("PAID".equals(updated.get("Status").asText())) {
            updated.put("FullyPaidOnDate", XeroDates.msDate(date));
        }
        updated.put("UpdatedDateUTC", XeroDates.msDateTime(ctx.now()));
        updated.put("UpdatedDateUTCString", XeroDates.utcString(ctx.now()));
        books.put(Resource.INVOICES, updated.get("InvoiceID").asText(), updated);
        ctx.changed(Resource.INVOICES, updated.get("InvoiceID").asText(), false);
        return p.deepCopy();
    }

    private ObjectNode delete(WriteContext ctx, ObjectNode payment, ObjectNode in) {
        if (!"DELETED".equals(XeroJson.text(in, "Status"))) {
            throw new Invalid(List.of("A payment can only be deleted: send {\"Status\":\"DELETED\"}"), in.deepCopy());
        }
        if ("DELETED".equals(XeroJson.text(payment, "Status"))) {
            throw new Invalid(List.of("This payment has already been deleted"), in.deepCopy());
        }
        Books books = ctx.books();
        ObjectNode p = payment.deepCopy();
        p.put("Status", "DELETED");
        p.put("UpdatedDateUTC", XeroDates.msDateTime(ctx.now()));
        p.put("UpdatedDateUTCString", XeroDates.utcString(ctx.now()));
        books.put(Resource.PAYMENTS, p.get("PaymentID").asText(), p);
        ctx.changed(Resource.PAYMENTS, p.get("PaymentID").asText(), false);
        String invoiceId = p.path("Invoice").path("InvoiceID").asText();
        books.get(Resource.INVOICES, invoiceId).ifPresent(invoice -> {
            ObjectNode updated = invoice.deepCopy();
            BigDecimal amount = p.get("Amount").decimalValue();
            updated.put("AmountPaid", Totals.round(updated.get("AmountPaid").decimalValue().subtract(amount)));
            ArrayNode kept = XeroJson.array();
            updated.get("Payments").forEach(x -> {
                if (!p.get("PaymentID").asText().equals(x.path("PaymentID").asText())) {
                    kept.add(x);
                }
            });
            updated.set("Payments", kept);
            if ("PAID".equals(updated.get("Status").asText())) {
                updated.put("Status", "AUTHORISED");
                updated.remove("FullyPaidOnDate");
            }
            InvoiceRules.recomputeDue(updated, InvoiceRules.INVOICE, ctx.now());
            updated.put("UpdatedDateUTC", XeroDates.msDateTime(ctx.now()));
            updated.put("UpdatedDateUTCString", XeroDates.utcString(ctx.now()));
            books.put(Resource.INVOICES, invoiceId, updated);
            ctx.changed(Resource.INVOICES, invoiceId, false);
        });
        return p.deepCopy();
    }
}
