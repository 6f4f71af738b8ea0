package io.ledgerbridge.connector.hubspot.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerbridge.connector.Authorization;
import io.ledgerbridge.connector.TokenAccess;
import io.ledgerbridge.connector.hubspot.HubSpotConnector;
import io.ledgerbridge.connector.hubspot.HubSpotSettings;
import io.ledgerbridge.sandbox.hubspot.HubSpotSandbox;
import io.ledgerbridge.sandbox.hubspot.SandboxSettings;
import io.ledgerbridge.sandbox.hubspot.oauth.OAuthApp;
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
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HubSpot's authorization-code flow against the HubSpot sandbox: the consent page the URL leads to, the code exchanged
 * for tokens that work, the portal and app learnt from the token's metadata, and each refusal as a sentence saying what
 * to do, never with a token in it.
 */
class HubSpotAuthorizationIT {

    private static final String REDIRECT = "http://127.0.0.1:8081/oauth/callback";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-02T09:00:00Z"), ZoneOffset.UTC);
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static HubSpotSandbox hubspot;
    private static OAuthApp app;
    private static long portal;
    private static Authorization authorization;
    private static Map<String, String> settings;

    @BeforeAll
    static void start() {
        hubspot = HubSpotSandbox.start(SandboxSettings.defaults());
        String clientId = "lb-" + UUID.randomUUID();
        app = hubspot.registerApp("Ledgerbridge", clientId, "secret-" + clientId, REDIRECT);
        portal = hubspot.createPortal("Acme");
        authorization = new HubSpotConnector(CLOCK, clientId, app.clientSecret()).authorization().orElseThrow();
        settings = authorization.settingsFor(Authorization.Endpoints.of(hubspot.baseUrl() + "/oauth/authorize",
                hubspot.baseUrl() + "/oauth/v1/token", hubspot.baseUrl()));
    }

    @AfterAll
    static void stop() {
        hubspot.close();
    }

    /** What a person's Connect on the consent page does: the sandbox redirects to the callback with code and state. */
    private static Map<String, String> consent(String clientId, String redirectUri, String state) throws Exception {
        String form = "client_id=" + enc(clientId) + "&redirect_uri=" + enc(redirectUri) + "&scope=" + enc(HubSpotSettings.SCOPES)
                + "&state=" + enc(state) + "&portal_id=" + portal;
        var r = HTTP.send(HttpRequest.newBuilder(URI.create(hubspot.baseUrl() + "/oauth/authorize"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(302);
        var location = URI.create(r.headers().firstValue("Location").orElseThrow());
        assertThat(location.toString()).startsWith(redirectUri + "?");
        var query = new HashMap<String, String>();
        for (var pair : location.getRawQuery().split("&")) {
            var kv = pair.split("=", 2);
            query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return query;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void new_connections_start_with_the_given_endpoints_and_the_production_ones_are_hubspots() {
        assertThat(settings).isEqualTo(Map.of("authorizeUrl", hubspot.baseUrl() + "/oauth/authorize",
                "tokenUrl", hubspot.baseUrl() + "/oauth/v1/token", "baseUrl", hubspot.baseUrl()));
        assertThat(HubSpotConnector.ENDPOINTS).isEqualTo(Authorization.Endpoints.of("https://app.hubspot.com/oauth/authorize",
                "https://api.hubapi.com/oauth/v1/token", "https://api.hubapi.com"));
    }

    @Test
    void the_authorize_url_leads_to_hubspots_consent_page_with_the_client_redirect_scopes_and_state() throws Exception {
        var url = authorization.authorizeUrl(settings, REDIRECT, "state-1");
        assertThat(url.toString()).startsWith(hubspot.baseUrl() + "/oauth/authorize?client_id=" + enc(app.clientId()))
                .contains("&redirect_uri=" + enc(REDIRECT)).contains("&scope=crm.objects.contacts.read+")
                .contains("e-commerce").endsWith("&state=state-1");
        var page = HTTP.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("wants to connect to your HubSpot account").contains("Acme (" + portal + ")")
                .contains("value=\"state-1\"");
    }

    @Test
    void the_code_gives_working_tokens_and_the_portal_and_app_it_belongs_to() throws Exception {
        var callback = consent(app.clientId(), REDIRECT, "state-2");
        assertThat(callback).containsEntry("state", "state-2").containsKey("code");

        var authorized = authorization.complete(settings, callback, REDIRECT);
        assertThat(authorized.settings()).isEqualTo(Map.of("portalId", String.valueOf(portal), "appId", String.valueOf(app.appId())));
        var tokens = authorized.tokens();
        assertThat(tokens.refreshToken()).isNotBlank();
        assertThat(tokens.accessExpiresAt()).isEqualTo(CLOCK.instant().plusSeconds(1800));
        assertThat(tokens.toString()).doesNotContain(tokens.accessToken());
        var contacts = HTTP.send(HttpRequest.newBuilder(URI.create(hubspot.baseUrl() + "/crm/v3/objects/contacts"))
                .header("Authorization", "Bearer " + tokens.accessToken()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(contacts.statusCode()).isEqualTo(200);
    }

    @Test
    void a_code_used_twice_is_refused_saying_it_expired_or_was_used() throws Exception {
        var callback = consent(app.clientId(), REDIRECT, "state-3");
        authorization.complete(settings, callback, REDIRECT);
        assertThatThrownBy(() -> authorization.complete(settings, callback, REDIRECT))
                .isInstanceOf(TokenAccess.ReconnectNeeded.class)
                .hasMessage("HubSpot refused to accept the authorisation (BAD_AUTH_CODE): missing or unknown auth code. "
                        + "The answer from HubSpot expired or was already used; connect again.")
                .message().doesNotContain(callback.get("code"));
    }

    @Test
    void another_redirect_uri_or_a_wrong_client_secret_is_refused_with_what_to_check() throws Exception {
        var callback = consent(app.clientId(), REDIRECT, "state-4");
        assertThatThrownBy(() -> authorization.complete(settings, callback, "http://127.0.0.1:9/oauth/callback"))
                .isInstanceOf(TokenAccess.ReconnectNeeded.class)
                .hasMessageContaining("(BAD_REDIRECT_URI)")
                .hasMessageContaining("redirect URL is not this dashboard's /oauth/callback");

        var stranger = new HubSpotConnector(CLOCK, app.clientId(), "not-the-secret").authorization().orElseThrow();
        var second = consent(app.clientId(), REDIRECT, "state-5");
        assertThatThrownBy(() -> stranger.complete(settings, second, REDIRECT))
                .isInstanceOf(TokenAccess.ReconnectNeeded.class)
                .hasMessageContaining("(BAD_CLIENT_SECRET)")
                .hasMessageContaining("LEDGERBRIDGE_HUBSPOT_CLIENT_ID and _SECRET")
                .message().doesNotContain("not-the-secret");
    }

    @Test
    void a_denied_consent_or_an_answer_without_a_code_is_refused() {
        assertThatThrownBy(() -> authorization.complete(settings, Map.of("error", "access_denied", "state", "s"), REDIRECT))
                .isInstanceOf(TokenAccess.ReconnectNeeded.class)
                .hasMessage("HubSpot did not authorise the connection (access_denied)");
        assertThatThrownBy(() -> authorization.complete(settings, Map.of("state", "s"), REDIRECT))
                .isInstanceOf(TokenAccess.ReconnectNeeded.class).hasMessage("HubSpot's answer has no code");
    }

    @Test
    void a_token_endpoint_that_does_not_answer_is_unavailable_not_a_refusal() {
        var down = new HashMap<>(settings);
        down.put("tokenUrl", "http://127.0.0.1:9/oauth/v1/token");
        down.put("timeoutMillis", "2000");
        assertThatThrownBy(() -> authorization.complete(down, Map.of("code", "c", "state", "s"), REDIRECT))
                .isInstanceOf(TokenAccess.Unavailable.class)
                .hasMessageStartingWith("HubSpot's OAuth endpoint did not answer");
    }

    @Test
    void without_an_oauth_app_no_one_is_sent_to_the_consent_page() {
        var unconfigured = new HubSpotConnector(CLOCK).authorization().orElseThrow();
        assertThatThrownBy(() -> unconfigured.authorizeUrl(settings, REDIRECT, "s"))
                .isInstanceOf(TokenAccess.ReconnectNeeded.class)
                .hasMessage("no HubSpot OAuth app is configured (LEDGERBRIDGE_HUBSPOT_CLIENT_ID and _SECRET)");
    }
}
