package io.ledgerbridge.connector.xero.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.ledgerbridge.sandbox.xero.XeroSandbox;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deliveries the Xero sandbox signs and posts to a real HTTP endpoint, checked as a receiver would: accepted with the
 * right key (intent to receive included), refused with another. Answers 200 or 401 with no body, as Xero requires.
 */
class XeroWebhooksIT {

    private static final String KEY = "sandbox-webhook-key";

    record Delivery(byte[] body, String signature) {}

    private XeroSandbox sandbox;
    private HttpServer server;
    private final List<Delivery> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        sandbox = XeroSandbox.start(0);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/webhooks/xero", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String signature = exchange.getRequestHeaders().getFirst(XeroWebhooks.SIGNATURE_HEADER);
            received.add(new Delivery(body, signature));
            int status = XeroWebhooks.check(KEY, body, signature) instanceof XeroWebhooks.Verdict.Accepted ? 200 : 401;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        sandbox.close();
    }

    @Test
    void signed_deliveries_are_accepted_with_the_key_and_refused_with_another() throws Exception {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/xero";
        sandbox.subscribeWebhooks(url, KEY);
        String tenant = sandbox.createOrganisation("Hooked Ltd", "US", "USD");
        sandbox.createContact(tenant, "Hooked Customer", "hooked@example.com");

        Instant until = Instant.now().plus(Duration.ofSeconds(10));
        while (received.stream().noneMatch(d -> !XeroWebhooks.parse(d.body()).isEmpty()) && Instant.now().isBefore(until)) {
            Thread.sleep(50); // a real delivery over HTTP from another thread: nothing to move a clock for
        }
        var delivery = received.stream().filter(d -> !XeroWebhooks.parse(d.body()).isEmpty()).findFirst().orElseThrow();
        assertThat(XeroWebhooks.check(KEY, delivery.body(), delivery.signature()))
                .isInstanceOfSatisfying(XeroWebhooks.Verdict.Accepted.class, a -> assertThat(
                        XeroWebhooks.changed(a.events(), tenant).contacts()).isNotEmpty());
        assertThat(XeroWebhooks.check("another-key", delivery.body(), delivery.signature()))
                .isInstanceOfSatisfying(XeroWebhooks.Verdict.Refused.class, r -> assertThat(r.status()).isEqualTo(401));
    }
}
