package io.ledgerbridge.sandbox.quickbooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerbridge.sandbox.quickbooks.oauth.OAuthApp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Change Data Capture (API_FACTS A.10). */
class CdcIT {
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-06-15T17:00:00Z"));
    static QuickBooksSandbox sandbox;
    static ApiClient api;

    @BeforeAll
    static void start() {
        sandbox = QuickBooksSandbox.builder().port(0).clock(CLOCK).start();
        sandbox.createRealm("666", "CDC Co");
        sandbox.registerApp(OAuthApp.of("app", "secret", "http://localhost/cb"));
        api = new ApiClient(sandbox.baseUrl(), "666", sandbox.issueTokens("app", "666").accessToken());
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    static ApiClient.Response cdc(String entities, Instant since) {
        return api.get("/cdc?entities=" + entities + "&changedSince=" + URLEncoder.encode(since.toString(), StandardCharsets.UTF_8));
    }

    @Test
    void changed_and_deleted_entities_since_a_time() {
        String old = sandbox.createCustomer("666", "Old Customer", null);
        CLOCK.advance(Duration.ofMinutes(20)); // less than the access token's hour
        Instant since = CLOCK.instant();
        CLOCK.advance(Duration.ofMinutes(1));
        String fresh = sandbox.createCustomer("666", "New Customer", null);
        String body = """
                {"CustomerRef":{"value":"%s"},"Line":[{"Amount":5,"DetailType":"SalesItemLineDetail","SalesItemLineDetail":{"ItemRef":{"value":"1"}}}]}
                """.formatted(old);
        String invoiceId = api.post("/invoice", body).json().path("Invoice").path("Id").asText();
        api.post("/invoice?operation=delete", "{\"Id\":\"" + invoiceId + "\",\"SyncToken\":\"0\"}");

        ApiClient.Response r = cdc("Customer,Invoice", since);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode responses = r.json().path("CDCResponse").path(0).path("QueryResponse");
        List<String> customerIds = new ArrayList<>();
        responses.path(0).path("Customer").forEach(c -> customerIds.add(c.path("Id").asText()));
        assertThat(customerIds).containsExactly(fresh);
        JsonNode invoices = responses.path(1).path("Invoice");
        assertThat(invoices).hasSize(1);
        assertThat(invoices.path(0).path("status").asText()).isEqualTo("Deleted");
        assertThat(invoices.path(0).path("Id").asText()).isEqualTo(invoiceId);
    }

    @Test
    void more_than_30_days_back_and_taxcode_are_refused() {
        assertThat(cdc("Customer", CLOCK.instant().minus(Duration.ofDays(31))).status()).isEqualTo(400);
        assertThat(cdc("TaxCode", CLOCK.instant().minus(Duration.ofDays(1))).status()).isEqualTo(400);
    }
}
