package io.ledgerbridge.web;

import static io.ledgerbridge.web.ApiFixture.customer;
import static io.ledgerbridge.web.ApiFixture.invoice;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.store.queue.PostgresSyncQueue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Flows, API keys and the audit log over the API, as a developer's script or an operator's tool uses them. */
class TeamApiIT {

    ApiFixture api;

    @BeforeEach
    void start() {
        api = new ApiFixture();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void a_flow_is_listed_paused_resumed_and_deleted_and_each_change_is_in_the_audit_log_under_the_key() {
        String path = "/api/v1/flows/" + api.flow;
        var list = api.get("/api/v1/flows");
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        assertThat(list.json().get("flows")).singleElement().satisfies(f -> {
            assertThat(f.get("id").asText()).isEqualTo(api.flow.toString());
            assertThat(f.get("state").asText()).isEqualTo("active");
            assertThat(f.get("source").get("name").asText()).isEqualTo("Acme app");
            assertThat(f.get("destination").get("system").asText()).isEqualTo("reference");
        });

        var paused = api.post(path + "/pause", null);
        assertThat(paused.status()).as(paused.toString()).isEqualTo(200);
        assertThat(paused.json().get("flow").get("state").asText()).isEqualTo("paused");
        assertThat(paused.json().get("flow").get("pausedBy").asText()).startsWith("API key lb_").endsWith("(tests)");

        // Records still come in while paused; their syncs wait and say why, and no node claims them.
        assertThat(api.put("/api/v1/customers/C-1", customer("C-1", "c1@example.com")).status()).isEqualTo(201);
        var pushed = api.put("/api/v1/invoices/P-1", invoice("P-1", "C-1", "SKU-1"));
        assertThat(pushed.status()).as(pushed.toString()).isEqualTo(201);
        long eventId = pushed.json().get("eventIds").get(0).asLong();
        var event = api.get("/api/v1/events/" + eventId).json();
        assertThat(event.get("status").asText()).isEqualTo("PENDING");
        assertThat(event.get("waitReason").get("code").asText()).isEqualTo("PAUSED");
        assertThat(event.get("waitReason").get("label").asText()).startsWith("Paused by API key lb_");
        var queue = new PostgresSyncQueue(api.db.jdbi());
        assertThat(queue.claim("node-t", 10, Instant.now(), Instant.now().plusSeconds(30))).isEmpty();

        var again = api.post(path + "/pause", null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("message").asText()).isEqualTo("The flow is already paused.");

        var resumed = api.post(path + "/resume", null);
        assertThat(resumed.status()).as(resumed.toString()).isEqualTo(200);
        assertThat(resumed.json().get("syncs").asInt()).as("the customer's and the invoice's").isEqualTo(2);
        assertThat(api.get("/api/v1/events/" + eventId).json().get("waitReason").get("code").asText()).isEqualTo("QUEUED");

        var deleted = api.send("DELETE", path, null, null, api.key);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        assertThat(deleted.json().get("syncs").asInt()).isEqualTo(2);
        assertThat(deleted.json().get("flow").get("state").asText()).isEqualTo("deleted");
        var skipped = api.get("/api/v1/events/" + eventId).json();
        assertThat(skipped.get("status").asText()).isEqualTo("SKIPPED");
        assertThat(skipped.get("skipReason").asText()).isEqualTo("flow deleted");
        assertThat(api.get("/api/v1/flows").json().get("flows")).isEmpty();
        assertThat(api.get(path).status()).isEqualTo(404);
        assertThat(api.post(path + "/resume", null).status()).isEqualTo(404);

        var audit = api.get("/api/v1/audit?action=flow.").json().get("entries");
        var actions = new ArrayList<String>();
        audit.forEach(e -> actions.add(e.get("action").asText()));
        assertThat(actions).containsExactly("flow.delete", "flow.resume", "flow.pause");
        audit.forEach(e -> {
            assertThat(e.get("actor").asText()).startsWith("API key lb_");
            assertThat(e.get("target").asText()).isEqualTo("flow:" + api.flow);
        });
        assertThat(audit.get(0).get("before").get("state").asText()).isEqualTo("active");
        assertThat(audit.get(0).get("after").get("state").asText()).isEqualTo("deleted");
    }

    @Test
    void another_workspaces_flow_is_not_found_and_cannot_be_paused() {
        var otherKey = api.otherWorkspaceKey();
        var answer = api.send("POST", "/api/v1/flows/" + api.flow + "/pause", null, null, otherKey);
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().get("message").asText()).contains("There is no flow").contains("GET /api/v1/flows");
        assertThat(api.flows.flow(api.flow).isPaused()).isFalse();
        assertThat(api.get("/api/v1/flows/not-a-flow").status()).isEqualTo(404);
    }

    @Test
    void a_revoked_key_is_refused_from_the_next_request_with_a_plain_message() {
        var keys = api.workspaces.keys();
        var created = keys.create(api.workspace, "Web shop", false, Optional.of("ann@acme.example"), Instant.now());
        assertThat(api.send("GET", "/api/v1/flows", null, null, created.key()).status()).isEqualTo(200);

        keys.revoke(api.workspace, created.apiKey().id(), "ann@acme.example", Instant.now());

        var refused = api.send("GET", "/api/v1/flows", null, null, created.key());
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().get("error").asText()).isEqualTo("key_revoked");
        assertThat(refused.json().get("message").asText())
                .startsWith("The API key " + created.apiKey().prefix() + "… (Web shop) was revoked on ")
                .contains("Create a new key under Settings → API keys");
        var unknown = api.send("GET", "/api/v1/flows", null, null, "lb_notakeyatall");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.json().get("error").asText()).isEqualTo("unauthorized");
        assertThat(api.get("/api/v1/flows").status()).as("the other key still works").isEqualTo(200);

        var listed = keys.list(api.workspace);
        assertThat(listed).filteredOn(k -> k.id().equals(created.apiKey().id())).singleElement().satisfies(k -> {
            assertThat(k.revokedAt()).isPresent();
            assertThat(k.revokedBy()).contains("ann@acme.example");
            assertThat(k.lastUsedAt()).as("used once before the revoke").isPresent();
        });
        var audit = api.get("/api/v1/audit?action=key.").json().get("entries");
        assertThat(audit).hasSize(2);
        assertThat(audit.get(0).get("summary").asText()).isEqualTo("Revoked API key " + created.apiKey().prefix() + "… (Web shop)");
        assertThat(audit.get(1).get("action").asText()).isEqualTo("key.create");
    }

    @Test
    void a_read_only_key_reads_everything_and_changes_nothing() {
        var created = api.workspaces.keys().create(api.workspace, "Reports", true, Optional.empty(), Instant.now());
        String key = created.key();
        String before = api.storedState();

        assertThat(api.send("GET", "/api/v1/flows", null, null, key).status()).isEqualTo(200);
        assertThat(api.send("GET", "/api/v1/events", null, null, key).status()).isEqualTo(200);
        assertThat(api.send("GET", "/api/v1/audit", null, null, key).status()).isEqualTo(200);
        var push = api.send("PUT", "/api/v1/customers/C-RO", "application/json", customer("C-RO", "ro@example.com"), key);
        var pause = api.send("POST", "/api/v1/flows/" + api.flow + "/pause", null, null, key);
        var delete = api.send("DELETE", "/api/v1/flows/" + api.flow, null, null, key);

        for (var refused : new ApiFixture.Response[] {push, pause, delete}) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
            assertThat(refused.json().get("error").asText()).isEqualTo("read_only_key");
            assertThat(refused.json().get("message").asText()).contains("(Reports) is read-only");
        }
        assertThat(api.storedState()).isEqualTo(before);
        assertThat(api.flows.flow(api.flow).isPaused()).isFalse();
    }

    @Test
    void retries_and_skips_over_the_api_are_in_the_audit_log_which_pages_and_filters() {
        var ids = new ArrayList<Long>();
        for (int i = 1; i <= 3; i++) {
            var r = api.put("/api/v1/customers/A-" + i, customer("A-" + i, "a" + i + "@example.com"));
            ids.add(r.json().get("eventIds").get(0).asLong());
        }
        for (long id : ids) {
            api.fail(id, "SKU_NOT_FOUND", "{\"sku\": \"X\", \"line\": \"1\", \"destination\": \"the reference ledger\"}");
            assertThat(api.post("/api/v1/events/" + id + "/skip", null).status()).isEqualTo(200);
        }
        assertThat(api.post("/api/v1/events/" + ids.getFirst() + "/retry", null).status()).isEqualTo(200);

        var first = api.get("/api/v1/audit?limit=2").json();
        assertThat(first.get("entries")).hasSize(2);
        assertThat(first.get("entries").get(0).get("action").asText()).isEqualTo("sync.retry");
        assertThat(first.get("entries").get(0).get("target").asText()).isEqualTo("event:" + ids.getFirst());
        long next = first.get("nextBefore").asLong();
        var second = api.get("/api/v1/audit?limit=2&before=" + next).json();
        assertThat(second.get("entries")).hasSize(2);
        assertThat(second.get("entries").get(0).get("id").asLong()).isLessThan(next);
        assertThat(api.get("/api/v1/audit?action=sync.skip").json().get("entries")).hasSize(3);
        assertThat(api.get("/api/v1/audit?actor=nobody-like-this").json().get("entries")).isEmpty();
        var bad = api.get("/api/v1/audit?limit=9000");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("message").asText()).isEqualTo("limit must be between 1 and 500, not 9000.");
        assertThat(api.get("/api/v1/audit?since=yesterday").json().get("message").asText())
                .startsWith("since must be an instant such as 2026-12-01T00:00:00Z");
    }

    @Test
    void the_audit_log_of_one_workspace_is_not_readable_with_another_workspaces_key() {
        api.post("/api/v1/flows/" + api.flow + "/pause", null);
        var other = api.send("GET", "/api/v1/audit", null, null, api.otherWorkspaceKey());
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.json().get("entries")).isEmpty();
        assertThat(api.get("/api/v1/audit").json().get("entries")).hasSize(1);
    }

    @Test
    void a_workspace_made_on_the_command_line_is_set_up_over_the_api_and_takes_its_first_invoice() {
        var now = Instant.now();
        var fresh = api.workspaces.create("Fresh Co", now);
        String key = api.workspaces.createApiKey(fresh, "setup", now);
        var first = api.send("PUT", "/api/v1/customers/F-1", "application/json", customer("F-1", "f1@fresh.example"), key);
        assertThat(first.status()).isEqualTo(409);
        assertThat(first.json().get("message").asText()).contains("POST /api/v1/connections");

        var app = api.send("POST", "/api/v1/connections", "application/json", """
                {"system": "native", "name": "Fresh shop"}""", key);
        assertThat(app.status()).as(app.toString()).isEqualTo(201);
        assertThat(app.json().get("status").asText()).isEqualTo("CONNECTED");
        var books = api.send("POST", "/api/v1/connections", "application/json", """
                {"system": "reference", "name": "Fresh books", "settings": {"ledger": "fresh"}, "accessToken": "t-1"}""", key);
        assertThat(books.status()).as(books.toString()).isEqualTo(201);
        assertThat(books.body()).doesNotContain("t-1");
        var xero = api.send("POST", "/api/v1/connections", "application/json", """
                {"system": "xero", "name": "Fresh Xero"}""", key);
        assertThat(xero.status()).isEqualTo(422);
        assertThat(xero.json().get("error").asText()).isEqualTo("needs_consent");
        var taken = api.send("POST", "/api/v1/connections", "application/json", """
                {"system": "native", "name": "fresh SHOP"}""", key);
        assertThat(taken.status()).isEqualTo(409);
        var listed = api.send("GET", "/api/v1/connections", null, null, key).json().get("connections");
        assertThat(listed).hasSize(2);

        String appId = app.json().get("id").asText();
        String booksId = books.json().get("id").asText();
        var backwards = api.send("POST", "/api/v1/flows", "application/json",
                "{\"sourceConnectionId\": \"" + booksId + "\", \"destinationConnectionId\": \"" + appId + "\"}", key);
        assertThat(backwards.status()).isEqualTo(409);
        assertThat(backwards.json().get("message").asText()).contains("only receives records; it cannot be a source");
        var elsewhere = api.send("POST", "/api/v1/flows", "application/json",
                "{\"sourceConnectionId\": \"" + appId + "\", \"destinationConnectionId\": \"" + api.destination + "\"}", key);
        assertThat(elsewhere.status()).as("another workspace's connection").isEqualTo(422);
        var flow = api.send("POST", "/api/v1/flows", "application/json",
                "{\"sourceConnectionId\": \"" + appId + "\", \"destinationConnectionId\": \"" + booksId + "\"}", key);
        assertThat(flow.status()).as(flow.toString()).isEqualTo(201);
        assertThat(flow.json().get("state").asText()).isEqualTo("active");
        var again = api.send("POST", "/api/v1/flows", "application/json",
                "{\"sourceConnectionId\": \"" + appId + "\", \"destinationConnectionId\": \"" + booksId + "\"}", key);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("message").asText()).isEqualTo("A flow from Fresh shop to Fresh books already exists.");

        var pushed = api.send("PUT", "/api/v1/customers/F-1", "application/json", customer("F-1", "f1@fresh.example"), key);
        assertThat(pushed.status()).as(pushed.toString()).isEqualTo(201);
        assertThat(pushed.json().get("eventIds")).hasSize(1);
        var audit = api.send("GET", "/api/v1/audit", null, null, key).json().get("entries");
        var actions = new ArrayList<String>();
        audit.forEach(e -> actions.add(e.get("action").asText()));
        assertThat(actions).containsExactly("flow.create", "connection.connect", "connection.connect");
    }

    @Test
    void a_flow_is_routed_over_the_api_and_invoices_then_go_only_to_the_destination_their_field_names() {
        var now = Instant.now();
        var north = api.connections.create(api.workspace, "reference", "North books", java.util.Map.of(), null, now);
        var northFlow = api.flows.create(api.workspace, api.nativeSource, north, io.ledgerbridge.domain.workspace.FlowSettings.defaults(), now);
        var xero = api.connections.create(api.workspace, "xero", "South Xero", java.util.Map.of(), null, now);
        var southFlow = api.flows.create(api.workspace, api.nativeSource, xero, io.ledgerbridge.domain.workspace.FlowSettings.defaults(), now);
        var drop = api.send("DELETE", "/api/v1/flows/" + api.flow, null, null, api.key);
        assertThat(drop.status()).isEqualTo(200);

        var north1 = api.put("/api/v1/flows/" + northFlow + "/route", """
                {"field": "region", "value": "North", "numberPrefix": "N-"}""");
        assertThat(north1.status()).as(north1.toString()).isEqualTo(200);
        assertThat(north1.json().get("settings").get("route").get("value").asText()).isEqualTo("North");
        var noPrefix = api.put("/api/v1/flows/" + southFlow + "/route", """
                {"field": "region", "value": "South"}""");
        assertThat(noPrefix.status()).isEqualTo(422);
        assertThat(noPrefix.json().get("message").asText()).startsWith("A Xero destination of a routed flow needs an invoice number prefix");
        var noValue = api.put("/api/v1/flows/" + northFlow + "/route", """
                {"field": "region"}""");
        assertThat(noValue.status()).isEqualTo(422);
        assertThat(api.put("/api/v1/flows/" + southFlow + "/route", """
                {"field": "region", "value": "South", "numberPrefix": "S-"}""").status()).isEqualTo(200);

        assertThat(api.put("/api/v1/customers/R-C", customer("R-C", "rc@example.com")).status()).isEqualTo(201);
        var pushed = api.put("/api/v1/invoices/R-1", """
                {"number": "R-1", "status": "OPEN", "customerId": "R-C", "currency": "USD", "issueDate": "2025-03-01",
                 "attributes": {"region": "south"},
                 "lines": [{"sku": "S-1", "description": "Service", "quantity": 1, "unitPrice": "10.00", "taxCode": null}]}""");
        assertThat(pushed.status()).as(pushed.toString()).isEqualTo(201);
        var flowsOfEvents = new ArrayList<String>();
        pushed.json().get("eventIds").forEach(id -> flowsOfEvents.add(api.get("/api/v1/events/" + id.asLong()).json()
                .get("flowId").asText()));
        assertThat(flowsOfEvents).containsExactly(southFlow.toString());

        var unrouted = api.send("DELETE", "/api/v1/flows/" + northFlow + "/route", null, null, api.key);
        assertThat(unrouted.status()).isEqualTo(200);
        assertThat(unrouted.json().get("settings").get("route").isNull()).isTrue();
        var audit = api.get("/api/v1/audit?action=settings.save").json().get("entries");
        assertThat(audit).hasSize(3);
        assertThat(audit.get(0).get("summary").asText()).isEqualTo("Unrouted the flow: it takes every record of its source");
        assertThat(audit.get(0).get("before").get("route").get("value").asText()).isEqualTo("North");
    }
}
