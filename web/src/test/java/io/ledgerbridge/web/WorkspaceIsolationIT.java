package io.ledgerbridge.web;

import static io.ledgerbridge.web.ApiFixture.customer;
import static io.ledgerbridge.web.ApiFixture.invoice;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A key opens its own workspace and nothing else; without a key nothing opens. */
class WorkspaceIsolationIT {

    static ApiFixture api;
    static String otherKey;
    static long eventId;

    @BeforeAll
    static void start() {
        api = new ApiFixture();
        otherKey = api.otherWorkspaceKey();
        api.put("/api/v1/customers/C-1", customer("C-1", "ann@example.com"));
        eventId = api.put("/api/v1/invoices/INV-1", invoice("1001", "C-1", "PROD-001")).json().get("eventIds").get(0).asLong();
        api.fail(eventId, "SKU_NOT_FOUND", "{\"sku\": \"PROD-001\"}");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private ApiFixture.Response as(String key, String method, String path, String body) {
        return api.send(method, path, body == null ? null : "application/json", body, key);
    }

    @Test
    void every_route_needs_a_key() {
        var routes = List.of(
                new String[] {"GET", "/api/v1/events", null},
                new String[] {"GET", "/api/v1/events/" + eventId, null},
                new String[] {"POST", "/api/v1/events/" + eventId + "/retry", null},
                new String[] {"POST", "/api/v1/events/retry", "{\"status\": \"FAILED\"}"},
                new String[] {"PUT", "/api/v1/customers/C-9", customer("C-9", "x@example.com")},
                new String[] {"GET", "/api/v1/invoices/INV-1", null},
                new String[] {"GET", "/api/v1/widgets/W-1", null});
        String state = api.storedState();
        for (var route : routes) {
            for (var key : new String[] {null, "lb_not-a-real-key", "not-even-the-format"}) {
                var r = as(key, route[0], route[1], route[2]);
                assertThat(r.status()).as(route[0] + " " + route[1] + " key=" + key + " → " + r).isEqualTo(401);
                assertThat(r.json().get("error").asText()).isEqualTo("unauthorized");
                assertThat(r.json().get("message").asText()).contains("API key");
                assertThat(r.headers().get("WWW-Authenticate")).isNotEmpty();
            }
        }
        var basic = api.send(HttpRequests.withHeader(api.uri("/api/v1/events"), "Authorization", "Basic " + api.key));
        assertThat(basic.status()).isEqualTo(401);
        assertThat(event().get("status").asText()).isEqualTo("FAILED");
        assertThat(api.storedState()).isEqualTo(state);
    }

    @Test
    void a_revoked_key_opens_nothing() {
        var key = api.workspaces.createApiKey(api.workspace, "to revoke", Instant.now());
        assertThat(as(key, "GET", "/api/v1/events", null).status()).isEqualTo(200);
        api.db.jdbi().useHandle(h -> h.execute("UPDATE api_key SET revoked_at = now() WHERE label = 'to revoke'"));

        assertThat(as(key, "GET", "/api/v1/events", null).status()).isEqualTo(401);
    }

    @Test
    void another_workspace_cannot_read_this_workspace_record_or_event() {
        for (var path : List.of("/api/v1/invoices/INV-1", "/api/v1/invoices/INV-1/events", "/api/v1/customers/C-1",
                "/api/v1/events/" + eventId)) {
            var r = as(otherKey, "GET", path, null);
            assertThat(r.status()).as(path + " → " + r).isEqualTo(404);
            assertThat(r.json().get("error").asText()).isEqualTo("not_found");
        }
        assertThat(as(otherKey, "GET", "/api/v1/events?q=INV-1", null).json().get("events")).isEmpty();
    }

    @Test
    void another_workspace_cannot_retry_or_skip_this_workspace_event() {
        var retry = as(otherKey, "POST", "/api/v1/events/" + eventId + "/retry", null);
        var skip = as(otherKey, "POST", "/api/v1/events/" + eventId + "/skip", null);
        var bulk = as(otherKey, "POST", "/api/v1/events/retry", "{\"status\": \"FAILED\", \"q\": \"PROD-001\"}");

        assertThat(retry.status()).isEqualTo(404);
        assertThat(skip.status()).isEqualTo(404);
        assertThat(bulk.json().get("changed").asInt()).isZero();
        assertThat(bulk.json().get("refused").asInt()).isZero();
        assertThat(event().get("status").asText()).isEqualTo("FAILED");
        assertThat(event().get("retryCount").asInt()).isZero();
    }

    @Test
    void the_same_id_in_two_workspaces_is_two_records() {
        as(otherKey, "PUT", "/api/v1/customers/C-1", customer("C-1", "someone@else.example"));

        assertThat(as(otherKey, "GET", "/api/v1/customers/C-1", null).json().get("record").get("email").asText())
                .isEqualTo("someone@else.example");
        assertThat(api.get("/api/v1/customers/C-1").json().get("record").get("email").asText())
                .isEqualTo("ann@example.com");
    }

    @Test
    void a_workspace_without_a_native_source_is_told_so() {
        var lonely = api.workspaces.create("No source", Instant.now());
        var key = api.workspaces.createApiKey(lonely, "k", Instant.now());

        var r = as(key, "PUT", "/api/v1/customers/C-1", customer("C-1", "a@example.com"));

        assertThat(r.status()).as(r.toString()).isEqualTo(409);
        assertThat(r.json().get("error").asText()).isEqualTo("no_native_source");
        assertThat(r.json().get("message").asText()).contains("native source");
    }

    private static com.fasterxml.jackson.databind.JsonNode event() {
        return api.get("/api/v1/events/" + eventId).json();
    }
}
