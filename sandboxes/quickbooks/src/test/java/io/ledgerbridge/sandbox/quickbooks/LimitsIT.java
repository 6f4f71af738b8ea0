package io.ledgerbridge.sandbox.quickbooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.sandbox.quickbooks.oauth.OAuthApp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** 429 ThrottleExceeded from the per-minute, batch-per-minute and concurrency limits, and the fault switches. */
class LimitsIT {
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-06-15T17:00:00Z"));
    static QuickBooksSandbox sandbox;
    static int realmSeq;

    @BeforeAll
    static void start() {
        sandbox = QuickBooksSandbox.builder().port(0).clock(CLOCK).limits(new Limits(5, 2, 2, 30)).start();
        sandbox.registerApp(OAuthApp.of("app", "secret", "http://localhost/cb"));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    static ApiClient newRealm() {
        String realmId = "46208163650001" + (10 + realmSeq++);
        sandbox.createRealm(realmId, "Limits Co " + realmId);
        return new ApiClient(sandbox.baseUrl(), realmId, sandbox.issueTokens("app", realmId).accessToken());
    }

    static void assertThrottled(ApiClient.Response r) {
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.json().path("Fault").path("type").asText()).isEqualTo("SERVICE");
        assertThat(r.error().path("code").asText()).isEqualTo("3001");
        assertThat(r.error().path("Message").asText()).isEqualTo("message=ThrottleExceeded; errorCode=003001; statusCode=429");
        assertThat(r.error().path("Detail").asText()).isEqualTo("The request limit was reached.  Try again later");
    }

    @Test
    void over_the_per_minute_limit_is_429_until_the_minute_has_passed() {
        ApiClient api = newRealm();
        long before = sandbox.throttledCount();
        for (int i = 0; i < 5; i++) {
            assertThat(api.get("/preferences").status()).isEqualTo(200);
        }
        assertThrottled(api.get("/preferences"));
        assertThat(sandbox.throttledCount() - before).isEqualTo(1);
        CLOCK.advance(Duration.ofSeconds(61));
        assertThat(api.get("/preferences").status()).isEqualTo(200);
    }

    @Test
    void a_batch_counts_once_toward_the_minute_and_toward_the_batch_limit() {
        ApiClient api = newRealm();
        String batch = "{\"BatchItemRequest\":[{\"bId\":\"1\",\"Query\":\"select * from Item\"},{\"bId\":\"2\",\"Query\":\"select * from Account\"}]}";
        assertThat(api.post("/batch", batch).status()).isEqualTo(200);
        assertThat(api.post("/batch", batch).status()).isEqualTo(200);
        assertThrottled(api.post("/batch", batch));
        assertThat(api.get("/preferences").status()).isEqualTo(200); // 3 of 5 used: the two batches and this
        CLOCK.advance(Duration.ofSeconds(61));
    }

    @Test
    void more_requests_in_flight_than_allowed_get_429() throws Exception {
        ApiClient api = newRealm();
        String realmId = api.company().substring(api.company().lastIndexOf('/') + 1);
        sandbox.latency(realmId, Duration.ofMillis(300));
        int parallel = 5; // limit is 2 in flight, and 5 per minute
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < parallel; i++) {
                statuses.add(pool.submit(() -> {
                    go.await();
                    return api.get("/preferences").status();
                }));
            }
            go.countDown();
            List<Integer> results = new ArrayList<>();
            for (Future<Integer> f : statuses) {
                results.add(f.get());
            }
            assertThat(results).contains(200, 429);
            assertThat(results.stream().filter(s -> s == 200).count()).isLessThanOrEqualTo(2 + 1);
        } finally {
            sandbox.latency(realmId, Duration.ZERO);
            CLOCK.advance(Duration.ofSeconds(61));
        }
        assertThat(sandbox.throttledCount(realmId)).isPositive();
    }

    @Test
    void throttle_and_unavailable_switches() {
        ApiClient api = newRealm();
        String realmId = api.company().substring(api.company().lastIndexOf('/') + 1);
        sandbox.throttleNext(realmId, 1);
        assertThrottled(api.get("/preferences"));
        sandbox.unavailableNext(realmId, 1);
        ApiClient.Response unavailable = api.get("/preferences");
        assertThat(unavailable.status()).isEqualTo(503);
        sandbox.throttleFor(realmId, Duration.ofSeconds(30));
        assertThrottled(api.get("/preferences"));
        CLOCK.advance(Duration.ofSeconds(31));
        assertThat(api.get("/preferences").status()).isEqualTo(200);
    }

    @Test
    void throttle_fault_can_be_xml_as_quickbooks_often_sends_it() {
        try (QuickBooksSandbox xml = QuickBooksSandbox.builder().port(0).clock(CLOCK).gatewayFaultsAsXml(true).start()) {
            xml.createRealm("777", "XML Co");
            xml.registerApp(OAuthApp.of("app", "secret", "http://localhost/cb"));
            ApiClient api = new ApiClient(xml.baseUrl(), "777", xml.issueTokens("app", "777").accessToken());
            xml.throttleNext("777", 1);
            ApiClient.Response r = api.get("/preferences");
            assertThat(r.status()).isEqualTo(429);
            assertThat(r.header("Content-Type")).startsWith("application/xml");
            assertThat(r.body()).contains("<Fault type=\"SERVICE\"><Error code=\"3001\">")
                    .contains("<Message>message=ThrottleExceeded; errorCode=003001; statusCode=429</Message>");
            assertThat(xml.throttledCount()).isEqualTo(1);
        }
    }
}
