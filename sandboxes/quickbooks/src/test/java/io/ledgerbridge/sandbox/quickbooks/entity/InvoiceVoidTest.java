package io.ledgerbridge.sandbox.quickbooks.entity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.sandbox.quickbooks.wire.Json;
import io.ledgerbridge.sandbox.quickbooks.wire.QboTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A void keeps the invoice and zeroes it, as QuickBooks Online does (Intuit Invoice reference, operation=void). */
class InvoiceVoidTest {
    final Clock clock = Clock.fixed(Instant.parse("2026-06-15T17:00:00Z"), ZoneOffset.UTC);
    final EntityWrites writes = new EntityWrites(new QboTime(clock));
    Books books;
    String customerId;
    String itemId;

    @BeforeEach
    void books() {
        books = new Books("1", "Unit Co", clock.instant());
        writes.seed(books, EntityType.ACCOUNT, "1", Json.object().put("Name", "Services").put("Active", true));
        writes.seed(books, EntityType.TAX_CODE, "NON", Json.object().put("Name", "NON").put("Active", true).put("Taxable", false));
        customerId = Json.text(write(null, "{\"DisplayName\":\"Void Customer\"}", EntityType.CUSTOMER), "Id");
        itemId = Json.text(write(null, "{\"Name\":\"Void Item\",\"IncomeAccountRef\":{\"value\":\"1\"}}", EntityType.ITEM), "Id");
    }

    ObjectNode write(String operation, String json, EntityType type) {
        return writes.write(books, type, operation, Json.parse(json), false);
    }

    ObjectNode invoice(String privateNote) {
        return write(null, """
                {"DocNumber":"V-1","CustomerRef":{"value":"%s"},%s"Line":[
                 {"Amount":50.00,"DetailType":"SalesItemLineDetail","SalesItemLineDetail":{"ItemRef":{"value":"%s"},"Qty":2,"UnitPrice":25}},
                 {"Amount":30.00,"DetailType":"SalesItemLineDetail","SalesItemLineDetail":{"ItemRef":{"value":"%s"},"Qty":3,"UnitPrice":10}}]}
                """.formatted(customerId, privateNote == null ? "" : "\"PrivateNote\":\"" + privateNote + "\",", itemId, itemId),
                EntityType.INVOICE);
    }

    ObjectNode voidInvoice(ObjectNode invoice) {
        return write("void", "{\"Id\":\"" + Json.text(invoice, "Id") + "\",\"SyncToken\":\"" + Json.text(invoice, "SyncToken") + "\"}",
                EntityType.INVOICE);
    }

    @Test
    void voiding_zeroes_total_balance_and_every_line_amount_and_quantity_but_keeps_the_record() {
        ObjectNode invoice = invoice(null);
        assertThat(Json.decimal(invoice, "TotalAmt")).isEqualByComparingTo("80");

        ObjectNode voided = voidInvoice(invoice);

        assertThat(Json.decimal(voided, "TotalAmt")).isEqualByComparingTo("0");
        assertThat(Json.decimal(voided, "Balance")).isEqualByComparingTo("0");
        for (JsonNode line : voided.path("Line")) {
            assertThat(Json.decimal(line, "Amount")).isEqualByComparingTo("0");
            if (line.has("SalesItemLineDetail")) {
                assertThat(Json.decimal(line.path("SalesItemLineDetail"), "Qty")).isEqualByComparingTo("0");
            }
        }
        assertThat(Json.text(voided, "PrivateNote")).isEqualTo("Voided");
        ObjectNode kept = books.get(EntityType.INVOICE, Json.text(invoice, "Id"));
        assertThat(Json.text(kept, "DocNumber")).isEqualTo("V-1");
        assertThat(Json.decimal(kept, "TotalAmt")).isEqualByComparingTo("0");
        assertThat(Json.decimal(books.get(EntityType.CUSTOMER, customerId), "Balance")).isEqualByComparingTo("0");
    }

    @Test
    void voided_is_prepended_to_an_existing_private_note() {
        assertThat(Json.text(voidInvoice(invoice("Ordered by phone")), "PrivateNote")).isEqualTo("Voided Ordered by phone");
    }
}
