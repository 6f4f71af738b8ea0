package io.ledgerbridge.sandbox.quickbooks.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.sandbox.quickbooks.entity.Books;
import io.ledgerbridge.sandbox.quickbooks.entity.EntityType;
import io.ledgerbridge.sandbox.quickbooks.realm.Realm;
import io.ledgerbridge.sandbox.kit.html.Html;
import io.ledgerbridge.sandbox.quickbooks.wire.QboPage;
import java.util.Collection;
import java.util.List;

/** The HTML of {@code /_sandbox/console}: realms, their customers, items and invoices, and a new-item form. */
final class ConsolePage {
    private ConsolePage() {}

    static String render(Collection<Realm> realms, String selectedRealmId, String message) {
        Realm selected = realms.stream().filter(r -> r.realmId().equals(selectedRealmId)).findFirst()
                .orElse(realms.stream().findFirst().orElse(null));
        StringBuilder body = new StringBuilder("<h1>QuickBooks sandbox console</h1>");
        if (message != null && !message.isBlank()) {
            body.append("<p role=\"status\"><b>").append(Html.escape(message)).append("</b></p>");
        }
        body.append("<p>Companies: ");
        for (Realm realm : realms) {
            body.append("<a href=\"/_sandbox/console?realmId=").append(Html.escape(realm.realmId())).append("\">")
                    .append(Html.escape(realm.books().companyName())).append(" (").append(Html.escape(realm.realmId())).append(")</a> ");
        }
        body.append("</p>");
        if (selected == null) {
            return QboPage.page("QuickBooks sandbox console", body.append("<p>No company yet.</p>").toString());
        }
        Books books = selected.books();
        body.append("<h2>").append(Html.escape(books.companyName())).append(" (realm ").append(Html.escape(selected.realmId())).append(")</h2>");
        books.locked(() -> {
            body.append("<p>Closing date: ").append(books.closingDate() == null ? "none" : books.closingDate())
                    .append(" · Custom transaction numbers: ").append(books.customTxnNumbers() ? "on" : "off").append("</p>");
            body.append("<h3>New product or service</h3>")
                    .append("<form method=\"post\" action=\"/_sandbox/console/items\">")
                    .append("<input type=\"hidden\" name=\"realmId\" value=\"").append(Html.escape(selected.realmId())).append("\">")
                    .append("<label>Name <input name=\"Name\" required></label>")
                    .append("<label>SKU <input name=\"Sku\"></label>")
                    .append("<label>Price <input name=\"UnitPrice\" inputmode=\"decimal\"></label>")
                    .append("<label>Type <select name=\"Type\"><option>Service</option><option>NonInventory</option></select></label>")
                    .append("<button type=\"submit\">Save</button></form>");
            table(body, "Products and services", books, EntityType.ITEM, List.of("Id", "Name", "Sku", "Type", "UnitPrice", "Active"));
            table(body, "Customers", books, EntityType.CUSTOMER, List.of("Id", "DisplayName", "PrimaryEmailAddr.Address", "Balance", "Active"));
            table(body, "Invoices", books, EntityType.INVOICE, List.of("Id", "DocNumber", "CustomerRef.name", "TxnDate", "TotalAmt", "Balance", "PrivateNote", "SyncToken"));
            table(body, "Payments", books, EntityType.PAYMENT, List.of("Id", "CustomerRef.name", "TxnDate", "TotalAmt", "UnappliedAmt"));
        });
        return QboPage.page("QuickBooks sandbox console", body.toString());
    }

    /** "PrimaryEmailAddr.Address" → "Email", "CustomerRef.name" → "Customer"; other paths as they are. */
    private static String label(String path) {
        return switch (path) {
            case "PrimaryEmailAddr.Address" -> "Email";
            case "CustomerRef.name" -> "Customer";
            default -> path;
        };
    }

    private static void table(StringBuilder body, String title, Books books, EntityType type, List<String> columns) {
        body.append("<h3>").append(Html.escape(title)).append("</h3><table><tr>");
        columns.forEach(c -> body.append("<th>").append(Html.escape(label(c))).append("</th>"));
        body.append("</tr>");
        for (ObjectNode entity : books.all(type)) {
            body.append("<tr>");
            for (String column : columns) {
                String[] path = column.split("\\.");
                JsonNode node = entity;
                for (String p : path) {
                    node = node == null ? null : node.get(p);
                }
                body.append("<td>").append(Html.escape(node == null || node.isNull() ? "" : node.asText())).append("</td>");
            }
            body.append("</tr>");
        }
        body.append("</table>");
    }
}
