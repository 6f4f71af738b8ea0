package io.ledgerbridge.app.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.sandbox.hubspot.HubSpotSandbox;
import io.ledgerbridge.sandbox.hubspot.SandboxSettings;
import io.ledgerbridge.sandbox.hubspot.crm.ObjectType;
import io.ledgerbridge.sandbox.quickbooks.QuickBooksSandbox;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** QuickBooks → HubSpot driven by QuickBooks' signed webhook (API_FACTS A.9), not by the poller's schedule. */
class QuickBooksWebhookIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static HubSpotSandbox hubspot;
    private static QuickBooksSandbox qbo;
    private HubSpotHarness h;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startSandboxes() {
        hubspot = HubSpotSandbox.start(SandboxSettings.defaults());
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
        h.flow(h.books, h.hub, FlowSettings.defaults().withProductSync(true));
    }

    @AfterEach
    void close() {
        h.close();
    }

    private HttpResponse<String> post(String body, String signature) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(h.quickBooksWebhookUrl()))
                .header("Content-Type", "application/json").header("intuit-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sign(String body, String token) throws Exception {
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void a_signed_quickbooks_notification_brings_the_invoice_to_hubspot_and_a_forged_one_is_refused() throws Exception {
        h.start();
        String customer = qbo.createCustomer(h.realm, "Ada Lovelace", "ada@example.com");
        String item = qbo.createItem(h.realm, "Analysis", "AN-1", new BigDecimal("80"));
        var invoice = JSON.createObjectNode();
        invoice.putObject("CustomerRef").put("value", customer);
        invoice.put("DocNumber", "W-1").put("TxnDate", "2026-11-02");
        var line = invoice.putArray("Line").addObject();
        line.put("DetailType", "SalesItemLineDetail").put("Amount", new BigDecimal("160"));
        line.putObject("SalesItemLineDetail").put("Qty", 2).put("UnitPrice", new BigDecimal("80"))
                .putObject("ItemRef").put("value", item);
        String id = qbo.create(h.realm, "Invoice", invoice).path("Id").asText();

        String body = "{\"eventNotifications\":[{\"realmId\":\"" + h.realm + "\",\"dataChangeEvent\":{\"entities\":["
                + "{\"id\":\"" + id + "\",\"operation\":\"Create\",\"name\":\"Invoice\",\"lastUpdated\":\"2026-11-22T10:00:00.000Z\"}]}}]}";

        var forged = post(body, sign(body, "not-the-token"));
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(h.lb.events.ofRecord(h.workspace, RecordType.INVOICE, id)).isEmpty();

        var signed = post(body, sign(body, HubSpotHarness.QB_VERIFIER_TOKEN));
        assertThat(signed.statusCode()).isIn(202, 204);
        HubSpotHarness.awaitTrue(() -> {
            var events = h.lb.events.ofRecord(h.workspace, RecordType.INVOICE, id);
            return !events.isEmpty() && events.getFirst().status() == SyncStatus.SUCCESS;
        }, Duration.ofSeconds(20), () -> "the invoice to sync: " + h.lb.events.ofRecord(h.workspace, RecordType.INVOICE, id));
        assertThat(hubspot.objects(h.portal, ObjectType.INVOICES)).hasSize(1);
        assertThat(hubspot.objects(h.portal, ObjectType.INVOICES).getFirst().property("hs_number")).isEqualTo("W-1");

        var again = post(body, sign(body, HubSpotHarness.QB_VERIFIER_TOKEN));
        assertThat(again.statusCode()).isEqualTo(204);
        assertThat(h.lb.events.ofRecord(h.workspace, RecordType.INVOICE, id)).hasSize(1);
    }
}
