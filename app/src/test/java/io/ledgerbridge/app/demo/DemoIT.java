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

            // Connection: two QuickBooks companies need a reconnect; their syncs wait, none failed.
            var health = api.get("/health");
            var needsReconnect = new TreeSet<String>();
            health.path("needsReconnect").forEach(c -> needsReconnect.add(c.path("name").asText()));
            assertThat(needsReconnect).containsExactly("QuickBooks: Demo Company (Canada)", "QuickBooks: Demo Company (UK)");
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

            assertThat(seen).as("every code of the catalogue").containsAll(EnumSet.allOf(ErrorCode.class));

            // Token refreshes of the working connections went to the sandboxes' token endpoints.
            for (var connection : List.of(demo.workspace.hub, demo.workspace.quickbooks)) {
                assertThat(demo.service.lb.connections.find(connection).orElseThrow().tokenRefreshedAt())
                        .as("last token refresh of %s", connection).isNotNull();
            }

            // The dashboard shows the same: the reconnect banner's connections and the failed invoice's page.
            var browser = new Visitor(demo.service.dashboardUrl()).signIn(Demo.USER_EMAIL, Demo.USER_PASSWORD);
            var connections = browser.get("/settings/connections").body();
            assertThat(Pattern.compile("Needs reconnect").matcher(connections).results().count()).isGreaterThanOrEqualTo(2);
            assertThat(connections).contains("could not be refreshed").contains("refused the connection");

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
        }
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
