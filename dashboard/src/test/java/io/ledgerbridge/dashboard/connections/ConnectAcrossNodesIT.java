package io.ledgerbridge.dashboard.connections;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.connector.Authorization;
import io.ledgerbridge.connector.RefreshedTokens;
import io.ledgerbridge.connector.TokenAccess;
import io.ledgerbridge.dashboard.DashboardConfig;
import io.ledgerbridge.dashboard.DashboardServer;
import io.ledgerbridge.dashboard.NewConnectionDefaults;
import io.ledgerbridge.domain.workspace.ConnectionStatus;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.connection.ConnectionRecord;
import io.ledgerbridge.engine.connection.Consents;
import io.ledgerbridge.engine.connection.TokenSet;
import io.ledgerbridge.store.connection.PostgresConnections;
import io.ledgerbridge.store.connection.TokenCipher;
import io.ledgerbridge.store.db.Database;
import io.ledgerbridge.store.events.PostgresSyncEvents;
import io.ledgerbridge.store.flow.PostgresFlows;
import io.ledgerbridge.store.testing.TestDatabase;
import io.ledgerbridge.store.workspace.PostgresWorkspaces;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two dashboard nodes on one PostgreSQL, without a browser: a Connect or a Reconnect started on one node is finished by
 * the vendor's callback on the other, because the OAuth state lives in the database. The vendor is a fake
 * {@link Authorization} ("Fakebooks": code {@code good} gives tokens for the account the callback names). Also: what
 * a forged, reused or foreign state shows, and the flows made on the same page.
 */
class ConnectAcrossNodesIT {

    private static final String PASSWORD = "correct horse battery";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern CONTINUE = Pattern.compile("id=\"oauth-continue\" href=\"([^\"]+)\"");
    private static final String FAKE = "fakebooks";

    private static Database db;
    private static PostgresConnections connections;
    private static PostgresFlows flows;
    private static DashboardServer nodeA;
    private static DashboardServer nodeB;
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-02T09:00:00Z"), ZoneOffset.UTC);

    /** The vendor: its consent page is never visited here; the test plays the vendor's redirect itself. */
    static final class Fakebooks implements Authorization {
        @Override
        public URI authorizeUrl(Map<String, String> settings, String redirectUri, String state) {
            return URI.create(settings.get("authorizeUrl") + "?client_id=lb&redirect_uri="
                    + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8) + "&state=" + state);
        }

        @Override
        public Authorized complete(Map<String, String> settings, Map<String, String> callback, String redirectUri) {
            if (!"good".equals(callback.get("code"))) {
                throw new TokenAccess.ReconnectNeeded("the code was refused (invalid_grant)");
            }
            return new Authorized(new RefreshedTokens("access-" + callback.get("account"), "refresh-1",
                    CLOCK.instant().plusSeconds(3600)), Map.of("account", callback.get("account")));
        }

        @Override
        public Map<String, String> settingsFor(Endpoints endpoints) {
            return Map.of("authorizeUrl", endpoints.authorizeUrl().toString(), "baseUrl", endpoints.apiUrl().toString());
        }
    }

    @BeforeAll
    static void start() {
        db = TestDatabase.fresh(10);
        connections = new PostgresConnections(db.jdbi(), TokenCipher.fromJsonKeyset(TokenCipher.newJsonKeyset()));
        flows = new PostgresFlows(db.jdbi());
        var fake = new Fakebooks();
        var defaults = new NewConnectionDefaults(Map.of(FAKE, Authorization.Endpoints.of("https://fakebooks.example/consent",
                "https://fakebooks.example/token", "https://api.fakebooks.example")));
        nodeA = node(fake, defaults);
        nodeB = node(fake, defaults);
    }

    private static DashboardServer node(Authorization fake, NewConnectionDefaults defaults) {
        return new DashboardServer(DashboardConfig.defaults().withPort(0).withBcryptCost(4), db, connections, flows,
                new PostgresSyncEvents(db.jdbi()), Map.of("native", "your app (REST API)", FAKE, "Fakebooks"), CLOCK, () -> {},
                system -> system.equals(FAKE) ? Optional.of(fake) : Optional.empty(), defaults).start();
    }

    @AfterAll
    static void stop() {
        nodeA.close();
        nodeB.close();
        db.close();
    }

    private static WorkspaceId workspace(String name, String email) {
        var ws = new PostgresWorkspaces(db.jdbi()).create(name, CLOCK.instant());
        connections.create(ws, "native", name + " app", Map.of(), null, CLOCK.instant());
        nodeA.users().create(ws, email, PASSWORD, CLOCK.instant());
        return ws;
    }

    /** A browser without a browser, signed in once and then talking to either node (the cookie is the host's). */
    private static final class Visitor {
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String csrf;

        Visitor(String email) throws Exception {
            get(nodeA, "/signin");
            assertThat(post(nodeA, "/signin", "email", email, "password", PASSWORD, "_csrf", csrf).statusCode()).isEqualTo(303);
            get(nodeA, "/settings/connections");
        }

        HttpResponse<String> get(DashboardServer node, String path) throws Exception {
            var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            var m = CSRF.matcher(r.body());
            if (m.find()) {
                csrf = m.group(1);
            }
            return r;
        }

        HttpResponse<String> post(DashboardServer node, String path, String... kv) throws Exception {
            var form = new LinkedHashMap<String, String>();
            for (int i = 0; i < kv.length; i += 2) {
                form.put(kv[i], kv[i + 1]);
            }
            String body = form.entrySet().stream()
                    .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }

        /** Presses Connect on node A and returns the state the consent-page link carries. */
        String connectOnA(String name) throws Exception {
            var page = post(nodeA, "/settings/connections/connect", "_csrf", csrf, "system", FAKE, "name", name);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<h1>Connect " + name + "</h1>").contains("Continue to Fakebooks");
            var m = CONTINUE.matcher(page.body());
            assertThat(m.find()).isTrue();
            return state(URI.create(m.group(1).replace("&amp;", "&")));
        }
    }

    private static String state(URI consent) {
        assertThat(consent.toString()).startsWith("https://fakebooks.example/consent?");
        var params = new HashMap<String, String>();
        for (var pair : consent.getRawQuery().split("&")) {
            var kv = pair.split("=", 2);
            params.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        assertThat(params.get("redirect_uri")).isEqualTo("http://127.0.0.1:" + nodeA.port() + "/oauth/callback");
        return params.get("state");
    }

    private static Optional<ConnectionRecord> named(WorkspaceId ws, String name) {
        return connections.list(ws).stream().filter(c -> c.name().equals(name)).findFirst();
    }

    @Test
    void a_connect_started_on_one_node_is_finished_by_the_callback_on_the_other() throws Exception {
        var ws = workspace("Acme", "office@acme.example");
        var v = new Visitor("office@acme.example");
        assertThat(v.get(nodeA, "/settings/connections").body()).contains("<option value=\"fakebooks\">Fakebooks</option>");
        String state = v.connectOnA("Acme Books");
        assertThat(named(ws, "Acme Books")).isEmpty();

        var back = v.get(nodeB, "/oauth/callback?code=good&account=42&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8));
        assertThat(back.statusCode()).isEqualTo(303);
        assertThat(back.headers().firstValue("Location")).contains("/settings/connections");
        var books = named(ws, "Acme Books").orElseThrow();
        assertThat(books.system()).isEqualTo(FAKE);
        assertThat(books.status()).isEqualTo(ConnectionStatus.CONNECTED);
        assertThat(books.tokenRefreshedAt()).isEqualTo(CLOCK.instant());
        assertThat(books.settings()).containsEntry("account", "42").containsEntry("baseUrl", "https://api.fakebooks.example");
        assertThat(connections.tokens(books.id()).orElseThrow().tokens().accessToken()).isEqualTo("access-42");
        byte[] stored = db.jdbi().withHandle(h -> h.createQuery("SELECT token_ciphertext FROM connection WHERE id = :id")
                .bind("id", books.id().value()).mapTo(byte[].class).one());
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("access-42");

        var list = v.get(nodeB, "/settings/connections").body();
        assertThat(list).contains("Acme Books is connected to Fakebooks").contains("id=\"connection-" + books.id() + "\"")
                .doesNotContain("access-42");

        var again = v.get(nodeA, "/oauth/callback?code=good&account=42&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8));
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("<h1>Nothing was connected</h1>").contains("was already used");
        assertThat(connections.list(ws)).hasSize(2);
    }

    @Test
    void a_reconnect_started_on_one_node_is_finished_on_the_other_and_the_same_account_is_required() throws Exception {
        var ws = workspace("Initech", "books@initech.example");
        var books = connections.create(ws, FAKE, "Initech books", Map.of("authorizeUrl", "https://fakebooks.example/consent",
                "account", "7"), new TokenSet("old", "old-refresh", null), CLOCK.instant());
        connections.markNeedsReconnect(books, "the refresh token was revoked", CLOCK.instant());
        var v = new Visitor("books@initech.example");

        var wrong = v.get(nodeA, "/settings/connections/" + books + "/authorize");
        assertThat(wrong.statusCode()).isEqualTo(303);
        String wrongState = state(URI.create(wrong.headers().firstValue("Location").orElseThrow()));
        var refused = v.get(nodeB, "/oauth/callback?code=good&account=8&state=" + wrongState);
        assertThat(refused.headers().firstValue("Location")).contains("/settings/connections/" + books + "/reconnect");
        assertThat(v.get(nodeB, "/settings/connections/" + books + "/reconnect").body())
                .contains("You chose another Fakebooks account (account 8) than this connection&#39;s (7); nothing was changed.");
        assertThat(connections.find(books).orElseThrow().status()).isEqualTo(ConnectionStatus.NEEDS_RECONNECT);

        var go = v.get(nodeA, "/settings/connections/" + books + "/authorize");
        String state = state(URI.create(go.headers().firstValue("Location").orElseThrow()));
        assertThat(v.get(nodeB, "/oauth/callback?code=good&account=7&state=" + state).statusCode()).isEqualTo(303);
        assertThat(connections.find(books).orElseThrow().status()).isEqualTo(ConnectionStatus.CONNECTED);
        assertThat(connections.tokens(books).orElseThrow().tokens().accessToken()).isEqualTo("access-7");
        assertThat(v.get(nodeA, "/settings/connections").body()).contains("Initech books is reconnected.");
    }

    @Test
    void a_forged_state_or_one_of_another_sign_in_shows_why_and_creates_nothing() throws Exception {
        var ws = workspace("Globex", "books@globex.example");
        var mine = new Visitor("books@globex.example");
        String state = mine.connectOnA("Globex Books");

        var forged = mine.get(nodeB, "/oauth/callback?code=good&account=1&state=forged");
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.body()).contains("not one Ledgerbridge is waiting for").contains("href=\"/settings/connections\"");

        var other = new Visitor("books@globex.example");
        var foreign = other.get(nodeB, "/oauth/callback?code=good&account=1&state=" + state);
        assertThat(foreign.statusCode()).isEqualTo(400);
        assertThat(foreign.body()).contains("belongs to a connection started by another sign-in");

        var refusedCode = mine.get(nodeB, "/oauth/callback?code=bad&account=1&state=" + state);
        assertThat(refusedCode.statusCode()).isEqualTo(303);
        assertThat(mine.get(nodeB, "/settings/connections").body())
                .contains("Fakebooks did not authorise the connection: the code was refused (invalid_grant). Nothing was connected.");
        assertThat(connections.list(ws)).extracting(ConnectionRecord::name).containsExactly("Globex app");
    }

    @Test
    void the_connect_form_needs_its_csrf_token_a_name_and_a_known_system() throws Exception {
        var ws = workspace("Umbrella", "it@umbrella.example");
        var v = new Visitor("it@umbrella.example");
        assertThat(v.post(nodeA, "/settings/connections/connect", "system", FAKE, "name", "X").statusCode()).isEqualTo(403);
        v.post(nodeA, "/settings/connections/connect", "_csrf", v.csrf, "system", FAKE, "name", "  ");
        assertThat(v.get(nodeA, "/settings/connections").body()).contains("Give the connection a name");
        v.post(nodeA, "/settings/connections/connect", "_csrf", v.csrf, "system", "xero", "name", "Books");
        assertThat(v.get(nodeA, "/settings/connections").body()).contains("Choose the system to connect.");
        v.post(nodeA, "/settings/connections/connect", "_csrf", v.csrf, "system", FAKE, "name", "umbrella APP");
        assertThat(v.get(nodeA, "/settings/connections").body()).contains("A connection named &quot;umbrella APP&quot; already exists");
        assertThat(connections.list(ws)).hasSize(1);
    }

    @Test
    void a_flow_is_made_between_two_connections_and_its_reverse_or_a_send_only_destination_is_refused() throws Exception {
        var ws = workspace("Hooli", "it@hooli.example");
        var app = named(ws, "Hooli app").orElseThrow().id();
        var books = connections.create(ws, FAKE, "Hooli books", Map.of(), new TokenSet("t", null, null), CLOCK.instant());
        var v = new Visitor("it@hooli.example");
        var page = v.get(nodeA, "/settings/connections").body();
        assertThat(page).contains("No flow yet").contains("<label for=\"flow-source\">From (source)</label>");

        v.post(nodeA, "/settings/flows", "_csrf", v.csrf, "source", books.toString(), "destination", app.toString());
        assertThat(v.get(nodeA, "/settings/connections").body()).contains("Hooli app (your app (REST API)) only sends records");
        v.post(nodeA, "/settings/flows", "_csrf", v.csrf, "source", app.toString(), "destination", app.toString());
        assertThat(v.get(nodeA, "/settings/connections").body()).contains("A flow needs two different connections.");
        assertThat(flows.list(ws)).isEmpty();

        assertThat(v.post(nodeA, "/settings/flows", "_csrf", v.csrf, "source", app.toString(), "destination", books.toString())
                .statusCode()).isEqualTo(303);
        var made = v.get(nodeA, "/settings/connections").body();
        assertThat(made).contains("Flow created: Hooli app → Hooli books").contains("Hooli app · your app (REST API)");
        assertThat(flows.list(ws)).singleElement().satisfies(f -> {
            assertThat(f.source()).isEqualTo(app);
            assertThat(f.destination()).isEqualTo(books);
            assertThat(f.settings()).isEqualTo(io.ledgerbridge.domain.workspace.FlowSettings.defaults());
        });
        v.post(nodeA, "/settings/flows", "_csrf", v.csrf, "source", app.toString(), "destination", books.toString());
        assertThat(v.get(nodeA, "/settings/connections").body()).contains("A flow from Hooli app to Hooli books already exists.");
        assertThat(flows.list(ws)).hasSize(1);
        assertThat(v.post(nodeA, "/settings/flows", "source", app.toString(), "destination", books.toString()).statusCode())
                .isEqualTo(403);
    }

    /** A browser that is signed in nowhere: the person a program sent to the consent page. */
    private static HttpResponse<String> anonymous(DashboardServer node, String path) throws Exception {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + node.port() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Consents.Request started(Consents.Asked asked) {
        assertThat(asked).isInstanceOf(Consents.Asked.Started.class);
        return ((Consents.Asked.Started) asked).request();
    }

    @Test
    void a_consent_request_made_by_a_program_is_finished_by_a_browser_signed_in_nowhere_and_its_outcome_is_kept() throws Exception {
        var ws = workspace("Vandelay", "art@vandelay.example");
        var request = started(nodeA.consents().connect(ws, FAKE, "Vandelay Books", "api key 'setup'"));
        assertThat(request.status()).isEqualTo(Consents.Status.WAITING);
        assertThat(request.expiresAt()).isEqualTo(CLOCK.instant().plus(PostgresOAuthStates.LIFETIME));
        String state = state(request.consentUrl().orElseThrow());
        assertThat(nodeB.consents().find(ws, request.id()).orElseThrow().status()).isEqualTo(Consents.Status.WAITING);
        assertThat(nodeB.consents().find(ws, request.id()).orElseThrow().consentUrl()).isEmpty();

        var back = anonymous(nodeB, "/oauth/callback?code=good&account=77&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8));
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(back.body()).contains("<h1>Vandelay Books is connected to Fakebooks</h1>").contains("This window can be closed")
                .doesNotContain("access-77");
        var books = named(ws, "Vandelay Books").orElseThrow();
        assertThat(books.settings()).containsEntry("account", "77");
        assertThat(connections.tokens(books.id()).orElseThrow().tokens().accessToken()).isEqualTo("access-77");
        var done = nodeA.consents().find(ws, request.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(Consents.Status.CONNECTED);
        assertThat(done.connection()).contains(books.id());
        assertThat(new io.ledgerbridge.store.audit.PostgresAuditLog(db.jdbi()).list(ws,
                io.ledgerbridge.store.audit.PostgresAuditLog.Filter.newest(10)))
                .anySatisfy(e -> {
                    assertThat(e.actor()).isEqualTo("api key 'setup' (consent link)");
                    assertThat(e.action()).isEqualTo("connection.connect");
                });

        var again = anonymous(nodeA, "/oauth/callback?code=good&account=77&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8));
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("was already used");
        assertThat(connections.list(ws)).hasSize(2);
        assertThat(nodeA.consents().find(new PostgresWorkspaces(db.jdbi()).create("Other", CLOCK.instant()), request.id())).isEmpty();
    }

    @Test
    void a_consent_request_refused_by_the_vendor_fails_with_the_reason_and_one_left_unanswered_expires() throws Exception {
        var ws = workspace("Kramerica", "cosmo@kramerica.example");
        var refused = started(nodeA.consents().connect(ws, FAKE, "Kramerica Books", "cli"));
        var page = anonymous(nodeB, "/oauth/callback?code=bad&state=" + state(refused.consentUrl().orElseThrow()));
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("Fakebooks did not authorise the connection: the code was refused (invalid_grant). "
                + "Nothing was connected.");
        var failed = nodeA.consents().find(ws, refused.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(Consents.Status.FAILED);
        assertThat(failed.reason()).contains("Fakebooks did not authorise the connection: the code was refused (invalid_grant). "
                + "Nothing was connected.");

        var late = started(nodeA.consents().connect(ws, FAKE, "Kramerica Later", "cli"));
        var states = new PostgresOAuthStates(db.jdbi());
        var eleven = CLOCK.instant().plus(java.time.Duration.ofMinutes(11));
        assertThat(states.request(ws, late.id(), eleven).orElseThrow().status()).isEqualTo(Consents.Status.EXPIRED);
        assertThat(states.claimRequest(state(late.consentUrl().orElseThrow()), eleven)).get()
                .isInstanceOf(PostgresOAuthStates.Claim.Expired.class);
        assertThat(connections.list(ws)).extracting(ConnectionRecord::name).containsExactly("Kramerica app");

        // A person signed in who answers a program's request finishes it as the program's, not as theirs.
        var v = new Visitor("cosmo@kramerica.example");
        var mine = started(nodeA.consents().connect(ws, FAKE, "Kramerica Third", "cli"));
        assertThat(v.get(nodeB, "/oauth/callback?code=good&account=3&state=" + state(mine.consentUrl().orElseThrow()))
                .statusCode()).isEqualTo(200);
        assertThat(nodeA.consents().find(ws, mine.id()).orElseThrow().status()).isEqualTo(Consents.Status.CONNECTED);
    }

    @Test
    void a_consent_request_checks_the_system_and_the_name_and_reconnects_only_what_has_a_consent_page() {
        var ws = workspace("Pendant", "lp@pendant.example");
        assertThat(nodeA.consents().connect(ws, "xero", "Books", "cli")).isInstanceOfSatisfying(Consents.Asked.Refused.class,
                r -> assertThat(r.code()).isEqualTo("needs_consent"));
        assertThat(nodeA.consents().connect(ws, FAKE, " ", "cli")).isInstanceOfSatisfying(Consents.Asked.Refused.class,
                r -> assertThat(r.message()).startsWith("Give the connection a name"));
        assertThat(nodeA.consents().connect(ws, FAKE, "pendant APP", "cli")).isInstanceOfSatisfying(Consents.Asked.Refused.class,
                r -> assertThat(r.code()).isEqualTo("name_taken"));
        var app = named(ws, "Pendant app").orElseThrow().id();
        assertThat(nodeA.consents().reconnect(ws, app, "cli")).isInstanceOfSatisfying(Consents.Asked.Refused.class,
                r -> assertThat(r.code()).isEqualTo("no_consent_page"));
        var books = connections.create(ws, FAKE, "Pendant books", Map.of("authorizeUrl", "https://fakebooks.example/consent",
                "account", "5"), new TokenSet("old", "old-refresh", null), CLOCK.instant());
        var reconnect = started(nodeA.consents().reconnect(ws, books, "cli"));
        assertThat(reconnect.reconnect()).isTrue();
        assertThat(reconnect.connection()).contains(books);
    }
}
