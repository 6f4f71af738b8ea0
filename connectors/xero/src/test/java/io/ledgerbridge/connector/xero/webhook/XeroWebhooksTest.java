package io.ledgerbridge.connector.xero.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The webhook check of API_FACTS B.9: signature over the raw body, intent to receive, events per tenant. */
class XeroWebhooksTest {

    private static final String KEY = "webhook-key-123";
    private static final String TENANT = "c2cc9b6e-9458-4c7d-93cc-f02b81b0594f";
    private static final byte[] EVENTS = """
            {"events":[{"resourceUrl":"https://api.xero.com/api.xro/2.0/Contacts/717f2bfc","resourceId":"717f2bfc",\
            "eventDateUtc":"2024-06-21T01:15:39.902","eventType":"UPDATE","eventCategory":"CONTACT",\
            "tenantId":"c2cc9b6e-9458-4c7d-93cc-f02b81b0594f","tenantType":"ORGANISATION"},\
            {"resourceUrl":"https://api.xero.com/api.xro/2.0/Invoices/inv-1","resourceId":"inv-1",\
            "eventDateUtc":"2024-06-21T01:15:40.000","eventType":"CREATE","eventCategory":"INVOICE",\
            "tenantId":"c2cc9b6e-9458-4c7d-93cc-f02b81b0594f","tenantType":"ORGANISATION"},\
            {"resourceUrl":"https://api.xero.com/api.xro/2.0/Invoices/inv-2","resourceId":"inv-2",\
            "eventDateUtc":"2024-06-21T01:15:41.000","eventType":"CREATE","eventCategory":"INVOICE",\
            "tenantId":"another-tenant","tenantType":"ORGANISATION"}],\
            "lastEventSequence":3,"firstEventSequence":1,"entropy":"S0m3r4Nd0mt3xt"}""".getBytes(StandardCharsets.UTF_8);
    private static final byte[] INTENT = """
            {"events":[],"lastEventSequence":0,"firstEventSequence":0,"entropy":"S0m3r4Nd0mt3xt"}"""
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void a_correctly_signed_delivery_is_accepted_with_its_events() {
        var verdict = XeroWebhooks.check(KEY, EVENTS, XeroWebhooks.signature(EVENTS, KEY));
        assertThat(verdict).isInstanceOfSatisfying(XeroWebhooks.Verdict.Accepted.class, a -> {
            assertThat(a.events()).extracting(XeroWebhooks.Event::resourceId).containsExactly("717f2bfc", "inv-1", "inv-2");
            assertThat(a.events().get(1).category()).isEqualTo(XeroWebhooks.Category.INVOICE);
        });
    }

    @Test
    void a_wrong_signature_is_refused_with_401() {
        String wrong = XeroWebhooks.signature(EVENTS, "another-key");
        assertThat(XeroWebhooks.check(KEY, EVENTS, wrong)).isEqualTo(new XeroWebhooks.Verdict.Refused(401,
                "the x-xero-signature signature does not match the body"));
        assertThat(XeroWebhooks.check(KEY, EVENTS, null)).isInstanceOf(XeroWebhooks.Verdict.Refused.class);
        assertThat(XeroWebhooks.check(KEY, EVENTS, "not base64!")).isInstanceOf(XeroWebhooks.Verdict.Refused.class);
    }

    @Test
    void a_body_changed_after_signing_is_refused() {
        String signature = XeroWebhooks.signature(EVENTS, KEY);
        byte[] tampered = new String(EVENTS, StandardCharsets.UTF_8).replace("inv-1", "inv-9").getBytes(StandardCharsets.UTF_8);
        assertThat(XeroWebhooks.check(KEY, tampered, signature)).isInstanceOf(XeroWebhooks.Verdict.Refused.class);
    }

    @Test
    void intent_to_receive_is_accepted_when_signed_right_and_refused_when_not() {
        assertThat(XeroWebhooks.check(KEY, INTENT, XeroWebhooks.signature(INTENT, KEY)))
                .isEqualTo(new XeroWebhooks.Verdict.Accepted(List.of()));
        assertThat(XeroWebhooks.check(KEY, INTENT, Base64.getEncoder().encodeToString(new byte[32])))
                .isInstanceOfSatisfying(XeroWebhooks.Verdict.Refused.class, r -> assertThat(r.status()).isEqualTo(401));
    }

    @Test
    void without_a_webhook_key_every_delivery_is_refused() {
        assertThat(XeroWebhooks.check(null, INTENT, XeroWebhooks.signature(INTENT, KEY)))
                .isInstanceOfSatisfying(XeroWebhooks.Verdict.Refused.class, r -> assertThat(r.reason()).contains("webhookKey"));
    }

    @Test
    void a_signed_body_that_is_not_xeros_is_refused_with_400() {
        byte[] body = "[1,2]".getBytes(StandardCharsets.UTF_8);
        assertThat(XeroWebhooks.check(KEY, body, XeroWebhooks.signature(body, KEY)))
                .isInstanceOfSatisfying(XeroWebhooks.Verdict.Refused.class, r -> assertThat(r.status()).isEqualTo(400));
    }

    @Test
    void each_connection_reads_back_its_own_tenants_invoices_and_contacts() {
        var events = XeroWebhooks.parse(EVENTS);
        var changed = XeroWebhooks.changed(events, TENANT);
        assertThat(changed.invoices()).containsExactly("inv-1");
        assertThat(changed.contacts()).containsExactly("717f2bfc");
        assertThat(XeroWebhooks.changed(events, "another-tenant").invoices()).containsExactly("inv-2");
    }

    @Test
    void an_event_stored_in_the_inbox_reads_back_the_same_with_a_stable_delivery_id() {
        var first = XeroWebhooks.parse(EVENTS).get(1);
        var again = XeroWebhooks.event(first.json());
        assertThat(again).isEqualTo(first);
        assertThat(first.deliveryId()).isEqualTo(TENANT + "/INVOICE/inv-1/CREATE/2024-06-21T01:15:40.000");
    }
}
