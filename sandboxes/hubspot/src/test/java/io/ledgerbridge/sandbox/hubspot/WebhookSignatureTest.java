package io.ledgerbridge.sandbox.hubspot;

import io.ledgerbridge.sandbox.hubspot.webhook.WebhookSignature;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureTest {
    static final String URI = "https://example.com/webhook?a=1";
    static final String BODY = "[{\"eventId\":1}]";
    static final long TS = 1_772_441_600_000L;

    @Test
    void v3_is_base64_hmac_sha256_of_method_uri_body_timestamp() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = Base64.getEncoder().encodeToString(mac.doFinal(("POST" + URI + BODY + TS).getBytes(StandardCharsets.UTF_8)));
        assertThat(WebhookSignature.v3("secret", "POST", URI, BODY, TS)).isEqualTo(expected);
    }

    @Test
    void verification_rejects_tampering_and_timestamps_older_than_five_minutes() {
        String sig = WebhookSignature.v3("secret", "POST", URI, BODY, TS);
        Instant now = Instant.ofEpochMilli(TS).plusSeconds(60);
        assertThat(WebhookSignature.verifyV3("secret", "POST", URI, BODY, Long.toString(TS), sig, now)).isTrue();
        assertThat(WebhookSignature.verifyV3("secret", "POST", URI, BODY + " ", Long.toString(TS), sig, now)).isFalse();
        assertThat(WebhookSignature.verifyV3("other", "POST", URI, BODY, Long.toString(TS), sig, now)).isFalse();
        assertThat(WebhookSignature.verifyV3("secret", "POST", URI, BODY, Long.toString(TS), sig, now.plusSeconds(300))).isFalse();
    }

    @Test
    void v1_is_hex_sha256_of_secret_and_body() {
        assertThat(WebhookSignature.v1("secret", BODY)).hasSize(64).matches("[0-9a-f]+");
    }
}
