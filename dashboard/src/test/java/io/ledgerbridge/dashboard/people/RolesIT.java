package io.ledgerbridge.dashboard.people;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.dashboard.DashboardConfig;
import io.ledgerbridge.dashboard.DashboardServer;
import io.ledgerbridge.dashboard.Visitor;
import io.ledgerbridge.domain.record.Customer;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.connection.TokenSet;
import io.ledgerbridge.engine.intake.RecordIntake;
import io.ledgerbridge.store.audit.PostgresAuditLog;
import io.ledgerbridge.store.connection.PostgresConnections;
import io.ledgerbridge.store.connection.TokenCipher;
import io.ledgerbridge.store.db.Database;
import io.ledgerbridge.store.events.PostgresSyncEvents;
import io.ledgerbridge.store.flow.PostgresFlows;
import io.ledgerbridge.store.records.PostgresSourceRecords;
import io.ledgerbridge.store.testing.TestDatabase;
import io.ledgerbridge.store.workspace.PostgresWorkspaces;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every action of the dashboard tried by each role: a viewer sees every page and changes nothing, an admin does all but
 * manage people, the owner does all. A refusal is a 403 page that says why, changes nothing and writes no audit entry;
 * an allowed action writes its audit entry under the person's email.
 */
class RolesIT {

    private static final String PASSWORD = "correct horse battery";

    private Database db;
    private DashboardServer server;
    private PostgresConnections connections;
    private PostgresFlows flows;
    private PostgresSyncEvents events;
    private PostgresAuditLog audit;
    private WorkspaceId workspace;
    private ConnectionId source;
    private ConnectionId books;
    private FlowId flow;
    private long customerEvent;

    /** One action as a person does it in the dashboard, and what it needs. */
    record Action(String name, Role.Permission needs, String auditAction, Step step) {}

    @FunctionalInterface
    interface Step {
        java.net.http.HttpResponse<String> run(Visitor v) throws Exception;
    }

    @BeforeEach
    void start() {
        db = TestDatabase.fresh(6);
        var jdbi = db.jdbi();
        connections = new PostgresConnections(jdbi, TokenCipher.fromJsonKeyset(TokenCipher.newJsonKeyset()));
        flows = new PostgresFlows(jdbi);
        events = new PostgresSyncEvents(jdbi);
        audit = new PostgresAuditLog(jdbi);
        server = new DashboardServer(DashboardConfig.defaults().withPort(0).withBcryptCost(4), db, connections, flows, events,
                Map.of("native", "your app (REST API)", "reference", "the reference ledger"), Clock.systemUTC(), () -> {}).start();
        var now = Instant.now();
        workspace = new PostgresWorkspaces(jdbi).create("Acme", now);
        source = connections.create(workspace, "native", "Acme app", Map.of(), null, now);
        books = connections.create(workspace, "reference", "Acme books", Map.of(), new TokenSet("t", null, null), now);
        flow = flows.create(workspace, source, books, FlowSettings.defaults(), now);
        new RecordIntake(new PostgresSourceRecords(jdbi), Clock.systemUTC(), () -> {})
                .receive(source, new Customer("c1", "Customer", "c1@acme.example", null, null, null));
        customerEvent = events.ofRecord(workspace, RecordType.CUSTOMER, "c1").getFirst().id();
        server.users().create(workspace, "owner@acme.example", PASSWORD, Role.OWNER, now);
        server.users().create(workspace, "admin@acme.example", PASSWORD, Role.ADMIN, now);
        server.users().create(workspace, "viewer@acme.example", PASSWORD, Role.VIEWER, now);
    }

    @AfterEach
    void stop() {
        server.close();
        db.close();
    }

    private void failCustomerEvent() {
        db.jdbi().useHandle(h -> h.createUpdate("""
                        UPDATE sync_event SET status = 'FAILED', wait_reason = NULL, error_code = 'DUPLICATE_NAME',
                               error_details = '{"name": "Customer"}' WHERE id = :id""")
                .bind("id", customerEvent).execute());
    }

    /** Every changing action of the dashboard, in an order each can follow the one before. */
    private List<Action> actions(String email) {
        var spare = "spare-" + UUID.randomUUID().toString().substring(0, 6) + "@acme.example";
        var spareId = server.users().create(workspace, spare, PASSWORD, Role.VIEWER, Instant.now()).id();
        var record = "/data/customers/" + customerEvent;
        var list = new ArrayList<Action>();
        list.add(new Action("skip a sync", Role.Permission.CHANGE, "sync.skip", v -> {
            failCustomerEvent();
            return v.submit(record + "/skip");
        }));
        list.add(new Action("retry a sync", Role.Permission.CHANGE, "sync.retry", v -> v.submit(record + "/retry")));
        list.add(new Action("mark a sync synced", Role.Permission.CHANGE, "sync.mark-synced", v -> {
            failCustomerEvent();
            return v.submit(record + "/mark-synced");
        }));
        list.add(new Action("retry all failed", Role.Permission.CHANGE, "sync.retry-all", v -> {
            failCustomerEvent();
            return v.submit("/data/all/retry-all");
        }));
        list.add(new Action("save sync settings", Role.Permission.CHANGE, "settings.save", v -> v.submit(
                "/settings/sync/invoices", "flow", flow.toString(), "enabled", "yes", "status", email.startsWith("owner") ? "OPEN" : "PAID")));
        list.add(new Action("disconnect a connection", Role.Permission.CHANGE, "connection.disconnect",
                v -> v.submit("/settings/connections/" + books + "/disconnect")));
        list.add(new Action("reconnect a connection", Role.Permission.CHANGE, "connection.reconnect",
                v -> v.submit("/settings/connections/" + books + "/reconnect", "accessToken", "new-token")));
        list.add(new Action("pause a flow", Role.Permission.CHANGE, "flow.pause", v -> v.submit("/settings/flows/" + flow + "/pause")));
        list.add(new Action("resume a flow", Role.Permission.CHANGE, "flow.resume", v -> v.submit("/settings/flows/" + flow + "/resume")));
        list.add(new Action("create an API key", Role.Permission.CHANGE, "key.create", v -> v.submit("/settings/keys", "name", "Shop " + email)));
        list.add(new Action("revoke an API key", Role.Permission.CHANGE, "key.revoke", v -> {
            var key = new io.ledgerbridge.store.apikey.PostgresApiKeys(db.jdbi())
                    .create(workspace, "to revoke", false, java.util.Optional.empty(), Instant.now());
            return v.submit("/settings/keys/" + key.apiKey().id() + "/revoke");
        }));
        list.add(new Action("create a flow", Role.Permission.CHANGE, "flow.create", v -> {
            var other = connections.create(workspace, "reference", "Books of " + email, Map.of(), new TokenSet("t", null, null), Instant.now());
            return v.submit("/settings/flows", "source", source.toString(), "destination", other.toString());
        }));
        list.add(new Action("delete a flow", Role.Permission.CHANGE, "flow.delete", v -> {
            var other = connections.create(workspace, "reference", "Old books of " + email, Map.of(), new TokenSet("t", null, null), Instant.now());
            var doomed = flows.create(workspace, source, other, FlowSettings.defaults(), Instant.now());
            return v.submit("/settings/flows/" + doomed + "/delete");
        }));
        list.add(new Action("invite a person", Role.Permission.MANAGE_PEOPLE, "person.invite",
                v -> v.submit("/settings/people/invite", "email", "new-" + spare, "role", "ADMIN")));
        list.add(new Action("change a person's role", Role.Permission.MANAGE_PEOPLE, "person.role",
                v -> v.submit("/settings/people/" + spareId + "/role", "role", "ADMIN")));
        list.add(new Action("remove a person", Role.Permission.MANAGE_PEOPLE, "person.remove",
                v -> v.submit("/settings/people/" + spareId + "/remove")));
        return list;
    }

    @Test
    void a_viewer_sees_every_page_and_every_change_is_refused_with_a_403_that_says_why() throws Exception {
        tryEveryAction("viewer@acme.example", Role.VIEWER);
    }

    @Test
    void an_admin_does_everything_but_manage_people() throws Exception {
        tryEveryAction("admin@acme.example", Role.ADMIN);
    }

    @Test
    void the_owner_does_everything() throws Exception {
        tryEveryAction("owner@acme.example", Role.OWNER);
    }

    private void tryEveryAction(String email, Role role) throws Exception {
        var v = new Visitor(server.port()).signedIn(email, PASSWORD);
        var soft = new SoftAssertions();
        for (var page : List.of("/", "/data/all", "/data/customers/" + customerEvent, "/events", "/diagnostics", "/audit",
                "/settings/sync/invoices", "/settings/connections", "/settings/keys", "/settings/people",
                "/settings/flows/" + flow + "/delete")) {
            soft.assertThat(v.get(page).statusCode()).as("%s opens %s", role, page).isEqualTo(200);
        }
        for (var action : actions(email)) {
            v.get("/settings/connections");
            long entriesBefore = entries(email, action.auditAction());
            var answer = action.step().run(v);
            boolean allowed = role.can(action.needs());
            if (allowed) {
                soft.assertThat(answer.statusCode()).as("%s may %s", role, action.name()).isIn(200, 303);
                soft.assertThat(entries(email, action.auditAction())).as("audit entry of %s by %s", action.name(), role)
                        .isEqualTo(entriesBefore + 1);
            } else {
                soft.assertThat(answer.statusCode()).as("%s may not %s", role, action.name()).isEqualTo(403);
                soft.assertThat(answer.body()).as("the refusal of %s to %s", action.name(), role)
                        .contains("Not allowed for your role").contains(role.refusal(action.needs()).substring(0, 30));
                soft.assertThat(entries(email, action.auditAction())).as("no audit entry of a refused %s", action.name())
                        .isEqualTo(entriesBefore);
            }
        }
        if (role == Role.VIEWER) {
            soft.assertThat(flows.flow(flow).isPaused()).isFalse();
            soft.assertThat(flows.list(workspace)).as("the flow set up for the refused delete is still there").hasSize(2);
            soft.assertThat(connections.find(books).orElseThrow().status().name()).isEqualTo("CONNECTED");
            soft.assertThat(server.users().people(workspace)).hasSizeGreaterThanOrEqualTo(4);
            soft.assertThat(v.get("/settings/people").body()).doesNotContain("id=\"invite\"")
                    .contains("Only the owner invites and removes people. You are viewer");
        }
        soft.assertAll();
    }

    private long entries(String email, String action) {
        return audit.list(workspace, new PostgresAuditLog.Filter(java.util.Optional.of(action), java.util.Optional.of(email),
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(), 500)).stream()
                .filter(e -> e.actor().equals(email)).count();
    }

    @Test
    void an_invited_person_joins_once_with_the_role_chosen_and_the_link_then_lets_nobody_in() throws Exception {
        var owner = new Visitor(server.port()).signedIn("owner@acme.example", PASSWORD);
        owner.get("/settings/people");
        var invited = owner.submit("/settings/people/invite", "email", "new.bookkeeper@acme.example", "role", "ADMIN");
        assertThat(invited.statusCode()).isEqualTo(303);
        var page = owner.get("/settings/people").body();
        var m = java.util.regex.Pattern.compile("(/invite/[A-Za-z0-9_-]+)").matcher(page);
        assertThat(m.find()).as("the link is shown to the owner: %s", page).isTrue();
        String link = m.group(1);
        assertThat(page).contains("new.bookkeeper@acme.example as admin, invited by owner@acme.example");

        var guest = new Visitor(server.port());
        var form = guest.get(link);
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("owner@acme.example invited new.bookkeeper@acme.example as admin");
        var differ = guest.post(link, Visitor.form("password", "a long password 1", "confirm", "another password"));
        assertThat(differ.statusCode()).isEqualTo(422);
        assertThat(differ.body()).contains("The two passwords differ");
        var joined = guest.post(link, Visitor.form("password", "a long password 1", "confirm", "a long password 1"));
        assertThat(joined.statusCode()).isEqualTo(200);
        assertThat(joined.body()).contains("You joined as admin");
        assertThat(guest.get(link).statusCode()).as("a used link").isEqualTo(410);
        assertThat(guest.post(link, Visitor.form("password", "x long password", "confirm", "x long password")).statusCode())
                .isEqualTo(410);

        var admin = new Visitor(server.port()).signedIn("new.bookkeeper@acme.example", "a long password 1");
        assertThat(admin.get("/").body()).contains("new.bookkeeper@acme.example <span class=\"role\">(admin)</span>");
        assertThat(audit.list(workspace, PostgresAuditLog.Filter.newest(5))).extracting(PostgresAuditLog.Recorded::action)
                .startsWith("person.join", "person.invite");
    }

    @Test
    void the_only_owner_cannot_be_demoted_or_removed_and_a_role_change_counts_from_the_next_click() throws Exception {
        var owner = new Visitor(server.port()).signedIn("owner@acme.example", PASSWORD);
        var admin = new Visitor(server.port()).signedIn("admin@acme.example", PASSWORD);
        var ownerId = server.users().people(workspace).stream().filter(p -> p.email().equals("owner@acme.example"))
                .findFirst().orElseThrow().id();
        assertThat(server.users().changeRole(workspace, ownerId, Role.ADMIN))
                .isInstanceOfSatisfying(io.ledgerbridge.dashboard.signin.PostgresUsers.PeopleChange.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo("owner@acme.example is the only owner; make someone else owner first."));
        assertThat(server.users().remove(workspace, ownerId))
                .isInstanceOf(io.ledgerbridge.dashboard.signin.PostgresUsers.PeopleChange.Refused.class);

        var adminId = server.users().people(workspace).stream().filter(p -> p.email().equals("admin@acme.example"))
                .findFirst().orElseThrow().id();
        admin.get("/settings/connections");
        assertThat(admin.submit("/settings/flows/" + flow + "/pause").statusCode()).isEqualTo(303);
        owner.get("/settings/people");
        assertThat(owner.submit("/settings/people/" + adminId + "/role", "role", "VIEWER").statusCode()).isEqualTo(303);
        assertThat(admin.submit("/settings/flows/" + flow + "/resume").statusCode()).as("now a viewer").isEqualTo(403);
        assertThat(flows.flow(flow).isPaused()).isTrue();

        // The paused flow at a glance: on the dashboard, with Resume for those who may, and on its waiting record.
        var home = owner.get("/").body();
        assertThat(home).contains("Paused flows").contains("Acme app → Acme books</strong>: Paused by admin@acme.example at ")
                .contains("1 sync waits").contains("/settings/flows/" + flow + "/resume");
        assertThat(admin.get("/").body()).contains("Paused by admin@acme.example").doesNotContain("/settings/flows/" + flow + "/resume");
        assertThat(owner.get("/data/customers/" + customerEvent).body()).contains("Paused by admin@acme.example at ");
        assertThat(owner.get("/settings/connections").body()).contains("data-field=\"flow-state\">Paused by admin@acme.example");
    }
}
