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
import org.junit.jupiter.api.Test;

class WebhookDispatcherTest {
    private final MovableClock clock = MovableClock.fixedAt(Instant.parse("2026-03-02T09:00:00Z"));
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private HttpServer server;
    private WebhookDispatcher<String, String> dispatcher;

    private URI receiver(int failStatus) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(body + " sig=" + exchange.getRequestHeaders().getFirst("X-Signature"));
            exchange.sendResponseHeaders(failuresLeft.getAndDecrement() > 0 ? failStatus : 200, -1);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    private WebhookDispatcher<String, String> dispatcher(URI url, java.util.function.IntPredicate retryOn) {
        RetrySchedule fast = RetrySchedule.of(3, Duration.ofSeconds(10), Duration.ofSeconds(20)).scaled(0.001);
        return new WebhookDispatcher<>(clock, new WebhookDispatcher.Settings(10, Duration.ZERO, fast, Duration.ofSeconds(2), retryOn),
                (destination, batch, attempt) -> {
                    String body = destination + ":" + String.join(",", batch) + "#" + attempt;
                    return Optional.of(new WebhookRequest(url, body, Map.of("X-Signature", Hmac.sha256Hex("secret", body))));
                });
    }

    @AfterEach
    void stop() {
        if (dispatcher != null) dispatcher.close();
        if (server != null) server.stop(0);
    }

    @Test
    void a_failed_delivery_is_retried_on_the_schedule_and_signed_each_time() throws IOException {
        failuresLeft.set(1);
        dispatcher = dispatcher(receiver(500), WebhookDispatcher.RETRY_ANY_FAILURE);
        dispatcher.enqueue("app-1", "e1");
        assertThat(dispatcher.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(dispatcher.attempts()).extracting(WebhookAttempt::attempt, WebhookAttempt::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 500), org.assertj.core.groups.Tuple.tuple(2, 200));
        assertThat(received.get(1)).isEqualTo("app-1:e1#2 sig=" + Hmac.sha256Hex("secret", "app-1:e1#2"));
        assertThat(dispatcher.attempts().get(1).delivered()).isTrue();
        assertThat(dispatcher.attempts().get(1).at()).isEqualTo(clock.instant());
    }

    @Test
    void with_a_concurrency_of_three_three_full_batches_are_in_flight_at_once() throws Exception {
        var inFlight = new AtomicInteger();
        var most = new AtomicInteger();
        var allThree = new java.util.concurrent.CountDownLatch(3);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hook", exchange -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            allThree.countDown();
            try {
                allThree.await(2, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
        // A window of a minute: full batches go at once, only a batch that is not full would wait for it.
        dispatcher = new WebhookDispatcher<>(clock, new WebhookDispatcher.Settings(2, Duration.ofMinutes(1),
                RetrySchedule.of(1, Duration.ofSeconds(1), Duration.ofSeconds(1)), Duration.ofSeconds(5),
                WebhookDispatcher.RETRY_ANY_FAILURE, 3),
                (destination, batch, attempt) -> Optional.of(new WebhookRequest(url, String.join(",", batch), Map.of())));
        dispatcher.enqueueAll("app-1", List.of("e1", "e2", "e3", "e4", "e5", "e6"));
        assertThat(dispatcher.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(most.get()).isEqualTo(3);
        assertThat(dispatcher.attempts()).hasSize(3).allMatch(WebhookAttempt::delivered)
                .extracting(a -> a.body()).containsExactlyInAnyOrder("e1,e2", "e3,e4", "e5,e6");
    }

    @Test
    void a_client_error_is_final_when_only_server_errors_are_retried() throws IOException {
        failuresLeft.set(5);
        dispatcher = dispatcher(receiver(400), WebhookDispatcher.RETRY_UNLESS_CLIENT_ERROR);
        dispatcher.enqueue("app-1", "e1");
        assertThat(dispatcher.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(dispatcher.attempts()).hasSize(1);
    }

    @Test
    void a_forced_failure_is_not_sent_and_the_batch_is_dropped_after_max_attempts() throws IOException {
        dispatcher = dispatcher(receiver(500), WebhookDispatcher.RETRY_ANY_FAILURE);
        dispatcher.failNext(3);
        dispatcher.enqueue("app-1", "e1");
        assertThat(dispatcher.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(dispatcher.attempts()).extracting(WebhookAttempt::status).containsExactly(-1, -1, -1);
        assertThat(received).isEmpty();
    }

    @Test
    void retry_schedules_repeat_their_last_wait_and_double_up_to_a_cap() {
        RetrySchedule listed = RetrySchedule.of(20, Duration.ofSeconds(10), Duration.ofMinutes(5));
        assertThat(listed.delayAfter(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(listed.delayAfter(7)).isEqualTo(Duration.ofMinutes(5));
        RetrySchedule doubling = RetrySchedule.doubling(Duration.ofMinutes(1), Duration.ofMinutes(5), 11);
        assertThat(doubling.delayAfter(3)).isEqualTo(Duration.ofMinutes(4));
        assertThat(doubling.delayAfter(4)).isEqualTo(Duration.ofMinutes(5));
        assertThat(doubling.delayAfter(10)).isEqualTo(Duration.ofMinutes(5));
        assertThat(listed.scaled(0.5).delayAfter(1)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void hmac_helpers_match_known_vectors() {
        // RFC 4231 test case 2
        assertThat(Hmac.sha256Hex("Jefe", "what do ya want for nothing?"))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        assertThat(Hmac.sha256Base64("Jefe", "what do ya want for nothing?"))
                .isEqualTo("W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=");
        assertThat(Hmac.matches("a", "a")).isTrue();
        assertThat(Hmac.matches("a", null)).isFalse();
    }
}
