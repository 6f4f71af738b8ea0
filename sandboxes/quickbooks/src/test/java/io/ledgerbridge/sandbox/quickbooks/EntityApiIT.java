package io.ledgerbridge.sandbox.quickbooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerbridge.sandbox.quickbooks.oauth.OAuthApp;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Create, read, sparse update, void, and every business fault, as a client over HTTP sees them. */
class EntityApiIT {
    static final String REALM = "4620816365000001";
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-06-15T17:00:00Z"));
    static QuickBooksSandbox sandbox;
    static ApiClient api;
    static final AtomicInteger SEQ = new AtomicInteger();

    @BeforeAll
    static void start() {
        sandbox = QuickBooksSandbox.builder().port(0).clock(CLOCK).start();
        sandbox.createRealm(REALM, "Entity Test Co");
        sandbox.registerApp(OAuthApp.of("app", "secret", "http://localhost/cb"));
        api = new ApiClient(sandbox.baseUrl(), REALM, sandbox.issueTokens("app", REALM).accessToken());
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    static String unique(String prefix) {
        return prefix + " " + SEQ.incrementAndGet();
    }

    static String customer() {
        return sandbox.createCustomer(REALM, unique("Customer"), null);
    }

    static String item(String price) {
        return sandbox.createItem(REALM, unique("Item"), null, new BigDecimal(price));
    }

    static String invoiceBody(String customerId, String itemId, String docNumber, String qty, String price) {
        String amount = new BigDecimal(qty).multiply(new BigDecimal(price)).toPlainString();
        return """
                {"DocNumber":%s,"CustomerRef":{"value":"%s"},"Line":[{"Amount":%s,"DetailType":"SalesItemLineDetail",
                 "SalesItemLineDetail":{"ItemRef":{"value":"%s"},"Qty":%s,"UnitPrice":%s,"TaxCodeRef":{"value":"NON"}}}]}
                """.formatted(docNumber == null ? "null" : "\"" + docNumber + "\"", customerId, amount, itemId, qty, price);
    }

    @Test
    void customer_create_returns_the_envelope_with_id_synctoken_metadata_and_intuit_tid() {
        ApiClient.Response r = api.post("/customer?minorversion=4", """
                {"DisplayName":"Amy's Bird Sanctuary","PrimaryEmailAddr":{"Address":"amy@example.com"}}""");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("intuit_tid")).isNotBlank();
        JsonNode c = r.json().path("Customer");
        assertThat(c.path("Id").asText()).matches("\\d+");
        assertThat(c.path("SyncToken").asText()).isEqualTo("0");
        assertThat(c.path("Active").asBoolean()).isTrue();
        assertThat(c.path("domain").asText()).isEqualTo("QBO");
        assertThat(c.path("MetaData").path("CreateTime").asText()).isEqualTo("2026-06-15T10:00:00-07:00");
        assertThat(r.json().path("time").asText()).startsWith("2026-06-15T10:00:00.000-07:00");

        JsonNode read = api.get("/customer/" + c.path("Id").asText()).json().path("Customer");
        assertThat(read.path("PrimaryEmailAddr").path("Address").asText()).isEqualTo("amy@example.com");
    }

    @Test
    void invoice_gets_computed_amounts_subtotal_line_docnumber_and_dates() {
        String customer = customer();
        String item = item("40");
        ApiClient.Response r = api.post("/invoice", invoiceBody(customer, item, "INV-1", "2.5", "40"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode inv = r.json().path("Invoice");
        assertThat(inv.path("TotalAmt").decimalValue()).isEqualByComparingTo("100.00");
        assertThat(inv.path("Balance").decimalValue()).isEqualByComparingTo("100.00");
        assertThat(inv.path("TxnDate").asText()).isEqualTo("2026-06-15");
        assertThat(inv.path("DueDate").asText()).isEqualTo("2026-07-15");
        assertThat(inv.path("CurrencyRef").path("value").asText()).isEqualTo("USD");
        assertThat(inv.path("Line")).hasSize(2);
        assertThat(inv.path("Line").path(0).path("SalesItemLineDetail").path("ItemRef").path("name").asText()).startsWith("Item ");
        assertThat(inv.path("Line").path(1).path("DetailType").asText()).isEqualTo("SubTotalLineDetail");
        assertThat(inv.path("Line").path(1).path("Amount").decimalValue()).isEqualByComparingTo("100.00");
        assertThat(sandbox.countInvoicesByDocNumber(REALM, "INV-1")).isEqualTo(1);
    }

    @Test
    void taxable_lines_are_taxed_at_the_rate_of_the_transaction_tax_code() {
        String body = """
                {"CustomerRef":{"value":"%s"},"TxnTaxDetail":{"TxnTaxCodeRef":{"value":"2"}},
                 "Line":[{"Amount":100,"DetailType":"SalesItemLineDetail","SalesItemLineDetail":{"ItemRef":{"value":"%s"},"TaxCodeRef":{"value":"TAX"}}},
                         {"Amount":50,"DetailType":"SalesItemLineDetail","SalesItemLineDetail":{"ItemRef":{"value":"%s"},"TaxCodeRef":{"value":"NON"}}}]}
                """.formatted(customer(), item("100"), item("50"));
        JsonNode inv = api.post("/invoice", body).json().path("Invoice");
        assertThat(inv.path("TxnTaxDetail").path("TotalTax").decimalValue()).isEqualByComparingTo("8.00");
        assertThat(inv.path("TotalAmt").decimalValue()).isEqualByComparingTo("158.00");
    }

    @Test
    void sparse_update_changes_only_the_given_fields_and_bumps_synctoken() {
        JsonNode inv = api.post("/invoice", invoiceBody(customer(), item("10"), null, "1", "10")).json().path("Invoice");
        String id = inv.path("Id").asText();
        ApiClient.Response r = api.post("/invoice", """
                {"Id":"%s","SyncToken":"0","sparse":true,"PrivateNote":"changed"}""".formatted(id));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode updated = r.json().path("Invoice");
        assertThat(updated.path("SyncToken").asText()).isEqualTo("1");
        assertThat(updated.path("PrivateNote").asText()).isEqualTo("changed");
        assertThat(updated.path("TotalAmt").decimalValue()).isEqualByComparingTo("10.00");
        assertThat(updated.path("DocNumber").asText()).isEqualTo(inv.path("DocNumber").asText());
    }

    @Test
    void stale_synctoken_is_5010() {
        JsonNode inv = api.post("/invoice", invoiceBody(customer(), item("10"), null, "1", "10")).json().path("Invoice");
        String id = inv.path("Id").asText();
        api.post("/invoice", "{\"Id\":\"" + id + "\",\"SyncToken\":\"0\",\"sparse\":true,\"PrivateNote\":\"a\"}");
        ApiClient.Response stale = api.post("/invoice", "{\"Id\":\"" + id + "\",\"SyncToken\":\"0\",\"sparse\":true,\"PrivateNote\":\"b\"}");
        assertThat(stale.status()).isEqualTo(400);
        assertThat(stale.json().path("Fault").path("type").asText()).isEqualTo("ValidationFault");
        assertThat(stale.error().path("code").asText()).isEqualTo("5010");
        assertThat(stale.error().path("Message").asText()).isEqualTo("Stale Object Error");
    }

    @Test
    void the_concurrent_edit_switch_makes_the_next_write_to_an_existing_entity_stale_and_the_one_after_goes_through() {
        JsonNode inv = api.post("/invoice", invoiceBody(customer(), item("10"), null, "1", "10")).json().path("Invoice");
        String id = inv.path("Id").asText();
        sandbox.concurrentEditNext(REALM, 2);
        ApiClient.Response stale = api.post("/invoice", "{\"Id\":\"" + id + "\",\"SyncToken\":\"0\",\"sparse\":true,\"PrivateNote\":\"a\"}");
        assertThat(stale.error().path("code").asText()).isEqualTo("5010");
        assertThat(sandbox.find(REALM, "Invoice", id).orElseThrow().path("SyncToken").asText()).isEqualTo("1");
        assertThat(sandbox.find(REALM, "Invoice", id).orElseThrow().has("PrivateNote")).isFalse();

        // The same in a batch: the item's Fault says 5010, as QuickBooks' own would.
        ApiClient.Response batch = api.post("/batch", """
                {"BatchItemRequest":[{"bId":"1","operation":"update","Invoice":{"Id":"%s","SyncToken":"1","sparse":true,"PrivateNote":"b"}}]}
                """.formatted(id));
        assertThat(batch.json().path("BatchItemResponse").get(0).path("Fault").path("Error").get(0).path("code").asText())
                .isEqualTo("5010");

        // Read again, write again: the switch is spent.
        String token = api.get("/invoice/" + id).json().path("Invoice").path("SyncToken").asText();
        assertThat(token).isEqualTo("2");
        ApiClient.Response ok = api.post("/invoice", "{\"Id\":\"" + id + "\",\"SyncToken\":\"2\",\"sparse\":true,\"PrivateNote\":\"c\"}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().path("Invoice").path("PrivateNote").asText()).isEqualTo("c");
    }

    @Test
    void a_bookkeeper_receives_a_payment_and_deletes_an_invoice_through_the_java_api() {
        JsonNode paid = api.post("/invoice", invoiceBody(customer(), item("25"), null, "2", "25")).json().path("Invoice");
        sandbox.receivePayment(REALM, paid.path("Id").asText(), new BigDecimal("50.00"));
        assertThat(sandbox.find(REALM, "Invoice", paid.path("Id").asText()).orElseThrow().path("Balance").decimalValue())
                .isEqualByComparingTo("0");

        JsonNode gone = api.post("/invoice", invoiceBody(customer(), item("5"), null, "1", "5")).json().path("Invoice");
        sandbox.delete(REALM, "Invoice", gone.path("Id").asText());
        assertThat(sandbox.find(REALM, "Invoice", gone.path("Id").asText())).isEmpty();
        assertThat(api.get("/invoice/" + gone.path("Id").asText()).error().path("code").asText()).isEqualTo("610");
    }

    @Test
    void void_zeroes_amounts_and_sets_private_note_voided() {
        JsonNode inv = api.post("/invoice", invoiceBody(customer(), item("30"), null, "1", "30")).json().path("Invoice");
        ApiClient.Response r = api.post("/invoice?operation=void", "{\"Id\":\"" + inv.path("Id").asText() + "\",\"SyncToken\":\"0\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode voided = r.json().path("Invoice");
        assertThat(voided.path("TotalAmt").decimalValue()).isEqualByComparingTo("0");
        assertThat(voided.path("Balance").decimalValue()).isEqualByComparingTo("0");
        assertThat(voided.path("PrivateNote").asText()).isEqualTo("Voided");
        assertThat(voided.path("Line").path(0).path("Amount").decimalValue()).isEqualByComparingTo("0");
        assertThat(voided.path("DocNumber").asText()).isEqualTo(inv.path("DocNumber").asText());
    }

    @Test
    void delete_of_a_transaction_returns_the_deleted_status() {
        JsonNode inv = api.post("/invoice", invoiceBody(customer(), item("30"), null, "1", "30")).json().path("Invoice");
        ApiClient.Response r = api.post("/invoice?operation=delete", "{\"Id\":\"" + inv.path("Id").asText() + "\",\"SyncToken\":\"0\"}");
        assertThat(r.json().path("Invoice").path("status").asText()).isEqualTo("Deleted");
        assertThat(api.get("/invoice/" + inv.path("Id").asText()).error().path("code").asText()).isEqualTo("610");
        ApiClient.Response customerDelete = api.post("/customer?operation=delete", "{\"Id\":\"1\",\"SyncToken\":\"0\"}");
        assertThat(customerDelete.status()).isEqualTo(400);
    }

    @Test
    void duplicate_customer_display_name_is_6240_even_when_inactive_and_in_other_case() {
        String name = unique("Dup Customer");
        String id = sandbox.createCustomer(REALM, name, null);
        sandbox.deactivate(REALM, "Customer", id);
        ApiClient.Response r = api.post("/customer", "{\"DisplayName\":\"" + name.toUpperCase() + "\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error().path("code").asText()).isEqualTo("6240");
        assertThat(r.error().path("Message").asText()).isEqualTo("Duplicate Name Exists Error");
        assertThat(r.error().path("Detail").asText()).isEqualTo(
                "The name supplied already exists. : Another customer, vendor or employee is already using this name. Please use a different name.");
    }

    @Test
    void duplicate_item_name_is_6240() {
        String name = unique("Widget");
        sandbox.createItem(REALM, name, "W-1", BigDecimal.ONE);
        ApiClient.Response r = api.post("/item", """
                {"Name":"%s","Type":"Service","IncomeAccountRef":{"value":"1"}}""".formatted(name));
        assertThat(r.error().path("code").asText()).isEqualTo("6240");
        assertThat(r.error().path("Message").asText()).isEqualTo("Duplicate Name Exists Error");
    }

    @Test
    void item_name_with_a_colon_or_tab_is_a_validation_fault() {
        for (String bad : new String[] {"Parent:Child", "Tab\there", "Line\nbreak"}) {
            ApiClient.Response r = api.post("/item", ApiClient.JSON.createObjectNode().put("Name", bad).put("Type", "Service")
                    .set("IncomeAccountRef", ApiClient.JSON.createObjectNode().put("value", "1")).toString());
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().path("Fault").path("type").asText()).isEqualTo("ValidationFault");
            assertThat(r.error().path("code").asText()).isEqualTo("6000");
            assertThat(r.error().path("element").asText()).isEqualTo("Name");
        }
    }

    @Test
    void item_without_income_account_is_2020() {
        ApiClient.Response r = api.post("/item", "{\"Name\":\"" + unique("NoAccount") + "\",\"Type\":\"Service\"}");
        assertThat(r.error().path("code").asText()).isEqualTo("2020");
        assertThat(r.error().path("Message").asText()).isEqualTo("Required param missing, need to supply the required value for the API");
    }

    @Test
    void duplicate_docnumber_is_6140_with_custom_numbers_on_and_allowed_when_off() {
        String customer = customer();
        String item = item("5");
        String doc = "D-" + SEQ.incrementAndGet();
        assertThat(api.post("/invoice", invoiceBody(customer, item, doc, "1", "5")).status()).isEqualTo(200);
        ApiClient.Response dup = api.post("/invoice", invoiceBody(customer, item, doc, "1", "5"));
        assertThat(dup.status()).isEqualTo(400);
        assertThat(dup.error().path("code").asText()).isEqualTo("6140");
        assertThat(dup.error().path("Message").asText()).isEqualTo("Duplicate Document Number Error");
        assertThat(dup.error().path("Detail").asText()).contains("DocNumber=" + doc + " is assigned to TxnType=Invoice with TxnId=");

        sandbox.customTransactionNumbers(REALM, false);
        try {
            assertThat(api.post("/invoice", invoiceBody(customer, item, doc, "1", "5")).status()).isEqualTo(200);
            JsonNode auto = api.post("/invoice", invoiceBody(customer, item, null, "1", "5")).json().path("Invoice");
            assertThat(auto.path("DocNumber").asText()).matches("\\d{4,}");
            assertThat(api.get("/preferences").json().path("Preferences").path("SalesFormsPrefs").path("CustomTxnNumbers").asBoolean()).isFalse();
        } finally {
            sandbox.customTransactionNumbers(REALM, true);
        }
    }

    @Test
    void missing_or_inactive_customer_and_missing_item_are_610() {
        String item = item("5");
        ApiClient.Response missing = api.post("/invoice", invoiceBody("999999", item, null, "1", "5"));
        assertThat(missing.error().path("code").asText()).isEqualTo("610");
        assertThat(missing.error().path("Message").asText()).isEqualTo("Object Not Found");

        String inactive = customer();
        sandbox.deactivate(REALM, "Customer", inactive);
        assertThat(api.post("/invoice", invoiceBody(inactive, item, null, "1", "5")).error().path("code").asText()).isEqualTo("610");

        assertThat(api.post("/invoice", invoiceBody(customer(), "999999", null, "1", "5")).error().path("code").asText()).isEqualTo("610");
        String inactiveItem = item("5");
        sandbox.deactivate(REALM, "Item", inactiveItem);
        assertThat(api.post("/invoice", invoiceBody(customer(), inactiveItem, null, "1", "5")).error().path("element").asText()).isEqualTo("ItemRef");
    }

    @Test
    void invoice_without_lines_or_customer_is_2020() {
        ApiClient.Response noLines = api.post("/invoice", "{\"CustomerRef\":{\"value\":\"" + customer() + "\"},\"Line\":[]}");
        assertThat(noLines.status()).isEqualTo(400);
        assertThat(noLines.error().path("code").asText()).isEqualTo("2020");
        assertThat(noLines.error().path("Detail").asText()).isEqualTo("Required parameter Line is missing in the request");
        ApiClient.Response noCustomer = api.post("/invoice", """
                {"Line":[{"Amount":5,"DetailType":"SalesItemLineDetail","SalesItemLineDetail":{"ItemRef":{"value":"1"}}}]}""");
        assertThat(noCustomer.error().path("code").asText()).isEqualTo("2020");
        assertThat(noCustomer.error().path("element").asText()).isEqualTo("CustomerRef");
    }

    @Test
    void amount_that_is_not_qty_times_unit_price_is_refused() {
        String body = """
                {"CustomerRef":{"value":"%s"},"Line":[{"Amount":99,"DetailType":"SalesItemLineDetail",
                 "SalesItemLineDetail":{"ItemRef":{"value":"%s"},"Qty":2,"UnitPrice":40}}]}""".formatted(customer(), item("40"));
        ApiClient.Response r = api.post("/invoice", body);
        assertThat(r.error().path("code").asText()).isEqualTo("6000");
        assertThat(r.error().path("Detail").asText()).contains("Amount is not equal to UnitPrice * Qty");
    }

    @Test
    void closed_period_is_6210() {
        sandbox.closeBooksThrough(REALM, LocalDate.parse("2026-03-31"));
        try {
            String body = invoiceBody(customer(), item("5"), null, "1", "5").replace("{\"DocNumber\":null,", "{\"TxnDate\":\"2026-03-31\",");
            ApiClient.Response r = api.post("/invoice", body);
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.error().path("code").asText()).isEqualTo("6210");
            assertThat(r.error().path("Message").asText()).isEqualTo("Account Period Closed, Cannot Update Through Services API");
            assertThat(api.post("/invoice", body.replace("2026-03-31", "2026-04-01")).status()).isEqualTo(200);
            assertThat(api.get("/preferences").json().path("Preferences").path("AccountingInfoPrefs").path("BookCloseDate").asText())
                    .isEqualTo("2026-03-31");
        } finally {
            sandbox.closeBooksThrough(REALM, null);
        }
    }

    @Test
    void payment_reduces_the_balance_and_a_paid_invoice_cannot_be_changed() {
        String customer = customer();
        JsonNode inv = api.post("/invoice", invoiceBody(customer, item("60"), null, "1", "60")).json().path("Invoice");
        String invoiceId = inv.path("Id").asText();
        String partial = """
                {"CustomerRef":{"value":"%s"},"TotalAmt":20,"Line":[{"Amount":20,"LinkedTxn":[{"TxnId":"%s","TxnType":"Invoice"}]}]}
                """.formatted(customer, invoiceId);
        ApiClient.Response p1 = api.post("/payment", partial);
        assertThat(p1.status()).as(p1.body()).isEqualTo(200);
        assertThat(p1.json().path("Payment").path("UnappliedAmt").decimalValue()).isEqualByComparingTo("0");
        JsonNode afterPartial = api.get("/invoice/" + invoiceId).json().path("Invoice");
        assertThat(afterPartial.path("Balance").decimalValue()).isEqualByComparingTo("40.00");
        assertThat(afterPartial.path("LinkedTxn").path(0).path("TxnType").asText()).isEqualTo("Payment");

        ApiClient.Response over = api.post("/payment", partial.replace("20", "50"));
        assertThat(over.status()).isEqualTo(400);
        assertThat(over.error().path("code").asText()).isEqualTo("6000");
        assertThat(over.error().path("Detail").asText()).contains("more than the open balance 40.00");

        assertThat(api.post("/payment", partial.replace("20", "40")).status()).isEqualTo(200);
        JsonNode paid = api.get("/invoice/" + invoiceId).json().path("Invoice");
        assertThat(paid.path("Balance").decimalValue()).isEqualByComparingTo("0");
        ApiClient.Response change = api.post("/invoice", """
                {"Id":"%s","SyncToken":"%s","sparse":true,"PrivateNote":"late edit"}""".formatted(invoiceId, paid.path("SyncToken").asText()));
        assertThat(change.status()).isEqualTo(400);
        assertThat(change.error().path("code").asText()).isEqualTo("6000");
        assertThat(change.error().path("Detail").asText()).contains("This transaction is paid");
        assertThat(sandbox.find(REALM, "Customer", customer).orElseThrow().path("Balance").decimalValue()).isEqualByComparingTo("0");
    }

    @Test
    void reading_a_missing_entity_is_610_and_an_unknown_resource_is_404() {
        assertThat(api.get("/invoice/987654").error().path("code").asText()).isEqualTo("610");
        assertThat(api.get("/Invoice/1").status()).isEqualTo(404);
        assertThat(api.get("/companyinfo/" + REALM).json().path("CompanyInfo").path("CompanyName").asText()).isEqualTo("Entity Test Co");
    }

    @Test
    void a_property_the_schema_does_not_know_is_2010() {
        ApiClient.Response r = api.post("/item", """
                {"Name":"%s","SKU":"X-1","Type":"Service","IncomeAccountRef":{"value":"1"}}""".formatted(unique("Misspelt")));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error().path("code").asText()).isEqualTo("2010");
        assertThat(r.error().path("Message").asText()).isEqualTo("Request has invalid or unsupported property");
        assertThat(r.error().path("Detail").asText()).contains("Unrecognized field \"SKU\" (class com.intuit.schema.finance.v3.Item)");
        ApiClient.Response line = api.post("/invoice", """
                {"CustomerRef":{"value":"%s"},"Line":[{"DetailType":"SalesItemLineDetail",
                 "SalesItemLineDetail":{"ItemRef":{"value":"1"},"Amount":5}}]}""".formatted(customer()));
        assertThat(line.error().path("Detail").asText()).contains("Unrecognized field \"Amount\" (class com.intuit.schema.finance.v3.SalesItemLineDetail)");
    }

    @Test
    void malformed_json_body_is_a_validation_fault_not_a_crash() {
        ApiClient.Response r = api.post("/customer", "{not json");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("Fault").path("type").asText()).isEqualTo("ValidationFault");
    }
}
