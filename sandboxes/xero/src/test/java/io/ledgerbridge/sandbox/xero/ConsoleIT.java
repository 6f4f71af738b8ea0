package io.ledgerbridge.sandbox.xero;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleIT extends SandboxFixture {
    private XeroClient.Answer form(String path, String body) {
        return client.raw(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void the_console_shows_organisations_contacts_items_invoices_and_payments() {
        String c = contactId("Console Customer");
        sandbox.createItem(tenantId, "GADGET", "Gadget", new BigDecimal("5.00"));
        String inv = client.put("/Invoices", invoice(c, "INV-C1", "AUTHORISED", "1", "10", "NONE")).json().get("Invoices").get(0).get("InvoiceID").asText();
        sandbox.payInvoice(tenantId, inv, new BigDecimal("4.00"), "090");
        String page = client.raw(HttpRequest.newBuilder(URI.create(sandbox.consoleUrl())).build()).body();
        assertThat(page).contains("Demo Company (UK)", "Console Customer", "GADGET", "INV-C1", "4.00", "Rename");
    }

    @Test
    void a_user_can_rename_an_item_and_a_contact_and_bad_symbols_are_shown_as_an_error() {
        sandbox.createItem(tenantId, "GADGET", "Gadget", null);
        String c = contactId("Old Name");
        var ok = form("/_sandbox/console/items/rename", "tenantId=" + tenantId + "&code=GADGET&name=" + URLEncoder.encode("Gadget Pro", StandardCharsets.UTF_8));
        assertThat(ok.status()).isEqualTo(302);
        assertThat(sandbox.items(tenantId).getFirst().get("Name").asText()).isEqualTo("Gadget Pro");
        var bad = form("/_sandbox/console/items/rename", "tenantId=" + tenantId + "&code=GADGET&name=" + URLEncoder.encode("Gadget <b>", StandardCharsets.UTF_8));
        assertThat(bad.header("Location")).contains("error=");
        String page = client.raw(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + bad.header("Location"))).build()).body();
        assertThat(page).contains("Please remove the incorrect symbols from the product name.");
        form("/_sandbox/console/contacts/rename", "tenantId=" + tenantId + "&contactId=" + c + "&name=New+Name");
        assertThat(sandbox.contacts(tenantId).getFirst().get("Name").asText()).isEqualTo("New Name");
    }
}
