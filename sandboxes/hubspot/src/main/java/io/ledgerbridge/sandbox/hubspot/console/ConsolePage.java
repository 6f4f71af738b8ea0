package io.ledgerbridge.sandbox.hubspot.console;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.ledgerbridge.sandbox.hubspot.HubSpotException;
import io.ledgerbridge.sandbox.hubspot.HubSpotSandbox;
import io.ledgerbridge.sandbox.hubspot.crm.ObjectType;
import io.ledgerbridge.sandbox.hubspot.crm.SandboxObject;
import io.ledgerbridge.sandbox.kit.html.Html;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.ledgerbridge.sandbox.hubspot.oauth.OAuthRoutes.esc;

/**
 * {@code GET /_sandbox/console}: a small server-rendered page where a person plays the HubSpot user in the demo —
 * sees portals, invoices (status, lines), products and contacts, and creates products, contacts and invoices or
 * changes an invoice's status. Writes go through the same store as the API, as {@code CRM_UI} changes, so they fire
 * webhooks like edits in HubSpot's UI do.
 */
public final class ConsolePage {
    private static final String TITLE = "HubSpot sandbox console";
    /** HubSpot's colours; the page frame is the kit's {@link Html#page}. */
    private static final String STYLE = "body{font-family:sans-serif;margin:1.5em;color:#213343}table{border-collapse:collapse;margin:.5em 0 1.5em}"
            + "td,th{border:1px solid #cbd6e2;padding:.3em .6em;text-align:left;vertical-align:top}th{background:#eaf0f6}"
            + "form.inline{display:inline}fieldset{margin:.6em 0;border:1px solid #cbd6e2}.error{color:#b00;font-weight:bold}"
            + "input{margin-right:.4em}";

    private final HubSpotSandbox sandbox;

    public ConsolePage(HubSpotSandbox sandbox) {
        this.sandbox = sandbox;
    }

    public void show(Context ctx) {
        List<Long> portals = sandbox.portals();
        StringBuilder h = new StringBuilder("<h1>" + TITLE + "</h1>");
        if (portals.isEmpty()) {
            ctx.html(Html.page(TITLE, STYLE, h.append("<p>No portals yet.</p>").toString()));
            return;
        }
        long portal = selected(ctx, portals);
        h.append("<p>Portals: ");
        for (long p : portals) {
            String name = esc(sandbox.portal(p).name()) + " (" + p + ")";
            h.append(p == portal ? "<b>" + name + "</b>" : "<a href=\"/_sandbox/console?portal=" + p + "\">" + name + "</a>").append(" &nbsp; ");
        }
        h.append("</p><p>Requests: ").append(sandbox.requestCount(portal)).append(", 429s: ").append(sandbox.throttledCount(portal)).append("</p>");
        String error = ctx.queryParam("error");
        if (error != null) h.append("<p class=\"error\">").append(esc(error)).append("</p>");

        List<SandboxObject> contacts = sandbox.objects(portal, ObjectType.CONTACTS);
        List<SandboxObject> products = sandbox.objects(portal, ObjectType.PRODUCTS);
        invoices(h, portal);
        h.append("<h2>Products</h2><table><tr><th>ID</th><th>Name</th><th>SKU</th><th>Price</th><th>Written by</th></tr>");
        for (SandboxObject p : products) {
            h.append("<tr><td>").append(p.id()).append("</td><td>").append(v(p, "name")).append("</td><td>").append(v(p, "hs_sku"))
                    .append("</td><td>").append(v(p, "price")).append("</td><td>").append(v(p, "hs_object_source_label")).append("</td></tr>");
        }
        h.append("</table><h2>Contacts</h2><table><tr><th>ID</th><th>Email</th><th>First name</th><th>Last name</th><th>Written by</th></tr>");
        for (SandboxObject c : contacts) {
            h.append("<tr><td>").append(c.id()).append("</td><td>").append(v(c, "email")).append("</td><td>").append(v(c, "firstname"))
                    .append("</td><td>").append(v(c, "lastname")).append("</td><td>").append(v(c, "hs_object_source_label")).append("</td></tr>");
        }
        h.append("</table>");

        String hiddenPortal = "<input type=\"hidden\" name=\"portal\" value=\"" + portal + "\">";
        h.append("<h2>Create</h2>")
                .append("<fieldset><legend>Product</legend><form method=\"post\" action=\"/_sandbox/console/products\">").append(hiddenPortal)
                .append("<input name=\"name\" placeholder=\"Name\" required><input name=\"sku\" placeholder=\"SKU\"><input name=\"price\" placeholder=\"Price\" required>")
                .append("<button>Create product</button></form></fieldset>")
                .append("<fieldset><legend>Contact</legend><form method=\"post\" action=\"/_sandbox/console/contacts\">").append(hiddenPortal)
                .append("<input name=\"email\" type=\"email\" placeholder=\"Email\" required><input name=\"firstname\" placeholder=\"First name\"><input name=\"lastname\" placeholder=\"Last name\">")
                .append("<button>Create contact</button></form></fieldset>")
                .append("<fieldset><legend>Invoice with one line</legend><form method=\"post\" action=\"/_sandbox/console/invoices\">").append(hiddenPortal)
                .append("<input name=\"currency\" value=\"USD\" size=\"4\" required><input name=\"number\" placeholder=\"Number\"><input name=\"title\" placeholder=\"Title\">")
                .append("<select name=\"contact\"><option value=\"\">(no contact)</option>");
        for (SandboxObject c : contacts) h.append("<option value=\"").append(c.id()).append("\">").append(v(c, "email")).append("</option>");
        h.append("</select><br><select name=\"product\"><option value=\"\">(no product)</option>");
        for (SandboxObject p : products) h.append("<option value=\"").append(p.id()).append("\">").append(v(p, "name")).append("</option>");
        h.append("</select><input name=\"line\" placeholder=\"Line name\"><input name=\"quantity\" value=\"1\" size=\"4\"><input name=\"price\" placeholder=\"Price\">")
                .append("<button>Create invoice</button></form></fieldset>");
        ctx.html(Html.page(TITLE, STYLE, h.toString()));
    }

    private void invoices(StringBuilder h, long portal) {
        h.append("<h2>Invoices</h2><table><tr><th>ID</th><th>Number</th><th>Title</th><th>Status</th><th>Currency</th><th>Billed</th><th>Balance</th><th>Lines</th><th>Contact</th><th>Written by</th><th>Change status</th></tr>");
        for (SandboxObject inv : sandbox.objects(portal, ObjectType.INVOICES)) {
            h.append("<tr><td>").append(inv.id()).append("</td><td>").append(v(inv, "hs_number")).append("</td><td>").append(v(inv, "hs_title"))
                    .append("</td><td>").append(v(inv, "hs_invoice_status")).append("</td><td>").append(v(inv, "hs_currency"))
                    .append("</td><td>").append(v(inv, "hs_amount_billed")).append("</td><td>").append(v(inv, "hs_balance_due")).append("</td><td>");
            for (String lineId : sandbox.associatedIds(portal, ObjectType.INVOICES, inv.id(), ObjectType.LINE_ITEMS)) {
                sandbox.object(portal, ObjectType.LINE_ITEMS, lineId).ifPresent(l -> h.append(v(l, "name")).append(" × ").append(v(l, "quantity"))
                        .append(" @ ").append(v(l, "price")).append(" = ").append(v(l, "amount")).append("<br>"));
            }
            h.append("</td><td>");
            for (String contactId : sandbox.associatedIds(portal, ObjectType.INVOICES, inv.id(), ObjectType.CONTACTS)) {
                sandbox.object(portal, ObjectType.CONTACTS, contactId).ifPresent(c -> h.append(v(c, "email")).append("<br>"));
            }
            h.append("</td><td>").append(v(inv, "hs_object_source_label")).append("</td><td><form class=\"inline\" method=\"post\" action=\"/_sandbox/console/invoices/")
                    .append(inv.id()).append("/status\"><input type=\"hidden\" name=\"portal\" value=\"").append(portal).append("\"><select name=\"status\">");
            for (String s : sandbox.settings().invoiceStatuses()) {
                h.append("<option").append(s.equals(inv.property("hs_invoice_status")) ? " selected" : "").append(">").append(esc(s)).append("</option>");
            }
            h.append("</select><button>Set</button></form></td></tr>");
        }
        h.append("</table>");
    }

    public void createProduct(Context ctx) {
        write(ctx, portal -> sandbox.createProduct(portal, ctx.formParam("name"), blankToNull(ctx.formParam("sku")), ctx.formParam("price")));
    }

    public void createContact(Context ctx) {
        write(ctx, portal -> sandbox.createContact(portal, ctx.formParam("email"), blankToNull(ctx.formParam("firstname")), blankToNull(ctx.formParam("lastname"))));
    }

    public void createInvoice(Context ctx) {
        write(ctx, portal -> {
            Map<String, String> props = new LinkedHashMap<>();
            props.put("hs_currency", ctx.formParam("currency"));
            if (blankToNull(ctx.formParam("number")) != null) props.put("hs_number", ctx.formParam("number"));
            if (blankToNull(ctx.formParam("title")) != null) props.put("hs_title", ctx.formParam("title"));
            Map<String, String> line = new LinkedHashMap<>();
            if (blankToNull(ctx.formParam("product")) != null) line.put("hs_product_id", ctx.formParam("product"));
            if (blankToNull(ctx.formParam("line")) != null) line.put("name", ctx.formParam("line"));
            if (blankToNull(ctx.formParam("quantity")) != null) line.put("quantity", ctx.formParam("quantity"));
            if (blankToNull(ctx.formParam("price")) != null) line.put("price", ctx.formParam("price"));
            String invoiceId = sandbox.createInvoice(portal, props, line.isEmpty() ? List.of() : List.of(line));
            String contact = blankToNull(ctx.formParam("contact"));
            if (contact != null) sandbox.associate(portal, ObjectType.INVOICES, invoiceId, ObjectType.CONTACTS, contact);
        });
    }

    public void changeStatus(Context ctx) {
        write(ctx, portal -> sandbox.updateObject(portal, ObjectType.INVOICES, ctx.pathParam("invoiceId"),
                Map.of("hs_invoice_status", ctx.formParam("status"))));
    }

    private interface Write { void apply(long portal); }

    private void write(Context ctx, Write write) {
        long portal = Long.parseLong(ctx.formParam("portal"));
        String back = "/_sandbox/console?portal=" + portal;
        try {
            write.apply(portal);
        } catch (HubSpotException | IllegalArgumentException e) {
            back += "&error=" + URLEncoder.encode(e.getMessage(), StandardCharsets.UTF_8);
        }
        ctx.redirect(back, HttpStatus.SEE_OTHER);
    }

    private static long selected(Context ctx, List<Long> portals) {
        try {
            long p = Long.parseLong(ctx.queryParam("portal"));
            if (portals.contains(p)) return p;
        } catch (NumberFormatException e) {
            // fall through to the first portal
        }
        return portals.getFirst();
    }

    private static String v(SandboxObject o, String property) {
        return esc(o.properties().getOrDefault(property, ""));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
