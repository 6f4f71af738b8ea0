package io.ledgerbridge.app.hubspot;

import static io.ledgerbridge.domain.sync.SyncStatus.FAILED;
import static io.ledgerbridge.domain.sync.SyncStatus.SKIPPED;
import static io.ledgerbridge.domain.sync.SyncStatus.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.record.InvoiceStatus;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.sandbox.hubspot.HubSpotSandbox;
import io.ledgerbridge.sandbox.hubspot.SandboxSettings;
import io.ledgerbridge.sandbox.hubspot.crm.ObjectType;
import io.ledgerbridge.sandbox.hubspot.webhook.WebhookSettings;
import io.ledgerbridge.sandbox.quickbooks.QuickBooksSandbox;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Direction "HubSpot to QuickBooks": invoices made in the HubSpot sandbox reach the QuickBooks sandbox through
 * HubSpot's signed webhooks, the read-back, the engine and the QuickBooks connector, as the articles describe.
 */
class HubSpotToQuickBooksIT {

    private static HubSpotSandbox hubspot;
    private static QuickBooksSandbox qbo;
    private HubSpotHarness h;

    @BeforeAll
    static void startSandboxes() {
        hubspot = HubSpotSandbox.start(SandboxSettings.defaults().withWebhooks(WebhookSettings.fastForTests()));
        qbo = QuickBooksSandbox.start(0);
    }

    @AfterAll
    static void stopSandboxes() {
        hubspot.close();
        qbo.close();
    }

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    private FlowId hubspotToQuickBooks(FlowSettings settings) {
        h = new HubSpotHarness(hubspot, qbo, true);
        return h.flow(h.hub, h.books, settings);
    }

    private JsonNode qbInvoice(String id) {
        return qbo.find(h.realm, "Invoice", id).orElseThrow();
    }

    @Test
    void an_invoice_made_in_hubspot_is_in_quickbooks_within_two_seconds_with_its_customer_and_items_and_edits_and_voids_follow() {
        var flow = hubspotToQuickBooks(FlowSettings.defaults().withProductSync(true));
        String hourItem = qbo.createItem(h.realm, "Consulting hour", "CONS-1", null);
        h.start();
        String ada = h.contact("ada@example.com", "Ada", "Lovelace");
        String hour = h.product("Consulting hour", "CONS-1", "150");
        String kit = h.product("Starter kit", "KIT-9", "12.50");

        long started = System.nanoTime();
        String invoice = h.invoice("INV-1001", "open", ada, hour, kit);
        var synced = h.await(flow, RecordType.INVOICE, invoice, SUCCESS, Duration.ofSeconds(10));
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("HubSpot invoice change to QuickBooks invoice: %d ms%n", millis);
        assertThat(millis).as("ms from the invoice's last change to Success in QuickBooks").isLessThan(2_000);

        var stored = qbInvoice(synced.destinationId());
        assertThat(stored.path("DocNumber").asText()).isEqualTo("INV-1001");
        assertThat(stored.path("TxnDate").asText()).isEqualTo("2026-11-02");
        assertThat(stored.path("DueDate").asText()).isEqualTo("2026-12-02");
        assertThat(stored.path("TotalAmt").decimalValue()).isEqualByComparingTo("325.00");
        var customer = qbo.find(h.realm, "Customer", stored.path("CustomerRef").path("value").asText()).orElseThrow();
        assertThat(customer.path("PrimaryEmailAddr").path("Address").asText()).isEqualTo("ada@example.com");
        assertThat(customer.path("DisplayName").asText()).isEqualTo("Ada Lovelace");
        var lines = stored.path("Line").findValues("SalesItemLineDetail");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).path("ItemRef").path("value").asText()).isEqualTo(hourItem);
        assertThat(lines.get(0).path("Qty").decimalValue()).isEqualByComparingTo("2");
        assertThat(lines.get(0).path("UnitPrice").decimalValue()).isEqualByComparingTo("150");
        var kitItem = qbo.find(h.realm, "Item", lines.get(1).path("ItemRef").path("value").asText()).orElseThrow();
        assertThat(kitItem.path("Sku").asText()).isEqualTo("KIT-9"); // created by product sync

        // Editing the invoice in HubSpot updates the same QuickBooks invoice.
        String firstLine = hubspot.associatedIds(h.portal, ObjectType.INVOICES, invoice, ObjectType.LINE_ITEMS).getFirst();
        hubspot.updateObject(h.portal, ObjectType.LINE_ITEMS, firstLine, Map.of("quantity", "3"));
        HubSpotHarness.awaitTrue(() -> qbInvoice(synced.destinationId()).path("TotalAmt").decimalValue()
                .compareTo(new java.math.BigDecimal("475.00")) == 0, Duration.ofSeconds(10),
                () -> "the QuickBooks invoice to total 475.00: " + h.events(flow, RecordType.INVOICE, invoice));
        assertThat(qbo.countInvoicesByDocNumber(h.realm, "INV-1001")).isEqualTo(1);

        // Voiding it in HubSpot voids it in QuickBooks; nothing is deleted.
        hubspot.updateObject(h.portal, ObjectType.INVOICES, invoice, Map.of("hs_invoice_status", "voided"));
        HubSpotHarness.awaitTrue(() -> "Voided".equals(qbInvoice(synced.destinationId()).path("PrivateNote").asText()),
                Duration.ofSeconds(10), () -> "the QuickBooks invoice to be voided: " + h.events(flow, RecordType.INVOICE, invoice));
        assertThat(qbInvoice(synced.destinationId()).path("TotalAmt").decimalValue()).isEqualByComparingTo("0");
        assertThat(qbo.invoices(h.realm)).hasSize(1);

        // QuickBooks' change feed hands back what Ledgerbridge wrote there; in this direction it makes no event.
        long events = h.count("SELECT count(*) FROM sync_event");
        assertThat(h.pollQuickBooks()).isPositive();
        assertThat(h.count("SELECT count(*) FROM sync_event")).isEqualTo(events);
    }

    @Test
    void with_only_open_selected_a_draft_does_not_sync_and_syncs_once_opened() {
        var flow = hubspotToQuickBooks(FlowSettings.defaults().withInvoiceStatuses(Set.of(InvoiceStatus.OPEN)));
        h.start();
        String bob = h.contact("bob@example.com", "Bob", "Builder");
        String hour = h.product("Consulting hour", "CONS-1", "150");
        String invoice = h.invoice("INV-2001", "draft", bob, hour);

        var skipped = h.await(flow, RecordType.INVOICE, invoice, SKIPPED);
        assertThat(skipped.skipReason()).isEqualTo("Invoice status Draft is not among the selected statuses [Open].");
        assertThat(qbo.invoices(h.realm)).isEmpty();

        hubspot.updateObject(h.portal, ObjectType.INVOICES, invoice, Map.of("hs_invoice_status", "open"));
        var synced = h.await(flow, RecordType.INVOICE, invoice, SUCCESS);
        assertThat(qbInvoice(synced.destinationId()).path("DocNumber").asText()).isEqualTo("INV-2001");
        assertThat(qbo.invoices(h.realm)).hasSize(1);
    }

    @Test
    void skip_integration_source_skips_invoices_another_integration_made_and_syncs_them_when_turned_off() {
        var flow = hubspotToQuickBooks(FlowSettings.defaults());
        h.start();
        String cy = h.contact("cy@example.com", "Cy", null);
        String hour = h.product("Consulting hour", "CONS-1", "150");
        // Another app (a private app's token) makes the invoice through the API.
        String otherApp = hubspot.createPrivateAppToken(h.portal, "Billing robot", null);
        String invoice = postInvoiceAs(otherApp, "INV-3001", cy, hour);

        var skipped = h.await(flow, RecordType.INVOICE, invoice, SKIPPED);
        assertThat(skipped.skipReason()).isEqualTo("Written by Billing robot; \"Skip Integration Source\" is on.");
        assertThat(qbo.invoices(h.realm)).isEmpty();

        h.lb.flows.updateSettings(flow, h.lb.flows.flow(flow).settings().withSkipIntegrationSource(false), java.time.Instant.now());
        hubspot.updateObject(h.portal, ObjectType.INVOICES, invoice, Map.of("hs_comments", "Thanks!"));
        h.await(flow, RecordType.INVOICE, invoice, SUCCESS);
        assertThat(qbo.invoices(h.realm)).hasSize(1);
    }

    @Test
    void a_line_tax_rate_syncs_through_the_tax_mapping_and_an_unmapped_one_fails_naming_it() {
        var flow = hubspotToQuickBooks(FlowSettings.defaults().withTaxMapping(Map.of("CA-8", "2")));
        h.start();
        String dee = h.contact("dee@example.com", "Dee", null);
        String hour = h.product("Consulting hour", "CONS-1", "150");
        String taxed = h.invoice("INV-4001", "open", dee, hour);
        String line = hubspot.associatedIds(h.portal, ObjectType.INVOICES, taxed, ObjectType.LINE_ITEMS).getFirst();
        hubspot.updateObject(h.portal, ObjectType.LINE_ITEMS, line, Map.of("hs_tax_rate_group_id", "CA-8"));
        var synced = h.await(flow, RecordType.INVOICE, taxed, SUCCESS);
        HubSpotHarness.awaitTrue(() -> "2".equals(qbInvoice(synced.destinationId()).path("Line").findValues("SalesItemLineDetail")
                .getFirst().path("TaxCodeRef").path("value").asText()), Duration.ofSeconds(10),
                () -> "the line to carry tax code 2: " + qbInvoice(synced.destinationId()));

        String other = h.invoice("INV-4002", "open", dee, hour);
        String otherLine = hubspot.associatedIds(h.portal, ObjectType.INVOICES, other, ObjectType.LINE_ITEMS).getFirst();
        hubspot.updateObject(h.portal, ObjectType.LINE_ITEMS, otherLine, Map.of("hs_tax_rate_group_id", "NY-4"));
        HubSpotHarness.awaitTrue(() -> h.events(flow, RecordType.INVOICE, other).stream().anyMatch(e -> e.status() == FAILED
                && e.error().code() == ErrorCode.TAX_CODE_NOT_MAPPED), Duration.ofSeconds(10),
                () -> "INV-4002 to fail with Tax code not mapped: " + h.events(flow, RecordType.INVOICE, other));
        var failed = h.events(flow, RecordType.INVOICE, other).stream()
                .filter(e -> e.status() == FAILED && e.error().code() == ErrorCode.TAX_CODE_NOT_MAPPED).findFirst().orElseThrow();
        assertThat(failed.error().message()).contains("\"NY-4\"");
    }

    @Test
    void without_product_sync_a_missing_item_fails_with_sku_not_found_and_with_it_the_item_is_created() {
        var flow = hubspotToQuickBooks(new FlowSettings(EnumSet.of(RecordType.CUSTOMER, RecordType.INVOICE),
                EnumSet.of(InvoiceStatus.OPEN, InvoiceStatus.PAID, InvoiceStatus.VOID), true, Map.of(), false, null));
        h.start();
        String eve = h.contact("eve@example.com", "Eve", null);
        String gadget = h.product("Gadget", "GAD-7", "20");
        String invoice = h.invoice("INV-5001", "open", eve, gadget);
        var failed = h.await(flow, RecordType.INVOICE, invoice, FAILED);
        assertThat(failed.error().code()).isEqualTo(ErrorCode.SKU_NOT_FOUND);
        assertThat(failed.error().details()).containsEntry("sku", "GAD-7");

        h.lb.flows.updateSettings(flow, h.lb.flows.flow(flow).settings().withEnabled(RecordType.PRODUCT, true)
                .withProductSync(true), java.time.Instant.now());
        hubspot.updateObject(h.portal, ObjectType.PRODUCTS, gadget, Map.of("description", "now synced"));
        hubspot.updateObject(h.portal, ObjectType.INVOICES, invoice, Map.of("hs_comments", "again"));
        var synced = h.await(flow, RecordType.INVOICE, invoice, SUCCESS);
        var item = qbo.find(h.realm, "Item", qbInvoice(synced.destinationId()).path("Line").findValues("SalesItemLineDetail")
                .getFirst().path("ItemRef").path("value").asText()).orElseThrow();
        assertThat(item.path("Sku").asText()).isEqualTo("GAD-7");
    }

    /** Creates an invoice through the API with another app's token (as that app would). */
    private String postInvoiceAs(String token, String number, String contact, String product) {
        var http = java.net.http.HttpClient.newHttpClient();
        try {
            String invoice = post(http, token, "/crm/v3/objects/invoices", """
                    {"properties":{"hs_currency":"USD","hs_number":"%s","hs_invoice_status":"open","hs_invoice_date":"2026-11-02"},
                     "associations":[{"to":{"id":"%s"},"types":[{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":177}]}]}"""
                    .formatted(number, contact));
            post(http, token, "/crm/v3/objects/line_items", """
                    {"properties":{"hs_product_id":"%s","quantity":"1"},
                     "associations":[{"to":{"id":"%s"},"types":[{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":410}]}]}"""
                    .formatted(product, invoice));
            return invoice;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String post(java.net.http.HttpClient http, String token, String path, String body) throws Exception {
        var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(hubspot.baseUrl() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).path("id").asText();
    }
}
