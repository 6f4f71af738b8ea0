package io.ledgerbridge.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.dashboard.connections.ConnectionsPage;
import io.ledgerbridge.dashboard.events.EventsPage;
import io.ledgerbridge.dashboard.home.HomePage;
import io.ledgerbridge.dashboard.imports.ImportFigures;
import io.ledgerbridge.dashboard.imports.ImportPages;
import io.ledgerbridge.dashboard.records.RecordPages;
import io.ledgerbridge.dashboard.settings.SyncSettingsPage;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.domain.workspace.ConnectionStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemplatesTest {

    private static final String TYPED = "<script>alert(\"x\")</script>";
    private static final String ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;";

    @Test
    void every_value_typed_by_someone_is_escaped_in_the_layout() {
        var link = new Layout.NavLink("/", "Dashboard", true);
        var html = Templates.render("layout.jte", new Layout.Frame("Records " + TYPED, "Acme " + TYPED, "tok\"en",
                "a" + TYPED + "@example.com", "owner", link, List.of(link), link, link, link, List.of(link), link, link, link,
                List.of(new Layout.Banner("Books " + TYPED, "Xero", "Waits.", "Because " + TYPED, "c-1")),
                Flash.refusal("A connection named " + TYPED + " already exists"), Html.EMPTY, Html.of("<p>{}</p>", TYPED))).value();

        assertThat(html).doesNotContain(TYPED).contains("<title>Records " + ESCAPED + " · Acme " + ESCAPED + " · Ledgerbridge</title>")
                .contains("<span class=\"workspace\" title=\"Workspace\">Acme " + ESCAPED + "</span>")
                .contains("value=\"tok&quot;en\"")
                .contains("<strong>Books " + ESCAPED + " (Xero) needs reconnecting.</strong>")
                .contains("<p class=\"reason\">Why: Because " + ESCAPED + "</p>")
                .contains("<strong>Not done:</strong> A connection named " + ESCAPED + " already exists")
                .contains("<h1>Records " + ESCAPED + "</h1>")
                .contains("<p>" + ESCAPED + "</p>");
    }

    @Test
    void connection_names_and_record_ids_are_escaped_on_the_home_page() {
        var html = Templates.render("home/home.jte", new HomePage.View(
                List.of(new HomePage.Paused("f-1", "Shop " + TYPED + " → Books", "paused", "1 sync waits", "tok")),
                List.of(new HomePage.Card("count status-failed", SyncStatus.FAILED, 1)), List.of(), 14, Html.EMPTY,
                List.of(new HomePage.Health("Books " + TYPED, "Xero", ConnectionStatus.NEEDS_RECONNECT, null)),
                List.of(new HomePage.Failure("/data/invoices/1", "Invoice", "INV-" + TYPED, SyncStatus.FAILED,
                        "Rejected " + TYPED, Html.EMPTY)))).value();

        assertThat(html).doesNotContain(TYPED)
                .contains("<strong>Shop " + ESCAPED + " → Books</strong>")
                .contains("<span class=\"sr-only\"> Shop " + ESCAPED + " → Books</span>")
                .contains("<strong>Books " + ESCAPED + "</strong>")
                .contains("Invoice INV-" + ESCAPED + "</a>")
                .contains("<span class=\"problem-title\">Rejected " + ESCAPED + "</span>");
    }

    @Test
    void a_search_query_and_a_record_id_are_escaped_on_the_events_page() {
        var html = Templates.render("events/events.jte", new EventsPage.View(TYPED, List.of(), List.of(),
                List.of(new EventsPage.Attempt(Html.EMPTY, "/data/invoices/1", "Invoice", "invoice", "INV-" + TYPED, "1",
                        "bad", "Rejected", null, "400 " + TYPED, SyncStatus.FAILED, "tok")),
                "/events?q=" + Layout.url(TYPED), null)).value();

        assertThat(html).doesNotContain(TYPED)
                .contains("name=\"q\" value=\"" + ESCAPED + "\"")
                .contains("Invoice INV-" + ESCAPED + "</a>")
                .contains("<span class=\"sr-only\"> invoice INV-" + ESCAPED + "</span>")
                .contains("<td class=\"response\">400 " + ESCAPED + "</td>");
    }

    @Test
    void a_connection_name_is_escaped_in_text_and_in_attributes_on_the_connections_page() {
        var html = Templates.render("connections/connections.jte", new ConnectionsPage.View("tok", List.of(
                new ConnectionsPage.Card("c-1", "Books " + TYPED, "Xero", ConnectionStatus.CONNECTED, "Expired " + TYPED, true,
                        Html.EMPTY, null)), Html.EMPTY, Html.EMPTY)).value();

        assertThat(html).doesNotContain(TYPED)
                .contains("<h2>Books " + ESCAPED + " <span class=\"muted\">· Xero</span></h2>")
                .contains("data-confirm=\"Disconnect Books " + ESCAPED + "? Syncs to it stop until you reconnect.\"")
                .contains("<dd>Expired " + ESCAPED + "</dd>");
    }

    @Test
    void an_error_a_linked_sync_and_what_was_sent_are_escaped_on_a_records_page() {
        var summary = new RecordPages.Summary(SyncStatus.PENDING, "Waits " + TYPED, 1, 2, "src-" + TYPED, null, "dest-" + TYPED,
                "Note", "Because " + TYPED, null, Html.EMPTY, Html.EMPTY, 7,
                new RecordPages.ErrorBox(false, "Rejected " + TYPED, "Said " + TYPED, "Fix " + TYPED,
                        List.of(new RecordPages.Detail("SKU", "P-" + TYPED)), "Vendor " + TYPED),
                new RecordPages.Link("/data/customers/3", "Customer", "C-" + TYPED, SyncStatus.FAILED, "Missing " + TYPED),
                new RecordPages.Link("/data/customers/4", "Customer", "D-" + TYPED, SyncStatus.PENDING, ""));
        var html = Templates.render("records/record.jte", new RecordPages.RecordView("/data/invoices/7", "v1", summary, "tok",
                "invoice", List.of(new RecordPages.Attempt("bad", "Rejected", Html.EMPTY, "create", "Rejected " + TYPED,
                        "{\"n\": \"" + TYPED + "\"}", "400 " + TYPED)),
                new RecordPages.Received("invoice", "{\"n\": \"" + TYPED + "\"}"),
                List.of(new RecordPages.Other("/data/invoices/6", 6, SyncStatus.SUCCESS, Html.EMPTY)))).value();

        assertThat(html).doesNotContain(TYPED)
                .contains("<span class=\"wait\">Waits " + ESCAPED + "</span>")
                .contains("<div><dt>Record id in the source</dt><dd>src-" + ESCAPED + "</dd></div>")
                .contains("<dd data-field=\"destination\">dest-" + ESCAPED + "</dd>")
                .contains("<div><dt>Note</dt><dd data-field=\"skip-reason\">Because " + ESCAPED + "</dd></div>")
                .contains("<div class=\"error-box earlier\" role=\"group\" aria-labelledby=\"error-h\">")
                .contains("<h2 id=\"error-h\">Last error: Rejected " + ESCAPED + "</h2>")
                .contains("<p class=\"fix\"><strong>How to fix:</strong> Fix " + ESCAPED + "</p>")
                .contains("<dl class=\"details\"><div><dt>SKU</dt><dd>P-" + ESCAPED + "</dd></div></dl>")
                .contains("<p class=\"vendor\">The destination said: <q>Vendor " + ESCAPED + "</q></p>")
                .contains("<p class=\"cause\">Caused by: <a href=\"/data/customers/3\" id=\"cause-link\">Customer C-" + ESCAPED
                        + "</a> <span class=\"badge status-failed\" data-status=\"FAILED\">Failed</span> Missing " + ESCAPED + "</p>")
                .contains("<p class=\"cause\">Waits for: <a href=\"/data/customers/4\">Customer D-" + ESCAPED + "</a>")
                .contains("<span class=\"muted\">· create</span> <span class=\"muted\">· Rejected " + ESCAPED + "</span></p>")
                .contains("<pre>{&quot;n&quot;: &quot;" + ESCAPED + "&quot;}</pre>")
                .contains("<pre>400 " + ESCAPED + "</pre>")
                .contains("<form method=\"post\" action=\"/data/invoices/7/retry\" class=\"inline\"><input type=\"hidden\" "
                        + "name=\"_csrf\" value=\"tok\"><button type=\"submit\" class=\"primary\">Retry Sync</button></form>")
                .contains("<li><a href=\"/data/invoices/6\">Sync 6</a> <span class=\"badge status-success\"");
    }

    @Test
    void a_search_and_a_record_label_are_escaped_on_a_data_list() {
        var html = Templates.render("records/list.jte", new RecordPages.ListView("/data/invoices", "invoices", true, "tok", null,
                new RecordPages.Filters(List.of(new EventsPage.Option("FAILED", "Failed", true)), List.of(), "", "", TYPED),
                new RecordPages.Bulk("Retry all failed invoices", List.of("status", "FAILED", "back", "/data/invoices?q=" + TYPED)),
                "No invoices yet.", List.of(new RecordPages.Row(5, "/data/invoices/5", "INV-" + TYPED, "src-" + TYPED, "Invoice",
                        SyncStatus.FAILED, "Rejected " + TYPED, "Detail " + TYPED, 2, Html.EMPTY)),
                "/data/invoices", "/data/invoices?before=5")).value();

        assertThat(html).doesNotContain(TYPED)
                .contains("name=\"q\" value=\"" + ESCAPED + "\"")
                .contains("<input id=\"f-from\" type=\"date\" name=\"from\" value=\"\">")
                .contains("<option value=\"FAILED\" selected>Failed</option>")
                .contains("<input type=\"hidden\" name=\"back\" value=\"/data/invoices?q=" + ESCAPED + "\">")
                .contains("<a href=\"/data/invoices/5\">INV-" + ESCAPED + "</a><span class=\"sub\">source id src-" + ESCAPED + "</span>")
                .contains("<td>Invoice</td>")
                .contains("<span class=\"problem-title\">Rejected " + ESCAPED + "</span> <span class=\"problem-detail\">Detail "
                        + ESCAPED + "</span>")
                .contains("<nav class=\"pages\" aria-label=\"Pages\"><a href=\"/data/invoices\">Newest</a>"
                        + "<a href=\"/data/invoices?before=5\" rel=\"next\">Older</a></nav>");
    }

    @Test
    void connection_names_tax_rates_and_route_options_are_escaped_in_sync_settings() {
        var tax = Templates.render("settings/settings.jte", new SyncSettingsPage.View(List.of(
                new SyncSettingsPage.Tab("/settings/sync/tax?flow=f-1", "Shop " + TYPED + " → Books", true),
                new SyncSettingsPage.Tab("/settings/sync/tax?flow=f-2", "Shop → CRM", false)), "Shop " + TYPED, "Books " + TYPED,
                "tax", "tok", "f-1", new SyncSettingsPage.Tax(List.of(new SyncSettingsPage.TaxRow(1, "VAT " + TYPED, "", true),
                        new SyncSettingsPage.TaxRow(2, "", "", false))), "tax")).value();

        assertThat(tax).doesNotContain(TYPED)
                .contains("<li><a href=\"/settings/sync/tax?flow=f-1\" aria-current=\"true\">Shop " + ESCAPED + " → Books</a></li>"
                        + "<li><a href=\"/settings/sync/tax?flow=f-2\">Shop → CRM</a></li>")
                .contains("Direction: <strong>Shop " + ESCAPED + "</strong>")
                .contains("<input type=\"hidden\" name=\"_csrf\" value=\"tok\"><input type=\"hidden\" name=\"flow\" value=\"f-1\">")
                .contains("<tr class=\"failing\"><td><input name=\"source\" value=\"VAT " + ESCAPED
                        + "\" aria-label=\"Source tax rate, row 1\" maxlength=\"100\"> <span class=\"sub\">failing syncs use this rate</span></td>")
                .contains("<tr><td><input name=\"source\" value=\"\" aria-label=\"Source tax rate, row 2\" maxlength=\"100\"></td>")
                .contains("<button type=\"submit\" class=\"primary\">Save tax settings</button>");

        var routing = Templates.render("settings/settings.jte", new SyncSettingsPage.View(List.of(), "Shop", "Books", "routing",
                "tok", "f-1", new SyncSettingsPage.Routing("region", "Sydney " + TYPED, "SYD-", "region", List.of(
                        new SyncSettingsPage.RouteRow("Sydney " + TYPED, "Books " + TYPED, "SYD-", true)), "Perth " + TYPED),
                "routing")).value();

        assertThat(routing).doesNotContain(TYPED).doesNotContain("aria-label=\"Flows\"")
                .contains("name=\"routeValue\" value=\"Sydney " + ESCAPED + "\"")
                .contains("<tr aria-current=\"true\"><td>Sydney " + ESCAPED + "</td><td>Books " + ESCAPED + "</td><td>SYD-</td></tr>")
                .contains("<p class=\"warning\" role=\"status\">Invoices with region Perth " + ESCAPED + " have no destination yet");
    }

    @Test
    void typed_dates_a_refusal_and_a_route_are_escaped_on_the_import_form() {
        var html = Templates.render("imports/form.jte", new ImportPages.Form("tok", "f-1", "Shop " + TYPED + " → Books",
                "2025-" + TYPED, TYPED, true, false, "8" + TYPED, "From is not a date: \"" + TYPED + "\".",
                new ImportPages.Estimate("3 invoices: about 2 Xero " + TYPED + " calls.", "3", "2", "1", "about then"))).value();

        assertThat(html).doesNotContain(TYPED)
                .contains("from the source of Shop " + ESCAPED + " → Books")
                .contains("<strong>Not started:</strong> From is not a date: &quot;" + ESCAPED + "&quot;.")
                .contains("name=\"from\" value=\"2025-" + ESCAPED + "\"")
                .contains("name=\"to\" value=\"" + ESCAPED + "\"")
                .contains("name=\"share\" min=\"1\" max=\"100\" value=\"8" + ESCAPED + "\"")
                .contains("<input type=\"checkbox\" name=\"customers\" value=\"yes\" checked>")
                .contains("<input type=\"checkbox\" name=\"products\" value=\"yes\">")
                .contains("<p id=\"estimate-summary\">3 invoices: about 2 Xero " + ESCAPED + " calls.</p>")
                .contains("<button type=\"submit\" name=\"do\" value=\"start\" class=\"primary\" id=\"start-import\">");
    }

    @Test
    void who_started_an_import_its_reason_and_its_report_are_escaped_on_its_page() {
        var figures = new ImportFigures("FAILED", "Failed", "status-failed", true, "Because " + TYPED, 2, 2, 2, 1, 0, 1, 0, 1,
                "1 records/min", "finished then", null);
        var report = new ImportPages.Report("1", "3", "2", List.of(new ImportPages.Skipped("Reason " + TYPED, "1")),
                List.of(new ImportPages.Failed("/data/invoices/9", "Invoice INV-" + TYPED, "Rejected " + TYPED)),
                "Said 3 " + TYPED, "then");
        var html = Templates.render("imports/import.jte", new ImportPages.Page("i-1", "tok", "Shop " + TYPED + " → Books",
                "2025-01-01 – 2025-12-31", "invoices", "80 %", "a" + TYPED + "@example.com, then", figures, false, false, false,
                report)).value();

        assertThat(html).doesNotContain(TYPED)
                .contains("<div><dt>Flow</dt><dd>Shop " + ESCAPED + " → Books</dd></div>")
                .contains("<div><dt>Started by</dt><dd>a" + ESCAPED + "@example.com, then</dd></div>")
                .contains("<span data-field=\"status-reason\">Because " + ESCAPED + "</span>")
                .contains("<p class=\"message\">Said 3 " + ESCAPED + "</p>")
                .contains("<li>Reason " + ESCAPED + ": 1</li>")
                .contains("<a href=\"/data/invoices/9\">Invoice INV-" + ESCAPED + "</a> <span class=\"muted\">· Rejected "
                        + ESCAPED + "</span>");

        var list = Templates.render("imports/flow.jte", new ImportPages.FlowImports("f-1", "Shop " + TYPED, true, List.of(
                new ImportPages.Row("i-1", "2025-01-01 – 2025-12-31", figures, "2/2 done", "started by a" + TYPED)))).value();
        assertThat(list).doesNotContain(TYPED)
                .contains("<span class=\"sr-only\"> of Shop " + ESCAPED + "</span>")
                .contains("aria-label=\"Imports of Shop " + ESCAPED + "\"")
                .contains("<span class=\"muted\">· started by a" + ESCAPED + "</span>");
    }
}
