package io.ledgerbridge.sandbox.hubspot;

import io.ledgerbridge.sandbox.hubspot.crm.ObjectType;
import io.ledgerbridge.sandbox.hubspot.crm.SandboxObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleIT {
    static HubSpotSandbox hubspot;
    static long portal;
    static HubSpotHttp http;

    @BeforeAll
    static void start() {
        hubspot = HubSpotSandbox.start();
        portal = hubspot.createPortal("Demo");
        http = new HubSpotHttp(hubspot.baseUrl(), null);
    }

    @AfterAll
    static void stop() {
        hubspot.close();
    }

    @Test
    void a_person_creates_product_contact_and_invoice_then_opens_and_voids_it() {
        assertThat(http.form("/_sandbox/console/products", "portal=" + portal + "&name=Widget&sku=W-9&price=12.5").status()).isEqualTo(303);
        assertThat(http.form("/_sandbox/console/contacts", "portal=" + portal + "&email=" + enc("buyer@example.com") + "&firstname=Bo&lastname=Buyer").status()).isEqualTo(303);
        String product = hubspot.objects(portal, ObjectType.PRODUCTS).getFirst().id();
        String contact = hubspot.objects(portal, ObjectType.CONTACTS).getFirst().id();
        var created = http.form("/_sandbox/console/invoices", "portal=" + portal + "&currency=USD&number=INV-100&title=Demo&contact=" + contact
                + "&product=" + product + "&line=&quantity=2&price=");
        assertThat(created.status()).isEqualTo(303);
        SandboxObject invoice = hubspot.objects(portal, ObjectType.INVOICES).getFirst();
        assertThat(invoice.property("hs_amount_billed")).isEqualTo("25");
        assertThat(hubspot.associatedIds(portal, ObjectType.INVOICES, invoice.id(), ObjectType.CONTACTS)).containsExactly(contact);

        var page = http.get("/_sandbox/console?portal=" + portal);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("INV-100").contains("Widget × 2 @ 12.5 = 25").contains("buyer@example.com").contains("W-9");

        for (String status : List.of("open", "voided")) {
            assertThat(http.form("/_sandbox/console/invoices/" + invoice.id() + "/status", "portal=" + portal + "&status=" + status).status()).isEqualTo(303);
            assertThat(hubspot.object(portal, ObjectType.INVOICES, invoice.id()).orElseThrow().property("hs_invoice_status")).isEqualTo(status);
        }
    }

    @Test
    void a_rejected_write_comes_back_as_a_message_on_the_page() {
        var r = http.form("/_sandbox/console/contacts", "portal=" + portal + "&email=" + enc("dup@example.com"));
        var again = http.form("/_sandbox/console/contacts", "portal=" + portal + "&email=" + enc("dup@example.com"));
        assertThat(r.status()).isEqualTo(303);
        assertThat(again.header("Location")).contains("error=");
        assertThat(http.get(again.header("Location")).text()).contains("Contact already exists");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
