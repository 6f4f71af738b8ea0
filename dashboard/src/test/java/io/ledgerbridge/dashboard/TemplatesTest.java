package io.ledgerbridge.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.dashboard.connections.ConnectionsPage;
import io.ledgerbridge.dashboard.events.EventsPage;
import io.ledgerbridge.dashboard.home.HomePage;
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
}
