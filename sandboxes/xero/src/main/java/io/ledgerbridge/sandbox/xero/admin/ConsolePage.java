package io.ledgerbridge.sandbox.xero.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.ledgerbridge.sandbox.xero.XeroSandbox;
import io.ledgerbridge.sandbox.xero.organisation.Organisation;
import io.ledgerbridge.sandbox.xero.wire.Html;
import io.ledgerbridge.sandbox.xero.wire.XeroJson;
import java.util.List;

/**
 * {@code /_sandbox/console}: the organisations, and for the chosen one its contacts, items, invoices and payments, with
 * forms to rename an item or a contact (so a demo user can fix data Xero refused, like the QuickBooks console).
 */
public final class ConsolePage {
    private final XeroSandbox sandbox;

    public ConsolePage(XeroSandbox sandbox) {
        this.sandbox = sandbox;
    }

    public void show(Context ctx) {
        List<Organisation> orgs = sandbox.organisations();
        String chosen = ctx.queryParam("tenantId");
        Organisation org = orgs.stream().filter(o -> o.tenantId().equalsIgnoreCase(String.valueOf(chosen))).findFirst()
                .orElse(orgs.isEmpty() ? null : orgs.getFirst());
        StringBuilder b = new StringBuilder("<h1>Xero sandbox</h1>");
        if (ctx.queryParam("error") != null) {
            b.append("<p role=\"alert\" style=\"color:#b00\">").append(Html.esc(ctx.queryParam("error"))).append("</p>");
        } else if (ctx.queryParam("saved") != null) {
            b.append("<p role=\"status\">Saved.</p>");
        }
        b.append("<h2>Organisations</h2><table><tr><th>Name</th><th>Tenant id</th><th>Country</th><th>Currency</th><th>Requests</th><th>429s</th></tr>");
        for (Organisation o : orgs) {
            b.append("<tr><td><a href=\"/_sandbox/console?tenantId=").append(Html.esc(o.tenantId())).append("\">").append(Html.esc(o.name()))
                    .append("</a></td><td>").append(Html.esc(o.tenantId())).append("</td><td>").append(Html.esc(o.countryCode()))
                    .append("</td><td>").append(Html.esc(o.baseCurrency())).append("</td><td>").append(o.requests().get())
                    .append("</td><td>").append(o.throttled().get()).append("</td></tr>");
        }
        b.append("</table>");
        if (org != null) {
            String t = org.tenantId();
            b.append("<h2>").append(Html.esc(org.name())).append("</h2>");
            b.append("<h3>Contacts</h3><table><tr><th>Name</th><th>Email</th><th>Status</th><th>Rename</th></tr>");
            for (ObjectNode c : sandbox.contacts(t)) {
                b.append("<tr><td>").append(Html.esc(XeroJson.text(c, "Name"))).append("</td><td>").append(Html.esc(XeroJson.text(c, "EmailAddress")))
                        .append("</td><td>").append(Html.esc(XeroJson.text(c, "ContactStatus"))).append("</td><td>")
                        .append(form("/_sandbox/console/contacts/rename", t, "contactId", XeroJson.text(c, "ContactID"), XeroJson.text(c, "Name")))
                        .append("</td></tr>");
            }
            b.append("</table><h3>Items</h3><table><tr><th>Code</th><th>Name</th><th>Unit price</th><th>Rename</th></tr>");
            for (ObjectNode i : sandbox.items(t)) {
                b.append("<tr><td>").append(Html.esc(XeroJson.text(i, "Code"))).append("</td><td>").append(Html.esc(XeroJson.text(i, "Name")))
                        .append("</td><td>").append(Html.esc(i.path("SalesDetails").path("UnitPrice").asText(""))).append("</td><td>")
                        .append(form("/_sandbox/console/items/rename", t, "code", XeroJson.text(i, "Code"), XeroJson.text(i, "Name")))
                        .append("</td></tr>");
            }
            b.append("</table><h3>Invoices</h3><table><tr><th>Number</th><th>Type</th><th>Contact</th><th>Status</th><th>Total</th><th>Due</th></tr>");
            for (ObjectNode i : sandbox.invoices(t)) {
                b.append("<tr><td>").append(Html.esc(XeroJson.text(i, "InvoiceNumber"))).append("</td><td>").append(Html.esc(XeroJson.text(i, "Type")))
                        .append("</td><td>").append(Html.esc(i.path("Contact").path("Name").asText(""))).append("</td><td>")
                        .append(Html.esc(XeroJson.text(i, "Status"))).append("</td><td>").append(Html.esc(i.path("Total").asText()))
                        .append("</td><td>").append(Html.esc(i.path("AmountDue").asText())).append("</td></tr>");
            }
            b.append("</table><h3>Payments</h3><table><tr><th>Invoice</th><th>Date</th><th>Amount</th><th>Status</th></tr>");
            for (ObjectNode p : sandbox.payments(t)) {
                b.append("<tr><td>").append(Html.esc(p.path("Invoice").path("InvoiceNumber").asText(""))).append("</td><td>")
                        .append(Html.esc(XeroJson.text(p, "Date"))).append("</td><td>").append(Html.esc(p.path("Amount").asText()))
                        .append("</td><td>").append(Html.esc(XeroJson.text(p, "Status"))).append("</td></tr>");
            }
            b.append("</table>");
        }
        ctx.html(Html.page("Xero sandbox console", b.toString()));
    }

    private static String form(String action, String tenantId, String keyName, String key, String name) {
        return "<form method=\"post\" action=\"" + action + "\"><input type=\"hidden\" name=\"tenantId\" value=\"" + Html.esc(tenantId)
                + "\"><input type=\"hidden\" name=\"" + keyName + "\" value=\"" + Html.esc(key) + "\"><input name=\"name\" aria-label=\"New name\" value=\""
                + Html.esc(name) + "\"> <button type=\"submit\">Rename</button></form>";
    }
}
