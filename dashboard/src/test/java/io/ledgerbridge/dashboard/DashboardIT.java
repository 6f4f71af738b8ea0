package io.ledgerbridge.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.domain.record.Customer;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.connection.TokenSet;
import io.ledgerbridge.engine.intake.RecordIntake;
import io.ledgerbridge.store.connection.PostgresConnections;
import io.ledgerbridge.store.connection.TokenCipher;
import io.ledgerbridge.store.db.Database;
import io.ledgerbridge.store.events.PostgresSyncEvents;
import io.ledgerbridge.store.flow.PostgresFlows;
import io.ledgerbridge.store.records.PostgresSourceRecords;
import io.ledgerbridge.store.testing.TestDatabase;
import io.ledgerbridge.store.workspace.PostgresWorkspaces;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard over real HTTP on a real PostgreSQL, without a browser and without a node (events stay Pending):
 * sign-in, cookies, CSRF, workspace isolation, and every page answering. The browser tests live in the app module.
 */
class DashboardIT {

    private static final String PASSWORD = "correct horse battery";

    private static Database db;
    private static DashboardServer server;
    private static PostgresSyncEvents events;
    private static PostgresConnections connections;
    private static PostgresFlows flows;
    private static Tenant acme;
    private static Tenant globex;
    private static final AtomicInteger wakes = new AtomicInteger();

    record Tenant(WorkspaceId workspace, ConnectionId source, ConnectionId destination, FlowId flow, long customerEvent) {}

    @BeforeAll
    static void start() {
        db = TestDatabase.fresh(6);
        var jdbi = db.jdbi();
        connections = new PostgresConnections(jdbi, TokenCipher.fromJsonKeyset(TokenCipher.newJsonKeyset()));
        flows = new PostgresFlows(jdbi);
        events = new PostgresSyncEvents(jdbi);
        var workspaces = new PostgresWorkspaces(jdbi);
        var intake = new RecordIntake(new PostgresSourceRecords(jdbi), Clock.systemUTC(), () -> {});
        server = new DashboardServer(DashboardConfig.defaults().withPort(0).withBcryptCost(4), db, connections, flows, events,
                Map.of("native", "your app (REST API)", "reference", "the reference ledger"), Clock.systemUTC(),
                wakes::incrementAndGet).start();
        acme = tenant(workspaces, connections, flows, intake, "Acme", "office@acme.example");
        globex = tenant(workspaces, connections, flows, intake, "Globex", "books@globex.example");
    }

    private static Tenant tenant(PostgresWorkspaces workspaces, PostgresConnections connections, PostgresFlows flows,
            RecordIntake intake, String name, String email) {
        var now = Instant.now();
        var ws = workspaces.create(name, now);
        var source = connections.create(ws, "native", name + " app", Map.of(), null, now);
        var destination = connections.create(ws, "reference", name + " books", Map.of(), new TokenSet("t", null, null), now);
        var flow = flows.create(ws, source, destination, FlowSettings.defaults(), now);
        intake.receive(source, new Customer("c1", name + " customer", "c1@" + name.toLowerCase() + ".example", null, null, null));
        server.users().create(ws, email, PASSWORD, now);
        long event = events.ofRecord(ws, RecordType.CUSTOMER, "c1").getFirst().id();
        return new Tenant(ws, source, destination, flow, event);
    }

    @AfterAll
    static void stop() {
        server.close();
        db.close();
    }

    private static Map<String, String> form(String... kv) {
        return Visitor.form(kv);
    }

    @Test
    void signing_in_sets_an_http_only_same_site_cookie_and_signing_out_ends_the_session() throws Exception {
        var v = new Visitor(server.port());
        var r = v.signIn("Office@Acme.example", PASSWORD);
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).contains("/");
        assertThat(r.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c)
                .startsWith("lb_session=").contains("HttpOnly").contains("SameSite=Lax").contains("Path=/"));
        var home = v.get("/");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("<h1>Dashboard</h1>").contains("Acme").doesNotContain("Globex");
        assertThat(home.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(c -> assertThat(c).contains("script-src 'self'"));

        assertThat(v.post("/signout", form("_csrf", v.csrf)).statusCode()).isEqualTo(303);
        var after = v.get("/data/invoices");
        assertThat(after.statusCode()).isEqualTo(303);
        assertThat(after.headers().firstValue("Location")).contains("/signin?next=%2Fdata%2Finvoices");
    }

    @Test
    void a_wrong_password_or_an_unknown_email_is_refused_with_the_same_words() throws Exception {
        var wrong = new Visitor(server.port()).signIn("office@acme.example", "not the password");
        var unknown = new Visitor(server.port()).signIn("nobody@acme.example", PASSWORD);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("The email or the password is not right");
        assertThat(unknown.body()).contains("The email or the password is not right");
        assertThat(wrong.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("lb_session=") && !c.startsWith("lb_session=;"));
    }

    @Test
    void a_sign_in_form_without_its_token_is_refused() throws Exception {
        var v = new Visitor(server.port());
        var r = v.post("/signin", form("email", "office@acme.example", "password", PASSWORD, "_csrf", "forged"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(v.get("/").statusCode()).isEqualTo(303);
    }

    @Test
    void a_form_without_its_csrf_token_is_refused_and_changes_nothing() throws Exception {
        var v = new Visitor(server.port()).signedIn("office@acme.example", PASSWORD);
        String path = "/data/customers/" + acme.customerEvent() + "/skip";
        assertThat(v.post(path, form()).statusCode()).isEqualTo(403);
        assertThat(v.post(path, form("_csrf", "not-the-token")).statusCode()).isEqualTo(403);
        assertThat(events.get(acme.workspace(), acme.customerEvent()).orElseThrow().status()).isEqualTo(SyncStatus.PENDING);
    }

    @Test
    void another_workspaces_record_connection_and_flow_are_not_found() throws Exception {
        var v = new Visitor(server.port()).signedIn("office@acme.example", PASSWORD);
        long theirs = globex.customerEvent();
        assertThat(v.get("/data/customers/" + acme.customerEvent()).statusCode()).isEqualTo(200);
        var page = v.get("/data/customers/" + theirs);
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains("Not found").doesNotContain("Globex");
        assertThat(v.get("/data/customers/" + theirs + "/live").statusCode()).isEqualTo(404);
        assertThat(v.get("/status.json?ids=" + theirs).body()).isEqualTo("[]");
        assertThat(v.post("/data/customers/" + theirs + "/skip", form("_csrf", v.csrf)).statusCode()).isEqualTo(404);
        assertThat(events.get(globex.workspace(), theirs).orElseThrow().status()).isEqualTo(SyncStatus.PENDING);
        assertThat(v.get("/settings/connections/" + globex.destination() + "/reconnect").statusCode()).isEqualTo(404);
        assertThat(v.post("/settings/connections/" + globex.destination() + "/disconnect", form("_csrf", v.csrf)).statusCode())
                .isEqualTo(404);
        assertThat(v.get("/settings/sync/invoices?flow=" + globex.flow()).statusCode()).isEqualTo(404);
        assertThat(v.get("/events?q=c1").body()).doesNotContain("Globex");
    }

    @Test
    void every_page_of_the_navigation_answers_for_a_signed_in_person() throws Exception {
        var v = new Visitor(server.port()).signedIn("books@globex.example", PASSWORD);
        for (String path : new String[] {"/", "/data/all", "/data/invoices", "/data/customers", "/data/products",
                "/data/payments", "/data/customers/" + globex.customerEvent(), "/events", "/diagnostics",
                "/diagnostics/payments", "/settings/sync/invoices", "/settings/sync/customers", "/settings/sync/products",
                "/settings/sync/payments", "/settings/sync/tax", "/settings/sync/routing", "/settings/connections",
                "/settings/connections/" + globex.destination() + "/reconnect"}) {
            var r = v.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.body()).as(path).contains("<h1>").contains("name=\"_csrf\"").doesNotContain("Acme");
        }
        assertThat(v.get("/data/nothing").statusCode()).isEqualTo(404);
        assertThat(v.get("/no/such/page").statusCode()).isEqualTo(404);
        assertThat(v.get("/assets/dashboard.js").statusCode()).isEqualTo(200);
    }

    @Test
    void a_pending_sync_can_be_retried_and_the_refusal_of_skipping_twice_is_the_lifecycles_sentence() throws Exception {
        var v = new Visitor(server.port()).signedIn("books@globex.example", PASSWORD);
        String page = "/data/customers/" + globex.customerEvent();
        int before = wakes.get();
        assertThat(v.post(page + "/retry", form("_csrf", v.csrf)).statusCode()).isEqualTo(303);
        assertThat(wakes.get()).isGreaterThan(before);
        assertThat(v.get(page).body()).contains("Retry requested");
        assertThat(v.post(page + "/skip", form("_csrf", v.csrf)).statusCode()).isEqualTo(303);
        assertThat(v.post(page + "/skip", form("_csrf", v.csrf)).statusCode()).isEqualTo(303);
        assertThat(v.get(page).body()).contains("This sync is already skipped.");
        assertThat(v.post(page + "/retry", form("_csrf", v.csrf)).statusCode()).isEqualTo(303);
        assertThat(events.get(globex.workspace(), globex.customerEvent()).orElseThrow().status()).isEqualTo(SyncStatus.PENDING);
    }

    @Test
    void the_tax_mapping_is_saved_to_the_flow_and_a_half_filled_row_is_refused() throws Exception {
        var v = new Visitor(server.port()).signedIn("office@acme.example", PASSWORD);
        v.get("/settings/sync/tax");
        String body = "_csrf=" + v.csrf + "&flow=" + acme.flow() + "&source=VAT20&destination=TAX-20&source=GST&destination=G1"
                + "&source=&destination=";
        var r = v.http.send(HttpRequest.newBuilder(v.uri("/settings/sync/tax")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(flows.flow(acme.flow()).settings().taxMapping()).isEqualTo(Map.of("VAT20", "TAX-20", "GST", "G1"));
        assertThat(v.get("/settings/sync/tax").body()).contains("Tax mapping saved (2 rates)").contains("value=\"TAX-20\"");

        String half = "_csrf=" + v.csrf + "&flow=" + acme.flow() + "&source=VAT20&destination=";
        v.http.send(HttpRequest.newBuilder(v.uri("/settings/sync/tax")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(half)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(v.get("/settings/sync/tax").body()).contains("Row 1 needs both");
        assertThat(flows.flow(acme.flow()).settings().taxMapping()).hasSize(2);
    }

    @Test
    void a_route_is_saved_to_the_flow_shown_in_the_routing_table_and_a_half_filled_one_is_refused() throws Exception {
        var v = new Visitor(server.port()).signedIn("office@acme.example", PASSWORD);
        v.get("/settings/sync/routing");
        assertThat(v.post("/settings/sync/routing", form("_csrf", v.csrf, "flow", acme.flow().toString(),
                "routeField", "region", "routeValue", "Sydney", "numberPrefix", "SYD-")).statusCode()).isEqualTo(303);
        var route = flows.flow(acme.flow()).settings().route();
        assertThat(route).isEqualTo(new io.ledgerbridge.domain.workspace.Route("region", "Sydney", "SYD-"));
        var page = v.get("/settings/sync/routing").body();
        assertThat(page).contains("Route saved: invoices with region &quot;Sydney&quot; go to").contains("Routing table (region)")
                .contains("<td>Sydney</td>").contains("<td>SYD-</td>");

        v.post("/settings/sync/routing", form("_csrf", v.csrf, "flow", acme.flow().toString(), "routeField", "region",
                "routeValue", ""));
        assertThat(v.get("/settings/sync/routing").body()).contains("A route needs both the field");
        assertThat(flows.flow(acme.flow()).settings().route()).isEqualTo(route);

        // Saving another section keeps the route
        v.post("/settings/sync/invoices", form("_csrf", v.csrf, "flow", acme.flow().toString(), "enabled", "yes",
                "status", "OPEN"));
        assertThat(flows.flow(acme.flow()).settings().route()).isEqualTo(route);

        v.post("/settings/sync/routing", form("_csrf", v.csrf, "flow", acme.flow().toString(), "routeField", "",
                "routeValue", ""));
        assertThat(flows.flow(acme.flow()).settings().route()).isNull();
        assertThat(v.get("/settings/sync/routing").body()).contains("This flow takes every record of its source.");
    }

    @Test
    void an_invoice_of_a_routed_flow_says_on_its_page_where_it_was_routed_and_why() throws Exception {
        var now = Instant.now();
        var ws = new PostgresWorkspaces(db.jdbi()).create("Routed Co", now);
        var source = connections.create(ws, "native", "Routed app", Map.of(), null, now);
        var sydneyBooks = connections.create(ws, "reference", "Sydney books", Map.of(), new TokenSet("t", null, null), now);
        flows.create(ws, source, sydneyBooks, FlowSettings.defaults()
                .withRoute(new io.ledgerbridge.domain.workspace.Route("region", "Sydney", "SYD-")), now);
        var intake = new RecordIntake(new PostgresSourceRecords(db.jdbi()), Clock.systemUTC(), () -> {});
        intake.receive(source, new Customer("c1", "Bondi", "c1@bondi.example", null, null, null));
        intake.receive(source, new io.ledgerbridge.domain.record.Invoice("i1", "G-1",
                io.ledgerbridge.domain.record.InvoiceStatus.OPEN, "c1", "AUD", java.time.LocalDate.of(2026, 11, 2), null,
                java.util.List.of(new io.ledgerbridge.domain.record.InvoiceLine("W-1", "Widget", java.math.BigDecimal.ONE,
                        java.math.BigDecimal.TEN, null)), null, null, Map.of("region", "Sydney")));
        server.users().create(ws, "books@routed.example", PASSWORD, now);
        long invoiceEvent = events.ofRecord(ws, RecordType.INVOICE, "i1").getFirst().id();
        assertThat(events.ofRecord(ws, RecordType.CUSTOMER, "c1")).as("the customer is queued with its first invoice")
                .hasSize(1);

        var page = new Visitor(server.port()).signedIn("books@routed.example", PASSWORD).get("/data/invoices/" + invoiceEvent).body();
        assertThat(page).contains("data-field=\"route\">Routed to Sydney books because region is Sydney<");
    }

    @Test
    void disconnecting_deletes_the_tokens_and_a_pasted_token_reconnects() throws Exception {
        var now = Instant.now();
        var ws = new PostgresWorkspaces(db.jdbi()).create("Initech", now);
        var books = connections.create(ws, "reference", "Initech books", Map.of(), new TokenSet("old", null, null), now);
        server.users().create(ws, "books@initech.example", PASSWORD, now);
        var v = new Visitor(server.port()).signedIn("books@initech.example", PASSWORD);
        assertThat(v.post("/settings/connections/" + books + "/disconnect", form("_csrf", v.csrf)).statusCode()).isEqualTo(303);
        assertThat(connections.find(books).orElseThrow().status().name()).isEqualTo("DISCONNECTED");
        assertThat(connections.tokens(books)).isEmpty();
        assertThat(v.get("/settings/connections").body()).contains("Initech books is disconnected");

        assertThat(v.post("/settings/connections/" + books + "/reconnect", form("_csrf", v.csrf, "accessToken", "new-token"))
                .statusCode()).isEqualTo(303);
        assertThat(connections.find(books).orElseThrow().status().name()).isEqualTo("CONNECTED");
        assertThat(connections.tokens(books).orElseThrow().tokens().accessToken()).isEqualTo("new-token");
        var page = v.get("/settings/connections");
        assertThat(page.body()).contains("Initech books is reconnected").doesNotContain("new-token");
    }
}
