package io.ledgerbridge.web;

import static io.ledgerbridge.web.ApiFixture.customer;
import static io.ledgerbridge.web.ApiFixture.invoice;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RecordPushIT {

    static ApiFixture api;

    @BeforeAll
    static void start() {
        api = new ApiFixture();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void pushing_a_customer_creates_it_with_a_pending_event_for_the_flow() {
        var r = api.put("/api/v1/customers/C-1", customer("C-1", "ann@example.com"));

        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.headers().get("Location")).containsExactly("/api/v1/customers/C-1");
        var body = r.json();
        assertThat(body.get("type").asText()).isEqualTo("customer");
        assertThat(body.get("id").asText()).isEqualTo("C-1");
        assertThat(body.get("version").asLong()).isEqualTo(1);
        assertThat(body.get("changed").asBoolean()).isTrue();
        assertThat(body.get("eventIds")).hasSize(1);

        var event = api.get("/api/v1/events/" + body.get("eventIds").get(0).asLong()).json();
        assertThat(event.get("status").asText()).isEqualTo("PENDING");
        assertThat(event.get("waitReason").get("code").asText()).isEqualTo("QUEUED");
        assertThat(event.get("type").asText()).isEqualTo("customer");
        assertThat(event.get("recordId").asText()).isEqualTo("C-1");
        assertThat(event.get("flowId").asText()).isEqualTo(api.flow.toString());
    }

    @Test
    void the_same_body_pushed_twice_is_one_version_and_one_event() {
        var first = api.put("/api/v1/customers/C-2", customer("C-2", "bob@example.com"));
        long events = api.count("sync_event");

        var second = api.put("/api/v1/customers/C-2", customer("C-2", "bob@example.com"));

        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        assertThat(second.json().get("changed").asBoolean()).isFalse();
        assertThat(second.json().get("version").asLong()).isEqualTo(1);
        assertThat(second.json().get("eventIds")).isEqualTo(first.json().get("eventIds"));
        assertThat(api.count("sync_event")).isEqualTo(events);
    }

    @Test
    void a_changed_body_is_a_new_version_synced_by_the_event_still_waiting() {
        var first = api.put("/api/v1/customers/C-3", customer("C-3", "cy@example.com"));
        var second = api.put("/api/v1/customers/C-3", customer("C-3", "cy@new.example.com"));

        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("changed").asBoolean()).isTrue();
        assertThat(second.json().get("version").asLong()).isEqualTo(2);
        assertThat(second.json().get("eventIds")).isEqualTo(first.json().get("eventIds"));
        assertThat(api.get("/api/v1/customers/C-3").json().get("record").get("email").asText())
                .isEqualTo("cy@new.example.com");
    }

    @Test
    void post_takes_the_id_from_the_body_and_creates_then_updates() {
        var created = api.post("/api/v1/products", """
                {"id": "P-1", "sku": "PROD-001", "name": "Filter", "unitPrice": 12.5, "currency": "USD"}""");
        var updated = api.post("/api/v1/products", """
                {"id": "P-1", "sku": "PROD-001", "name": "Air filter", "unitPrice": 12.5, "currency": "USD"}""");
        var same = api.post("/api/v1/products", """
                {"id": "P-1", "sku": "PROD-001", "name": "Air filter", "unitPrice": 12.5, "currency": "USD"}""");

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.headers().get("Location")).containsExactly("/api/v1/products/P-1");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("version").asLong()).isEqualTo(2);
        assertThat(same.status()).isEqualTo(200);
        assertThat(same.json().get("changed").asBoolean()).isFalse();
    }

    @Test
    void a_body_without_an_id_takes_the_id_of_the_path() {
        var r = api.put("/api/v1/customers/C-4", """
                {"displayName": "Dee", "email": "dee@example.com"}""");

        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(api.get("/api/v1/customers/C-4").json().get("record").get("id").asText()).isEqualTo("C-4");
    }

    @Test
    void amounts_sent_as_numbers_or_strings_are_kept_exactly() {
        api.put("/api/v1/customers/C-5", customer("C-5", "eve@example.com"));
        var r = api.put("/api/v1/invoices/INV-5", """
                {"number": "1005", "status": "OPEN", "customerId": "C-5", "currency": "USD", "issueDate": "2025-03-01",
                 "lines": [{"sku": "A", "quantity": 0.1, "unitPrice": "0.30"},
                           {"sku": "B", "quantity": "3", "unitPrice": 19.999999}]}""");

        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        var read = api.get("/api/v1/invoices/INV-5");
        assertThat(read.body()).contains("\"unitPrice\":0.30", "\"quantity\":0.1", "\"unitPrice\":19.999999");
        var lines = read.json().get("record").get("lines");
        assertThat(lines.get(0).get("quantity").decimalValue()).isEqualByComparingTo("0.1");
        assertThat(lines.get(0).get("unitPrice").asText()).isEqualTo("0.30");
        assertThat(lines.get(1).get("unitPrice").asText()).isEqualTo("19.999999");
        String stored = api.db.jdbi().withHandle(h -> h.createQuery(
                "SELECT payload::jsonb->'lines'->0->>'unitPrice' FROM source_record WHERE source_id = 'INV-5'").mapTo(String.class).one());
        assertThat(stored).isEqualTo("0.30");
    }

    @Test
    void an_invoice_keeps_the_attributes_a_routed_flow_routes_by_and_too_many_are_refused_by_name() {
        api.put("/api/v1/customers/C-8", customer("C-8", "fay@example.com"));
        var r = api.put("/api/v1/invoices/INV-8", """
                {"number": "1008", "status": "OPEN", "customerId": "C-8", "currency": "USD", "issueDate": "2025-03-01",
                 "attributes": {"region": "Sydney", "channel": "web"},
                 "lines": [{"sku": "A", "quantity": 1, "unitPrice": "10.00"}]}""");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(api.get("/api/v1/invoices/INV-8").json().get("record").get("attributes").get("region").asText())
                .isEqualTo("Sydney");

        var many = new StringBuilder();
        for (int i = 0; i < 51; i++) {
            many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\": \"v\"");
        }
        var refused = api.put("/api/v1/invoices/INV-9", """
                {"number": "1009", "status": "OPEN", "customerId": "C-8", "currency": "USD", "issueDate": "2025-03-01",
                 "attributes": {%s}, "lines": [{"sku": "A", "quantity": 1, "unitPrice": "10.00"}]}""".formatted(many));
        assertThat(refused.status()).isIn(400, 422);
        assertThat(refused.body()).contains("attributes").contains("more than 50");
    }

    @Test
    void reading_an_invoice_shows_the_record_and_its_status_in_each_flow() {
        api.put("/api/v1/customers/C-6", customer("C-6", "fay@example.com"));
        var pushed = api.put("/api/v1/invoices/INV-6", invoice("1006", "C-6", "PROD-001")).json();

        var r = api.get("/api/v1/invoices/INV-6");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        var body = r.json();
        assertThat(body.get("type").asText()).isEqualTo("invoice");
        assertThat(body.get("record").get("number").asText()).isEqualTo("1006");
        assertThat(body.get("record").get("status").asText()).isEqualTo("OPEN");
        assertThat(body.get("record").get("lines").get(0).get("sku").asText()).isEqualTo("PROD-001");
        var sync = body.get("sync");
        assertThat(sync).hasSize(1);
        assertThat(sync.get(0).get("flowId").asText()).isEqualTo(api.flow.toString());
        assertThat(sync.get(0).get("destination").get("system").asText()).isEqualTo("reference");
        assertThat(sync.get(0).get("destination").get("connectionId").asText()).isEqualTo(api.destination.toString());
        var event = sync.get(0).get("event");
        assertThat(event.get("id").asLong()).isEqualTo(pushed.get("eventIds").get(0).asLong());
        assertThat(event.get("status").asText()).isEqualTo("PENDING");
        assertThat(event.get("statusLabel").asText()).isEqualTo("Pending");
        assertThat(event.get("waitReason").get("label").asText()).isEqualTo("Queued");
        assertThat(event.get("retryCount").asInt()).isZero();
        assertThat(event.get("error").isNull()).isTrue();
    }

    @Test
    void a_failed_invoice_shows_the_error_title_message_fix_and_details() {
        api.put("/api/v1/customers/C-7", customer("C-7", "gus@example.com"));
        long eventId = api.put("/api/v1/invoices/INV-7", invoice("1007", "C-7", "PROD-404")).json()
                .get("eventIds").get(0).asLong();
        api.fail(eventId, "SKU_NOT_FOUND", """
                {"sku": "PROD-404", "line": "1", "destination": "the reference ledger"}""");

        var event = api.get("/api/v1/invoices/INV-7").json().get("sync").get(0).get("event");

        assertThat(event.get("status").asText()).isEqualTo("FAILED");
        assertThat(event.get("waitReason").isNull()).isTrue();
        var error = event.get("error");
        assertThat(error.get("code").asText()).isEqualTo("SKU_NOT_FOUND");
        assertThat(error.get("title").asText()).isEqualTo("SKU not found");
        assertThat(error.get("message").asText()).contains("\"PROD-404\"", "the reference ledger", "line 1");
        assertThat(error.get("fix").asText()).startsWith("Create the product with the exact SKU \"PROD-404\"");
        assertThat(error.get("details").get("sku").asText()).isEqualTo("PROD-404");
    }

    @Test
    void a_record_lists_its_events_newest_first() {
        api.put("/api/v1/customers/C-8", customer("C-8", "hal@example.com"));
        long first = api.put("/api/v1/invoices/INV-8", invoice("1008", "C-8", "A")).json().get("eventIds").get(0).asLong();
        api.succeed(first, "ref-inv-1");
        long second = api.put("/api/v1/invoices/INV-8", invoice("1008", "C-8", "B")).json().get("eventIds").get(0).asLong();

        var events = api.get("/api/v1/invoices/INV-8/events").json().get("events");

        assertThat(second).isNotEqualTo(first);
        assertThat(events).hasSize(2);
        assertThat(events.get(0).get("id").asLong()).isEqualTo(second);
        assertThat(events.get(1).get("status").asText()).isEqualTo("SUCCESS");
        assertThat(events.get(1).get("destinationId").asText()).isEqualTo("ref-inv-1");
    }

    @Test
    void a_record_never_pushed_is_not_found() {
        var r = api.get("/api/v1/invoices/NOPE");
        var events = api.get("/api/v1/invoices/NOPE/events");

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("error").asText()).isEqualTo("not_found");
        assertThat(r.json().get("message").asText()).contains("invoice 'NOPE'");
        assertThat(events.status()).isEqualTo(404);
    }

    @Test
    void a_payment_follows_its_invoice() {
        api.put("/api/v1/customers/C-9", customer("C-9", "ida@example.com"));
        api.put("/api/v1/invoices/INV-9", invoice("1009", "C-9", "A"));
        var r = api.put("/api/v1/payments/PAY-9", """
                {"invoiceId": "INV-9", "amount": "99.90", "currency": "USD", "date": "2025-03-15", "reference": "chk 12"}""");

        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(api.get("/api/v1/payments/PAY-9").json().get("record").get("amount").asText()).isEqualTo("99.90");
    }
}
