package io.ledgerbridge.app.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.sandbox.hubspot.HubSpotSandbox;
import io.ledgerbridge.sandbox.hubspot.webhook.WebhookSignature;
import io.ledgerbridge.sandbox.quickbooks.QuickBooksSandbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /webhooks/{connectionId}} as HubSpot (or someone pretending to be HubSpot) calls it: deliveries made and
 * signed here, so each case is exact. HubSpot's own webhooks are off for this app.
 */
class HubSpotWebhookIntakeIT {

    private static final AtomicLong EVENT_IDS = new AtomicLong(900_000_001);
    private static HubSpotSandbox hubspot;
    private static QuickBooksSandbox qbo;
    private final HttpClient http = HttpClient.newHttpClient();
    private HubSpotHarness h;
    private FlowId flow;
    private String invoice;

    @BeforeAll
    static void startSandboxes() {
        hubspot = HubSpotSandbox.start();
        qbo = QuickBooksSandbox.start(0);
    }

    @AfterAll
    static void stopSandboxes() {
        hubspot.close();
        qbo.close();
    }

    @BeforeEach
    void harness() {
        h = new HubSpotHarness(hubspot, qbo, false);
        flow = h.flow(h.hub, h.books, FlowSettings.defaults().withProductSync(true));
        h.start();
        invoice = h.invoice("INV-9001", "open", h.contact("zoe@example.com", "Zoe", null),
                h.product("Hour", "CONS-1", "150"));
    }

    @AfterEach
    void close() {
        h.close();
    }

    private String delivery(long eventId) {
        return """
                [{"eventId":%d,"subscriptionId":500001,"portalId":%d,"appId":%d,"occurredAt":%d,\
                "subscriptionType":"object.creation","attemptNumber":0,"objectId":%s,"objectTypeId":"0-53",\
                "changeFlag":"CREATED","changeSource":"CRM_UI","sourceId":"userId:1"}]"""
                .formatted(eventId, h.portal, h.app.appId(), Instant.now().toEpochMilli(), invoice);
    }

    private HttpResponse<String> post(String body, long timestamp, String signature) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(h.webhookUrl()))
                .header("Content-Type", "application/json")
                .header("X-HubSpot-Request-Timestamp", String.valueOf(timestamp))
                .header("X-HubSpot-Signature-v3", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> signedPost(String body, long timestamp) throws Exception {
        return post(body, timestamp, WebhookSignature.v3(h.app.clientSecret(), "POST", h.webhookUrl(), body, timestamp));
    }

    private void assertNothingEnqueued() {
        assertThat(h.count("SELECT count(*) FROM webhook_inbox")).isZero();
        assertThat(h.count("SELECT count(*) FROM source_record")).isZero();
        assertThat(h.count("SELECT count(*) FROM sync_event")).isZero();
    }

    @Test
    void a_wrong_signature_a_stale_timestamp_or_a_malformed_body_is_refused_and_enqueues_nothing() throws Exception {
        long calls = hubspot.requestCount(h.portal);
        String body = delivery(EVENT_IDS.getAndIncrement());
        long now = Instant.now().toEpochMilli();

        var forged = post(body, now, WebhookSignature.v3("not-the-secret", "POST", h.webhookUrl(), body, now));
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).contains("invalid_signature");

        long stale = Instant.now().minus(Duration.ofMinutes(5)).minusSeconds(5).toEpochMilli();
        var replayed = signedPost(body, stale);
        assertThat(replayed.statusCode()).isEqualTo(401);
        assertThat(replayed.body()).contains("stale");

        var malformed = signedPost("{\"eventId\": 1, \"objectId\": 2}", now);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(signedPost("[{\"eventId\": 1}]", now).statusCode()).isEqualTo(400);

        assertThat(post(body, now, "").statusCode()).isEqualTo(401);
        assertNothingEnqueued();
        assertThat(hubspot.requestCount(h.portal)).as("nothing was read from HubSpot").isEqualTo(calls);
    }

    @Test
    void the_same_delivery_twice_makes_one_event_and_is_read_once() throws Exception {
        String body = delivery(EVENT_IDS.getAndIncrement());
        long before = hubspot.requestCount(h.portal);
        assertThat(signedPost(body, Instant.now().toEpochMilli()).statusCode()).isEqualTo(204);
        long afterFirst = hubspot.requestCount(h.portal);
        assertThat(afterFirst).isGreaterThan(before);

        assertThat(signedPost(body, Instant.now().toEpochMilli()).statusCode()).isEqualTo(204);
        assertThat(hubspot.requestCount(h.portal)).as("the repeat is not read again").isEqualTo(afterFirst);

        h.await(flow, RecordType.INVOICE, invoice, SyncStatus.SUCCESS);
        assertThat(h.events(flow, RecordType.INVOICE, invoice)).hasSize(1);
        assertThat(h.count("SELECT count(*) FROM webhook_inbox")).isEqualTo(1);
        assertThat(qbo.invoices(h.realm)).hasSize(1);
    }

    @Test
    void a_delivery_that_could_not_be_read_is_answered_500_and_its_repeat_is_read() throws Exception {
        String body = delivery(EVENT_IDS.getAndIncrement());
        hubspot.unavailableFor(h.portal, Duration.ofMinutes(5));
        var failed = signedPost(body, Instant.now().toEpochMilli());
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(h.count("SELECT count(*) FROM sync_event")).isZero();

        hubspot.clearFaults(h.portal);
        assertThat(signedPost(body, Instant.now().toEpochMilli()).statusCode()).isEqualTo(204);
        h.await(flow, RecordType.INVOICE, invoice, SyncStatus.SUCCESS);
        assertThat(h.events(flow, RecordType.INVOICE, invoice)).hasSize(1);
    }
}
