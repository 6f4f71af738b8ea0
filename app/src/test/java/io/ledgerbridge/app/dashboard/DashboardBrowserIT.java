package io.ledgerbridge.app.dashboard;

import static io.ledgerbridge.app.dashboard.Stage.customer;
import static io.ledgerbridge.app.dashboard.Stage.invoice;
import static io.ledgerbridge.domain.sync.SyncStatus.FAILED;
import static io.ledgerbridge.domain.sync.SyncStatus.SKIPPED;
import static io.ledgerbridge.domain.sync.SyncStatus.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.domain.record.InvoiceStatus;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.domain.sync.WaitReason;
import io.ledgerbridge.domain.workspace.ConnectionStatus;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.engine.connection.TokenSet;
import io.ledgerbridge.engine.events.EventFilter;
import io.ledgerbridge.sandbox.reference.ReferenceSandbox;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard as a bookkeeper uses it, in headless Chromium, against a running node and the reference ledger:
 * the help articles' walk from a red Failed badge to a successful retry, the reconnect banner, settings that take
 * effect at once, diagnostics and bulk retry, and the doors that must stay shut.
 */
class DashboardBrowserIT {

    private static ReferenceSandbox sandbox;
    private static Browser browser;
    private Stage stage;

    @BeforeAll
    static void startSandboxAndBrowser() {
        sandbox = ReferenceSandbox.start(0);
        browser = new Browser();
    }

    @AfterAll
    static void stopSandboxAndBrowser() {
        if (browser != null) {
            browser.close();
        }
        sandbox.close();
    }

    private void stage() {
        stage = new Stage(sandbox);
        browser.base = stage.baseUrl();
        browser.signOut();
        browser.windowSize(1280, 900);
    }

    @AfterEach
    void closeStage() {
        browser.keepPage("target/last-page.html");
        browser.driver.get("about:blank");
        var console = browser.console();
        if (!console.isEmpty()) {
            System.out.println("browser console:\n  " + String.join("\n  ", console));
        }
        if (stage != null) {
            stage.close();
        }
    }

    /** The status badge's text; the live script may replace the badge between finding and reading it, so try again. */
    private String badge() {
        for (int tries = 1; ; tries++) {
            try {
                return browser.find("#live-summary [data-field=status] .badge").getText();
            } catch (org.openqa.selenium.StaleElementReferenceException replaced) {
                if (tries == 5) {
                    throw replaced;
                }
            }
        }
    }

    @Test
    void a_failed_invoice_is_found_from_its_red_badge_fixed_in_the_ledger_and_retried_to_success_without_a_reload() {
        stage();
        stage.push(customer("c1"));
        stage.push(invoice("i1", "c1", "PROD-001"));
        stage.start();
        stage.await(RecordType.INVOICE, "i1", FAILED);

        browser.signIn(Stage.EMAIL, Stage.PASSWORD);
        browser.await(d -> browser.path().equals("/"));
        assertThat(browser.find("#count-failed").getText()).contains("1").contains("Failed");
        browser.screenshot("dashboard");

        browser.clickThrough("nav.side a[href='/data/invoices']");
        assertThat(browser.find("h1").getText()).isEqualTo("Invoices");
        var failedBadge = browser.find("table.records tr[data-event-id] .badge.status-failed");
        assertThat(failedBadge.getText()).isEqualTo("Failed");
        assertThat(failedBadge.getCssValue("background-color")).isEqualTo("rgba(179, 38, 30, 1)");
        browser.screenshot("invoices");

        browser.clickThrough(failedBadge);
        assertThat(browser.find("h1").getText()).isEqualTo("Invoice N-i1");
        var error = browser.find(".error-box").getText();
        assertThat(error).contains("SKU not found").contains("No product with SKU \"PROD-001\"")
                .contains("How to fix: Create the product with the exact SKU \"PROD-001\"");
        assertThat(browser.find(".error-box .details").getText()).contains("SKU").contains("PROD-001");
        assertThat(browser.find("#live-attempts").getText()).contains("Failed");
        browser.screenshot("record-failed");
        String recordPage = browser.driver.getCurrentUrl();

        // The fix, in the destination: the reference ledger's console, in the same browser.
        browser.go(sandbox.baseUrl() + "/_sandbox/console");
        var form = browser.find("form[action='/_sandbox/ledgers/" + stage.ledgerId + "/items']");
        form.findElement(By.name("sku")).sendKeys("PROD-001");
        form.findElement(By.name("name")).sendKeys("Widget");
        browser.clickThrough(form.findElement(By.tagName("button")));
        Stage.awaitTrue(() -> stage.ledger.countWhere("item", "sku", "PROD-001") == 1, () -> "the item in the ledger");

        browser.go(recordPage);
        sandbox.latency(stage.ledgerId, Duration.ofMillis(600));
        try {
            browser.clickThrough("form[action$='/retry'] button");
            browser.await(d -> browser.text().contains("Retry requested"));
            browser.script("window.__sameDocument = 'yes';");
            assertThat(badge()).isIn("Pending", "Processing");
            browser.await(d -> badge().equals("Success"));
        } finally {
            sandbox.latency(stage.ledgerId, Duration.ZERO);
        }
        assertThat(browser.script("return window.__sameDocument;")).as("the page was not reloaded").isEqualTo("yes");
        assertThat(browser.find("[data-field=retry-count]").getText()).isEqualTo("1");
        assertThat(browser.all(".error-box")).isEmpty();
        browser.await(d -> browser.find("#live-attempts").getText().contains("Synced"));
        assertThat(browser.find("#live-attempts").getText()).contains("Retry requested by a person");
        assertThat(stage.latest(RecordType.INVOICE, "i1").retryCount()).isEqualTo(1);
        assertThat(stage.ledger.countWhere("invoice", "number", "N-i1")).isEqualTo(1);
        browser.screenshot("record-success");

        // Success cannot be retried: the refusal is the lifecycle's own sentence.
        browser.clickThrough("form[action$='/retry'] button");
        assertThat(browser.find(".flash.refusal").getText())
                .contains("This sync succeeded and cannot be retried; a later change of the record makes a new sync.");

        browser.windowSize(390, 844);
        browser.go(recordPage);
        browser.screenshot("record-phone");
    }

    @Test
    void a_revoked_token_shows_one_banner_and_reconnecting_from_settings_resumes_the_waiting_invoices() {
        stage();
        stage.ledger.createItem("A", "a");
        stage.push(customer("c1"));
        stage.start();
        stage.await(RecordType.CUSTOMER, "c1", SUCCESS);
        stage.ledger.revokeToken();
        for (int i = 0; i < 3; i++) {
            stage.push(invoice("i" + i, "c1", "A"));
        }
        Stage.awaitTrue(() -> stage.lb.connections.find(stage.destination).orElseThrow().status() == ConnectionStatus.NEEDS_RECONNECT,
                () -> "the connection to need reconnecting");
        Stage.awaitTrue(() -> stage.lb.events.list(stage.workspace, EventFilter.all().withType(RecordType.INVOICE)).stream()
                .filter(e -> e.waitReason() == WaitReason.RECONNECT).count() == 3, () -> "three invoices waiting for reconnect");

        browser.signIn(Stage.EMAIL, Stage.PASSWORD);
        var banner = browser.find("#reconnect-banner");
        assertThat(banner.getText()).contains("Books (the reference ledger) needs reconnecting")
                .contains("3 syncs wait and will resume by themselves after you reconnect");
        assertThat(browser.all(".banner")).hasSize(1);
        assertThat(browser.find("#count-failed").getText()).startsWith("0");
        browser.screenshot("reconnect-banner");

        stage.ledger.issueToken("token-2");
        browser.clickThrough(banner.findElement(By.linkText("Reconnect Books")));
        assertThat(browser.find("h1").getText()).isEqualTo("Reconnect Books");
        assertThat(browser.text()).contains("Needs reconnect");
        browser.screenshot("reconnect");
        browser.find("#access-token").sendKeys("token-2");
        browser.clickThrough("form[action$='/reconnect'] button[type=submit]");

        browser.await(d -> browser.path().equals("/settings/connections"));
        assertThat(browser.text()).contains("Books is reconnected. Syncs that waited for it resume now.");
        assertThat(browser.all("#reconnect-banner")).isEmpty();
        assertThat(browser.find("#connection-" + stage.destination + " [data-field=connection-status]").getText())
                .isEqualTo("Connected");

        browser.clickThrough("nav.side a[href='/data/invoices']");
        browser.await(d -> browser.all("table.records .badge").stream().filter(b -> b.getText().equals("Success")).count() == 3);
        for (int i = 0; i < 3; i++) {
            assertThat(stage.latest(RecordType.INVOICE, "i" + i).status()).isEqualTo(SUCCESS);
        }
        assertThat(stage.ledger.count("invoice")).isEqualTo(3);
    }

    @Test
    void turning_invoice_sync_off_and_the_status_filter_take_effect_for_the_next_invoice() {
        stage();
        stage.ledger.createItem("A", "a");
        stage.push(customer("c1"));
        stage.start();
        browser.signIn(Stage.EMAIL, Stage.PASSWORD);

        browser.clickThrough("nav.side a[href='/settings/sync/invoices']");
        assertThat(browser.find("h1").getText()).isEqualTo("Invoice sync settings");
        browser.screenshot("settings-invoices");
        var enable = browser.find("input[name=enabled]");
        assertThat(enable.isSelected()).isTrue();
        enable.click();
        browser.clickThrough("form.settings button[type=submit]");
        assertThat(browser.text()).contains("Invoice sync is off");
        assertThat(stage.lb.flows.flow(stage.flow).settings().enabled(RecordType.INVOICE)).isFalse();

        stage.push(invoice("later", "c1", "A"));
        stage.await(RecordType.INVOICE, "later", SKIPPED);
        browser.clickThrough("nav.side a[href='/data/invoices']");
        browser.clickThrough("table.records a[href$='/" + stage.latest(RecordType.INVOICE, "later").id() + "']");
        assertThat(browser.find("[data-field=skip-reason]").getText()).isEqualTo("Invoice sync is turned off for this flow.");

        browser.clickThrough("nav.side a[href='/settings/sync/invoices']");
        browser.find("input[name=enabled]").click();
        for (String status : new String[] {"PAID", "VOID"}) {
            var box = browser.find("input[name=status][value=" + status + "]");
            if (box.isSelected()) {
                box.click();
            }
        }
        browser.clickThrough("form.settings button[type=submit]");
        assertThat(browser.text()).contains("Invoices in status Open sync from now on.");
        assertThat(stage.lb.flows.flow(stage.flow).settings().invoiceStatuses()).containsExactly(InvoiceStatus.OPEN);

        stage.push(invoice("draft", InvoiceStatus.DRAFT, "c1", "A"));
        stage.push(invoice("open", "c1", "A"));
        stage.await(RecordType.INVOICE, "draft", SKIPPED);
        stage.await(RecordType.INVOICE, "open", SUCCESS);
        browser.go("/data/invoices/" + stage.latest(RecordType.INVOICE, "draft").id());
        assertThat(browser.find("[data-field=skip-reason]").getText())
                .isEqualTo("Invoice status Draft is not among the selected statuses [Open].");
    }

    @Test
    void diagnostics_group_failures_by_cause_and_retry_all_matching_a_filter_retries_only_those() {
        stage();
        stage.push(customer("c1"));
        for (int i = 0; i < 3; i++) {
            stage.push(invoice("x" + i, "c1", "PROD-X"));
        }
        stage.push(invoice("y1", "c1", "PROD-Y"));
        stage.start();
        for (int i = 0; i < 3; i++) {
            stage.await(RecordType.INVOICE, "x" + i, FAILED);
        }
        stage.await(RecordType.INVOICE, "y1", FAILED);

        browser.signIn(Stage.EMAIL, Stage.PASSWORD);
        browser.clickThrough("nav.side a[href='/diagnostics']");
        var groups = browser.all(".cause-group");
        assertThat(groups).hasSize(2);
        assertThat(groups.get(0).getText()).contains("3 invoices: SKU PROD-X not found")
                .contains("How to fix: Create the product with the exact SKU \"PROD-X\"");
        assertThat(groups.get(1).getText()).contains("1 invoice: SKU PROD-Y not found");
        browser.screenshot("diagnostics");

        stage.ledger.createItem("PROD-X", "x");
        browser.clickThrough("nav.side a[href='/data/invoices']");
        new Select(browser.find("#f-error")).selectByVisibleText("SKU not found");
        browser.find("#f-q").sendKeys("PROD-X");
        browser.clickThrough("form.filters button[type=submit]");
        assertThat(browser.all("table.records tr[data-event-id]")).hasSize(3);
        browser.clickThrough(".bulk button");
        assertThat(browser.text()).contains("Retried 3 syncs");
        browser.await(d -> browser.all("table.records .badge").stream().filter(b -> b.getText().equals("Success")).count() == 3);
        for (int i = 0; i < 3; i++) {
            assertThat(stage.latest(RecordType.INVOICE, "x" + i).retryCount()).isEqualTo(1);
        }
        assertThat(stage.latest(RecordType.INVOICE, "y1").status()).isEqualTo(FAILED);

        // The last one is already in the destination under another number: link it instead of retrying.
        browser.go("/data/invoices/" + stage.latest(RecordType.INVOICE, "y1").id());
        browser.find("#destination-id").sendKeys("manual-9");
        browser.clickThrough("form.link-form button[type=submit]");
        assertThat(browser.find(".flash.notice").getText()).contains("Linked to destination record manual-9");
        assertThat(badge()).isEqualTo("Success");
        assertThat(browser.find("[data-field=destination]").getText()).isEqualTo("manual-9");
        assertThat(stage.latest(RecordType.INVOICE, "y1").destinationId()).isEqualTo("manual-9");

        browser.clickThrough("nav.side a[href='/events']");
        browser.find("#e-q").sendKeys("N-y1");
        browser.clickThrough("form.filters button[type=submit]");
        assertThat(browser.all("table.events tbody tr")).isNotEmpty();
        assertThat(browser.find("table.events").getText()).contains("N-y1").contains("Marked as synced by a person")
                .doesNotContain("N-x0");
        browser.screenshot("events");
    }

    @Test
    void a_wrong_password_signs_nobody_in() {
        stage();
        browser.go("/signin");
        browser.screenshot("signin");
        browser.signIn(Stage.EMAIL, "not the password");
        assertThat(browser.find("#signin-error").getText()).contains("The email or the password is not right");
        assertThat(browser.path()).isEqualTo("/signin");
        browser.go("/data/invoices");
        assertThat(browser.path()).isEqualTo("/signin");
        browser.submitSignIn(Stage.EMAIL, Stage.PASSWORD);
        browser.await(d -> browser.path().equals("/data/invoices"));
    }

    @Test
    void another_workspaces_record_is_not_found() {
        stage();
        var now = Instant.now();
        var other = stage.lb.workspaces.create("Globex", now);
        var otherSource = stage.lb.connections.create(other, "native", "Globex app", Map.of(), null, now);
        var otherBooks = stage.lb.connections.create(other, "reference", "Globex books", Map.of(), new TokenSet("x", null, null), now);
        stage.lb.flows.create(other, otherSource, otherBooks, FlowSettings.defaults(), now);
        stage.lb.intake.receive(otherSource, customer("secret-customer"));
        long theirs = stage.lb.events.ofRecord(other, RecordType.CUSTOMER, "secret-customer").getFirst().id();

        browser.signIn(Stage.EMAIL, Stage.PASSWORD);
        browser.go("/data/customers/" + theirs);
        assertThat(browser.find("h1").getText()).isEqualTo("Not found");
        assertThat(browser.text()).doesNotContain("secret-customer").doesNotContain("Globex");
        assertThat(browser.status("/data/customers/" + theirs)).isEqualTo(404);
        assertThat(browser.status("/settings/connections/" + otherBooks + "/reconnect")).isEqualTo(404);
        browser.go("/data/all");
        assertThat(browser.text()).doesNotContain("secret-customer");
        assertThat(stage.lb.events.get(other, theirs).orElseThrow().status()).isNotEqualTo(SyncStatus.SKIPPED);
    }
}
