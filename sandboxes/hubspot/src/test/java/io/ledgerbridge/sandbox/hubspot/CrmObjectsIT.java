package io.ledgerbridge.sandbox.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerbridge.sandbox.hubspot.crm.ObjectType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CrmObjectsIT {
    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    static HubSpotSandbox hubspot;
    long portal;
    HubSpotHttp http;

    @BeforeAll
    static void start() {
        hubspot = HubSpotSandbox.start(SandboxSettings.defaults().withClock(SandboxClock.fixedAt(T0)).withRateLimits(io.ledgerbridge.sandbox.hubspot.ratelimit.RateLimits.unlimited()));
    }

    @AfterAll
    static void stop() {
        hubspot.close();
    }

    @BeforeEach
    void portal() {
        portal = hubspot.createPortal("Acme");
        http = new HubSpotHttp(hubspot.baseUrl(), hubspot.createPrivateAppToken(portal));
    }

    @Test
    void created_invoice_reads_back_with_string_properties_and_maintained_dates() {
        var created = http.post("/crm/v3/objects/invoices", """
                {"properties":{"hs_currency":"USD","hs_number":"INV-7","hs_invoice_date":"2026-03-01"}}""");
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(created.json().at("/properties/hs_invoice_status").asText()).isEqualTo("draft");
        assertThat(created.json().at("/properties/hs_object_id").asText()).isEqualTo(id);
        assertThat(created.json().get("createdAt").asText()).isEqualTo("2026-03-02T09:00:00.000Z");
        assertThat(created.json().get("archived").asBoolean()).isFalse();

        hubspot.clock().advance(Duration.ofMinutes(5));
        var updated = http.patch("/crm/v3/objects/invoices/" + id, """
                {"properties":{"hs_invoice_status":"open","hs_amount_paid":5}}""");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().at("/properties/hs_amount_paid").isTextual()).isTrue();
        assertThat(updated.json().get("updatedAt").asText()).isEqualTo("2026-03-02T09:05:00.000Z");

        var read = http.get("/crm/v3/objects/0-53/" + id + "?properties=hs_currency,hs_invoice_status,hs_title");
        assertThat(read.status()).isEqualTo(200);
        JsonNode props = read.json().get("properties");
        assertThat(props.get("hs_currency").asText()).isEqualTo("USD");
        assertThat(props.get("hs_invoice_status").asText()).isEqualTo("open");
        assertThat(props.get("hs_title").isNull()).isTrue();
        assertThat(props.get("hs_lastmodifieddate").asText()).isEqualTo("2026-03-02T09:05:00.000Z");
        assertThat(props.has("hs_number")).as("only requested properties and system ones").isFalse();
    }

    @Test
    void invoice_read_without_properties_returns_only_the_default_set() {
        String id = hubspot.createObject(portal, ObjectType.INVOICES, Map.of("hs_currency", "EUR"));
        var read = http.get("/crm/v3/objects/invoices/" + id);
        assertThat(read.json().get("properties").properties()).extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder("hs_createdate", "hs_lastmodifieddate", "hs_object_id");
    }

    @Test
    void errors_use_hubspots_error_body() {
        var missingCurrency = http.post("/crm/v3/objects/invoices", "{\"properties\":{\"hs_title\":\"x\"}}");
        assertThat(missingCurrency.status()).isEqualTo(400);
        assertThat(missingCurrency.json().get("status").asText()).isEqualTo("error");
        assertThat(missingCurrency.json().get("category").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(missingCurrency.json().get("correlationId").asText()).matches("[0-9a-f-]{36}");
        assertThat(missingCurrency.json().get("message").asText()).contains("hs_currency");

        var badStatus = http.post("/crm/v3/objects/invoices", "{\"properties\":{\"hs_currency\":\"USD\",\"hs_invoice_status\":\"sent\"}}");
        assertThat(badStatus.json().get("message").asText()).contains("INVALID_OPTION");

        var negative = http.post("/crm/v3/objects/line_items", "{\"properties\":{\"name\":\"x\",\"price\":\"-1\"}}");
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.json().get("category").asText()).isEqualTo("VALIDATION_ERROR");

        var unknown = http.post("/crm/v3/objects/products", "{\"properties\":{\"name\":\"x\",\"colour\":\"red\"}}");
        assertThat(unknown.json().get("message").asText()).contains("PROPERTY_DOESNT_EXIST").contains("colour");

        var readOnly = http.post("/crm/v3/objects/products", "{\"properties\":{\"name\":\"x\",\"hs_object_id\":\"1\"}}");
        assertThat(readOnly.json().get("message").asText()).contains("READ_ONLY_VALUE");

        var notFound = http.get("/crm/v3/objects/invoices/999999");
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.json().get("category").asText()).isEqualTo("OBJECT_NOT_FOUND");

        var badJson = http.post("/crm/v3/objects/contacts", "{not json");
        assertThat(badJson.status()).isEqualTo(400);
        assertThat(badJson.json().get("category").asText()).isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void duplicate_contact_email_is_a_409_conflict_naming_the_existing_id() {
        String existing = hubspot.createContact(portal, "ada@example.com", "Ada", "Lovelace");
        var dup = http.post("/crm/v3/objects/contacts", "{\"properties\":{\"email\":\"ADA@example.com\"}}");
        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.json().get("category").asText()).isEqualTo("CONFLICT");
        assertThat(dup.json().get("message").asText()).isEqualTo("Contact already exists. Existing ID: " + existing);
    }

    @Test
    void contact_can_be_read_by_email_as_id_property() {
        String id = hubspot.createContact(portal, "grace@example.com", "Grace", "Hopper");
        var read = http.get("/crm/v3/objects/contacts/grace@example.com?idProperty=email");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("id").asText()).isEqualTo(id);
        assertThat(http.get("/crm/v3/objects/products/x?idProperty=name").status()).isEqualTo(400);
    }

    @Test
    void archive_hides_the_record_unless_archived_is_asked_for() {
        String id = hubspot.createProduct(portal, "Widget", "W-1", "10");
        assertThat(http.delete("/crm/v3/objects/products/" + id).status()).isEqualTo(204);
        assertThat(http.get("/crm/v3/objects/products/" + id).status()).isEqualTo(404);
        var archived = http.get("/crm/v3/objects/products/" + id + "?archived=true");
        assertThat(archived.status()).isEqualTo(200);
        assertThat(archived.json().get("archived").asBoolean()).isTrue();
        assertThat(archived.json().has("archivedAt")).isTrue();
        assertThat(http.get("/crm/v3/objects/products").json().get("results")).isEmpty();
    }

    @Test
    void list_pages_with_an_after_cursor() {
        for (int i = 0; i < 5; i++) hubspot.createProduct(portal, "P" + i, "S" + i, "1");
        var first = http.get("/crm/v3/objects/products?limit=2&properties=name");
        assertThat(first.json().get("results")).hasSize(2);
        String after = first.json().at("/paging/next/after").asText();
        var second = http.get("/crm/v3/objects/products?limit=2&properties=name&after=" + after);
        assertThat(second.json().at("/results/0/properties/name").asText()).isEqualTo("P2");
        var last = http.get("/crm/v3/objects/products?limit=2&after=" + second.json().at("/paging/next/after").asText());
        assertThat(last.json().get("results")).hasSize(1);
        assertThat(last.json().has("paging")).isFalse();
    }

    @Test
    void records_say_which_integration_wrote_them() {
        var created = http.post("/crm/v3/objects/products", "{\"properties\":{\"name\":\"Synced\",\"price\":\"3\"}}");
        String id = created.json().get("id").asText();
        String seeded = hubspot.createProduct(portal, "Typed in HubSpot", null, "4");
        var read = http.get("/crm/v3/objects/products/" + id + "?properties=hs_object_source,hs_object_source_id&propertiesWithHistory=price");
        assertThat(read.json().at("/properties/hs_object_source").asText()).isEqualTo("INTEGRATION");
        assertThat(read.json().at("/properties/hs_object_source_id").asText()).isNotBlank();
        assertThat(read.json().at("/propertiesWithHistory/price/0/sourceType").asText()).isEqualTo("INTEGRATION");
        var ui = http.get("/crm/v3/objects/products/" + seeded + "?properties=hs_object_source");
        assertThat(ui.json().at("/properties/hs_object_source").asText()).isEqualTo("CRM_UI");
    }

    @Test
    void line_item_amount_and_invoice_totals_are_computed() {
        String product = hubspot.createProduct(portal, "Hour", "H-1", "150");
        String invoice = hubspot.createInvoice(portal, Map.of("hs_currency", "USD"), List.of(
                Map.of("hs_product_id", product, "quantity", "2"),
                Map.of("name", "Travel", "quantity", "1", "price", "25.50")));
        var read = http.get("/crm/v3/objects/invoices/" + invoice + "?properties=hs_amount_billed,hs_balance_due&associations=line_items");
        assertThat(read.json().at("/properties/hs_amount_billed").asText()).isEqualTo("325.5");
        assertThat(read.json().at("/properties/hs_balance_due").asText()).isEqualTo("325.5");
        assertThat(read.json().at("/associations/line_items/results")).hasSize(2);
        String lineId = read.json().at("/associations/line_items/results/0/id").asText();
        var line = http.get("/crm/v3/objects/line_items/" + lineId + "?properties=name,hs_sku,amount");
        assertThat(line.json().at("/properties/name").asText()).isEqualTo("Hour");
        assertThat(line.json().at("/properties/hs_sku").asText()).isEqualTo("H-1");
        assertThat(line.json().at("/properties/amount").asText()).isEqualTo("300");
    }

    @Test
    void custom_unique_property_can_be_defined_and_used_as_id_property() {
        var def = http.post("/crm/v3/properties/invoices", "{\"name\":\"ledgerbridge_id\",\"label\":\"Ledgerbridge id\",\"type\":\"string\",\"fieldType\":\"text\",\"hasUniqueValue\":true}");
        assertThat(def.status()).isEqualTo(201);
        var created = http.post("/crm/v3/objects/invoices", "{\"properties\":{\"hs_currency\":\"USD\",\"ledgerbridge_id\":\"qbo-42\"}}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(http.get("/crm/v3/objects/invoices/qbo-42?idProperty=ledgerbridge_id").json().get("id").asText())
                .isEqualTo(created.json().get("id").asText());
    }

    @Test
    void unknown_object_type_is_a_validation_error() {
        var r = http.get("/crm/v3/objects/widgets");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).contains("Unable to infer object type from: widgets");
    }
}
