package io.ledgerbridge.sandbox.quickbooks.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.sandbox.quickbooks.fault.FaultException;
import io.ledgerbridge.sandbox.quickbooks.wire.Json;
import io.ledgerbridge.sandbox.quickbooks.wire.QboTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Business rules without HTTP: payments move balances both ways, discounts, sparse line replacement, changes. */
class EntityWritesTest {
    final Clock clock = Clock.fixed(Instant.parse("2026-06-15T17:00:00Z"), ZoneOffset.UTC);
    final EntityWrites writes = new EntityWrites(new QboTime(clock));
    final List<Change> changes = new ArrayList<>();
    Books books;
    String customerId;
    String itemId;

    @BeforeEach
    void books() {
        books = new Books("1", "Unit Co", clock.instant());
        books.onChange(changes::add);
        ObjectNode account = Json.object().put("Name", "Services").put("Active", true);
        writes.seed(books, EntityType.ACCOUNT, "1", account);
        writes.seed(books, EntityType.TAX_CODE, "NON", Json.object().put("Name", "NON").put("Active", true).put("Taxable", false));
        customerId = Json.text(write(EntityType.CUSTOMER, null, "{\"DisplayName\":\"Unit Customer\"}"), "Id");
        itemId = Json.text(write(EntityType.ITEM, null, "{\"Name\":\"Unit Item\",\"IncomeAccountRef\":{\"value\":\"1\"}}"), "Id");
    }

    ObjectNode write(EntityType type, String operation, String json) {
        return writes.write(books, type, operation, Json.parse(json), false);
    }

    ObjectNode invoice(String amount) {
        return write(EntityType.INVOICE, null, """
                {"CustomerRef":{"value":"%s"},"Line":[{"Amount":%s,"DetailType":"SalesItemLineDetail","SalesItemLineDetail":{"ItemRef":{"value":"%s"}}}]}
                """.formatted(customerId, amount, itemId));
    }

    ObjectNode pay(String invoiceId, String amount) {
        return write(EntityType.PAYMENT, null, """
                {"CustomerRef":{"value":"%s"},"TotalAmt":%s,"Line":[{"Amount":%s,"LinkedTxn":[{"TxnId":"%s","TxnType":"Invoice"}]}]}
                """.formatted(customerId, amount, amount, invoiceId));
    }

    @Test
    void voiding_or_deleting_a_payment_gives_the_balance_back() {
        String invoiceId = Json.text(invoice("100"), "Id");
        ObjectNode payment = pay(invoiceId, "60");
        assertThat(Json.decimal(books.get(EntityType.INVOICE, invoiceId), "Balance")).isEqualByComparingTo("40");
        assertThat(Json.decimal(books.get(EntityType.CUSTOMER, customerId), "Balance")).isEqualByComparingTo("40");

        ObjectNode voided = write(EntityType.PAYMENT, "void", "{\"Id\":\"" + Json.text(payment, "Id") + "\",\"SyncToken\":\"0\"}");
        assertThat(Json.text(voided, "PrivateNote")).isEqualTo("Voided");
        ObjectNode invoice = books.get(EntityType.INVOICE, invoiceId);
        assertThat(Json.decimal(invoice, "Balance")).isEqualByComparingTo("100");
        assertThat(invoice.path("LinkedTxn")).isEmpty();

        ObjectNode second = pay(invoiceId, "100");
        assertThat(Json.decimal(books.get(EntityType.INVOICE, invoiceId), "Balance")).isEqualByComparingTo("0");
        write(EntityType.PAYMENT, "delete", "{\"Id\":\"" + Json.text(second, "Id") + "\",\"SyncToken\":\"0\"}");
        assertThat(Json.decimal(books.get(EntityType.INVOICE, invoiceId), "Balance")).isEqualByComparingTo("100");
        assertThat(books.deletedSince(EntityType.PAYMENT, Instant.EPOCH)).hasSize(1);
    }

    @Test
    void a_sparse_line_array_replaces_all_lines_and_totals_follow() {
        ObjectNode inv = invoice("100");
        ObjectNode updated = write(EntityType.INVOICE, null, """
                {"Id":"%s","SyncToken":"0","sparse":true,"Line":[
                  {"Amount":30,"DetailType":"SalesItemLineDetail","SalesItemLineDetail":{"ItemRef":{"value":"%s"},"Qty":3,"UnitPrice":10}},
                  {"DetailType":"DiscountLineDetail","DiscountLineDetail":{"PercentBased":true,"DiscountPercent":10}}]}
                """.formatted(Json.text(inv, "Id"), itemId));
        assertThat(updated.path("Line")).hasSize(3); // sales, discount, subtotal
        assertThat(Json.decimal(updated, "TotalAmt")).isEqualByComparingTo("27.00");
        assertThat(Json.decimal(updated, "Balance")).isEqualByComparingTo("27.00");
        assertThat(Json.text(updated, "SyncToken")).isEqualTo("1");
    }

    @Test
    void a_failed_write_changes_nothing_and_reports_no_change() {
        int before = changes.size();
        FaultException e = catchThrowableOfType(FaultException.class,
                () -> write(EntityType.CUSTOMER, null, "{\"DisplayName\":\"unit customer\"}"));
        assertThat(e.fault().code()).isEqualTo("6240");
        assertThat(changes).hasSize(before);
        assertThat(books.all(EntityType.CUSTOMER)).hasSize(1);
    }

    @Test
    void every_write_is_reported_as_a_change_with_its_operation() {
        ObjectNode inv = invoice("10");
        write(EntityType.INVOICE, "void", "{\"Id\":\"" + Json.text(inv, "Id") + "\",\"SyncToken\":\"0\"}");
        assertThat(changes).extracting(Change::operation).containsExactly("Create", "Create", "Create", "Void");
        assertThat(changes.getLast().type()).isEqualTo(EntityType.INVOICE);
    }
}
