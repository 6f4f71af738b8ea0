package io.ledgerbridge.app.dashboard;

import static io.ledgerbridge.domain.sync.SyncStatus.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.app.Await;
import io.ledgerbridge.app.Ledgerbridge;
import io.ledgerbridge.connector.quickbooks.QuickBooksConnector;
import io.ledgerbridge.dashboard.DashboardConfig;
import io.ledgerbridge.dashboard.DashboardServer;
import io.ledgerbridge.domain.record.Customer;
import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.InvoiceLine;
import io.ledgerbridge.domain.record.InvoiceStatus;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.domain.sync.WaitReason;
import io.ledgerbridge.domain.workspace.ConnectionStatus;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.engine.connection.TokenSet;
import io.ledgerbridge.engine.retry.RetryPolicy;
import io.ledgerbridge.engine.worker.NodeConfig;
import io.ledgerbridge.sandbox.quickbooks.QuickBooksSandbox;
import io.ledgerbridge.sandbox.quickbooks.oauth.OAuthApp;
import io.ledgerbridge.store.connection.TokenCipher;
import io.ledgerbridge.store.testing.TestDatabase;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

/**
 * A QuickBooks connection whose refresh token was revoked is reconnected the way a bookkeeper does it: Settings →
 * Connections → Reconnect with QuickBooks Online → the QuickBooks (sandbox) consent page → Connect → back in the
 * dashboard, and the invoices that waited sync.
 */
class QuickBooksReconnectBrowserIT {

    private static final String CLIENT_ID = "ledgerbridge-dashboard";
    private static final String CLIENT_SECRET = "dashboard-secret";
    private static QuickBooksSandbox qbo;
    private static Browser browser;

    @BeforeAll
    static void start() {
        qbo = QuickBooksSandbox.start(0);
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        qbo.close();
    }

    private static Invoice invoice(String id) {
        return new Invoice(id, "N-" + id, InvoiceStatus.OPEN, "c1", "USD", LocalDate.of(2026, 11, 2), null,
                List.of(new InvoiceLine("W-1", "Widget", BigDecimal.ONE, new BigDecimal("10.00"), null)), null, null);
    }

    @Test
    void reconnecting_through_the_quickbooks_consent_page_resumes_the_waiting_invoices() {
        var connector = new QuickBooksConnector(Clock.systemUTC(), CLIENT_ID, CLIENT_SECRET);
        try (var db = TestDatabase.fresh(12)) {
            var lb = new Ledgerbridge(db, TokenCipher.newJsonKeyset(), new NodeConfig("node-" + UUID.randomUUID(), 2, 50,
                    Duration.ofSeconds(2), Duration.ofMillis(50)), new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(200)),
                    Clock.systemUTC(), List.of(connector), true);
            var dashboard = new DashboardServer(DashboardConfig.defaults().withPort(0).withBcryptCost(4), db, lb.connections,
                    lb.flows, lb.events, Ledgerbridge.SYSTEM_NAMES, lb.clock, lb.node::wake, lb.registry::authorization).start();
            try {
                String realm = "9130" + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000L);
                qbo.createRealm(realm, "Acme Books");
                qbo.registerApp(OAuthApp.of(CLIENT_ID, CLIENT_SECRET, "http://127.0.0.1:" + dashboard.port() + "/oauth/callback"));
                var issued = qbo.issueTokens(CLIENT_ID, realm);
                qbo.createItem(realm, "Widget", "W-1", new BigDecimal("10.00"));
                var now = Instant.now();
                var ws = lb.workspaces.create("Acme", now);
                dashboard.users().create(ws, "office@acme.example", "correct horse battery", now);
                var source = lb.connections.create(ws, "native", "Acme app", Map.of(), null, now);
                var books = lb.connections.create(ws, QuickBooksConnector.SYSTEM, "Acme Books", Map.of(
                                "baseUrl", qbo.baseUrl(), "realmId", realm,
                                "tokenUrl", qbo.baseUrl() + "/oauth2/v1/tokens/bearer",
                                "authorizeUrl", qbo.baseUrl() + "/connect/oauth2",
                                "timeoutMillis", "3000", "throttleWaitSeconds", "1"),
                        new TokenSet(issued.accessToken(), issued.refreshToken(), now.plusSeconds(issued.expiresIn())), now);
                lb.flows.create(ws, source, books, FlowSettings.defaults(), now);
                lb.start();
                lb.intake.receive(source, new Customer("c1", "Grace", "grace@example.com", null, null, null));
                lb.intake.receive(source, invoice("i1"));
                Await.until(() -> status(lb, ws, "i1") == SUCCESS, Duration.ofSeconds(20), () -> "i1 to sync");

                // The refresh token dies (revoked in QuickBooks) and the access token expires.
                qbo.revokeRefreshTokens(realm);
                qbo.expireAccessTokens(realm);
                lb.intake.receive(source, invoice("i2"));
                Await.until(() -> lb.connections.find(books).orElseThrow().status() == ConnectionStatus.NEEDS_RECONNECT
                        && waitReason(lb, ws, "i2") == WaitReason.RECONNECT, Duration.ofSeconds(20), () -> "i2 to wait for reconnect");

                browser.base = "http://127.0.0.1:" + dashboard.port();
                browser.signOut();
                browser.signIn("office@acme.example", "correct horse battery");
                browser.clickThrough(browser.find("#reconnect-banner a"));
                assertThat(browser.find("h1").getText()).isEqualTo("Reconnect Acme Books");
                browser.clickThrough("#oauth-reconnect");

                // QuickBooks' consent page (the sandbox's): choose the company, press Connect.
                assertThat(browser.driver.getCurrentUrl()).startsWith(qbo.baseUrl() + "/connect/oauth2");
                assertThat(browser.text()).contains(CLIENT_ID).contains("wants to connect");
                new Select(browser.find("select[name=realmId]")).selectByValue(realm);
                browser.clickThrough("button[name=decision][value=allow]");

                browser.await(d -> browser.path().equals("/settings/connections"));
                assertThat(browser.text()).contains("Acme Books is reconnected. Syncs that waited for it resume now.");
                assertThat(browser.all("#reconnect-banner")).isEmpty();
                Await.until(() -> status(lb, ws, "i2") == SUCCESS, Duration.ofSeconds(20), () -> "i2 to sync after reconnecting");
                assertThat(qbo.invoices(realm)).hasSize(2);
                var stored = lb.connections.tokens(books).orElseThrow().tokens();
                assertThat(stored.refreshToken()).isNotEqualTo(issued.refreshToken());
            } finally {
                dashboard.close();
                lb.close();
            }
        }
    }

    private static SyncStatus status(Ledgerbridge lb, io.ledgerbridge.domain.workspace.WorkspaceId ws, String id) {
        var events = lb.events.ofRecord(ws, RecordType.INVOICE, id);
        return events.isEmpty() ? null : events.getFirst().status();
    }

    private static WaitReason waitReason(Ledgerbridge lb, io.ledgerbridge.domain.workspace.WorkspaceId ws, String id) {
        var events = lb.events.ofRecord(ws, RecordType.INVOICE, id);
        return events.isEmpty() ? null : events.getFirst().waitReason();
    }
}
