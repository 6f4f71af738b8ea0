package io.ledgerbridge.sandbox.quickbooks.entity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.sandbox.quickbooks.fault.Faults;
import io.ledgerbridge.sandbox.quickbooks.wire.Json;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** What Invoice and Payment share: TxnDate, the closing date, the customer reference, the currency. */
abstract class TransactionRules implements EntityRules {

    /** Defaults TxnDate to today and applies the closing date to the new and the old date. */
    static LocalDate txnDate(ObjectNode c, ObjectNode existing, WriteContext ctx) {
        String text = Json.text(c, "TxnDate");
        LocalDate date;
        try {
            date = text == null ? ctx.today() : LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
        } catch (DateTimeParseException e) {
            throw Faults.businessValidation("TxnDate '" + text + "' is not a date (yyyy-MM-dd).", "TxnDate");
        }
        c.put("TxnDate", date.toString());
        requireOpenPeriod(date, ctx);
        if (existing != null) {
            requireOpenPeriod(LocalDate.parse(Json.text(existing, "TxnDate")), ctx);
        }
        return date;
    }

    /** API_FACTS A.5 6210: a transaction dated on or before the closing date cannot be written. */
    static void requireOpenPeriod(LocalDate txnDate, WriteContext ctx) {
        LocalDate closing = ctx.books().closingDate();
        if (closing != null && !txnDate.isAfter(closing)) {
            throw Faults.accountPeriodClosed();
        }
    }

    /** CustomerRef must name an active customer (API_FACTS A.5 610); its name is filled in as QuickBooks does. */
    static ObjectNode customer(ObjectNode c, WriteContext ctx) {
        String customerId = Json.refValue(c, "CustomerRef");
        if (customerId == null) {
            throw Faults.requiredParamMissing("CustomerRef");
        }
        ObjectNode customer = ctx.books().get(EntityType.CUSTOMER, customerId);
        if (customer == null || !customer.path("Active").asBoolean(true)) {
            throw Faults.objectNotFound("CustomerRef");
        }
        c.set("CustomerRef", Json.object().put("value", customerId).put("name", Json.text(customer, "DisplayName")));
        return customer;
    }

    static void defaultCurrency(ObjectNode c) {
        if (!c.hasNonNull("CurrencyRef")) {
            c.set("CurrencyRef", Json.object().put("value", "USD").put("name", "United States Dollar"));
        }
    }

    /** Customer.Balance is the sum of the open balances of the customer's invoices (not a write: no SyncToken bump). */
    static void refreshCustomerBalance(String customerId, WriteContext ctx) {
        ObjectNode customer = customerId == null ? null : ctx.books().get(EntityType.CUSTOMER, customerId);
        if (customer == null) {
            return;
        }
        BigDecimal balance = Money.ZERO;
        for (ObjectNode invoice : ctx.books().all(EntityType.INVOICE)) {
            if (customerId.equals(Json.refValue(invoice, "CustomerRef"))) {
                balance = balance.add(Json.decimal(invoice, "Balance"));
            }
        }
        customer.put("Balance", Money.of(balance));
        customer.put("BalanceWithJobs", Money.of(balance));
    }

    static BigDecimal requiredAmount(ObjectNode node, String field, String element) {
        if (!node.hasNonNull(field)) {
            throw Faults.requiredParamMissing(element);
        }
        BigDecimal value = Json.decimal(node, field);
        if (value == null) {
            throw Faults.businessValidation(element + " must be a number.", element);
        }
        return value;
    }
}
