package io.ledgerbridge.dashboard.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.dashboard.DashboardConfig;
import io.ledgerbridge.dashboard.DashboardServer;
import io.ledgerbridge.dashboard.Visitor;
import io.ledgerbridge.dashboard.people.Role;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.connection.ConnectorRegistry;
import io.ledgerbridge.engine.connection.TokenSet;
import io.ledgerbridge.engine.history.HistoricalImport;
import io.ledgerbridge.engine.history.ImportPlanner;
import io.ledgerbridge.store.audit.PostgresAuditLog;
import io.ledgerbridge.store.connection.PostgresConnections;
import io.ledgerbridge.store.connection.TokenCipher;
import io.ledgerbridge.store.db.Database;
import io.ledgerbridge.store.events.PostgresSyncEvents;
import io.ledgerbridge.store.flow.PostgresFlows;
import io.ledgerbridge.store.testing.TestDatabase;
import io.ledgerbridge.store.workspace.PostgresWorkspaces;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The import pages over real HTTP on a real PostgreSQL, with imports kept in memory: routes, CSRF, roles, the audit
 * log, and another workspace's import not found.
 */
class ImportPagesIT {

    private static final String PASSWORD = "correct horse battery";

    private static Database db;
    private static DashboardServer server;
    private static final InMemoryImports imports = new InMemoryImports();
    private static WorkspaceId workspace;
    private static FlowId flow;

    @BeforeAll
    static void start() {
        db = TestDatabase.fresh(6);
        var jdbi = db.jdbi();
        var connections = new PostgresConnections(jdbi, TokenCipher.fromJsonKeyset(TokenCipher.newJsonKeyset()));
        var flows = new PostgresFlows(jdbi);
        var clock = Clock.systemUTC();
        var planner = new ImportPlanner(flows, new ConnectorRegistry(List.of(), Map.of(), connections, clock), imports, clock);
        server = new DashboardServer(DashboardConfig.defaults().withPort(0).withBcryptCost(4), db, connections, flows,
                new PostgresSyncEvents(jdbi), Map.of("native", "your app (REST API)", "reference", "the reference ledger"),
                clock, () -> {}).imports(planner, imports).start();
        var now = Instant.now();
        workspace = new PostgresWorkspaces(jdbi).create("Acme", now);
        var source = connections.create(workspace, "native", "Acme app", Map.of(), null, now);
        var books = connections.create(workspace, "reference", "Acme books", Map.of(), new TokenSet("t", null, null), now);
        var d = FlowSettings.defaults();
        flow = flows.create(workspace, source, books, new FlowSettings(d.enabledTypes(), d.invoiceStatuses(),
                d.skipIntegrationSource(), d.taxMapping(), d.productSync(), LocalDate.parse("2024-07-01")), now);
        server.users().create(workspace, "admin@acme.example", PASSWORD, Role.ADMIN, now);
        server.users().create(workspace, "viewer@acme.example", PASSWORD, Role.VIEWER, now);
    }

    @AfterAll
    static void stop() {
        server.close();
        db.close();
    }

    private static HistoricalImport running(WorkspaceId ws) {
        var at = Instant.now().minusSeconds(120);
        return imports.put(new HistoricalImport(UUID.randomUUID(), ws, flow, LocalDate.parse("2024-07-01"),
                LocalDate.parse("2024-12-31"), Set.of(RecordType.INVOICE), HistoricalImport.Status.RUNNING, null, 500, 80, false,
                1, new HistoricalImport.Progress(200, 150, 5, 1, 44, null), "admin@acme.example", at, at, null, Optional.empty()));
    }

    @Test
    void an_admin_checks_the_form_and_a_refusal_shows_on_it() throws Exception {
        var admin = new Visitor(server.port()).signedIn("admin@acme.example", PASSWORD);

        assertThat(admin.get("/settings/connections").body()).contains("href=\"/flows/" + flow + "/imports/new\">Import the past");
        var form = admin.get("/flows/" + flow + "/imports/new");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("name=\"from\" value=\"2024-07-01\"")
                .contains("name=\"to\" value=\"" + LocalDate.now(ZoneOffset.UTC) + "\"")
                .contains("name=\"share\" min=\"1\" max=\"100\" value=\"80\"");

        var refused = admin.submit("/flows/" + flow + "/imports", "from", "2025-02-01", "to", "2025-01-01", "do", "check");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("<strong>Not started:</strong> The range ends (2025-01-01) before it starts (2025-02-01).")
                .contains("name=\"from\" value=\"2025-02-01\"");
        assertThat(admin.post("/flows/" + flow + "/imports", Visitor.form("from", "2025-01-01", "do", "check")).statusCode())
                .as("without the CSRF token").isEqualTo(403);
    }

    @Test
    void an_import_page_shows_its_bar_and_json_and_pausing_is_audited() throws Exception {
        var i = running(workspace);
        var admin = new Visitor(server.port()).signedIn("admin@acme.example", PASSWORD);

        var page = admin.get("/imports/" + i.id());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<progress id=\"import-progress\" value=\"156\" max=\"500\">")
                .contains("Pause the import").contains("Cancel the import");
        var json = admin.get("/imports/" + i.id() + ".json");
        assertThat(json.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(json.body()).contains("\"status\":\"RUNNING\"").contains("\"done\":156").contains("\"max\":500");

        var paused = admin.submit("/imports/" + i.id() + "/pause");
        assertThat(paused.statusCode()).isEqualTo(303);
        assertThat(paused.headers().firstValue("Location")).hasValue("/imports/" + i.id());
        assertThat(admin.get("/imports/" + i.id()).body()).contains("The import is paused.").contains("Resume the import")
                .doesNotContain("Pause the import");
        assertThat(new PostgresAuditLog(db.jdbi()).list(workspace, PostgresAuditLog.Filter.newest(5)))
                .anySatisfy(e -> {
                    assertThat(e.action()).isEqualTo("import.pause");
                    assertThat(e.actor()).isEqualTo("admin@acme.example");
                    assertThat(e.target()).isEqualTo("import:" + i.id());
                });
        admin.submit("/imports/" + i.id() + "/pause");
        assertThat(admin.get("/imports/" + i.id()).body()).contains("<strong>Not done:</strong> The import is paused: it cannot be paused.");
    }

    @Test
    void a_viewer_sees_an_import_but_cannot_start_pause_or_cancel() throws Exception {
        var i = running(workspace);
        var viewer = new Visitor(server.port()).signedIn("viewer@acme.example", PASSWORD);

        assertThat(viewer.get("/settings/connections").body()).doesNotContain("Import the past").contains("/imports/" + i.id());
        assertThat(viewer.get("/imports/" + i.id()).body()).contains("id=\"import-progress\"").doesNotContain("Pause the import");
        assertThat(viewer.get("/flows/" + flow + "/imports/new").statusCode()).isEqualTo(403);
        assertThat(viewer.submit("/imports/" + i.id() + "/cancel").statusCode()).isEqualTo(403);
        assertThat(imports.find(workspace, i.id()).orElseThrow().status()).isEqualTo(HistoricalImport.Status.RUNNING);
    }

    @Test
    void another_workspaces_import_is_not_found() throws Exception {
        var other = running(WorkspaceId.random());
        var admin = new Visitor(server.port()).signedIn("admin@acme.example", PASSWORD);

        assertThat(admin.get("/imports/" + other.id()).statusCode()).isEqualTo(404);
        assertThat(admin.get("/imports/" + other.id() + ".json").statusCode()).isEqualTo(404);
        assertThat(admin.get("/imports/not-an-id").statusCode()).isEqualTo(404);
    }
}
