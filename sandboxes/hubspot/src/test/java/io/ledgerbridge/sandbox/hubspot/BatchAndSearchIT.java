package io.ledgerbridge.sandbox.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerbridge.sandbox.hubspot.crm.ObjectType;
import io.ledgerbridge.sandbox.hubspot.ratelimit.RateLimits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class BatchAndSearchIT {
    static HubSpotSandbox hubspot;
    long portal;
    HubSpotHttp http;

    @BeforeAll
    static void start() {
        hubspot = HubSpotSandbox.start(SandboxSettings.defaults().withClock(SandboxClock.fixedAt(Instant.parse("2026-03-02T09:00:00Z")))
                .withRateLimits(RateLimits.unlimited()));
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
    void batch_create_of_valid_inputs_is_201_complete() {
        var r = http.post("/crm/v3/objects/products/batch/create", """
                {"inputs":[{"properties":{"name":"A","price":"1"}},{"properties":{"name":"B","price":"2"},"objectWriteTraceId":"t2"}]}""");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("status").asText()).isEqualTo("COMPLETE");
        assertThat(r.json().get("results")).hasSize(2);
        assertThat(r.json().at("/results/1/objectWriteTraceId").asText()).isEqualTo("t2");
        assertThat(r.json().has("errors")).isFalse();
        assertThat(r.json().has("startedAt")).isTrue();
    }

    @Test
    void batch_create_with_one_bad_input_is_207_with_errors_for_it_only() {
        hubspot.createContact(portal, "taken@example.com", null, null);
        var r = http.post("/crm/v3/objects/contacts/batch/create", """
                {"inputs":[{"properties":{"email":"new@example.com"}},
                           {"properties":{"email":"taken@example.com"},"objectWriteTraceId":"dup"},
                           {"properties":{"emale":"typo@example.com"}}]}""");
        assertThat(r.status()).isEqualTo(207);
        assertThat(r.json().get("results")).hasSize(1);
        assertThat(r.json().get("numErrors").asInt()).isEqualTo(2);
        JsonNode conflict = r.json().at("/errors/0");
        assertThat(conflict.get("status").asText()).isEqualTo("error");
        assertThat(conflict.get("category").asText()).isEqualTo("CONFLICT");
        assertThat(conflict.at("/context/objectWriteTraceId/0").asText()).isEqualTo("dup");
        assertThat(r.json().at("/errors/1/category").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(hubspot.objects(portal, ObjectType.CONTACTS)).hasSize(2);
    }

    @Test
    void batch_read_reports_missing_ids_as_object_not_found_with_207() {
        String a = hubspot.createProduct(portal, "A", "SA", "1");
        var r = http.post("/crm/v3/objects/products/batch/read", "{\"inputs\":[{\"id\":\"" + a + "\"},{\"id\":\"424242\"}],\"properties\":[\"hs_sku\"]}");
        assertThat(r.status()).isEqualTo(207);
        assertThat(r.json().at("/results/0/properties/hs_sku").asText()).isEqualTo("SA");
        assertThat(r.json().at("/errors/0/category").asText()).isEqualTo("OBJECT_NOT_FOUND");
        assertThat(r.json().at("/errors/0/context/ids/0").asText()).isEqualTo("424242");
    }

    @Test
    void batch_update_upsert_and_archive() {
        String a = hubspot.createProduct(portal, "A", "SA", "1");
        var update = http.post("/crm/v3/objects/products/batch/update", "{\"inputs\":[{\"id\":\"" + a + "\",\"properties\":{\"price\":\"9\"}},{\"id\":\"77\",\"properties\":{\"price\":\"1\"}}]}");
        assertThat(update.status()).isEqualTo(207);
        assertThat(update.json().at("/results/0/properties/price").asText()).isEqualTo("9");
        assertThat(update.json().at("/errors/0/context/ids/0").asText()).isEqualTo("77");

        hubspot.createContact(portal, "old@example.com", "Old", null);
        var upsert = http.post("/crm/v3/objects/contacts/batch/upsert", """
                {"inputs":[{"id":"old@example.com","idProperty":"email","properties":{"firstname":"Updated"}},
                           {"id":"fresh@example.com","idProperty":"email","properties":{"firstname":"Fresh"}}]}""");
        assertThat(upsert.status()).isEqualTo(200);
        assertThat(upsert.json().at("/results/0/new").asBoolean()).isFalse();
        assertThat(upsert.json().at("/results/1/new").asBoolean()).isTrue();
        assertThat(upsert.json().at("/results/1/properties/email").asText()).isEqualTo("fresh@example.com");

        var archive = http.post("/crm/v3/objects/products/batch/archive", "{\"inputs\":[{\"id\":\"" + a + "\"}]}");
        assertThat(archive.status()).isEqualTo(204);
        assertThat(hubspot.objects(portal, ObjectType.PRODUCTS)).isEmpty();
    }

    @Test
    void more_than_100_inputs_is_rejected_whole() {
        String inputs = IntStream.range(0, 101).mapToObj(i -> "{\"properties\":{\"name\":\"P" + i + "\"}}").collect(Collectors.joining(","));
        var r = http.post("/crm/v3/objects/products/batch/create", "{\"inputs\":[" + inputs + "]}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("category").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(hubspot.objects(portal, ObjectType.PRODUCTS)).isEmpty();
    }

    @Test
    void search_combines_and_within_groups_and_or_across_groups() {
        hubspot.createInvoice(portal, Map.of("hs_currency", "USD", "hs_number", "INV-1", "hs_invoice_status", "open"), List.of());
        hubspot.createInvoice(portal, Map.of("hs_currency", "EUR", "hs_number", "INV-2", "hs_invoice_status", "open"), List.of());
        hubspot.createInvoice(portal, Map.of("hs_currency", "USD", "hs_number", "INV-3"), List.of());
        var r = http.post("/crm/v3/objects/invoices/search", """
                {"filterGroups":[
                   {"filters":[{"propertyName":"hs_currency","operator":"EQ","value":"usd"},{"propertyName":"hs_invoice_status","operator":"EQ","value":"open"}]},
                   {"filters":[{"propertyName":"hs_number","operator":"IN","values":["INV-2"]}]}],
                 "properties":["hs_number"],"sorts":[{"propertyName":"hs_number","direction":"DESCENDING"}],"limit":10}""");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("total").asInt()).isEqualTo(2);
        assertThat(numbers(r.json())).containsExactly("INV-2", "INV-1");
    }

    @Test
    void search_operators() {
        String early = hubspot.createContact(portal, "a@alpha.com", "Ann", "Alpha");
        hubspot.clock().advance(Duration.ofHours(1));
        Instant middle = hubspot.clock().instant();
        hubspot.clock().advance(Duration.ofHours(1));
        hubspot.createContact(portal, "b@beta.org", "Ben", null);
        assertThat(count("contacts", "{\"propertyName\":\"lastname\",\"operator\":\"HAS_PROPERTY\"}")).isEqualTo(1);
        assertThat(count("contacts", "{\"propertyName\":\"lastname\",\"operator\":\"NOT_HAS_PROPERTY\"}")).isEqualTo(1);
        assertThat(count("contacts", "{\"propertyName\":\"email\",\"operator\":\"CONTAINS_TOKEN\",\"value\":\"*@beta.org\"}")).isEqualTo(1);
        assertThat(count("contacts", "{\"propertyName\":\"firstname\",\"operator\":\"NEQ\",\"value\":\"ann\"}")).isEqualTo(1);
        assertThat(count("contacts", "{\"propertyName\":\"firstname\",\"operator\":\"NOT_IN\",\"values\":[\"ann\",\"ben\"]}")).isEqualTo(0);
        assertThat(count("contacts", "{\"propertyName\":\"lastmodifieddate\",\"operator\":\"GT\",\"value\":\"" + middle.toEpochMilli() + "\"}")).isEqualTo(1);
        assertThat(count("contacts", "{\"propertyName\":\"createdate\",\"operator\":\"LTE\",\"value\":\"" + middle + "\"}")).isEqualTo(1);
        assertThat(count("contacts", "{\"propertyName\":\"hs_object_id\",\"operator\":\"BETWEEN\",\"value\":\"" + early + "\",\"highValue\":\"" + early + "\"}")).isEqualTo(1);
        hubspot.createProduct(portal, "Cheap", null, "5");
        hubspot.createProduct(portal, "Dear", null, "50");
        assertThat(count("products", "{\"propertyName\":\"price\",\"operator\":\"LT\",\"value\":\"10\"}")).isEqualTo(1);
        assertThat(count("products", "{\"propertyName\":\"price\",\"operator\":\"GTE\",\"value\":\"5\"}")).isEqualTo(2);
    }

    @Test
    void search_pages_with_after_and_rejects_limits_past_the_maximum() {
        for (int i = 0; i < 5; i++) hubspot.createProduct(portal, "P" + i, null, Integer.toString(i));
        List<String> names = new ArrayList<>();
        String after = "";
        do {
            var r = http.post("/crm/v3/objects/products/search", "{\"limit\":2,\"after\":\"" + after + "\",\"properties\":[\"name\"],\"sorts\":[\"price\"]}");
            assertThat(r.json().get("total").asInt()).isEqualTo(5);
            r.json().get("results").forEach(o -> names.add(o.at("/properties/name").asText()));
            after = r.json().at("/paging/next/after").asText("");
        } while (!after.isEmpty());
        assertThat(names).containsExactly("P0", "P1", "P2", "P3", "P4");

        assertThat(http.post("/crm/v3/objects/products/search", "{\"limit\":201}").status()).isEqualTo(400);
        String sevenGroups = IntStream.range(0, 7).mapToObj(i -> "{\"filters\":[{\"propertyName\":\"name\",\"operator\":\"EQ\",\"value\":\"x\"}]}").collect(Collectors.joining(","));
        var tooMany = http.post("/crm/v3/objects/products/search", "{\"filterGroups\":[" + sevenGroups + "]}");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().get("category").asText()).isEqualTo("VALIDATION_ERROR");
    }

    private int count(String type, String filter) {
        var r = http.post("/crm/v3/objects/" + type + "/search", "{\"filterGroups\":[{\"filters\":[" + filter + "]}]}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json().get("total").asInt();
    }

    private static List<String> numbers(JsonNode searchResult) {
        List<String> out = new ArrayList<>();
        searchResult.get("results").forEach(o -> out.add(o.at("/properties/hs_number").asText()));
        return out;
    }
}
