package io.ledgerbridge.sandbox.xero;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.ledgerbridge.sandbox.xero.webhook.WebhookDelivery;
import io.ledgerbridge.sandbox.xero.webhook.WebhookDispatcher;
import io.ledgerbridge.sandbox.xero.webhook.WebhookSignature;
import io.ledgerbridge.sandbox.xero.wire.XeroJson;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Webhooks to a real local endpoint that checks x-xero-signature as Xero asks receivers to. */
class WebhookIT extends SandboxFixture {
    private static final String KEY = "webhook-key-123";
    private HttpServer receiver;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failEvents = new AtomicInteger();
    private volatile boolean checkSignature = true;

    @Override
    XeroSandbox.Builder configure(XeroSandbox.Builder b) {
        return b.webhookRetryScale(0.0001); // 15 minutes → 90 ms
    }

    private String startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String sig = ex.getRequestHeaders().getFirst("x-xero-signature");
            int status;
            if (checkSignature && !WebhookSignature.matches(body, KEY, sig)) {
                status = 401;
            } else if (!XeroJson.parse(body).get("events").isEmpty() && failEvents.getAndDecrement() > 0) {
                status = 500;
            } else {
                status = 200;
                if (!XeroJson.parse(body).get("events").isEmpty()) {
                    received.add(body);
                }
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        receiver.start();
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";
    }

    @AfterEach
    void stopReceiver() {
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        Instant until = Instant.now().plusSeconds(10);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20); // real HTTP to a real endpoint: nothing to advance
        }
    }

    private List<WebhookDelivery> events() {
        return sandbox.webhookDeliveries().stream().filter(d -> d.kind().equals("EVENTS")).toList();
    }

    @Test
    void intent_to_receive_needs_200_for_signed_and_401_for_mis_signed_payloads() throws Exception {
        sandbox.subscribeWebhooks(startReceiver(), KEY);
        await(() -> sandbox.webhookStatus() == WebhookDispatcher.Status.OK);
        List<WebhookDelivery> intent = sandbox.webhookDeliveries();
        assertThat(intent).hasSize(3).allMatch(d -> d.kind().equals("INTENT_TO_RECEIVE"));
        assertThat(intent).filteredOn(d -> !d.correctlySigned()).singleElement().extracting(WebhookDelivery::status).isEqualTo(401);
        JsonNode payload = XeroJson.parse(intent.getFirst().body());
        assertThat(payload.get("events")).isEmpty();
        assertThat(payload.get("firstEventSequence").asInt()).isZero();
        assertThat(payload.get("lastEventSequence").asInt()).isZero();
        assertThat(payload.get("entropy").asText()).isNotBlank();
    }

    @Test
    void an_endpoint_that_accepts_bad_signatures_fails_the_handshake_and_gets_no_events() throws Exception {
        checkSignature = false;
        sandbox.subscribeWebhooks(startReceiver(), KEY);
        await(() -> sandbox.webhookStatus() == WebhookDispatcher.Status.FAILED);
        contactId("Nobody Hears");
        Thread.sleep(200);
        assertThat(events()).isEmpty();
    }

    @Test
    void invoice_and_contact_changes_arrive_signed_and_batched_per_tenant() throws Exception {
        sandbox.subscribeWebhooks(startReceiver(), KEY);
        await(() -> sandbox.webhookStatus() == WebhookDispatcher.Status.OK);
        var put = client.put("/Contacts", "{\"Contacts\":[{\"Name\":\"One\"},{\"Name\":\"Two\"}]}");
        assertThat(put.status()).isEqualTo(200);
        await(() -> received.size() == 1);
        JsonNode batch = XeroJson.parse(received.getFirst());
        assertThat(batch.get("events")).hasSize(2);
        assertThat(batch.get("firstEventSequence").asInt()).isEqualTo(1);
        assertThat(batch.get("lastEventSequence").asInt()).isEqualTo(2);
        JsonNode e = batch.get("events").get(0);
        assertThat(e.get("eventCategory").asText()).isEqualTo("CONTACT");
        assertThat(e.get("eventType").asText()).isEqualTo("CREATE");
        assertThat(e.get("tenantId").asText()).isEqualTo(tenantId);
        assertThat(e.get("tenantType").asText()).isEqualTo("ORGANISATION");
        assertThat(e.get("eventDateUtc").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
        assertThat(e.get("resourceUrl").asText()).isEqualTo(sandbox.apiBase() + "/Contacts/" + e.get("resourceId").asText());

        String invoiceId = client.put("/Invoices", invoice(e.get("resourceId").asText(), null, "AUTHORISED", "1", "10", "NONE"))
                .json().get("Invoices").get(0).get("InvoiceID").asText();
        client.post("/Invoices/" + invoiceId, "{\"Invoices\":[{\"Reference\":\"r\"}]}");
        await(() -> received.stream().mapToInt(b -> XeroJson.parse(b).get("events").size()).sum() == 4);
        assertThat(received.stream().flatMap(b -> java.util.stream.StreamSupport.stream(XeroJson.parse(b).get("events").spliterator(), false))
                .filter(x -> x.get("eventCategory").asText().equals("INVOICE")).map(x -> x.get("eventType").asText()).toList())
                .containsExactly("CREATE", "UPDATE");
        assertThat(events()).allMatch(d -> WebhookSignature.matches(d.body(), KEY, d.signature()));
    }

    @Test
    void a_failed_delivery_is_retried_at_once_then_every_fifteen_minutes_scaled() throws Exception {
        sandbox.subscribeWebhooks(startReceiver(), KEY);
        await(() -> sandbox.webhookStatus() == WebhookDispatcher.Status.OK);
        failEvents.set(3);
        contactId("Retry Me");
        await(() -> received.size() == 1);
        // the receiver answers before the sandbox logs the attempt: wait for the log, not only the receiver
        await(() -> events().stream().anyMatch(d -> d.status() == 200));
        List<WebhookDelivery> attempts = events();
        assertThat(attempts).extracting(WebhookDelivery::attempt).containsExactly(1, 2, 3, 4);
        assertThat(attempts).extracting(WebhookDelivery::status).containsExactly(500, 500, 500, 200);
        assertThat(attempts).extracting(WebhookDelivery::body).containsOnly(attempts.getFirst().body());
    }

    @Test
    void webhook_deliveries_are_listed_over_http() throws Exception {
        sandbox.subscribeWebhooks(startReceiver(), KEY);
        await(() -> sandbox.webhookStatus() == WebhookDispatcher.Status.OK);
        var r = client.raw(java.net.http.HttpRequest.newBuilder(java.net.URI.create(sandbox.baseUrl() + "/_sandbox/webhooks/deliveries")).build());
        assertThat(r.json().get("subscription").asText()).isEqualTo("OK");
        assertThat(r.json().get("deliveries")).hasSize(3);
        assertThat(Duration.ofMillis(r.json().get("deliveries").get(0).get("millis").asLong())).isLessThan(Duration.ofSeconds(5));
    }
}
