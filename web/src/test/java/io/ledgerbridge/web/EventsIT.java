package io.ledgerbridge.web;

import static io.ledgerbridge.web.ApiFixture.customer;
import static io.ledgerbridge.web.ApiFixture.invoice;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Listing, reading, retrying and skipping events, one at a time and by filter. Each test uses its own records. */
class EventsIT {

    static ApiFixture api;

    @BeforeAll
    static void start() {
        api = new ApiFixture();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    /** Pushes an invoice (and its customer) and returns its event id. */
    private static long pushInvoice(String id, String sku) {
        api.put("/api/v1/customers/CUST-" + id, customer("CUST-" + id, id.toLowerCase() + "@example.com"));
        var r = api.put("/api/v1/invoices/" + id, invoice("N" + id, "CUST-" + id, sku));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("eventIds").get(0).asLong();
    }

    private static void failWithMissingSku(long eventId, String sku) {
        api.fail(eventId, "SKU_NOT_FOUND", "{\"sku\": \"" + sku + "\", \"line\": \"1\", \"destination\": \"the reference ledger\"}");
    }

    private static List<Long> ids(JsonNode page) {
        var out = new ArrayList<Long>();
        page.get("events").forEach(e -> out.add(e.get("id").asLong()));
        return out;
    }

    private static JsonNode event(long id) {
        return api.get("/api/v1/events/" + id).json();
    }

    @Test
    void events_are_listed_newest_first_by_status_type_error_and_text() {
        long one = pushInvoice("LIST-1", "LIST-A");
        long two = pushInvoice("LIST-2", "LIST-B");
        long three = pushInvoice("LIST-3", "LIST-A");
        failWithMissingSku(one, "LIST-A");
        failWithMissingSku(two, "LIST-B");

        var failedA = api.get("/api/v1/events?status=failed&q=LIST-A");
        var failedSku = api.get("/api/v1/events?status=FAILED&type=invoices&error=sku_not_found&q=LIST-");
        var pending = api.get("/api/v1/events?status=Pending&type=invoice&q=LIST-");
        var customers = api.get("/api/v1/events?type=customer&q=CUST-LIST-2");

        assertThat(failedA.status()).as(failedA.toString()).isEqualTo(200);
        assertThat(ids(failedA.json())).containsExactly(one);
        assertThat(ids(failedSku.json())).containsExactly(two, one);
        assertThat(ids(pending.json())).containsExactly(three);
        assertThat(customers.json().get("events")).singleElement()
                .satisfies(e -> assertThat(e.get("recordId").asText()).isEqualTo("CUST-LIST-2"));
        var listed = failedA.json().get("events").get(0);
        assertThat(listed.get("error").get("title").asText()).isEqualTo("SKU not found");
        assertThat(listed.has("attempts")).isFalse();
    }

    @Test
    void a_long_list_is_read_page_by_page() {
        for (int i = 1; i <= 3; i++) {
            api.put("/api/v1/customers/PAGE-" + i, customer("PAGE-" + i, "p" + i + "@paging.example"));
        }

        var first = api.get("/api/v1/events?q=paging.example&limit=2").json();
        var second = api.get("/api/v1/events?q=paging.example&limit=2&before=" + first.get("nextBefore").asLong()).json();

        assertThat(first.get("events")).hasSize(2);
        assertThat(second.get("events")).hasSize(1);
        assertThat(second.get("nextBefore").isNull()).isTrue();
        assertThat(second.get("events").get(0).get("recordId").asText()).isEqualTo("PAGE-1");
    }

    @Test
    void a_query_parameter_that_names_nothing_is_a_400_naming_it() {
        for (var bad : List.of("status=BROKEN", "type=widgets", "error=NOPE", "limit=0", "limit=5000", "before=abc")) {
            var r = api.get("/api/v1/events?" + bad);
            String name = bad.substring(0, bad.indexOf('='));
            assertThat(r.status()).as(bad + " → " + r).isEqualTo(400);
            assertThat(r.json().get("error").asText()).isEqualTo("invalid_parameter");
            assertThat(r.json().get("message").asText()).as(bad).contains("'" + name + "'");
            assertThat(r.json().get("problems").get(0).get("field").asText()).isEqualTo(name);
        }
    }

    @Test
    void retrying_a_failed_event_queues_it_again_and_counts_the_retry() {
        long id = pushInvoice("RETRY-1", "RETRY-A");
        failWithMissingSku(id, "RETRY-A");

        var r = api.post("/api/v1/events/" + id + "/retry", null);

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("id").asLong()).isEqualTo(id);
        assertThat(r.json().get("status").asText()).isEqualTo("PENDING");
        assertThat(r.json().get("retryCount").asInt()).isEqualTo(1);
        assertThat(r.json().get("error").isNull()).isTrue();
        var detail = event(id);
        assertThat(detail.get("attempts")).singleElement()
                .satisfies(a -> assertThat(a.get("outcome").asText()).isEqualTo("USER_RETRY"));
    }

    @Test
    void retrying_a_success_is_refused_with_the_lifecycle_sentence() {
        long id = pushInvoice("RETRY-2", "RETRY-B");
        api.succeed(id, "ref-77");

        var r = api.post("/api/v1/events/" + id + "/retry", null);

        assertThat(r.status()).as(r.toString()).isEqualTo(409);
        assertThat(r.json().get("error").asText()).isEqualTo("refused");
        assertThat(r.json().get("message").asText())
                .isEqualTo("This sync succeeded and cannot be retried; a later change of the record makes a new sync.");
        assertThat(event(id).get("status").asText()).isEqualTo("SUCCESS");
        assertThat(event(id).get("retryCount").asInt()).isZero();
    }

    @Test
    void an_event_being_processed_cannot_be_retried_or_skipped() {
        long id = pushInvoice("BUSY-1", "BUSY-A");
        api.db.jdbi().useHandle(h -> h.execute("UPDATE sync_event SET status = 'PROCESSING' WHERE id = ?", id));

        var retry = api.post("/api/v1/events/" + id + "/retry", null);
        var skip = api.post("/api/v1/events/" + id + "/skip", null);

        assertThat(retry.status()).isEqualTo(409);
        assertThat(retry.json().get("message").asText()).isEqualTo("This sync is processing now; wait for it to finish.");
        assertThat(skip.status()).isEqualTo(409);
        assertThat(event(id).get("status").asText()).isEqualTo("PROCESSING");
    }

    @Test
    void skipping_a_pending_event_and_then_skipping_it_again() {
        long id = pushInvoice("SKIP-1", "SKIP-A");

        var skipped = api.post("/api/v1/events/" + id + "/skip", null);
        var again = api.post("/api/v1/events/" + id + "/skip", null);

        assertThat(skipped.status()).as(skipped.toString()).isEqualTo(200);
        assertThat(skipped.json().get("status").asText()).isEqualTo("SKIPPED");
        assertThat(skipped.json().get("skipReason").asText()).isEqualTo("Skipped by a user.");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("message").asText()).isEqualTo("This sync is already skipped.");
    }

    @Test
    void failed_invoices_missing_one_sku_are_retried_together_by_filter() {
        long x1 = pushInvoice("BULK-1", "BULK-X");
        long x2 = pushInvoice("BULK-2", "BULK-X");
        long y = pushInvoice("BULK-3", "BULK-Y");
        failWithMissingSku(x1, "BULK-X");
        failWithMissingSku(x2, "BULK-X");
        failWithMissingSku(y, "BULK-Y");

        var r = api.post("/api/v1/events/retry", """
                {"status": "FAILED", "error": "SKU_NOT_FOUND", "q": "BULK-X"}""");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("changed").asInt()).isEqualTo(2);
        assertThat(r.json().get("refused").asInt()).isZero();
        assertThat(event(x1).get("status").asText()).isEqualTo("PENDING");
        assertThat(event(x1).get("retryCount").asInt()).isEqualTo(1);
        assertThat(event(x2).get("status").asText()).isEqualTo("PENDING");
        assertThat(event(y).get("status").asText()).isEqualTo("FAILED");
    }

    @Test
    void a_bulk_skip_counts_the_events_the_lifecycle_refused() {
        long pending = pushInvoice("BSKIP-1", "BSKIP-A");
        long done = pushInvoice("BSKIP-2", "BSKIP-A");
        api.succeed(done, "ref-9");

        var r = api.post("/api/v1/events/skip", "{\"type\": \"invoice\", \"q\": \"BSKIP-\"}");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("changed").asInt()).isEqualTo(1);
        assertThat(r.json().get("refused").asInt()).isEqualTo(1);
        assertThat(event(pending).get("status").asText()).isEqualTo("SKIPPED");
        assertThat(event(done).get("status").asText()).isEqualTo("SUCCESS");
    }

    @Test
    void an_event_that_does_not_exist_is_a_404() {
        for (var path : List.of("/api/v1/events/999999", "/api/v1/events/abc", "/api/v1/events/0")) {
            var get = api.get(path);
            var retry = api.post(path + "/retry", null);
            assertThat(get.status()).as(path).isEqualTo(404);
            assertThat(get.json().get("error").asText()).isEqualTo("not_found");
            assertThat(retry.status()).as(path).isEqualTo(404);
        }
    }
}
