package io.ledgerbridge.app.hubspot;

import static io.ledgerbridge.domain.sync.SyncStatus.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.sandbox.hubspot.HubSpotSandbox;
import io.ledgerbridge.sandbox.hubspot.SandboxSettings;
import io.ledgerbridge.sandbox.hubspot.crm.ObjectType;
import io.ledgerbridge.sandbox.hubspot.webhook.WebhookSettings;
import io.ledgerbridge.sandbox.quickbooks.QuickBooksSandbox;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Direction "QuickBooks to HubSpot": invoices made in the QuickBooks sandbox, read through change data capture, reach
 * the HubSpot sandbox with their contact, products and line items; and what Ledgerbridge writes into HubSpot comes
 * back through HubSpot's webhooks without making a single event.
 */
class QuickBooksToHubSpotIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static HubSpotSandbox hubspot;
    private static QuickBooksSandbox qbo;
    private HubSpotHarness h;
    private FlowId toHubSpot;
    private FlowId toQuickBooks;

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

    @BeforeEach
    void harness() {
        h = new HubSpotHarness(hubspot, qbo, true);
        toHubSpot = h.flow(h.books, h.hub, FlowSettings.defaults().withProductSync(true));
    }

    @AfterEach
    void close() {
        h.close();
    }

    /** An invoice as a bookkeeper makes it in QuickBooks: two lines of one item. */
    private String qbInvoice(String number, String customer, String item, String qty) {
        var body = JSON.createObjectNode();
        body.putObject("CustomerRef").put("value", customer);
        body.put("DocNumber", number).put("TxnDate", "2026-11-02").put("DueDate", "2026-12-02");
        var line = body.putArray("Line").addObject();
        line.put("DetailType", "SalesItemLineDetail").put("Amount", new BigDecimal(qty).multiply(new BigDecimal("150")));
        line.putObject("SalesItemLineDetail").put("Qty", new BigDecimal(qty)).put("UnitPrice", new BigDecimal("150"))
                .putObject("ItemRef").put("value", item);
        return qbo.create(h.realm, "Invoice", body).path("Id").asText();
    }

    private void qbEdit(String invoiceId, String item, String qty) {
        var current = qbo.find(h.realm, "Invoice", invoiceId).orElseThrow();
        var body = JSON.createObjectNode().put("Id", invoiceId).put("SyncToken", current.path("SyncToken").asText())
                .put("sparse", true);
        var line = body.putArray("Line").addObject();
        line.put("DetailType", "SalesItemLineDetail").put("Amount", new BigDecimal(qty).multiply(new BigDecimal("150")));
        line.putObject("SalesItemLineDetail").put("Qty", new BigDecimal(qty)).put("UnitPrice", new BigDecimal("150"))
                .putObject("ItemRef").put("value", item);
        qbo.create(h.realm, "Invoice", body);
    }

    private void qbVoid(String invoiceId) throws Exception {
        var current = qbo.find(h.realm, "Invoice", invoiceId).orElseThrow();
        ObjectNode body = JSON.createObjectNode().put("Id", invoiceId).put("SyncToken", current.path("SyncToken").asText());
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(qbo.baseUrl() + "/v3/company/"
                        + h.realm + "/invoice?operation=void&minorversion=75"))
                .header("Authorization", "Bearer " + h.qbTokens.accessToken()).header("Content-Type", "application/json")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private String awaitSynced(String qbInvoice) {
        HubSpotHarness.awaitTrue(() -> {
            h.pollQuickBooks();
            var events = h.events(toHubSpot, RecordType.INVOICE, qbInvoice);
            return !events.isEmpty() && events.getFirst().status() == SUCCESS;
        }, Duration.ofSeconds(20), () -> "invoice " + qbInvoice + " to sync: " + h.events(toHubSpot, RecordType.INVOICE, qbInvoice));
        return h.events(toHubSpot, RecordType.INVOICE, qbInvoice).getFirst().destinationId();
    }

    @Test
    void a_historical_import_reads_a_past_year_of_quickbooks_by_date_into_hubspot_once_each() {
        String customer = qbo.createCustomer(h.realm, "Ada Lovelace", "ada@example.com");
        String item = qbo.createItem(h.realm, "Consulting hour", "CONS-1", new BigDecimal("150"));
        for (int i = 1; i <= 60; i++) {
            var body = JSON.createObjectNode();
            body.putObject("CustomerRef").put("value", customer);
            body.put("DocNumber", String.format("P-%03d", i)).put("TxnDate", String.format("2025-%02d-%02d", 1 + i % 12, 1 + i % 28));
            var line = body.putArray("Line").addObject();
            line.put("DetailType", "SalesItemLineDetail").put("Amount", new BigDecimal("150"));
            line.putObject("SalesItemLineDetail").put("Qty", BigDecimal.ONE).put("UnitPrice", new BigDecimal("150"))
                    .putObject("ItemRef").put("value", item);
            qbo.create(h.realm, "Invoice", body);
        }
        qbInvoice("Q-NOW", customer, item, "1"); // dated 2026: outside the range
        h.start();
        var year = new io.ledgerbridge.engine.history.ImportPlanner.Request(toHubSpot, java.time.LocalDate.of(2025, 1, 1),
                java.time.LocalDate.of(2025, 12, 31), null, null);
        assertThat(h.lb.importPlanner.plan(h.workspace, year).estimate().invoices()).isEqualTo(60);

        var started = h.lb.importPlanner.start(h.workspace, year, "it@example.com");
        HubSpotHarness.awaitTrue(() -> h.lb.imports.find(h.workspace, started.id()).orElseThrow().status().finished(),
                Duration.ofSeconds(90), () -> "the import to finish: " + h.lb.imports.find(h.workspace, started.id()));

        var done = h.lb.imports.find(h.workspace, started.id()).orElseThrow();
        assertThat(done.status()).as("%s", done).isEqualTo(io.ledgerbridge.engine.history.HistoricalImport.Status.COMPLETED);
        assertThat(done.report().orElseThrow().invoicesRead()).isEqualTo(60);
        assertThat(done.report().orElseThrow().failed()).isEmpty();
        var numbers = hubspot.objects(h.portal, ObjectType.INVOICES).stream().map(o -> o.property("hs_number")).toList();
        assertThat(numbers).filteredOn(n -> n.startsWith("P-")).hasSize(60).doesNotHaveDuplicates();
        assertThat(numbers).doesNotContain("Q-NOW");
    }

    @Test
    void an_invoice_made_in_quickbooks_is_in_hubspot_with_its_contact_products_and_lines_and_edits_and_voids_follow()
            throws Exception {
        h.start();
        String customer = qbo.createCustomer(h.realm, "Grace Hopper", "grace@example.com");
        String item = qbo.createItem(h.realm, "Consulting hour", "CONS-1", new BigDecimal("150"));
        String invoice = qbInvoice("Q-1001", customer, item, "2");

        String id = awaitSynced(invoice);
        var stored = h.hubspotObject(ObjectType.INVOICES, id);
        assertThat(stored.property("hs_number")).isEqualTo("Q-1001");
        assertThat(stored.property("hs_invoice_status")).isEqualTo("open");
        assertThat(stored.property("hs_currency")).isEqualTo("USD");
        assertThat(stored.property("hs_invoice_date")).isEqualTo("2026-11-02");
        assertThat(stored.property("hs_amount_billed")).isEqualTo("300");
        var contacts = hubspot.associatedIds(h.portal, ObjectType.INVOICES, id, ObjectType.CONTACTS);
        assertThat(contacts).hasSize(1);
        var contact = h.hubspotObject(ObjectType.CONTACTS, contacts.getFirst());
        assertThat(contact.property("email")).isEqualTo("grace@example.com");
        assertThat(contact.property("firstname") + " " + contact.property("lastname")).isEqualTo("Grace Hopper");
        var lines = hubspot.associatedIds(h.portal, ObjectType.INVOICES, id, ObjectType.LINE_ITEMS);
        assertThat(lines).hasSize(1);
        var line = h.hubspotObject(ObjectType.LINE_ITEMS, lines.getFirst());
        assertThat(line.property("hs_sku")).isEqualTo("CONS-1");
        assertThat(line.property("quantity")).isEqualTo("2");
        var product = h.hubspotObject(ObjectType.PRODUCTS, line.property("hs_product_id"));
        assertThat(product.property("hs_sku")).isEqualTo("CONS-1");

        qbEdit(invoice, item, "5");
        HubSpotHarness.awaitTrue(() -> {
            h.pollQuickBooks();
            return "750".equals(h.hubspotObject(ObjectType.INVOICES, id).property("hs_amount_billed"));
        }, Duration.ofSeconds(20), () -> "the HubSpot invoice to bill 750: " + h.events(toHubSpot, RecordType.INVOICE, invoice));
        assertThat(hubspot.associatedIds(h.portal, ObjectType.INVOICES, id, ObjectType.LINE_ITEMS)).hasSize(1);

        qbVoid(invoice);
        HubSpotHarness.awaitTrue(() -> {
            h.pollQuickBooks();
            return "voided".equals(h.hubspotObject(ObjectType.INVOICES, id).property("hs_invoice_status"));
        }, Duration.ofSeconds(20), () -> "the HubSpot invoice to be voided: " + h.events(toHubSpot, RecordType.INVOICE, invoice));
        assertThat(hubspot.objects(h.portal, ObjectType.INVOICES)).hasSize(1);
        assertThat(hubspot.objects(h.portal, ObjectType.CONTACTS)).hasSize(1);
    }

    @Test
    void with_skip_integration_source_nothing_ledgerbridge_wrote_into_hubspot_comes_back_as_an_event() {
        // Both flows exist and are on; HubSpot's webhooks for Ledgerbridge's own writes still arrive.
        toQuickBooks = h.flow(h.hub, h.books, FlowSettings.defaults());
        h.start();
        String customer = qbo.createCustomer(h.realm, "Alan Turing", "alan@example.com");
        String item = qbo.createItem(h.realm, "Kit", "KIT-9", new BigDecimal("150"));
        String invoice = qbInvoice("Q-2001", customer, item, "1");
        awaitSynced(invoice);
        assertThat(hubspot.awaitWebhooks(Duration.ofSeconds(10))).isTrue();
        HubSpotHarness.awaitTrue(() -> h.count("SELECT count(*) FROM webhook_inbox WHERE processed_at IS NOT NULL AND "
                + "connection_id = '" + h.hub.value() + "'") > 0, Duration.ofSeconds(10), () -> "webhooks to arrive");
        long deliveredEvents = h.count("SELECT count(*) FROM webhook_inbox WHERE connection_id = '" + h.hub.value() + "'");

        assertThat(deliveredEvents).as("HubSpot told Ledgerbridge about its own writes").isGreaterThan(3);
        assertThat(h.count("SELECT count(*) FROM source_record WHERE connection_id = '" + h.hub.value() + "'"))
                .as("records read back from HubSpot").isZero();
        assertThat(h.count("SELECT count(*) FROM sync_event WHERE flow_id = '" + toQuickBooks.value() + "'"))
                .as("events in the HubSpot to QuickBooks flow").isZero();
        assertThat(h.count("SELECT count(*) FROM sync_event WHERE flow_id = '" + toHubSpot.value() + "'"))
                .as("one event per QuickBooks record: customer, item, invoice").isEqualTo(3);
        assertThat(qbo.invoices(h.realm)).hasSize(1);
        assertThat(hubspot.objects(h.portal, ObjectType.INVOICES)).hasSize(1);
    }
}
