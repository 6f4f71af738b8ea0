package io.ledgerbridge.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.sandbox.xero.XeroSandbox;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;

/**
 * The bookkeeper of Xero: Demo Company (Group), entering and editing invoices over Xero's API (as Xero's web app does,
 * with an app of its own): {@code PUT /Invoices} and {@code POST /Invoices/{id}}, each line tagged with the tracking
 * category Region (Sydney, Melbourne, Brisbane) or not at all. Xero's webhooks then tell Ledgerbridge, which routes
 * each invoice to the satellite its Region names.
 */
final class GroupBookkeeper {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String apiBase;
    private final String tenant;
    private final String accessToken;

    GroupBookkeeper(XeroSandbox xero, String tenant) {
        this.apiBase = xero.apiBase();
        this.tenant = tenant;
        this.accessToken = xero.issueTokens(DemoSandboxes.XERO_BOOKKEEPER_CLIENT_ID, tenant).accessToken();
    }

    /** One line of an invoice: an item of the group's list, tagged with its region (null: untagged). */
    record Line(String itemCode, String description, int quantity, BigDecimal unitAmount, String region) {}

    /** Enters an approved invoice for the contact. @return its InvoiceID */
    String enter(String number, String contactId, LocalDate date, Line line) {
        var invoice = JSON.createObjectNode().put("Type", "ACCREC").put("InvoiceNumber", number).put("Status", "AUTHORISED")
                .put("Date", date.toString()).put("DueDate", date.plusDays(30).toString())
                .put("LineAmountTypes", "Exclusive");
        invoice.putObject("Contact").put("ContactID", contactId);
        lines(invoice, line);
        return call("PUT", "/Invoices", invoice).path("InvoiceID").asText();
    }

    /** Replaces the invoice's lines (a re-tag is an edit of the lines' tracking). */
    void editLines(String invoiceId, Line line) {
        var invoice = JSON.createObjectNode();
        lines(invoice, line);
        call("POST", "/Invoices/" + invoiceId, invoice);
    }

    private static void lines(ObjectNode invoice, Line line) {
        ArrayNode lines = invoice.putArray("LineItems");
        var l = lines.addObject().put("ItemCode", line.itemCode()).put("Description", line.description())
                .put("Quantity", line.quantity()).put("UnitAmount", line.unitAmount()).put("AccountCode", "200");
        if (line.region() != null) {
            l.putArray("Tracking").addObject().put("Name", "Region").put("Option", line.region());
        }
    }

    private JsonNode call(String method, String path, ObjectNode invoice) {
        var body = JSON.createObjectNode();
        body.putArray("Invoices").add(invoice);
        try {
            var r = HTTP.send(HttpRequest.newBuilder(URI.create(apiBase + path)).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + accessToken).header("xero-tenant-id", tenant)
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("Xero answered " + r.statusCode() + " to the group's " + method + " "
                        + path + ": " + r.body());
            }
            return JSON.readTree(r.body()).path("Invoices").path(0);
        } catch (IOException e) {
            throw new IllegalStateException("the group's " + method + " " + path + " did not reach Xero", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
