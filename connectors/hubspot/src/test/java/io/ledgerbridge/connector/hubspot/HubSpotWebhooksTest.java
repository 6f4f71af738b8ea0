package io.ledgerbridge.connector.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.sandbox.hubspot.webhook.WebhookSignature;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The v3 signature, the five-minute window and the payload, checked against the sandbox's own signer. */
class HubSpotWebhooksTest {

    private static final String SECRET = "app-secret";
    private static final String URL = "https://lb.example.com/webhooks/3f6c?x=1";
    private static final Instant NOW = Instant.parse("2026-11-02T10:00:00Z");
    private static final String BODY = """
            [{"eventId":100000001,"subscriptionId":500001,"portalId":20000001,"appId":1000001,"occurredAt":1793613600000,\
            "subscriptionType":"object.creation","attemptNumber":0,"objectId":7,"objectTypeId":"0-53",\
            "changeFlag":"CREATED","changeSource":"CRM_UI","sourceId":"userId:1"},\
            {"eventId":100000002,"subscriptionId":500004,"portalId":20000001,"appId":1000001,"occurredAt":1793613600000,\
            "subscriptionType":"line_item.creation","attemptNumber":0,"objectId":8,"changeFlag":"CREATED",\
            "changeSource":"INTEGRATION","sourceId":"1000001"},\
            {"eventId":100000003,"subscriptionId":500007,"portalId":20000001,"appId":1000001,"occurredAt":1793613600000,\
            "subscriptionType":"contact.propertyChange","attemptNumber":0,"objectId":9,"propertyName":"email",\
            "propertyValue":"a@b.c","changeSource":"CRM_UI","sourceId":"userId:1"},\
            {"eventId":100000004,"subscriptionId":500010,"portalId":20000001,"appId":1000001,"occurredAt":1793613600000,\
            "subscriptionType":"object.deletion","attemptNumber":0,"objectId":10,"objectTypeId":"0-53",\
            "changeFlag":"DELETED","changeSource":"CRM_UI","sourceId":"userId:1"}]""";

    private static HubSpotWebhooks.Verdict check(String body, long timestamp, String signature) {
        return HubSpotWebhooks.check(SECRET, "POST", URL, body, String.valueOf(timestamp), signature, NOW);
    }

    private static String signed(String body, long timestamp) {
        return WebhookSignature.v3(SECRET, "POST", URL, body, timestamp);
    }

    @Test
    void a_delivery_signed_as_hubspot_signs_is_accepted_with_its_events() {
        long ts = NOW.minusSeconds(10).toEpochMilli();
        var verdict = check(BODY, ts, signed(BODY, ts));
        assertThat(verdict).isInstanceOfSatisfying(HubSpotWebhooks.Verdict.Accepted.class, a -> {
            assertThat(a.events()).extracting(HubSpotWebhooks.Event::eventId)
                    .containsExactly("100000001", "100000002", "100000003", "100000004");
            assertThat(a.events()).extracting(HubSpotWebhooks.Event::kind).containsExactly(HubSpotWebhooks.Kind.INVOICE,
                    HubSpotWebhooks.Kind.LINE_ITEM, HubSpotWebhooks.Kind.CONTACT, HubSpotWebhooks.Kind.INVOICE);
        });
        assertThat(HubSpotWebhooks.signature(SECRET, "POST", URL, BODY, ts)).isEqualTo(signed(BODY, ts));
    }

    @Test
    void a_wrong_signature_is_401() {
        long ts = NOW.toEpochMilli();
        assertThat(check(BODY, ts, WebhookSignature.v3("other-secret", "POST", URL, BODY, ts)))
                .isEqualTo(new HubSpotWebhooks.Verdict.Refused(401, "the X-HubSpot-Signature-v3 signature does not match"));
        assertThat(check(BODY + " ", ts, signed(BODY, ts))).isInstanceOf(HubSpotWebhooks.Verdict.Refused.class);
        assertThat(check(BODY, ts, "not base64!")).isInstanceOf(HubSpotWebhooks.Verdict.Refused.class);
        assertThat(check(BODY, ts, null)).isInstanceOf(HubSpotWebhooks.Verdict.Refused.class);
    }

    @Test
    void a_timestamp_more_than_five_minutes_old_is_401_even_with_a_good_signature() {
        long stale = NOW.minus(Duration.ofMinutes(5)).minusSeconds(1).toEpochMilli();
        var verdict = check(BODY, stale, signed(BODY, stale));
        assertThat(verdict).isInstanceOfSatisfying(HubSpotWebhooks.Verdict.Refused.class, r -> {
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.reason()).startsWith("stale delivery");
        });
        long edge = NOW.minus(Duration.ofMinutes(5)).toEpochMilli();
        assertThat(check(BODY, edge, signed(BODY, edge))).isInstanceOf(HubSpotWebhooks.Verdict.Accepted.class);
        assertThat(HubSpotWebhooks.check(SECRET, "POST", URL, BODY, "yesterday", signed(BODY, 1), NOW))
                .isInstanceOfSatisfying(HubSpotWebhooks.Verdict.Refused.class, r -> assertThat(r.status()).isEqualTo(401));
    }

    @Test
    void a_well_signed_body_that_is_not_an_array_of_events_is_400() {
        long ts = NOW.toEpochMilli();
        for (String body : new String[] {"{\"eventId\":1}", "not json", "[{\"objectId\":1}]"}) {
            assertThat(check(body, ts, signed(body, ts))).isInstanceOfSatisfying(HubSpotWebhooks.Verdict.Refused.class,
                    r -> assertThat(r.status()).isEqualTo(400));
        }
    }

    @Test
    void ledgerbridges_own_writes_deletions_and_other_portals_are_not_read_back() {
        var events = HubSpotWebhooks.parse(BODY);
        var settings = HubSpotSettings.of(Map.of("appId", "1000001", "portalId", "20000001"), null, null);
        var changed = HubSpotWebhooks.changed(events, settings);
        assertThat(changed.invoices()).containsExactly("7");
        assertThat(changed.lineItems()).isEmpty(); // written by app 1000001: Ledgerbridge itself
        assertThat(changed.contacts()).containsExactly("9");

        var otherPortal = HubSpotSettings.of(Map.of("portalId", "42"), null, null);
        assertThat(HubSpotWebhooks.changed(events, otherPortal).isEmpty()).isTrue();
    }
}
