package io.ledgerbridge.sandbox.kit.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.ledgerbridge.sandbox.kit.clock.MovableClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hooks a sandbox needs for a verification handshake and a request rendered once per batch. */
class WebhookHandshakeTest {
    private final MovableClock clock = MovableClock.fixedAt(Instant.parse("2026-03-02T09:00:00Z"));
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger rendered = new AtomicInteger();
    private HttpServer server;
    private URI url;
    private WebhookDispatcher<String, String> dispatcher;

    @BeforeEach
    void receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(body);
            exchange.sendResponseHeaders(body.startsWith("probe") ? 401 : failuresLeft.getAndDecrement() > 0 ? 500 : 200, -1);
            exchange.close();
        });
        server.start();
        url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
        RetrySchedule quick = RetrySchedule.onceAtOnceThenEvery(Duration.ofSeconds(10), Duration.ofSeconds(30)).scaled(0.001);
        dispatcher = WebhookDispatcher.renderingOnce(clock,
                new WebhookDispatcher.Settings(Integer.MAX_VALUE, Duration.ZERO, quick, Duration.ofSeconds(2), WebhookDispatcher.RETRY_ANY_FAILURE),
                (destination, batch) -> {
                    String body = destination + ":" + String.join(",", batch) + "#" + rendered.incrementAndGet();
                    return Optional.of(new WebhookRequest(url, body, Map.of("X-Signature", Hmac.sha256Base64("k", body))));
                });
    }

    @AfterEach
    void stop() {
        dispatcher.close();
        server.stop(0);
    }

    @Test
    void a_probe_is_sent_at_once_and_logged_with_its_duration_while_events_are_held() throws Exception {
        dispatcher.hold();
        dispatcher.enqueueAll("tenant", List.of("e1", "e2"));
        WebhookAttempt<String> probe = dispatcher.sendNow("probe", new WebhookRequest(url, "probe-1", Map.of()));
        assertThat(probe.status()).isEqualTo(401);
        assertThat(probe.attempt()).isEqualTo(1);
        assertThat(probe.events()).isZero();
        assertThat(probe.duration()).isPositive().isLessThan(Duration.ofSeconds(2));
        assertThat(probe.at()).isEqualTo(clock.instant());
        assertThat(dispatcher.awaitIdle(Duration.ofMillis(100))).as("held events wait").isFalse();
        assertThat(received).containsExactly("probe-1");
        assertThat(dispatcher.holding()).isTrue();

        dispatcher.release();
        assertThat(dispatcher.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(received).containsExactly("probe-1", "tenant:e1,e2#1");
        assertThat(dispatcher.attempts()).extracting(WebhookAttempt::destination).containsExactly("probe", "tenant");
    }

    @Test
    void discarded_held_events_are_never_sent() {
        dispatcher.hold();
        dispatcher.enqueue("tenant", "e1");
        dispatcher.enqueue("other", "e2");
        assertThat(dispatcher.discardHeld()).isEqualTo(2);
        assertThat(dispatcher.awaitIdle(Duration.ofSeconds(1))).isTrue();
        dispatcher.release();
        dispatcher.enqueue("tenant", "e3");
        assertThat(dispatcher.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(received).containsExactly("tenant:e3#1");
    }

    @Test
    void a_batch_rendered_once_is_resent_unchanged_at_once_then_on_the_schedule() {
        failuresLeft.set(2);
        dispatcher.enqueueAll("tenant", List.of("e1", "e2", "e3"));
        assertThat(dispatcher.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(dispatcher.attempts()).extracting(WebhookAttempt::attempt, WebhookAttempt::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, 500), org.assertj.core.groups.Tuple.tuple(2, 500),
                org.assertj.core.groups.Tuple.tuple(3, 200));
        assertThat(received).containsOnly("tenant:e1,e2,e3#1").hasSize(3);
        assertThat(rendered).hasValue(1);
        assertThat(dispatcher.attempts()).allMatch(a -> a.events() == 3 && a.duration().isPositive());
    }
}
