package io.ledgerbridge.connector.quickbooks.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.ledgerbridge.sandbox.quickbooks.QuickBooksSandbox;
import io.ledgerbridge.sandbox.quickbooks.oauth.OAuthApp;
import io.ledgerbridge.sandbox.quickbooks.webhook.WebhookFormat;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Webhooks the QuickBooks sandbox really sends, checked and read by the connector, in both payload formats. */
class QuickBooksWebhooksIT {

    private record Received(byte[] body, String signature) {}

    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private HttpServer receiver;
    private QuickBooksSandbox sandbox;

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks", exchange -> {
            received.add(new Received(exchange.getRequestBody().readAllBytes(),
                    exchange.getRequestHeaders().getFirst(QuickBooksWebhooks.SIGNATURE_HEADER)));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        sandbox = QuickBooksSandbox.builder().port(0).webhookRetries(0.001, 2).start();
        sandbox.createRealm("777", "Hooks Co");
    }

    @AfterEach
    void stop() {
        sandbox.close();
        receiver.stop(0);
    }

    private Received next() throws InterruptedException {
        var r = received.poll(10, TimeUnit.SECONDS);
        assertThat(r).as("a webhook within 10 s").isNotNull();
        return r;
    }

    private void connect(String clientId, WebhookFormat format) {
        var url = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks");
        sandbox.registerApp(OAuthApp.of(clientId, "s", "http://localhost/cb").withWebhook(url, "verifier-" + clientId, format));
        sandbox.issueTokens(clientId, "777");
    }

    @Test
    void a_cloud_events_delivery_is_verified_and_read() throws Exception {
        connect("ce", WebhookFormat.CLOUD_EVENTS);
        String id = sandbox.createCustomer("777", "Hooked", "hooked@example.com");
        var r = next();
        assertThat(QuickBooksWebhooks.verify(r.body(), r.signature(), "verifier-ce")).isTrue();
        assertThat(QuickBooksWebhooks.verify(r.body(), r.signature(), "another-token")).isFalse();
        assertThat(QuickBooksWebhooks.verify("tampered".getBytes(StandardCharsets.UTF_8), r.signature(), "verifier-ce")).isFalse();
        assertThat(QuickBooksWebhooks.parse(r.body())).singleElement().satisfies(n -> {
            assertThat(n.realmId()).isEqualTo("777");
            assertThat(n.entity()).isEqualTo("Customer");
            assertThat(n.id()).isEqualTo(id);
            assertThat(n.operation()).isEqualTo("Create");
        });
    }

    @Test
    void a_legacy_delivery_is_verified_and_read() throws Exception {
        connect("legacy", WebhookFormat.LEGACY);
        String id = sandbox.createItem("777", "Hooked item", "H-1", null);
        var r = next();
        assertThat(QuickBooksWebhooks.verify(r.body(), r.signature(), "verifier-legacy")).isTrue();
        assertThat(QuickBooksWebhooks.parse(r.body())).singleElement().satisfies(n -> {
            assertThat(n.realmId()).isEqualTo("777");
            assertThat(n.entity()).isEqualTo("Item");
            assertThat(n.id()).isEqualTo(id);
            assertThat(n.operation()).isEqualTo("Create");
        });
    }

    @Test
    void a_missing_or_malformed_signature_is_refused() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        assertThat(QuickBooksWebhooks.verify(body, null, "v")).isFalse();
        assertThat(QuickBooksWebhooks.verify(body, "not base64 !", "v")).isFalse();
    }
}
