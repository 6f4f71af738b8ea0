package io.ledgerbridge.web;

import static io.ledgerbridge.web.ApiFixture.customer;
import static io.ledgerbridge.web.ApiFixture.invoice;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/{type}/batch}: many records in one request, each answered as it would be alone; the good ones
 * stored together, the bad ones refused with their error, named from the body's root.
 */
class BatchPushIT {

    static ApiFixture api;

    @BeforeAll
    static void start() {
        api = new ApiFixture();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static String withId(String id, String json) {
        return "{\"id\": \"" + id + "\", " + json.strip().substring(1);
    }

    @Test
    void a_batch_stores_the_good_records_together_and_answers_each_bad_one_with_its_error() {
        var customers = api.post("/api/v1/customers/batch", "{\"records\": [" + customer("B-C1", "b1@example.com")
                + ", " + customer("B-C2", "b2@example.com") + "]}");
        assertThat(customers.status()).as(customers.toString()).isEqualTo(200);
        assertThat(customers.json().get("accepted").asInt()).isEqualTo(2);
        long events = api.count("sync_event");

        String good = withId("B-1", invoice("B-1", "B-C1", "SKU-1"));
        String orphan = withId("B-2", invoice("B-2", "NOBODY", "SKU-1"));
        String badField = withId("B-3", invoice("B-3", "B-C2", "SKU-1")).replace("\"quantity\": 2", "\"quantity\": \"two\"");
        String again = withId("B-1", invoice("B-1", "B-C1", "SKU-1"));
        String changed = withId("B-4", invoice("B-4", "B-C2", "SKU-1"));
        var r = api.post("/api/v1/invoices/batch", "{\"records\": [" + String.join(", ", good, orphan, badField, again,
                changed) + "]}");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        var body = r.json();
        assertThat(body.get("accepted").asInt()).isEqualTo(3);
        assertThat(body.get("refused").asInt()).isEqualTo(2);
        var results = body.get("results");
        assertThat(results.get(0).get("status").asText()).isEqualTo("created");
        assertThat(results.get(0).get("eventIds")).hasSize(1);
        assertThat(results.get(1).get("status").asText()).isEqualTo("refused");
        assertThat(results.get(1).get("error").get("error").asText()).isEqualTo("invalid_record");
        assertThat(results.get(1).get("error").get("message").asText())
                .isEqualTo("Record 1: The invoice 'B-2' was not stored: customerId customer 'NOBODY' is unknown; create the "
                        + "customer first.");
        assertThat(results.get(1).get("error").get("problems").get(0).get("field").asText()).isEqualTo("records[1].customerId");
        assertThat(results.get(2).get("status").asText()).isEqualTo("refused");
        assertThat(results.get(2).get("id").asText()).isEqualTo("B-3");
        assertThat(results.get(2).get("error").get("problems").get(0).get("field").asText())
                .isEqualTo("records[2].lines[0].quantity");
        assertThat(results.get(3).get("status").asText()).as("the same content again").isEqualTo("unchanged");
        assertThat(results.get(3).get("version").asLong()).isEqualTo(1);
        assertThat(results.get(4).get("status").asText()).isEqualTo("created");
        assertThat(api.count("sync_event")).isEqualTo(events + 2);

        var stored = api.get("/api/v1/invoices/B-4");
        assertThat(stored.status()).isEqualTo(200);
        assertThat(api.get("/api/v1/invoices/B-2").status()).isEqualTo(404);
    }

    @Test
    void historical_records_are_synced_after_live_ones_until_a_live_change_makes_them_live() {
        api.post("/api/v1/customers/batch", "{\"records\": [" + customer("H-C1", "h1@example.com") + "]}");
        var r = api.post("/api/v1/invoices/batch", "{\"historical\": true, \"records\": ["
                + withId("H-1", invoice("H-1", "H-C1", "SKU-1")) + ", " + withId("H-2", invoice("H-2", "H-C1", "SKU-1")) + "]}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        long h1 = r.json().get("results").get(0).get("eventIds").get(0).asLong();
        long h2 = r.json().get("results").get(1).get("eventIds").get(0).asLong();
        assertThat(priority(h1)).as("after every live invoice (priority 1)").isEqualTo(11);
        assertThat(priority(h2)).isEqualTo(11);
        // The app changes H-1 live: its waiting sync is live again; H-2 stays in the past.
        var live = api.put("/api/v1/invoices/H-1", invoice("H-1", "H-C1", "SKU-2"));
        assertThat(live.status()).as(live.toString()).isEqualTo(200);
        assertThat(priority(h1)).isEqualTo(1);
        assertThat(priority(h2)).isEqualTo(11);

        var bad = api.post("/api/v1/invoices/batch", "{\"historical\": \"yes\", \"records\": []}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("message").asText()).isEqualTo("Field 'historical' must be true or false.");
    }

    private static long priority(long event) {
        return api.db.jdbi().withHandle(h -> h.createQuery("SELECT priority FROM sync_event WHERE id = :id")
                .bind("id", event).mapTo(Long.class).one());
    }

    @Test
    void a_batch_that_is_not_a_list_of_records_or_too_long_or_all_bad_says_so() {
        var notList = api.post("/api/v1/invoices/batch", "{\"records\": {}}");
        assertThat(notList.status()).isEqualTo(400);
        assertThat(notList.json().get("message").asText()).contains("{\"records\": [...]}");
        var empty = api.post("/api/v1/invoices/batch", "{\"records\": []}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("message").asText()).contains("must hold 1 to 1000 invoices (got 0)");
        var many = new StringBuilder("{\"records\": [");
        for (int i = 0; i < 1001; i++) {
            many.append(i == 0 ? "" : ",").append("{}");
        }
        var tooMany = api.post("/api/v1/customers/batch", many.append("]}").toString());
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().get("message").asText()).contains("(got 1001)");
        var allBad = api.post("/api/v1/invoices/batch", "{\"records\": [" + withId("Z-1", invoice("Z-1", "NOBODY", "S")) + "]}");
        assertThat(allBad.status()).isEqualTo(422);
        assertThat(allBad.json().get("results").get(0).get("status").asText()).isEqualTo("refused");
        var readOnly = api.send("POST", "/api/v1/invoices/batch", "application/json", "{\"records\": []}",
                api.workspaces.keys().create(api.workspace, "ro", true, java.util.Optional.empty(), java.time.Instant.now()).key());
        assertThat(readOnly.status()).isEqualTo(403);
    }
}
