package io.ledgerbridge.app.xero;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.app.Ledgerbridge;
import io.ledgerbridge.connector.hubspot.HubSpotConnector;
import io.ledgerbridge.connector.hubspot.HubSpotSource;
import io.ledgerbridge.connector.xero.XeroConnector;
import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.domain.sync.WaitReason;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.connection.TokenSet;
import io.ledgerbridge.engine.events.EventView;
import io.ledgerbridge.engine.history.HistoricalImport;
import io.ledgerbridge.engine.history.ImportPlanner;
import io.ledgerbridge.engine.worker.NodeConfig;
import io.ledgerbridge.sandbox.hubspot.HubSpotSandbox;
import io.ledgerbridge.sandbox.hubspot.SandboxSettings;
import io.ledgerbridge.sandbox.hubspot.crm.ObjectType;
import io.ledgerbridge.sandbox.kit.clock.MovableClock;
import io.ledgerbridge.sandbox.xero.XeroSandbox;
import io.ledgerbridge.store.db.Database;
import io.ledgerbridge.store.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's import into Xero, whose organisation has 5,000 calls a day: with the day nearly spent by other apps, the
 * import stops at its share (by default a fifth of the day stays for live syncs), says when it goes on, live invoices
 * still sync that day, and it completes after the sandbox's day rolls over. One movable clock for the sandbox, the
 * engine and the Xero connector, so the test passes a day without waiting for it.
 */
class HistoricalImportToXeroIT {

    private static HubSpotSandbox hubspot;
    private final MovableClock clock = MovableClock.system();
    private XeroSandbox xero;
    private long portal;
    private String tenant;
    private Database db;
    private Ledgerbridge lb;
    private WorkspaceId workspace;
    private ConnectionId hub;
    private FlowId flow;

    @BeforeAll
    static void startHubSpot() {
        hubspot = HubSpotSandbox.start(SandboxSettings.defaults());
    }

    @AfterAll
    static void stopHubSpot() {
        hubspot.close();
    }

    @AfterEach
    void close() {
        lb.close();
        db.close();
        xero.close();
    }

    private void workspace() {
        xero = XeroSandbox.builder().port(0).clock(clock).start();
        portal = hubspot.createPortal("Acme");
        String clientId = "ledgerbridge-" + UUID.randomUUID();
        var app = hubspot.registerApp("Ledgerbridge", clientId, "secret-" + clientId, null);
        var hubTokens = hubspot.issueTokens(app.appId(), portal);
        tenant = xero.createOrganisation("Acme Ltd " + UUID.randomUUID().toString().substring(0, 6), "GB", "GBP");
        xero.registerApp(XeroHarness.CLIENT_ID, XeroHarness.CLIENT_SECRET, "http://localhost/cb");
        var xeroTokens = xero.issueTokens(XeroHarness.CLIENT_ID, tenant);
        db = TestDatabase.fresh(20);
        lb = new Ledgerbridge(db, XeroHarness.KEYSET, new NodeConfig("node-" + UUID.randomUUID().toString().substring(0, 6),
                2, 50, Duration.ofSeconds(30), Duration.ofMillis(50)), XeroHarness.FAST_RETRY, clock,
                List.of(new HubSpotConnector(Clock.systemUTC(), clientId, app.clientSecret()),
                        new XeroConnector(clock, XeroHarness.CLIENT_ID, XeroHarness.CLIENT_SECRET)), true);
        var now = Instant.now();
        workspace = lb.workspaces.create("Acme", now);
        hub = lb.connections.create(workspace, HubSpotConnector.SYSTEM, "Acme HubSpot", Map.of(
                        "baseUrl", hubspot.baseUrl(), "appId", String.valueOf(app.appId()), "portalId", String.valueOf(portal),
                        "timeoutMillis", "5000", "searchLagSeconds", "0"),
                new TokenSet(hubTokens.accessToken(), hubTokens.refreshToken(), now.plus(Duration.ofDays(30))), now);
        var books = lb.connections.create(workspace, XeroConnector.SYSTEM, "Xero: Acme Ltd", XeroHarness.settings(xero, tenant),
                new TokenSet(xeroTokens.accessToken(), xeroTokens.refreshToken(), xeroTokens.accessExpiresAt()), now);
        flow = lb.flows.create(workspace, hub, books, FlowSettings.defaults().withProductSync(true), now);
    }

    @Test
    void with_the_day_nearly_spent_the_import_stops_at_its_share_live_invoices_still_sync_and_it_completes_the_next_day() {
        workspace();
        var contacts = new ArrayList<String>();
        for (int c = 0; c < 10; c++) {
            contacts.add(hubspot.createContact(portal, "buyer" + c + "@example.com", "Buyer", "No" + c));
        }
        String widget = hubspot.createProduct(portal, "Widget", "W-1", "12.50");
        for (int i = 1; i <= 200; i++) {
            invoice("2025-03-" + String.format("%02d", 1 + i % 28), String.format("X-%03d", i), contacts.get(i % 10), widget);
        }
        // Other apps of the organisation made 3,996 of today's 5,000 calls: 1,004 are left, 1,000 of them for live syncs.
        xero.spendDay(tenant, 3_996);
        lb.start();

        var plan = lb.importPlanner.plan(workspace, new ImportPlanner.Request(flow, LocalDate.of(2025, 1, 1),
                LocalDate.of(2025, 12, 31), null, null));
        assertThat(plan.estimate().invoices()).isEqualTo(200);
        assertThat(plan.estimate().summary(plan.destination())).startsWith("200 invoices: about 8 calls to Xero (batches of 50)")
                .contains("within 80 % of today's 5,000 calls");
        var started = lb.importPlanner.start(workspace, new ImportPlanner.Request(flow, LocalDate.of(2025, 1, 1),
                LocalDate.of(2025, 12, 31), null, null), "it@example.com");

        Instant nextDay = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        XeroHarness.awaitTrue(() -> find(started).progress().heldUntil() != null, Duration.ofSeconds(60),
                () -> "the import to wait for tomorrow's budget: " + find(started));
        var held = find(started);
        assertThat(held.status()).isEqualTo(HistoricalImport.Status.RUNNING);
        assertThat(held.progress().heldUntil()).isEqualTo(nextDay);
        assertThat(held.progress().waiting()).isPositive();
        var heldRecord = db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT record_type, source_id FROM sync_event WHERE wait_reason = 'IMPORT_BUDGET' LIMIT 1")
                .map((rs, ctx) -> Map.entry(RecordType.valueOf(rs.getString(1)), rs.getString(2))).one());
        var waiting = events(heldRecord.getKey(), heldRecord.getValue()).getFirst();
        assertThat(waiting.waitReason()).isEqualTo(WaitReason.IMPORT_BUDGET);
        assertThat(waiting.error().code()).isEqualTo(ErrorCode.IMPORT_BUDGET_USED);
        assertThat(waiting.error().message()).isEqualTo("The historical import used its share of today's Xero calls "
                + "(80 % of 5,000); it goes on at " + nextDay + ".");
        assertThat(xero.dayCallsUsed(tenant)).as("the import stopped where a fifth of the day is left")
                .isBetween(3_997L, 4_010L);
        long importedToday = xero.invoices(tenant).size();
        assertThat(importedToday).isLessThan(200);

        // A live invoice the same day: it syncs, with its new contact, from the part of the day kept for it.
        String newcomer = hubspot.createContact(portal, "new@example.com", "New", "Customer");
        String live = invoice(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString(), "LIVE-1", newcomer, widget);
        var source = (HubSpotSource) lb.registry.source(hub).orElseThrow();
        lb.intake.receiveAll(hub, source.read(new HubSpotSource.Changed(Set.of(live), Set.of(), Set.of(), Set.of())));
        await(RecordType.INVOICE, live, SyncStatus.SUCCESS);
        assertThat(xero.countInvoicesByNumber(tenant, "LIVE-1")).isEqualTo(1);
        assertThat(find(started).progress().heldUntil()).as("the import still waits").isEqualTo(nextDay);

        clock.advance(Duration.ofDays(1).plusMinutes(1));
        lb.node.wake();
        XeroHarness.awaitTrue(() -> find(started).status().finished(), Duration.ofSeconds(90),
                () -> "the import to finish the next day: " + find(started));
        var done = find(started);
        assertThat(done.status()).as("%s", done).isEqualTo(HistoricalImport.Status.COMPLETED);
        assertThat(done.report().orElseThrow().synced()).isEqualTo(200 + 10 + 1);
        var numbers = xero.invoices(tenant).stream().map(i -> i.path("InvoiceNumber").asText()).toList();
        assertThat(numbers).hasSize(201).doesNotHaveDuplicates();
        assertThat(xero.throttledCount(tenant)).as("no call refused: the limit was kept before Xero had to say no").isZero();
    }

    @Test
    void six_thousand_hubspot_invoices_import_into_xero_once_each_within_its_minute_limit_with_their_report() {
        workspace();
        var contacts = new ArrayList<String>();
        for (int c = 0; c < 40; c++) {
            contacts.add(hubspot.createContact(portal, "client" + c + "@example.com", "Client", "No" + c));
        }
        String widget = hubspot.createProduct(portal, "Widget", "W-1", "12.50");
        for (int i = 1; i <= 6_000; i++) {
            invoice("2024-" + String.format("%02d-%02d", 1 + i % 12, 1 + i % 28), String.format("H-%04d", i),
                    contacts.get(i % 40), widget);
        }
        // Outside the range on both sides: not imported, not counted.
        invoice("2023-12-31", "BEFORE-1", contacts.getFirst(), widget);
        invoice("2025-01-01", "AFTER-1", contacts.getFirst(), widget);
        lb.start();
        var request = new ImportPlanner.Request(flow, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31), null, null);
        var plan = lb.importPlanner.plan(workspace, request);
        assertThat(plan.estimate().invoices()).isEqualTo(6_000);
        assertThat(plan.estimate().summary(plan.destination())).startsWith("6,000 invoices: about 240 calls to Xero (batches of 50)"); // and as many again at most for contacts and products

        var started = lb.importPlanner.start(workspace, request, "it@example.com");
        XeroHarness.awaitTrue(() -> find(started).status().finished(), Duration.ofMinutes(6),
                () -> "the import to finish: " + find(started).progress());

        var done = find(started);
        assertThat(done.status()).as("%s", done).isEqualTo(HistoricalImport.Status.COMPLETED);
        var report = done.report().orElseThrow();
        assertThat(report.synced()).as("6,000 invoices, 40 contacts and the product").isEqualTo(6_000 + 40 + 1);
        assertThat(report.failed()).isEmpty();
        var numbers = xero.invoices(tenant).stream().map(i -> i.path("InvoiceNumber").asText()).toList();
        assertThat(numbers).hasSize(6_000).doesNotHaveDuplicates().doesNotContain("BEFORE-1", "AFTER-1");
        assertThat(xero.throttledCount(tenant)).as("no call refused: Xero's 60 a minute kept before Xero had to say no").isZero();
        assertThat(hubspot.throttledCount(portal)).as("HubSpot read within its 100 calls a rolling 10 s").isZero();
    }

    @Test
    void deleting_the_flow_cancels_its_import_saying_so_and_skips_its_waiting_syncs() {
        workspace();
        String contact = hubspot.createContact(portal, "buyer@example.com", "Buyer", "One");
        String widget = hubspot.createProduct(portal, "Widget", "W-1", "12.50");
        for (int i = 1; i <= 20; i++) {
            invoice("2025-02-" + String.format("%02d", i), String.format("D-%02d", i), contact, widget);
        }
        lb.flows.pause(workspace, flow, "it@example.com", Instant.now()); // nothing syncs: the import's syncs wait
        lb.start();
        var started = lb.importPlanner.start(workspace, new ImportPlanner.Request(flow, LocalDate.of(2025, 1, 1),
                LocalDate.of(2025, 12, 31), null, null), "it@example.com");
        XeroHarness.awaitTrue(() -> find(started).progress().waiting() >= 20, Duration.ofSeconds(30),
                () -> "the import to read its invoices: " + find(started).progress());

        lb.flows.delete(workspace, flow, "owner@example.com", Instant.now());

        var cancelled = find(started);
        assertThat(cancelled.status()).isEqualTo(HistoricalImport.Status.CANCELLED);
        assertThat(cancelled.statusReason()).startsWith("Cancelled: the flow was deleted by owner@example.com at ");
        assertThat(cancelled.progress().waiting()).isZero();
        long skipped = db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT count(*) FROM sync_event WHERE import_id = :id AND status = 'SKIPPED' AND skip_reason LIKE "
                                + "'The historical import was cancelled (Cancelled: the flow was deleted by owner@example.com%'")
                .bind("id", started.id()).mapTo(Long.class).one());
        assertThat(skipped).as("the import's syncs, skipped with the reason").isGreaterThanOrEqualTo(20);
        assertThat(xero.invoices(tenant)).isEmpty();
    }

    private HistoricalImport find(HistoricalImport i) {
        return lb.imports.find(workspace, i.id()).orElseThrow();
    }

    private String invoice(String date, String number, String contact, String product) {
        var props = new LinkedHashMap<String, String>(Map.of("hs_currency", "GBP", "hs_number", number,
                "hs_invoice_status", "open", "hs_invoice_date", date, "hs_due_date", LocalDate.parse(date).plusDays(30).toString()));
        String id = hubspot.createObject(portal, ObjectType.INVOICES, props);
        hubspot.associate(portal, ObjectType.INVOICES, id, ObjectType.CONTACTS, contact);
        String line = hubspot.createObject(portal, ObjectType.LINE_ITEMS, Map.of("hs_product_id", product, "quantity", "2"));
        hubspot.associate(portal, ObjectType.INVOICES, id, ObjectType.LINE_ITEMS, line);
        return id;
    }

    private List<EventView> events(RecordType type, String sourceId) {
        return lb.events.ofRecord(workspace, type, sourceId).stream().filter(e -> e.flowId().equals(flow.toString())).toList();
    }

    private void await(RecordType type, String sourceId, SyncStatus status) {
        XeroHarness.awaitTrue(() -> {
            var events = events(type, sourceId);
            return !events.isEmpty() && events.getFirst().status() == status;
        }, Duration.ofSeconds(30), () -> type + " " + sourceId + " to be " + status + " but it is " + events(type, sourceId));
    }
}
