package io.ledgerbridge.sandbox.quickbooks.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerbridge.sandbox.quickbooks.entity.Change;
import io.ledgerbridge.sandbox.quickbooks.entity.EntityType;
import io.ledgerbridge.sandbox.quickbooks.oauth.OAuthApp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookPayloadTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Change VOID = new Change("310687", EntityType.INVOICE, "130", "Void", Instant.parse("2025-09-08T20:52:31.657Z"));

    @Test
    void signature_is_base64_hmac_sha256_of_the_body_with_the_verifier_token() {
        // HMAC-SHA256("hello", key "secret"), base64
        assertThat(WebhookSignature.sign("hello", "secret")).isEqualTo("iKqz7ejTrflNJquQ07r9SiCDBww7zOnAFO4EpEOEfAs=");
    }

    @Test
    void legacy_payload_shape() throws Exception {
        JsonNode root = JSON.readTree(WebhookDispatcher.legacy(List.of(VOID)));
        JsonNode entity = root.path("eventNotifications").path(0).path("dataChangeEvent").path("entities").path(0);
        assertThat(root.path("eventNotifications").path(0).path("realmId").asText()).isEqualTo("310687");
        assertThat(entity.path("name").asText()).isEqualTo("Invoice");
        assertThat(entity.path("operation").asText()).isEqualTo("Void");
        assertThat(entity.path("lastUpdated").asText()).isEqualTo("2025-09-08T20:52:31.657Z");
    }

    @Test
    void cloudevents_payload_shape() throws Exception {
        OAuthApp app = OAuthApp.of("c", "s");
        JsonNode event = JSON.readTree(WebhookDispatcher.cloudEvents(app, List.of(VOID))).path(0);
        assertThat(event.path("type").asText()).isEqualTo("qbo.invoice.voided.v1");
        assertThat(event.path("specversion").asText()).isEqualTo("1.0");
        assertThat(event.path("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(event.path("intuitaccountid").asText()).isEqualTo("310687");
        assertThat(event.path("source").asText()).startsWith("intuit.");
    }

    @Test
    void retry_schedule_is_quickbooks_own_scaled() {
        RetrySchedule real = RetrySchedule.REAL;
        assertThat(real.delayAfter(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(real.delayAfter(4)).isEqualTo(Duration.ofMinutes(5));
        assertThat(real.delayAfter(8)).isEqualTo(Duration.ofHours(6));
        assertThat(real.delayAfter(12)).isEqualTo(Duration.ofHours(6));
        assertThat(new RetrySchedule(0.001, 3).delayAfter(2)).isEqualTo(Duration.ofMillis(20));
    }
}
