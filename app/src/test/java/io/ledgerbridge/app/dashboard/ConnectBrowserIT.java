package io.ledgerbridge.app.dashboard;

import static io.ledgerbridge.domain.sync.SyncStatus.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.app.Await;
import io.ledgerbridge.app.Ledgerbridge;
import io.ledgerbridge.app.config.VendorEndpoints;
import io.ledgerbridge.connector.hubspot.HubSpotConnector;
import io.ledgerbridge.connector.quickbooks.QuickBooksConnector;
import io.ledgerbridge.connector.xero.XeroConnector;
import io.ledgerbridge.dashboard.DashboardConfig;
import io.ledgerbridge.dashboard.DashboardServer;
import io.ledgerbridge.dashboard.NewConnectionDefaults;
import io.ledgerbridge.domain.record.Customer;
import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.InvoiceLine;
import io.ledgerbridge.domain.record.InvoiceStatus;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.domain.sync.WaitReason;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.ConnectionStatus;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.connection.ConnectionRecord;
import io.ledgerbridge.engine.connection.TokenSet;
import io.ledgerbridge.engine.retry.RetryPolicy;
import io.ledgerbridge.engine.worker.NodeConfig;
import io.ledgerbridge.sandbox.hubspot.HubSpotSandbox;
import io.ledgerbridge.sandbox.hubspot.SandboxClock;
import io.ledgerbridge.sandbox.hubspot.SandboxSettings;
import io.ledgerbridge.sandbox.hubspot.crm.ObjectType;
import io.ledgerbridge.sandbox.hubspot.oauth.OAuthApp;
import io.ledgerbridge.sandbox.quickbooks.QuickBooksSandbox;
import io.ledgerbridge.sandbox.xero.XeroSandbox;
import io.ledgerbridge.store.connection.TokenCipher;
import io.ledgerbridge.store.db.Database;
import io.ledgerbridge.store.testing.TestDatabase;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

/**
 * Settings → Connections as a bookkeeper uses it, in headless Chromium, against the QuickBooks, HubSpot and Xero
 * sandboxes' consent pages over real HTTP, with a real PostgreSQL and a running node: Connect a new QuickBooks company,
 * HubSpot portal or Xero organisation (chosen on Xero's page among several), make a flow to it and see an invoice sync;
 * reconnect a HubSpot or Xero connection whose refresh token died and see the waiting invoice resume; and an answer from a consent page that is forged, late, reused or another sign-in's
 * creates nothing and says why.
 */
class ConnectBrowserIT {

    private static final String EMAIL = "office@acme.example";
    private static final String PASSWORD = "correct horse battery";
    private static QuickBooksSandbox qbo;
    private static HubSpotSandbox hubspot;
    private static XeroSandbox xero;
    private static Browser browser;
    private World world;

    @BeforeAll
    static void start() {
        qbo = QuickBooksSandbox.start(0);
        hubspot = HubSpotSandbox.start(SandboxSettings.defaults());
        xero = XeroSandbox.start(0);
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        hubspot.close();
        qbo.close();
        xero.close();
    }

    @AfterEach
    void closeWorld() {
        if (world != null) {
            world.close();
        }
    }

    /**
     * One workspace ("Acme") with its app as a native source, a running node, the dashboard (its clock can be moved) with
     * new connections going to the sandboxes, a QuickBooks company and a HubSpot portal, and Ledgerbridge's OAuth app
     * registered in both sandboxes with the dashboard's callback.
     */
    private static final class World implements AutoCloseable {
        final String qbClientId = "lb-qb-" + UUID.randomUUID();
        final String hubClientId = "lb-hub-" + UUID.randomUUID();
        final String xeroClientId = "lb-xero-" + UUID.randomUUID();
        /** This world's Xero organisation, and another one the same Xero user can reach (the consent page lists both). */
        final String xeroTenant;
        final String otherXeroTenant;
        final SandboxClock clock = SandboxClock.system();
        final Database db = TestDatabase.fresh(12);
        final Ledgerbridge lb;
        final DashboardServer dashboard;
        final WorkspaceId workspace;
        final ConnectionId app;
        final String realm = "9130" + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000L);
        final long portal;
        final OAuthApp hubApp;

        World() {
            lb = new Ledgerbridge(db, TokenCipher.newJsonKeyset(), new NodeConfig("node-" + UUID.randomUUID(), 2, 50,
                    Duration.ofSeconds(2), Duration.ofMillis(50)), new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(200)),
                    Clock.systemUTC(), List.of(new QuickBooksConnector(Clock.systemUTC(), qbClientId, "qb-secret"),
                            new HubSpotConnector(Clock.systemUTC(), hubClientId, "hub-secret"),
                            new XeroConnector(Clock.systemUTC(), xeroClientId, "xero-secret")), true);
            var defaults = new NewConnectionDefaults(Map.of(
                    QuickBooksConnector.SYSTEM, VendorEndpoints.quickBooksSandbox(qbo.baseUrl()),
                    HubSpotConnector.SYSTEM, VendorEndpoints.hubSpotSandbox(hubspot.baseUrl()),
                    XeroConnector.SYSTEM, VendorEndpoints.xeroSandbox(xero.baseUrl())));
            dashboard = new DashboardServer(DashboardConfig.defaults().withPort(0).withBcryptCost(4), db, lb.connections,
                    lb.flows, lb.events, Ledgerbridge.SYSTEM_NAMES, clock, lb.node::wake, lb.registry::authorization,
                    defaults).start();
            String callback = "http://127.0.0.1:" + dashboard.port() + "/oauth/callback";
            qbo.createRealm(realm, "Acme Books " + realm);
            qbo.registerApp(io.ledgerbridge.sandbox.quickbooks.oauth.OAuthApp.of(qbClientId, "qb-secret", callback));
            portal = hubspot.createPortal("Acme CRM");
            hubApp = hubspot.registerApp("Ledgerbridge", hubClientId, "hub-secret", callback);
            otherXeroTenant = xero.createOrganisation("Acme Trading " + realm, "US", "USD");
            xeroTenant = xero.createOrganisation("Acme Xero " + realm, "US", "USD");
            xero.registerApp(xeroClientId, "xero-secret", callback);
            var now = Instant.now();
            workspace = lb.workspaces.create("Acme", now);
            dashboard.users().create(workspace, EMAIL, PASSWORD, now);
            app = lb.connections.create(workspace, "native", "Acme app", Map.of(), null, now);
            lb.start();
            browser.base = "http://127.0.0.1:" + dashboard.port();
            browser.signOut();
            browser.signIn(EMAIL, PASSWORD);
        }

        Optional<ConnectionRecord> named(String name) {
            return lb.connections.list(workspace).stream().filter(c -> c.name().equals(name)).findFirst();
        }

        SyncStatus status(String invoice) {
            var events = lb.events.ofRecord(workspace, RecordType.INVOICE, invoice);
            return events.isEmpty() ? null : events.getFirst().status();
        }

        WaitReason waitReason(String invoice) {
            var events = lb.events.ofRecord(workspace, RecordType.INVOICE, invoice);
            return events.isEmpty() ? null : events.getFirst().waitReason();
        }

        void push(String invoice) {
            lb.intake.receive(app, new Customer("c1", "Grace Hopper", "grace@example.com", null, null, null));
            lb.intake.receive(app, new Invoice(invoice, "N-" + invoice, InvoiceStatus.OPEN, "c1", "USD", LocalDate.of(2026, 11, 2),
                    null, List.of(new InvoiceLine("W-1", "Widget", BigDecimal.ONE, new BigDecimal("10.00"), null)), null, null));
        }

        @Override
        public void close() {
            dashboard.close();
            lb.close();
            db.close();
        }
    }

    /** Fills Settings → Connections' Connect form and presses Continue on the page it leads to. */
    private static void connect(String system, String name) {
        browser.go("/settings/connections");
        new Select(browser.find("#connect-system")).selectByVisibleText(system);
        browser.find("#connect-name").sendKeys(name);
        browser.clickThrough("form[action='/settings/connections/connect'] button[type=submit]");
        assertThat(browser.find("h1").getText()).isEqualTo("Connect " + name);
        assertThat(browser.text()).contains("You will sign in to " + system);
        browser.clickThrough("#oauth-continue");
    }

    private void allowOnQuickBooks() {
        assertThat(browser.driver.getCurrentUrl()).startsWith(qbo.baseUrl() + "/connect/oauth2");
        new Select(browser.find("select[name=realmId]")).selectByValue(world.realm);
        browser.clickThrough("button[name=decision][value=allow]");
    }

    private void allowOnHubSpot() {
        assertThat(browser.driver.getCurrentUrl()).startsWith(hubspot.baseUrl() + "/oauth/authorize");
        assertThat(browser.text()).contains("Ledgerbridge wants to connect to your HubSpot account");
        new Select(browser.find("select[name=portal_id]")).selectByValue(String.valueOf(world.portal));
        browser.clickThrough("form[action='/oauth/authorize'] button[type=submit]");
    }

    /** Xero's consent page: tick this world's organisation only (the page ticks the first one), then Allow access. */
    private void allowOnXero() {
        assertThat(browser.driver.getCurrentUrl()).startsWith(xero.baseUrl() + "/identity/connect/authorize");
        assertThat(browser.text()).contains(world.xeroClientId + " wants access to your organisations");
        for (var box : browser.all("input[name=tenantId]")) {
            if (box.getAttribute("value").equals(world.xeroTenant) != box.isSelected()) {
                box.click();
            }
        }
        browser.clickThrough("button[name=decision][value=allow]");
    }

    private static void createFlow(String from, String to) {
        new Select(browser.find("#flow-source")).selectByVisibleText(from);
        new Select(browser.find("#flow-destination")).selectByVisibleText(to);
        browser.clickThrough("form[action='/settings/flows'] button[type=submit]");
        assertThat(browser.text()).contains("Flow created: " + from.substring(0, from.indexOf(" · ")) + " → "
                + to.substring(0, to.indexOf(" · ")));
    }

    private static String statusOf(ConnectionId id) {
        return browser.find("#connection-" + id + " [data-field=connection-status]").getText();
    }

    @Test
    void connecting_quickbooks_through_its_consent_page_lists_it_connected_and_an_invoice_pushed_syncs_to_it() {
        world = new World();
        qbo.createItem(world.realm, "Widget", "W-1", new BigDecimal("10.00"));

        connect("QuickBooks Online", "Acme Books");
        assertThat(browser.text()).contains(world.qbClientId).contains("wants to connect");
        allowOnQuickBooks();

        browser.await(d -> browser.path().equals("/settings/connections"));
        assertThat(browser.text()).contains("Acme Books is connected to QuickBooks Online. Create a flow below so that records "
                + "sync through it.");
        var books = world.named("Acme Books").orElseThrow();
        assertThat(books.settings()).containsEntry("realmId", world.realm).containsEntry("baseUrl", qbo.baseUrl());
        assertThat(statusOf(books.id())).isEqualTo("Connected");
        assertThat(browser.find("#connection-" + books.id()).getText()).contains("QuickBooks Online")
                .contains("Last token refresh").doesNotContain("never");
        assertThat(browser.find("#connection-" + books.id() + " time").getAttribute("datetime")).isNotBlank();

        createFlow("Acme app · your app (REST API)", "Acme Books · QuickBooks Online");
        assertThat(browser.find("ul.flows li .flow-route").getText())
                .startsWith("Acme app · your app (REST API) →").endsWith("Acme Books · QuickBooks Online");
        browser.screenshot("connections");

        world.push("i1");
        Await.until(() -> world.status("i1") == SUCCESS, Duration.ofSeconds(20), () -> "i1 to sync to QuickBooks");
        assertThat(qbo.invoices(world.realm)).singleElement()
                .satisfies(i -> assertThat(i.get("DocNumber").asText()).isEqualTo("N-i1"));
        browser.go("/data/invoices");
        browser.await(d -> browser.find("table.records").getText().contains("Success"));
    }

    @Test
    void connecting_hubspot_through_its_consent_page_stores_the_portal_and_an_invoice_pushed_syncs_to_it() {
        world = new World();
        hubspot.createProduct(world.portal, "Widget", "W-1", "10.00");

        connect("HubSpot", "Acme CRM");
        allowOnHubSpot();

        browser.await(d -> browser.path().equals("/settings/connections"));
        assertThat(browser.text()).contains("Acme CRM is connected to HubSpot.");
        var crm = world.named("Acme CRM").orElseThrow();
        assertThat(crm.system()).isEqualTo(HubSpotConnector.SYSTEM);
        assertThat(crm.settings()).containsEntry("portalId", String.valueOf(world.portal))
                .containsEntry("appId", String.valueOf(world.hubApp.appId())).containsEntry("baseUrl", hubspot.baseUrl());
        assertThat(statusOf(crm.id())).isEqualTo("Connected");
        var tokens = world.lb.connections.tokens(crm.id()).orElseThrow().tokens();
        assertThat(tokens.refreshToken()).isNotBlank();
        assertThat(browser.driver.getPageSource()).doesNotContain(tokens.accessToken()).doesNotContain(tokens.refreshToken());

        createFlow("Acme app · your app (REST API)", "Acme CRM · HubSpot");
        world.push("i1");
        Await.until(() -> world.status("i1") == SUCCESS, Duration.ofSeconds(20), () -> "i1 to sync to HubSpot");
        assertThat(hubspot.objects(world.portal, ObjectType.INVOICES)).singleElement()
                .satisfies(i -> assertThat(i.properties()).containsEntry("hs_number", "N-i1"));
    }

    @Test
    void connecting_xero_through_its_consent_page_stores_the_organisation_chosen_and_an_invoice_pushed_syncs_to_it() {
        world = new World();
        xero.createItem(world.xeroTenant, "W-1", "Widget", new BigDecimal("10.00"));

        connect("Xero", "Acme Xero");
        allowOnXero();

        browser.await(d -> browser.path().equals("/settings/connections"));
        assertThat(browser.text()).contains("Acme Xero is connected to Xero.");
        var books = world.named("Acme Xero").orElseThrow();
        assertThat(books.system()).isEqualTo(XeroConnector.SYSTEM);
        assertThat(books.settings()).containsEntry("tenantId", world.xeroTenant)
                .containsEntry("tenantName", "Acme Xero " + world.realm)
                .containsEntry("baseUrl", xero.apiBase());
        assertThat(statusOf(books.id())).isEqualTo("Connected");
        var tokens = world.lb.connections.tokens(books.id()).orElseThrow().tokens();
        assertThat(browser.driver.getPageSource()).doesNotContain(tokens.accessToken()).doesNotContain(tokens.refreshToken());

        createFlow("Acme app · your app (REST API)", "Acme Xero · Xero");
        world.push("i1");
        Await.until(() -> world.status("i1") == SUCCESS, Duration.ofSeconds(20), () -> "i1 to sync to Xero");
        assertThat(xero.invoices(world.xeroTenant)).singleElement()
                .satisfies(i -> assertThat(i.get("InvoiceNumber").asText()).isEqualTo("N-i1"));
        assertThat(xero.invoices(world.otherXeroTenant)).as("the organisation not chosen").isEmpty();
    }

    @Test
    void reconnecting_xero_through_its_consent_page_resumes_the_waiting_invoices() {
        world = new World();
        xero.createItem(world.xeroTenant, "W-1", "Widget", new BigDecimal("10.00"));
        connect("Xero", "Acme Xero");
        allowOnXero();
        browser.await(d -> browser.path().equals("/settings/connections"));
        var books = world.named("Acme Xero").orElseThrow().id();
        world.lb.flows.create(world.workspace, world.app, books, FlowSettings.defaults(), Instant.now());
        world.push("i1");
        Await.until(() -> world.status("i1") == SUCCESS, Duration.ofSeconds(20), () -> "i1 to sync");
        String firstRefresh = world.lb.connections.tokens(books).orElseThrow().tokens().refreshToken();

        // The connection is removed in Xero (or its refresh token expires unused for 60 days): invalid_grant
        xero.revokeRefreshTokens(world.xeroTenant);
        xero.expireAccessTokens(world.xeroTenant);
        world.push("i2");
        Await.until(() -> world.lb.connections.find(books).orElseThrow().status() == ConnectionStatus.NEEDS_RECONNECT
                && world.waitReason("i2") == WaitReason.RECONNECT, Duration.ofSeconds(20), () -> "i2 to wait for reconnect");

        browser.go("/");
        assertThat(browser.find("#reconnect-banner").getText()).contains("Acme Xero (Xero) needs reconnecting");
        browser.clickThrough(browser.find("#reconnect-banner a"));
        assertThat(browser.find("h1").getText()).isEqualTo("Reconnect Acme Xero");
        browser.clickThrough("#oauth-reconnect");
        allowOnXero();

        browser.await(d -> browser.path().equals("/settings/connections"));
        assertThat(browser.text()).contains("Acme Xero is reconnected. Syncs that waited for it resume now.");
        assertThat(statusOf(books)).isEqualTo("Connected");
        Await.until(() -> world.status("i2") == SUCCESS, Duration.ofSeconds(20), () -> "i2 to sync after reconnecting");
        assertThat(xero.invoices(world.xeroTenant)).hasSize(2);
        assertThat(world.lb.connections.tokens(books).orElseThrow().tokens().refreshToken()).isNotEqualTo(firstRefresh);
    }

    @Test
    void reconnecting_hubspot_through_its_consent_page_resumes_the_waiting_invoices() {
        world = new World();
        hubspot.createProduct(world.portal, "Widget", "W-1", "10.00");
        var issued = hubspot.issueTokens(world.hubApp.appId(), world.portal);
        var now = Instant.now();
        var crm = world.lb.connections.create(world.workspace, HubSpotConnector.SYSTEM, "Acme CRM", Map.of(
                        "baseUrl", hubspot.baseUrl(), "authorizeUrl", hubspot.baseUrl() + "/oauth/authorize",
                        "portalId", String.valueOf(world.portal), "appId", String.valueOf(world.hubApp.appId()),
                        "timeoutMillis", "5000", "throttleWaitSeconds", "1"),
                new TokenSet(issued.accessToken(), issued.refreshToken(), now.plusSeconds(issued.expiresInSeconds())), now);
        world.lb.flows.create(world.workspace, world.app, crm, FlowSettings.defaults(), now);
        world.push("i1");
        Await.until(() -> world.status("i1") == SUCCESS, Duration.ofSeconds(20), () -> "i1 to sync");

        // The app is uninstalled and installed again in HubSpot: the refresh token is revoked, the access token expires.
        hubspot.revokeRefreshTokens(world.portal);
        hubspot.expireAccessTokens(world.portal);
        world.push("i2");
        Await.until(() -> world.lb.connections.find(crm).orElseThrow().status() == ConnectionStatus.NEEDS_RECONNECT
                && world.waitReason("i2") == WaitReason.RECONNECT, Duration.ofSeconds(20), () -> "i2 to wait for reconnect");

        browser.go("/");
        assertThat(browser.find("#reconnect-banner").getText()).contains("Acme CRM (HubSpot) needs reconnecting");
        browser.clickThrough(browser.find("#reconnect-banner a"));
        assertThat(browser.find("h1").getText()).isEqualTo("Reconnect Acme CRM");
        browser.clickThrough("#oauth-reconnect");
        allowOnHubSpot();

        browser.await(d -> browser.path().equals("/settings/connections"));
        assertThat(browser.text()).contains("Acme CRM is reconnected. Syncs that waited for it resume now.");
        assertThat(browser.all("#reconnect-banner")).isEmpty();
        assertThat(statusOf(crm)).isEqualTo("Connected");
        Await.until(() -> world.status("i2") == SUCCESS, Duration.ofSeconds(20), () -> "i2 to sync after reconnecting");
        assertThat(hubspot.objects(world.portal, ObjectType.INVOICES)).hasSize(2);
        assertThat(world.lb.connections.tokens(crm).orElseThrow().tokens().refreshToken()).isNotEqualTo(issued.refreshToken());
    }

    @Test
    void an_answer_that_is_forged_late_reused_or_of_another_sign_in_creates_nothing_and_says_why() {
        world = new World();

        browser.go("/oauth/callback?code=anything&state=forged&realmId=" + world.realm);
        assertThat(browser.find("h1").getText()).isEqualTo("Nothing was connected");
        assertThat(browser.find("#oauth-problem").getText())
                .contains("This answer from the consent page is not one Ledgerbridge is waiting for, so nothing was connected");

        // Late: the person stays on QuickBooks' consent page for eleven minutes.
        connect("QuickBooks Online", "Late Books");
        world.clock.advance(Duration.ofMinutes(11));
        allowOnQuickBooks();
        assertThat(browser.path()).isEqualTo("/oauth/callback");
        assertThat(browser.find("#oauth-problem").getText()).contains("came back more than 10 minutes after you left");

        // Another sign-in: the round trip was started before signing out and in again.
        connect("QuickBooks Online", "Other Books");
        String consentPage = browser.driver.getCurrentUrl();
        browser.go("/");
        browser.signOut();
        browser.signIn(EMAIL, PASSWORD);
        browser.go(consentPage);
        allowOnQuickBooks();
        assertThat(browser.find("#oauth-problem").getText()).contains("belongs to a connection started by another sign-in");

        // Reused: the consent page answered twice with the same state (e.g. sent again from the browser's history).
        connect("QuickBooks Online", "Acme Books");
        consentPage = browser.driver.getCurrentUrl();
        allowOnQuickBooks();
        browser.await(d -> browser.path().equals("/settings/connections"));
        assertThat(browser.text()).contains("Acme Books is connected to QuickBooks Online.");
        browser.go(consentPage);
        allowOnQuickBooks();
        assertThat(browser.find("h1").getText()).isEqualTo("Nothing was connected");
        assertThat(browser.find("#oauth-problem").getText()).contains("was already used");
        browser.clickThrough(browser.find("#oauth-problem a"));

        assertThat(browser.find("h1").getText()).isEqualTo("Connections");
        assertThat(browser.all("ul.connections > li")).hasSize(2);
        assertThat(world.lb.connections.list(world.workspace)).extracting(ConnectionRecord::name)
                .containsExactly("Acme app", "Acme Books");
    }
}
