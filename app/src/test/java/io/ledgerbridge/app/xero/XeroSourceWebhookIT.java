package io.ledgerbridge.app.xero;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.app.Await;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.sandbox.xero.XeroSandbox;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Xero as a source, end to end: a bookkeeper enters an invoice in one Xero organisation (the group), Xero signs a
 * webhook to Ledgerbridge's {@code /webhooks/{connection}} (after the intent-to-receive handshake, API_FACTS B.9), the
 * node reads the invoice and its contact back in a batch, and the flow writes them into another organisation (a
 * satellite) once. Real HTTP both ways, real PostgreSQL, the real connector on both sides.
 */
class XeroSourceWebhookIT {

    private static final String WEBHOOK_KEY = "xero-webhook-key-" + UUID.randomUUID();
    private final HttpClient http = HttpClient.newHttpClient();
    private XeroWebhookHarness h;
    private XeroSandbox xero;
    private String group;
    private String satellite;
    private ConnectionId groupConnection;

    @BeforeEach
    void start() {
        h = new XeroWebhookHarness();
        xero = h.xero;
        group = xero.createOrganisation("Acme Group", "AU", "AUD");
        satellite = xero.createOrganisation("Acme Sydney", "AU", "AUD");
        xero.createItem(group, "W-1", "Widget", new BigDecimal("10.00"));
        xero.createItem(satellite, "W-1", "Widget", new BigDecimal("10.00"));
        groupConnection = h.connect("Xero: Acme Group", group, Map.of("webhookKey", WEBHOOK_KEY));
        var satelliteConnection = h.connect("Xero: Acme Sydney", satellite, Map.of());
        // Both organisations are Australian: the group's GST on income (OUTPUT) is the satellite's OUTPUT too
        h.lb.flows.create(h.workspace, groupConnection, satelliteConnection,
                FlowSettings.defaults().withTaxMapping(Map.of("OUTPUT", "OUTPUT")), Instant.now());
        h.lb.start();
    }

    @AfterEach
    void stop() {
        h.close();
    }

    /** The bookkeeper's invoice in the group organisation, entered as Xero's own screens would. */
    private String enterInGroup(String number, String contactName) {
        String contact = xero.createContact(group, contactName, contactName.toLowerCase().replace(' ', '.') + "@example.com");
        return xero.enterInvoice(group, XeroSandbox.salesInvoice(number, contact, XeroHarness.DATE,
                XeroSandbox.salesLine("W-1", "Widget", 3, new BigDecimal("10.00"), null, null)));
    }

    @Test
    void an_invoice_entered_in_the_group_reaches_the_satellite_once_through_a_signed_webhook() {
        h.subscribe(groupConnection, WEBHOOK_KEY);

        String id = enterInGroup("G-1001", "Bondi Surf Club");

        Await.until(() -> {
            var events = h.lb.events.ofRecord(h.workspace, RecordType.INVOICE, id);
            return !events.isEmpty() && events.getFirst().status() == SyncStatus.SUCCESS;
        }, Duration.ofSeconds(30), () -> "the group's invoice to sync: "
                + h.lb.events.ofRecord(h.workspace, RecordType.INVOICE, id));
        assertThat(h.lb.events.ofRecord(h.workspace, RecordType.INVOICE, id)).hasSize(1);
        var copy = xero.invoices(satellite);
        assertThat(copy).singleElement().satisfies(inv -> {
            assertThat(inv.get("InvoiceNumber").asText()).isEqualTo("G-1001");
            assertThat(inv.get("SubTotal").decimalValue()).isEqualByComparingTo("30.00");
            assertThat(inv.get("Contact").get("Name").asText()).isEqualTo("Bondi Surf Club");
        });
        assertThat(xero.contacts(satellite)).extracting(c -> c.get("Name").asText()).containsOnlyOnce("Bondi Surf Club");
        assertThat(xero.webhookDeliveries()).as("deliveries signed with the key were accepted, the others refused")
                .allSatisfy(d -> assertThat(d.succeeded()).isEqualTo(d.correctlySigned()));
    }

    @Test
    void a_delivery_with_a_wrong_signature_is_refused_with_401_and_enqueues_nothing() throws Exception {
        String body = "{\"events\":[{\"resourceUrl\":\"" + xero.apiBase() + "/Invoices/x\",\"resourceId\":\""
                + UUID.randomUUID() + "\",\"eventDateUtc\":\"2026-11-02T10:00:00.000\",\"eventType\":\"CREATE\","
                + "\"eventCategory\":\"INVOICE\",\"tenantId\":\"" + group + "\",\"tenantType\":\"ORGANISATION\"}],"
                + "\"firstEventSequence\":1,\"lastEventSequence\":1,\"entropy\":\"ABCDEF\"}";
        var r = http.send(HttpRequest.newBuilder(URI.create(h.webhookUrl(groupConnection)))
                .header("Content-Type", "application/json").header("x-xero-signature", "bm90LXRoZS1zaWduYXR1cmU=")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(h.lb.events.countsByStatus(h.workspace).values().stream().mapToLong(Long::longValue).sum()).isZero();
    }
}
