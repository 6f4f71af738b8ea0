package io.ledgerbridge.connector.xero;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerbridge.connector.Outbound;
import io.ledgerbridge.domain.record.Customer;
import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.InvoiceLine;
import io.ledgerbridge.domain.record.InvoiceStatus;
import io.ledgerbridge.domain.record.Payment;
import io.ledgerbridge.domain.record.Product;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the sink sends (API_FACTS B.2–B.4, B.7) and how settings are read, without a network. */
class XeroRequestsTest {

    private final XeroSettings settings = XeroSettings.of(Map.of("tenantId", "t1"), "id", "secret");

    @Test
    void the_batch_idempotency_key_does_not_depend_on_the_order_writes_were_claimed_in() {
        String a = XeroSink.batchKey("PUT", "Invoices", List.of("k2", "k1", "k3"));
        String b = XeroSink.batchKey("PUT", "Invoices", List.of("k3", "k2", "k1"));
        assertThat(a).isEqualTo(b).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(XeroSink.batchKey("POST", "Invoices", List.of("k1", "k2", "k3"))).isNotEqualTo(a);
        assertThat(XeroSink.batchKey("PUT", "Invoices", List.of("k1", "k2"))).isNotEqualTo(a);
    }

    @Test
    void an_invoice_is_an_accrec_with_its_number_currency_account_code_and_mapped_tax_types() {
        var invoice = new Invoice("i1", "INV-7", InvoiceStatus.OPEN, "c1", "NZD", LocalDate.parse("2026-03-01"),
                LocalDate.parse("2026-03-31"), List.of(
                        new InvoiceLine("SKU-1", "Chair", new BigDecimal("2"), new BigDecimal("19.95"), "GST 15%"),
                        new InvoiceLine("SKU-2", null, BigDecimal.ONE, new BigDecimal("5"), null)), "Order 7", null);
        var e = XeroEntities.element(new Outbound.OutboundInvoice(invoice, "contact-1", Map.of(),
                Map.of("GST 15%", "OUTPUT2")), null, settings);
        assertThat(e.toString()).isEqualTo("{\"Type\":\"ACCREC\",\"InvoiceNumber\":\"INV-7\",\"Contact\":{\"ContactID\":"
                + "\"contact-1\"},\"Date\":\"2026-03-01\",\"DueDate\":\"2026-03-31\",\"CurrencyCode\":\"NZD\","
                + "\"Reference\":\"Order 7\",\"Status\":\"AUTHORISED\",\"LineAmountTypes\":\"Exclusive\",\"LineItems\":["
                + "{\"Description\":\"Chair\",\"Quantity\":2,\"UnitAmount\":19.95,\"ItemCode\":\"SKU-1\",\"AccountCode\":\"200\","
                + "\"TaxType\":\"OUTPUT2\"},{\"Description\":\"SKU-2\",\"Quantity\":1,\"UnitAmount\":5,\"ItemCode\":\"SKU-2\","
                + "\"AccountCode\":\"200\",\"TaxType\":\"NONE\"}]}");
    }

    @Test
    void an_update_names_the_invoice_id_from_the_mapping_so_the_same_invoice_changes() {
        var invoice = new Invoice("i1", "INV-7", InvoiceStatus.OPEN, "c1", "USD", LocalDate.parse("2026-03-01"), null,
                List.of(new InvoiceLine("SKU-1", "Chair", BigDecimal.ONE, BigDecimal.TEN, null)), null, null);
        var e = XeroEntities.element(new Outbound.OutboundInvoice(invoice, "contact-1", Map.of(), Map.of()), "inv-guid",
                settings);
        assertThat(e.path("InvoiceID").asText()).isEqualTo("inv-guid");
        assertThat(e.path("LineAmountTypes").asText()).isEqualTo("NoTax");
    }

    @Test
    void a_payment_names_the_invoice_by_id_the_account_by_code_and_carries_the_source_id_as_reference() {
        var payment = new Payment("pay-9", "i1", new BigDecimal("12.5"), "USD", LocalDate.parse("2026-03-05"), "chk", null);
        var e = XeroEntities.element(new Outbound.OutboundPayment(payment, "inv-guid", "contact-1"), null,
                XeroSettings.of(Map.of("tenantId", "t1", "paymentAccountCode", "091"), null, null));
        assertThat(e.toString()).isEqualTo("{\"Invoice\":{\"InvoiceID\":\"inv-guid\"},\"Account\":{\"Code\":\"091\"},"
                + "\"Date\":\"2026-03-05\",\"Amount\":12.50,\"Reference\":\"pay-9\"}");
    }

    @Test
    void contacts_and_items_carry_their_natural_keys() {
        var c = XeroEntities.element(new Outbound.OutboundCustomer(new Customer("c1", " Ada ", "ada@example.com", null,
                "+64 1", null)), null, settings);
        assertThat(c.toString()).isEqualTo("{\"Name\":\"Ada\",\"EmailAddress\":\"ada@example.com\",\"Phones\":[{"
                + "\"PhoneType\":\"DEFAULT\",\"PhoneNumber\":\"+64 1\"}]}");
        var i = XeroEntities.element(new Outbound.OutboundProduct(new Product("p1", "SKU-1", "Chair", null,
                new BigDecimal("19.95"), "USD", null)), "item-guid", settings);
        assertThat(i.toString()).isEqualTo("{\"ItemID\":\"item-guid\",\"Code\":\"SKU-1\",\"Name\":\"Chair\",\"IsSold\":true,"
                + "\"SalesDetails\":{\"UnitPrice\":19.95,\"AccountCode\":\"200\"}}");
    }

    @Test
    void where_literals_escape_quotes() {
        assertThat(XeroSink.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    }

    @Test
    void settings_derive_the_connections_url_from_the_api_host_and_have_the_account_code_defaults() {
        assertThat(settings.baseUrl()).isEqualTo(URI.create("https://api.xero.com/api.xro/2.0"));
        assertThat(settings.connectionsUrl()).isEqualTo(URI.create("https://api.xero.com/connections"));
        assertThat(settings.salesAccountCode()).isEqualTo("200");
        assertThat(settings.paymentAccountCode()).isEqualTo("090");
        var sandbox = XeroSettings.of(Map.of("tenantId", "t1", "baseUrl", "http://127.0.0.1:9094/api.xro/2.0/"), null, null);
        assertThat(sandbox.connectionsUrl()).isEqualTo(URI.create("http://127.0.0.1:9094/connections"));
        assertThat(settings.toString()).doesNotContain("secret");
        assertThatThrownBy(() -> XeroSettings.of(Map.of(), null, null)).hasMessageContaining("tenantId");
        assertThatThrownBy(() -> XeroSettings.of(Map.of("tenantId", "t", "maxBatch", "51"), null, null))
                .hasMessageContaining("maxBatch");
    }

    @Test
    void xero_dates_are_read_in_both_forms() {
        assertThat(XeroEntities.instant("/Date(1552327126164+0000)/")).isEqualTo(Instant.ofEpochMilli(1552327126164L));
        assertThat(XeroEntities.instant("2024-06-21T01:15:39.902")).isEqualTo(Instant.parse("2024-06-21T01:15:39.902Z"));
        var e = XeroApi.JSON.createObjectNode().put("Date", "/Date(1552262400000+0000)/");
        assertThat(XeroEntities.date(e, "Date")).isEqualTo(LocalDate.parse("2019-03-11"));
    }
}
