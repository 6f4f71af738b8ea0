package io.ledgerbridge.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerbridge.app.Await;
import io.ledgerbridge.app.cli.Main;
import io.ledgerbridge.app.config.AppConfig;
import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.error.ErrorKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code start --demo} as a newcomer meets it: every sandbox and the node on free ports, the embedded database in a
 * data directory, the printed URLs and sign-in; once the demo has settled, every error of the catalogue a sandbox can
 * produce is where a user sees it (failed syncs, connections needing a reconnect with their waiting syncs, attempt
 * histories), read through the REST API and the dashboard; then "SKU not found" is fixed end to end in the QuickBooks
 * sandbox's console and with the dashboard's Retry Sync button, and Connect goes through the QuickBooks sandbox's
 * consent page.
 */
class DemoIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @Test
    void the_demo_shows_every_error_of_the_catalogue_and_a_newcomer_fixes_sku_not_found_end_to_end(@TempDir Path dataDir)
            throws Exception {
        var config = AppConfig.fromEnvironment(Map.of("LEDGERBRIDGE_PORT", "0", "LEDGERBRIDGE_DASHBOARD_PORT", "0",
                "LEDGERBRIDGE_DATA_DIR", dataDir.toString()));
        var printed = new ByteArrayOutputStream();
        try (var demo = Main.startDemo(config, new DemoSandboxes.Ports(0, 0, 0), new PrintStream(printed, true))) {
            var systems = demo.systems();
            assertThat(printed.toString(StandardCharsets.UTF_8))
                    .contains("Dashboard:   " + demo.service.dashboardUrl())
                    .contains("Sign in to the dashboard as " + Demo.USER_EMAIL + " with password " + Demo.USER_PASSWORD)
                    .contains("export LB_KEY=" + demo.workspace.apiKey)
                    .contains(systems.reference().consoleUrl())
                    .contains(systems.quickbooks().consoleUrl())
                    .contains(systems.hubspot().consoleUrl());

            var unsettled = demo.settled().get(4, TimeUnit.MINUTES);
            assertThat(unsettled).as("demo steps that did not show their error").isEmpty();
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("The demo has settled: every error");

            var api = new Api(demo.service.url(), demo.workspace.apiKey);
            var seen = EnumSet.noneOf(ErrorCode.class);

            // Needs a fix: each is a failed sync with its message and fix.
            var failed = api.events("status=FAILED&limit=1000");
            var failedCodes = codes(failed);
            for (var code : ErrorCode.values()) {
                if (code.kind() == ErrorKind.NEEDS_FIX) {
                    assertThat(failedCodes).as("failed syncs show " + code).contains(code);
                }
            }
            failed.forEach(e -> assertThat(e.path("error").path("fix").asText()).as("fix of %s", e).isNotBlank());
            seen.addAll(failedCodes);

            // Connection: two QuickBooks companies and a Xero organisation need a reconnect; their syncs wait, none failed.
            var health = api.get("/health");
            var needsReconnect = new TreeSet<String>();
            health.path("needsReconnect").forEach(c -> needsReconnect.add(c.path("name").asText()));
            assertThat(needsReconnect).containsExactly("QuickBooks: Demo Company (Canada)", "QuickBooks: Demo Company (UK)",
                    "Xero: Demo Company (NZ)");
            var waiting = api.events("status=PENDING&limit=1000").stream()
                    .filter(e -> "RECONNECT".equals(e.path("waitReason").path("code").asText())).toList();
            var waitingCodes = codes(waiting);
            assertThat(waitingCodes).containsExactlyInAnyOrder(ErrorCode.TOKEN_REFRESH_FAILED, ErrorCode.UNAUTHORIZED);
            seen.addAll(waitingCodes);

            // Transient: in the attempt histories of syncs that were retried and then succeeded.
            var retriedToSuccess = EnumSet.noneOf(ErrorCode.class);
            for (var e : api.events("limit=1000")) {
                var event = api.get("/api/v1/events/" + e.path("id").asLong());
                for (var attempt : event.path("attempts")) {
                    if (!attempt.path("errorCode").isNull() && !attempt.path("errorCode").asText().isEmpty()) {
                        var code = ErrorCode.valueOf(attempt.path("errorCode").asText());
                        seen.add(code);
                        if (code.kind() == ErrorKind.TRANSIENT && "SUCCESS".equals(event.path("status").asText())) {
                            retriedToSuccess.add(code);
                        }
                    }
                }
            }
            assertThat(retriedToSuccess).as("transient errors in attempts of syncs that then succeeded").contains(
                    ErrorCode.RATE_LIMITED, ErrorCode.TEMPORARILY_UNAVAILABLE, ErrorCode.TIMEOUT, ErrorCode.STALE_OBJECT,
                    ErrorCode.MAPPING_UNAVAILABLE);

            // All but the import budget's wait, which shows only while a historical import waits for the next day's
            // share of a destination's calls; the demo starts no import (HistoricalImportToXeroIT shows it).
            assertThat(seen).as("every code of the catalogue")
                    .containsAll(EnumSet.complementOf(EnumSet.of(ErrorCode.IMPORT_BUDGET_USED)));

            // Token refreshes of the working connections went to the sandboxes' token endpoints.
            for (var connection : List.of(demo.workspace.hub, demo.workspace.quickbooks)) {
                assertThat(demo.service.lb.connections.find(connection).orElseThrow().tokenRefreshedAt())
                        .as("last token refresh of %s", connection).isNotNull();
            }

            // The dashboard shows the same: the reconnect banner's connections and the failed invoice's page.
            var browser = new Visitor(demo.service.dashboardUrl()).signIn(Demo.USER_EMAIL, Demo.USER_PASSWORD);
            var connections = browser.get("/settings/connections").body();
            assertThat(Pattern.compile("Needs reconnect").matcher(connections).results().count()).isGreaterThanOrEqualTo(3);
            assertThat(connections).contains("could not be refreshed").contains("refused the connection")
                    .contains("Xero: Demo Company (NZ)");

            // The fix, as a newcomer follows it: see "SKU not found" ...
            var skuEvents = api.events("status=FAILED&error=SKU_NOT_FOUND&q=GADGET-PRO");
            assertThat(skuEvents).hasSize(1);
            long eventId = skuEvents.getFirst().path("id").asLong();
            var page = browser.get("/data/invoices/" + eventId).body();
            assertThat(page).contains("SKU not found").contains("GADGET-PRO").contains("INV-2002").contains("Retry Sync");

            // ... create the product in the QuickBooks sandbox's console ...
            var created = browser.postTo(systems.quickbooks().baseUrl() + "/_sandbox/console/items", Map.of(
                    "realmId", DemoSandboxes.REALM_US, "Name", "Gadget Pro", "Sku", "GADGET-PRO", "UnitPrice", "99"));
            assertThat(created.statusCode()).isEqualTo(302);
            assertThat(created.headers().firstValue("Location").orElseThrow()).contains("Created");

            // ... press Retry Sync, watch it succeed.
            assertThat(browser.post("/data/invoices/" + eventId + "/retry", Map.of()).statusCode()).isEqualTo(303);
            Await.until(() -> "SUCCESS".equals(api.get("/api/v1/events/" + eventId).path("status").asText()),
                    Duration.ofSeconds(30), () -> "INV-2002 to sync after the fix: " + api.get("/api/v1/events/" + eventId));
            var synced = api.get("/api/v1/events/" + eventId);
            assertThat(synced.path("retryCount").asInt()).isEqualTo(1);
            assertThat(synced.path("error").isNull()).isTrue();
            var invoice = demo.sandboxes.quickbooks.find(DemoSandboxes.REALM_US, "Invoice",
                    synced.path("destinationId").asText()).orElseThrow();
            assertThat(invoice.path("DocNumber").asText()).isEqualTo("INV-2002");
            assertThat(browser.get("/data/invoices/" + eventId).body()).contains("Success");

            // Connect sends a new connection to the QuickBooks sandbox's consent page and back (a company made in the
            // sandbox for it: the demo's three are connected already).
            String realm = "9341453050298129";
            assertThat(browser.postTo(systems.quickbooks().baseUrl() + "/_sandbox/realms?realmId=" + realm
                    + "&companyName=Second+books", Map.of()).statusCode()).isEqualTo(201);
            var connect = browser.post("/settings/connections/connect", Map.of("system", "quickbooks", "name", "Second books"));
            var continueTo = Pattern.compile("id=\"oauth-continue\" href=\"([^\"]+)\"").matcher(connect.body());
            assertThat(continueTo.find()).as("the way to the consent page: %s", connect.body()).isTrue();
            String consentUrl = continueTo.group(1).replace("&amp;", "&");
            assertThat(consentUrl).startsWith(systems.quickbooks().authorizeUrl());
            var consent = browser.getAt(consentUrl).body();
            var form = new LinkedHashMap<String, String>();
            Pattern.compile("type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"").matcher(consent).results()
                    .forEach(m -> form.put(m.group(1), m.group(2).replace("&amp;", "&")));
            form.put("realmId", realm);
            form.put("decision", "allow");
            var back = browser.postTo(systems.quickbooks().baseUrl() + "/connect/oauth2/consent", form);
            assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
            var done = browser.getAt(back.headers().firstValue("Location").orElseThrow());
            assertThat(done.statusCode()).isEqualTo(303);
            assertThat(demo.service.lb.connections.list(demo.workspace.workspace)).anySatisfy(c -> {
                assertThat(c.name()).isEqualTo("Second books");
                assertThat(c.settings()).containsEntry("realmId", realm)
                        .containsEntry("baseUrl", systems.quickbooks().baseUrl());
            });

            xeroErrorsShowAndTheRenameFixSyncs(demo, api, browser);
            theGroupFeedsItsSatellites(demo, api, browser);
        }
    }

    /**
     * The routed flow, the group → satellite sync, as a user sees it: each invoice the group's bookkeeper entered is in
     * the satellite its tracking Region names, under the satellite's prefix and with its contact, and nowhere else; the
     * untagged one failed as "No destination for this invoice" with the fix; the one re-tagged from Sydney to Melbourne
     * is voided in Sydney and in Melbourne once; Brisbane's invoice waits for its day of calls to reset, with the time,
     * while the others synced.
     */
    private static void theGroupFeedsItsSatellites(Demo.Running demo, Api api, Visitor browser) throws Exception {
        var ws = demo.workspace;
        var sb = demo.sandboxes;
        var xero = sb.xero;
        var all = api.events("limit=1000");
        var sydney = ofFlow(all, ws.groupToSydney);
        var melbourne = ofFlow(all, ws.groupToMelbourne);
        var brisbane = ofFlow(all, ws.groupToBrisbane);
        String g1 = ws.groupInvoices.get("G-1001");
        String g2 = ws.groupInvoices.get("G-1002");
        String g3 = ws.groupInvoices.get("G-1003");
        String g4 = ws.groupInvoices.get("G-1004");
        String g5 = ws.groupInvoices.get("G-1005");

        // Each tagged invoice synced to its satellite, with its contact, under the satellite's prefix.
        assertThat(newest(sydney, "invoice", g1).path("status").asText()).isEqualTo("SUCCESS");
        assertThat(newest(melbourne, "invoice", g2).path("status").asText()).isEqualTo("SUCCESS");
        assertThat(numbered(xero, sb.xeroSydney, "SYD-G-1001")).singleElement().satisfies(i -> {
            assertThat(i.path("Status").asText()).isEqualTo("AUTHORISED");
            assertThat(i.path("Contact").path("Name").asText()).isEqualTo("Bondi Surf Club");
            assertThat(i.path("SubTotal").decimalValue()).isEqualByComparingTo("120.00");
        });
        assertThat(numbered(xero, sb.xeroMelbourne, "MEL-G-1002")).singleElement().satisfies(i -> {
            assertThat(i.path("Status").asText()).isEqualTo("AUTHORISED");
            assertThat(i.path("Contact").path("Name").asText()).isEqualTo("Fitzroy Coffee Roasters");
            assertThat(i.path("SubTotal").decimalValue()).isEqualByComparingTo("60.00");
        });
        assertThat(xero.contacts(sb.xeroSydney)).extracting(c -> c.path("Name").asText())
                .containsOnlyOnce("Bondi Surf Club").doesNotContain("Fitzroy Coffee Roasters")
                .as("the untagged G-1004's contact goes nowhere").doesNotContain("Parramatta Plumbing");
        assertThat(xero.contacts(sb.xeroMelbourne)).extracting(c -> c.path("Name").asText())
                .containsOnlyOnce("Fitzroy Coffee Roasters").doesNotContain("Bondi Surf Club");
        // ... and nowhere else: no sync of G-1001 outside Sydney's flow, of G-1002 outside Melbourne's.
        assertThat(melbourne).noneMatch(e -> g1.equals(e.path("recordId").asText()));
        assertThat(brisbane).noneMatch(e -> g1.equals(e.path("recordId").asText()) || g2.equals(e.path("recordId").asText()));
        assertThat(sydney).noneMatch(e -> g2.equals(e.path("recordId").asText()));

        // The untagged invoice: one failed sync, in the routed flow's first destination, with the options and the fix.
        var noRoute = failedWith(sydney, "invoice", g4, ErrorCode.NO_ROUTE);
        assertThat(all.stream().filter(e -> g4.equals(e.path("recordId").asText()))).hasSize(1);
        var error = noRoute.path("error");
        assertThat(error.path("title").asText()).isEqualTo("No destination for this invoice");
        assertThat(error.path("message").asText()).startsWith("Invoice G-1004: its tracking Region is not set, and none of "
                + "this routed flow's destinations takes it (they take ").contains("\"Sydney\"").contains("\"Melbourne\"")
                .contains("\"Brisbane\"");
        assertThat(error.path("fix").asText()).startsWith("Set tracking Region on the invoice in");
        var failedPage = browser.get("/data/invoices/" + noRoute.path("id").asLong()).body();
        assertThat(failedPage).contains("No destination for this invoice").contains("How to fix:").contains("Retry Sync");
        for (var org : List.of(sb.xeroSydney, sb.xeroMelbourne, sb.xeroBrisbane)) {
            assertThat(xero.invoices(org)).noneMatch(i -> i.path("InvoiceNumber").asText().endsWith("G-1004"));
        }

        // Re-tagged from Sydney to Melbourne after it synced: voided in Sydney (its second sync), created once in
        // Melbourne, with its contact.
        var inSydney = sydney.stream().filter(e -> "invoice".equals(e.path("type").asText())
                && g5.equals(e.path("recordId").asText())).toList();
        assertThat(inSydney).hasSize(2).allSatisfy(e -> assertThat(e.path("status").asText()).isEqualTo("SUCCESS"));
        assertThat(numbered(xero, sb.xeroSydney, "SYD-G-1005")).singleElement()
                .satisfies(i -> assertThat(i.path("Status").asText()).isEqualTo("VOIDED"));
        assertThat(melbourne.stream().filter(e -> "invoice".equals(e.path("type").asText())
                && g5.equals(e.path("recordId").asText()))).singleElement()
                .satisfies(e -> assertThat(e.path("status").asText()).isEqualTo("SUCCESS"));
        assertThat(numbered(xero, sb.xeroMelbourne, "MEL-G-1005")).singleElement().satisfies(i -> {
            assertThat(i.path("Status").asText()).isEqualTo("AUTHORISED");
            assertThat(i.path("Contact").path("Name").asText()).isEqualTo("Manly Ferries Cafe");
        });
        assertThat(xero.invoices(sb.xeroSydney)).extracting(i -> i.path("InvoiceNumber").asText())
                .containsExactlyInAnyOrder("SYD-G-1001", "SYD-G-1005");
        assertThat(xero.invoices(sb.xeroMelbourne)).extracting(i -> i.path("InvoiceNumber").asText())
                .containsExactlyInAnyOrder("MEL-G-1002", "MEL-G-1005");

        // Brisbane's day of calls is used up: its invoice waits for the day to reset, with the time; nothing of
        // Brisbane failed and nothing reached it, while Sydney and Melbourne synced.
        var held = newest(brisbane, "invoice", g3);
        assertThat(held.path("status").asText()).as("%s", held).isEqualTo("PENDING");
        assertThat(held.path("waitReason").path("code").asText()).as("%s", held).isEqualTo("RATE_LIMIT");
        assertThat(held.path("error").path("code").asText()).isEqualTo("RATE_LIMITED");
        var resumes = java.time.Instant.parse(held.path("nextAttemptAt").asText());
        assertThat(resumes).isAfter(java.time.Instant.now().plus(Duration.ofHours(1)));
        assertThat(held.path("error").path("vendorMessage").asText()).contains("Daily rate limit hit")
                .contains("resume at " + resumes.truncatedTo(java.time.temporal.ChronoUnit.MINUTES));
        assertThat(brisbane).isNotEmpty().allSatisfy(e -> assertThat(e.path("status").asText()).as("%s", e)
                .isEqualTo("PENDING"));
        assertThat(browser.get("/data/invoices/" + held.path("id").asLong()).body())
                .contains("Waiting for the rate limit to reset").contains("Daily rate limit hit").contains("Next try");
        assertThat(xero.invoices(sb.xeroBrisbane)).isEmpty();
    }

    private static List<JsonNode> ofFlow(List<JsonNode> events, io.ledgerbridge.domain.workspace.FlowId flow) {
        return events.stream().filter(e -> flow.toString().equals(e.path("flowId").asText())).toList();
    }

    private static List<com.fasterxml.jackson.databind.node.ObjectNode> numbered(
            io.ledgerbridge.sandbox.xero.XeroSandbox xero, String org, String number) {
        return xero.invoices(org).stream().filter(i -> number.equals(i.path("InvoiceNumber").asText())).toList();
    }

    /**
     * The three Xero connections as a user sees them: the web shop's Xero errors with Xero's own words and a fix
     * (failed syncs through the API, the record pages in the dashboard), the wholesale organisation waiting out its day
     * and the NZ one waiting for a reconnect, nothing failed; then the product name Xero refused is renamed at the
     * source, and it and the invoice that failed with it end in Success.
     */
    private static void xeroErrorsShowAndTheRenameFixSyncs(Demo.Running demo, Api api, Visitor browser) throws Exception {
        var ws = demo.workspace;
        var xero = demo.sandboxes.xero;
        String global = demo.sandboxes.xeroGlobal;
        var shop = api.events("limit=1000").stream().filter(e -> ws.webShopToXero.toString().equals(e.path("flowId").asText()))
                .toList();
        // Success: WS-1001 is in Xero, once.
        assertThat(newest(shop, "invoice", "WS-1001").path("status").asText()).isEqualTo("SUCCESS");
        assertThat(xero.countInvoicesByNumber(global, "WS-1001")).isEqualTo(1);

        var symbols = failedWith(shop, "product", DemoWorkspace.GIFT_BOX, ErrorCode.INVALID_CHARACTERS);
        assertThat(words(symbols)).contains("Please remove the incorrect symbols from the product name");
        assertThat(symbols.path("error").path("fix").asText()).contains("Remove the symbols from the name in");
        assertThat(failedWith(shop, "invoice", "WS-1002", ErrorCode.PRODUCT_NOT_SYNCED).path("error").path("message").asText())
                .contains("GIFT-L");

        var overpaid = failedWith(shop, "payment", "ws-pay-1", ErrorCode.PAYMENT_EXCEEDS_OUTSTANDING);
        assertThat(words(overpaid)).contains("Payment amount exceeds the amount outstanding on this document")
                .contains("50.00").contains("16.00");
        assertThat(overpaid.path("error").path("fix").asText()).isNotBlank();

        var locked = failedWith(shop, "invoice", "WS-1003", ErrorCode.CLOSED_PERIOD);
        String lockDate = ws.xeroLockDate.format(java.time.format.DateTimeFormatter.ofPattern("dd-MMM-yyyy", java.util.Locale.ENGLISH));
        assertThat(words(locked)).contains("period lock date").contains(lockDate);
        assertThat(locked.path("error").path("fix").asText()).isNotBlank();
        assertThat(xero.countInvoicesByNumber(global, "WS-1003")).isZero();

        var duplicate = failedWith(shop, "customer", "c-riverside", ErrorCode.DUPLICATE_NAME);
        assertThat(words(duplicate)).contains("Riverside Bakery");
        assertThat(duplicate.path("error").path("fix").asText()).contains("Link this record");
        assertThat(xero.contacts(global).stream().filter(c -> "Riverside Bakery".equals(c.path("Name").asText()))).hasSize(1);
        failedWith(shop, "invoice", "WS-1005", ErrorCode.CUSTOMER_NOT_SYNCED);

        var paid = failedWith(shop, "invoice", "WS-1004", ErrorCode.INVOICE_PAID);
        assertThat(words(paid)).contains("Current invoice has been paid in Xero and cannot be updated");
        assertThat(paid.path("error").path("fix").asText()).contains("skip this sync");

        // The same in the dashboard, on each record's page.
        for (var e : List.of(symbols, overpaid, locked, duplicate, paid)) {
            var page = browser.get("/data/" + plural(e) + "/" + e.path("id").asLong()).body();
            assertThat(page).as("dashboard page of %s", e).contains(e.path("error").path("title").asText())
                    .contains("How to fix:").contains("Retry Sync");
        }
        assertThat(browser.get("/data/products/" + symbols.path("id").asLong()).body())
                .contains("Please remove the incorrect symbols from the product name");
        assertThat(browser.get("/data/invoices/" + paid.path("id").asLong()).body())
                .contains("Current invoice has been paid in Xero and cannot be updated");
        assertThat(browser.get("/data/payments/" + overpaid.path("id").asLong()).body())
                .contains("Payment amount exceeds the amount outstanding on this document");

        // Wholesale: its day of calls is used up; every sync waits for the day to reset, with the time, none failed.
        var wholesale = api.events("limit=1000").stream()
                .filter(e -> ws.wholesaleToXero.toString().equals(e.path("flowId").asText())).toList();
        assertThat(wholesale).hasSize(4);
        for (var e : wholesale) {
            assertThat(e.path("status").asText()).as("%s", e).isEqualTo("PENDING");
            assertThat(e.path("waitReason").path("code").asText()).as("%s", e).isEqualTo("RATE_LIMIT");
            assertThat(e.path("error").path("code").asText()).isEqualTo("RATE_LIMITED");
            var resumes = java.time.Instant.parse(e.path("nextAttemptAt").asText());
            assertThat(resumes).isAfter(java.time.Instant.now().plus(Duration.ofHours(1)));
            assertThat(e.path("error").path("vendorMessage").asText()).contains("Daily rate limit hit")
                    .contains("resume at " + resumes.truncatedTo(java.time.temporal.ChronoUnit.MINUTES));
            assertThat(e.path("error").path("message").asText()).contains("daily rate limit");
        }
        var waitingInvoice = newest(wholesale, "invoice", "WH-1001");
        assertThat(browser.get("/data/invoices/" + waitingInvoice.path("id").asLong()).body())
                .contains("Waiting for the rate limit to reset").contains("Daily rate limit hit").contains("Next try");
        assertThat(xero.invoices(demo.sandboxes.xeroBusy)).isEmpty();

        // NZ: the refresh token was revoked; the connection needs a reconnect and its syncs wait, none failed.
        assertThat(demo.service.lb.connections.find(ws.xeroNz).orElseThrow().status())
                .isEqualTo(io.ledgerbridge.domain.workspace.ConnectionStatus.NEEDS_RECONNECT);
        var nz = api.events("limit=1000").stream().filter(e -> ws.nzShopToXero.toString().equals(e.path("flowId").asText()))
                .toList();
        assertThat(nz).hasSize(3);
        for (var e : nz) {
            assertThat(e.path("status").asText()).as("%s", e).isEqualTo("PENDING");
            assertThat(e.path("waitReason").path("code").asText()).as("%s", e).isEqualTo("RECONNECT");
        }
        // The events in the batch whose token refresh was refused carry the error; the others wait behind the banner
        var refused = nz.stream().filter(e -> !e.path("error").path("code").asText().isEmpty()).toList();
        assertThat(refused).as("the events the refusal was seen on").isNotEmpty()
                .allSatisfy(e -> assertThat(e.path("error").path("code").asText()).isEqualTo("TOKEN_REFRESH_FAILED"));
        var refusedOne = refused.getFirst();
        assertThat(refusedOne.path("error").path("title").asText()).isEqualTo("Unable to refresh tokens");
        assertThat(refusedOne.path("error").path("fix").asText()).contains("Reconnect");
        assertThat(xero.invoices(demo.sandboxes.xeroRevoked)).isEmpty();

        // The fix Xero's article gives for the product: correct the name at the source (the web shop pushes the
        // renamed product), then retry: the renamed product syncs, and WS-1002 goes again by itself (one retry).
        ws.pushFromWebShop(new io.ledgerbridge.domain.record.Product(DemoWorkspace.GIFT_BOX, "GIFT-L", "Gift box (Large)",
                "Gift box, large", new java.math.BigDecimal("15.00"), "GBP", null));
        long productEvent = symbols.path("id").asLong();
        Await.until(() -> "SUCCESS".equals(newestOf(api, ws, "product", DemoWorkspace.GIFT_BOX).path("status").asText()),
                Duration.ofSeconds(30), () -> "the renamed product to sync: " + newestOf(api, ws, "product", DemoWorkspace.GIFT_BOX));
        assertThat(api.get("/api/v1/events/" + productEvent).path("status").asText()).isEqualTo("SKIPPED");
        assertThat(xero.items(global).stream().filter(i -> "GIFT-L".equals(i.path("Code").asText())).toList())
                .singleElement().satisfies(i -> assertThat(i.path("Name").asText()).isEqualTo("Gift box (Large)"));
        long invoiceEvent = newest(shop, "invoice", "WS-1002").path("id").asLong();
        Await.until(() -> "SUCCESS".equals(api.get("/api/v1/events/" + invoiceEvent).path("status").asText()),
                Duration.ofSeconds(30), () -> "WS-1002 to sync after the rename: " + api.get("/api/v1/events/" + invoiceEvent));
        assertThat(api.get("/api/v1/events/" + invoiceEvent).path("retryCount").asInt()).isEqualTo(1);
        assertThat(xero.countInvoicesByNumber(global, "WS-1002")).isEqualTo(1);
        assertThat(browser.get("/data/invoices/" + invoiceEvent).body()).contains("Success");
    }

    /** The newest event of a record among {@code events} (newest first, as the API lists them). */
    private static JsonNode newest(List<JsonNode> events, String type, String recordId) {
        return events.stream().filter(e -> type.equals(e.path("type").asText()) && recordId.equals(e.path("recordId").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type + " " + recordId + " in " + events));
    }

    private static JsonNode newestOf(Api api, DemoWorkspace ws, String type, String recordId) {
        return newest(api.events("limit=1000").stream()
                .filter(e -> ws.webShopToXero.toString().equals(e.path("flowId").asText())).toList(), type, recordId);
    }

    private static JsonNode failedWith(List<JsonNode> events, String type, String recordId, ErrorCode code) {
        var e = newest(events, type, recordId);
        assertThat(e.path("status").asText()).as("%s %s: %s", type, recordId, e).isEqualTo("FAILED");
        assertThat(e.path("error").path("code").asText()).as("%s %s: %s", type, recordId, e).isEqualTo(code.name());
        return e;
    }

    /** What the user reads of an error: its title, message, the destination's words and the fix. */
    private static String words(JsonNode e) {
        var err = e.path("error");
        return err.path("title").asText() + " " + err.path("message").asText() + " " + err.path("vendorMessage").asText()
                + " " + err.path("fix").asText();
    }

    private static String plural(JsonNode e) {
        return switch (e.path("type").asText()) {
            case "customer" -> "customers";
            case "product" -> "products";
            case "invoice" -> "invoices";
            case "payment" -> "payments";
            default -> throw new AssertionError("type of " + e);
        };
    }

    private static Set<ErrorCode> codes(List<JsonNode> events) {
        return events.stream().map(e -> e.path("error").path("code").asText(null)).filter(c -> c != null && !c.isEmpty())
                .map(ErrorCode::valueOf).collect(Collectors.toCollection(() -> EnumSet.noneOf(ErrorCode.class)));
    }

    /** The REST API with the demo's key. */
    private record Api(String base, String key) {
        private static final HttpClient HTTP = HttpClient.newHttpClient();

        JsonNode get(String path) {
            try {
                var r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + key)
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isIn(200, 503);
                return JSON.readTree(r.body());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        List<JsonNode> events(String query) {
            var list = new ArrayList<JsonNode>();
            get("/api/v1/events?" + query).path("events").forEach(list::add);
            return list;
        }
    }

    /** The dashboard without a browser: keeps cookies and the CSRF token, never follows redirects. */
    private static final class Visitor {
        private final String base;
        private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        private String csrf;

        Visitor(String base) {
            this.base = base;
        }

        Visitor signIn(String email, String password) throws Exception {
            get("/signin");
            var r = post("/signin", Map.of("email", email, "password", password));
            assertThat(r.statusCode()).as("sign-in: %s", r.body()).isEqualTo(303);
            get("/");
            return this;
        }

        HttpResponse<String> get(String path) throws Exception {
            return getAt(base + path);
        }

        HttpResponse<String> getAt(String url) throws Exception {
            var r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
            var m = CSRF.matcher(r.body());
            if (m.find()) {
                csrf = m.group(1);
            }
            return r;
        }

        HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
            var withToken = new LinkedHashMap<>(form);
            withToken.put("_csrf", csrf);
            return postTo(base + path, withToken);
        }

        HttpResponse<String> postTo(String url, Map<String, String> form) throws Exception {
            String body = form.entrySet().stream()
                    .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
