package io.ledgerbridge.sandbox.quickbooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.ledgerbridge.sandbox.quickbooks.oauth.OAuthApp;
import io.ledgerbridge.sandbox.quickbooks.webhook.WebhookDelivery;
import io.ledgerbridge.sandbox.quickbooks.webhook.WebhookFormat;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Webhooks (API_FACTS A.9): signed with the verifier token, legacy and CloudEvents bodies, retried on failure. */
class WebhookIT {
    record Received(String body, String signature) {}

    HttpServer receiver;
    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    final AtomicInteger failuresLeft = new AtomicInteger();
    QuickBooksSandbox sandbox;

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = failuresLeft.getAndDecrement() > 0 ? 500 : 200;
            if (status == 200) {
                received.add(new Received(body, exchange.getRequestHeaders().getFirst("intuit-signature")));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        sandbox = QuickBooksSandbox.builder().port(0).webhookRetries(0.001, 5).start();
        sandbox.createRealm("555", "Webhook Co");
    }

    @AfterEach
    void stop() {
        sandbox.close();
        receiver.stop(0);
    }

    URI hookUrl() {
        return URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks");
    }

    static String hmac(String body, String key) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    Received next() throws InterruptedException {
        Received r = received.poll(5, TimeUnit.SECONDS);
        assertThat(r).as("a webhook within 5 s").isNotNull();
        return r;
    }

    @Test
    void legacy_notification_is_signed_with_the_verifier_token() throws Exception {
        sandbox.registerApp(OAuthApp.of("hooked", "s", "http://localhost/cb").withWebhook(hookUrl(), "verifier-123", WebhookFormat.LEGACY));
        ApiClient api = new ApiClient(sandbox.baseUrl(), "555", sandbox.issueTokens("hooked", "555").accessToken());
        String id = api.post("/customer", "{\"DisplayName\":\"Hooked Customer\"}").json().path("Customer").path("Id").asText();

        Received r = next();
        assertThat(r.signature()).isEqualTo(hmac(r.body(), "verifier-123"));
        JsonNode notification = ApiClient.JSON.readTree(r.body()).path("eventNotifications").path(0);
        assertThat(notification.path("realmId").asText()).isEqualTo("555");
        JsonNode entity = notification.path("dataChangeEvent").path("entities").path(0);
        assertThat(entity.path("name").asText()).isEqualTo("Customer");
        assertThat(entity.path("id").asText()).isEqualTo(id);
        assertThat(entity.path("operation").asText()).isEqualTo("Create");
        assertThat(entity.path("lastUpdated").asText()).endsWith("Z");
    }

    @Test
    void cloudevents_notification_after_retries_on_failure() throws Exception {
        failuresLeft.set(2);
        sandbox.registerApp(OAuthApp.of("cloud", "s", "http://localhost/cb").withWebhook(hookUrl(), "verifier-ce", WebhookFormat.CLOUD_EVENTS));
        sandbox.issueTokens("cloud", "555");
        String customer = sandbox.createCustomer("555", "Cloud Customer", null);

        Received r = next();
        assertThat(r.signature()).isEqualTo(hmac(r.body(), "verifier-ce"));
        JsonNode event = ApiClient.JSON.readTree(r.body()).path(0);
        assertThat(event.path("specversion").asText()).isEqualTo("1.0");
        assertThat(event.path("type").asText()).isEqualTo("qbo.customer.created.v1");
        assertThat(event.path("intuitentityid").asText()).isEqualTo(customer);
        assertThat(event.path("intuitaccountid").asText()).isEqualTo("555");

        List<WebhookDelivery> attempts = sandbox.webhookDeliveries();
        for (long deadline = System.nanoTime() + 2_000_000_000L; attempts.size() < 3 && System.nanoTime() < deadline; ) {
            Thread.sleep(5); // the receiver saw the body a moment before the sandbox recorded the 200
            attempts = sandbox.webhookDeliveries();
        }
        assertThat(attempts).extracting(WebhookDelivery::attempt).containsExactly(1, 2, 3);
        assertThat(attempts).extracting(WebhookDelivery::status).containsExactly(500, 500, 200);
    }

    @Test
    void apps_not_connected_to_the_realm_get_nothing() throws Exception {
        sandbox.registerApp(OAuthApp.of("unconnected", "s", "http://localhost/cb").withWebhook(hookUrl(), "v", WebhookFormat.LEGACY));
        sandbox.createCustomer("555", "Nobody Listens", null);
        assertThat(received.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }
}
