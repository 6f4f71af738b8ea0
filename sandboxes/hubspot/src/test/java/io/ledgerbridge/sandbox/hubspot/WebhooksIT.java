package io.ledgerbridge.sandbox.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.ledgerbridge.sandbox.hubspot.crm.ObjectType;
import io.ledgerbridge.sandbox.hubspot.oauth.OAuthApp;
import io.ledgerbridge.sandbox.hubspot.ratelimit.RateLimits;
import io.ledgerbridge.sandbox.hubspot.webhook.DeliveryAttempt;
import io.ledgerbridge.sandbox.hubspot.webhook.WebhookSettings;
import io.ledgerbridge.sandbox.hubspot.webhook.WebhookSignature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** A receiver that verifies signatures the way a connector would, and answers with scripted statuses. */
class WebhooksIT {
    HubSpotSandbox hubspot;
    HttpServer receiver;
    String targetUrl;
    OAuthApp app;
    long portal;
    final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    final ConcurrentLinkedQueue<Integer> script = new ConcurrentLinkedQueue<>();

    record Received(JsonNode events, boolean signatureValid) {}

    @BeforeEach
    void start() throws IOException {
        hubspot = HubSpotSandbox.start(SandboxSettings.defaults().withRateLimits(RateLimits.unlimited()).withWebhooks(WebhookSettings.fastForTests()));
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        targetUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/hubspot?env=test";
        receiver.createContext("/hooks/hubspot", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            // The receiver rebuilds the full URI it was called on, as HubSpot's v3 docs ask.
            String uri = "http://" + exchange.getRequestHeaders().getFirst("Host") + exchange.getRequestURI();
            boolean valid = WebhookSignature.verifyV3("webhook-secret", exchange.getRequestMethod(), uri, body,
                    exchange.getRequestHeaders().getFirst("X-HubSpot-Request-Timestamp"),
                    exchange.getRequestHeaders().getFirst("X-HubSpot-Signature-v3"), hubspot.clock().instant());
            received.add(new Received(Json.MAPPER.readTree(body), valid));
            Integer status = script.poll();
            exchange.sendResponseHeaders(status == null ? 204 : status, -1);
            exchange.close();
        });
        receiver.start();
        app = hubspot.registerApp("Ledgerbridge", "client-w", "webhook-secret", null);
        portal = hubspot.createPortal("Acme");
        hubspot.installApp(app.appId(), portal);
        hubspot.configureWebhooks(app.appId(), targetUrl);
    }

    @AfterEach
    void stop() {
        hubspot.close();
        receiver.stop(0);
    }

    @Test
    void invoice_changes_arrive_as_generic_object_events_with_a_valid_v3_signature() {
        var grant = hubspot.issueTokens(app.appId(), portal);
        var http = new HubSpotHttp(hubspot.baseUrl(), grant.accessToken());
        String id = http.post("/crm/v3/objects/invoices", "{\"properties\":{\"hs_currency\":\"USD\"}}").json().get("id").asText();
        http.patch("/crm/v3/objects/invoices/" + id, "{\"properties\":{\"hs_invoice_status\":\"open\"}}");
        http.delete("/crm/v3/objects/invoices/" + id);
        assertThat(hubspot.awaitWebhooks(Duration.ofSeconds(5))).isTrue();

        assertThat(received).allMatch(Received::signatureValid);
        List<JsonNode> events = events();
        JsonNode creation = find(events, "object.creation", null);
        assertThat(creation.get("objectTypeId").asText()).isEqualTo("0-53");
        assertThat(creation.get("objectId").asText()).isEqualTo(id);
        assertThat(creation.get("portalId").asLong()).isEqualTo(portal);
        assertThat(creation.get("appId").asLong()).isEqualTo(app.appId());
        assertThat(creation.get("changeFlag").asText()).isEqualTo("CREATED");
        assertThat(creation.get("changeSource").asText()).isEqualTo("INTEGRATION");
        assertThat(creation.get("sourceId").asText()).isEqualTo(Long.toString(app.appId()));
        assertThat(creation.get("attemptNumber").asInt()).isZero();
        assertThat(creation.has("eventId") && creation.has("subscriptionId") && creation.has("occurredAt")).isTrue();
        JsonNode status = find(events, "object.propertyChange", "hs_invoice_status");
        assertThat(status.get("propertyValue").asText()).isEqualTo("open");
        assertThat(find(events, "object.deletion", null).get("changeFlag").asText()).isEqualTo("DELETED");
    }

    @Test
    void contacts_and_products_use_their_own_subscription_types_and_say_who_changed_them() {
        hubspot.createContact(portal, "a@example.com", "A", null);
        String product = hubspot.createProduct(portal, "Widget", "W", "1");
        hubspot.updateObject(portal, ObjectType.PRODUCTS, product, Map.of("price", "2"));
        assertThat(hubspot.awaitWebhooks(Duration.ofSeconds(5))).isTrue();
        List<JsonNode> events = events();
        JsonNode contact = find(events, "contact.creation", null);
        assertThat(contact.get("changeSource").asText()).isEqualTo("CRM_UI");
        assertThat(contact.has("objectTypeId")).isFalse();
        assertThat(find(events, "product.creation", null)).isNotNull();
        assertThat(find(events, "product.propertyChange", "price").get("propertyValue").asText()).isEqualTo("2");
    }

    @Test
    void a_500_is_retried_with_a_higher_attempt_number_until_it_succeeds() {
        script.add(500);
        script.add(503);
        hubspot.createContact(portal, "retry@example.com", null, null);
        assertThat(hubspot.awaitWebhooks(Duration.ofSeconds(5))).isTrue();
        List<DeliveryAttempt> attempts = hubspot.webhookAttempts();
        assertThat(attempts).extracting(DeliveryAttempt::status).containsExactly(500, 503, 204);
        assertThat(received).extracting(r -> r.events().get(0).get("attemptNumber").asInt()).containsExactly(0, 1, 2);
        assertThat(received).extracting(r -> r.events().get(0).get("eventId").asLong()).containsOnly(received.getFirst().events().get(0).get("eventId").asLong());
    }

    @Test
    void a_429_is_retried() {
        script.add(429);
        hubspot.createContact(portal, "busy@example.com", null, null);
        assertThat(hubspot.awaitWebhooks(Duration.ofSeconds(5))).isTrue();
        assertThat(hubspot.webhookAttempts()).extracting(DeliveryAttempt::status).containsExactly(429, 204);
    }

    @Test
    void a_400_is_not_retried() {
        script.add(400);
        hubspot.createContact(portal, "no-retry@example.com", null, null);
        assertThat(hubspot.awaitWebhooks(Duration.ofSeconds(5))).isTrue();
        assertThat(hubspot.webhookAttempts()).extracting(DeliveryAttempt::status).containsExactly(400);
    }

    @Test
    void forced_delivery_failures_are_retried() {
        hubspot.failNextWebhookDeliveries(2);
        hubspot.createContact(portal, "flaky@example.com", null, null);
        assertThat(hubspot.awaitWebhooks(Duration.ofSeconds(5))).isTrue();
        assertThat(hubspot.webhookAttempts()).extracting(DeliveryAttempt::status).containsExactly(-1, -1, 204);
        assertThat(received).hasSize(1);
        assertThat(received.getFirst().events().get(0).get("attemptNumber").asInt()).isEqualTo(2);
    }

    @Test
    void events_are_batched_up_to_100_per_post() {
        for (int i = 0; i < 150; i++) hubspot.createObject(portal, ObjectType.COMPANIES, Map.of("name", "C" + i));
        assertThat(hubspot.awaitWebhooks(Duration.ofSeconds(5))).isTrue();
        assertThat(received).extracting(r -> r.events().size()).allMatch(n -> n <= 100);
        assertThat(received.stream().mapToInt(r -> r.events().size()).sum()).isEqualTo(150);
        assertThat(received.size()).isLessThan(10);
    }

    @Test
    void portals_without_the_app_installed_send_nothing() {
        long other = hubspot.createPortal("Not installed");
        hubspot.createContact(other, "x@example.com", null, null);
        assertThat(hubspot.awaitWebhooks(Duration.ofSeconds(5))).isTrue();
        assertThat(received).isEmpty();
    }

    private List<JsonNode> events() {
        List<JsonNode> all = new ArrayList<>();
        synchronized (received) {
            received.forEach(r -> r.events().forEach(all::add));
        }
        return all;
    }

    private static JsonNode find(List<JsonNode> events, String type, String propertyName) {
        return events.stream().filter(e -> e.get("subscriptionType").asText().equals(type))
                .filter(e -> propertyName == null || propertyName.equals(e.path("propertyName").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type + " " + propertyName + " in " + events));
    }
}
