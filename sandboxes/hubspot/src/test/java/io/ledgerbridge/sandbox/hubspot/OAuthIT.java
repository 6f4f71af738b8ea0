package io.ledgerbridge.sandbox.hubspot;

import io.ledgerbridge.sandbox.hubspot.oauth.OAuthApp;
import io.ledgerbridge.sandbox.hubspot.ratelimit.RateLimits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class OAuthIT {
    static final String REDIRECT = "http://localhost:9999/oauth/hubspot/callback";
    static HubSpotSandbox hubspot;
    static OAuthApp app;
    long portal;
    HubSpotHttp http;

    @BeforeAll
    static void start() {
        hubspot = HubSpotSandbox.start(SandboxSettings.defaults().withClock(SandboxClock.fixedAt(Instant.parse("2026-03-02T09:00:00Z")))
                .withRateLimits(RateLimits.unlimited()));
        app = hubspot.registerApp("Ledgerbridge", "client-1", "secret-1", REDIRECT);
    }

    @AfterAll
    static void stop() {
        hubspot.close();
    }

    @BeforeEach
    void portal() {
        portal = hubspot.createPortal("Acme");
        http = new HubSpotHttp(hubspot.baseUrl(), null);
    }

    @Test
    void code_flow_refresh_expiry_and_revoke() {
        var page = http.get("/oauth/authorize?client_id=client-1&redirect_uri=" + enc(REDIRECT) + "&scope=crm.objects.invoices.read%20crm.objects.invoices.write&state=xyz");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("Connect").contains("Acme (" + portal + ")");

        var consent = http.form("/oauth/authorize", "client_id=client-1&redirect_uri=" + enc(REDIRECT)
                + "&scope=crm.objects.invoices.read+crm.objects.invoices.write&state=xyz&portal_id=" + portal);
        assertThat(consent.status()).isEqualTo(302);
        URI location = URI.create(consent.header("Location"));
        assertThat(location.toString()).startsWith(REDIRECT);
        Map<String, String> query = query(location);
        assertThat(query).containsEntry("state", "xyz");

        var tokens = http.form("/oauth/v1/token", "grant_type=authorization_code&client_id=client-1&client_secret=secret-1&redirect_uri="
                + enc(REDIRECT) + "&code=" + query.get("code"));
        assertThat(tokens.status()).as(tokens.text()).isEqualTo(200);
        assertThat(tokens.json().get("token_type").asText()).isEqualTo("bearer");
        assertThat(tokens.json().get("expires_in").asLong()).isEqualTo(1800);
        String access = tokens.json().get("access_token").asText();
        String refresh = tokens.json().get("refresh_token").asText();

        var api = new HubSpotHttp(hubspot.baseUrl(), access);
        assertThat(api.get("/crm/v3/objects/invoices").status()).isEqualTo(200);
        assertThat(api.get("/crm/v3/objects/contacts").status()).as("scope not granted").isEqualTo(403);
        assertThat(http.get("/oauth/v1/access-tokens/" + access).json().get("hub_id").asLong()).isEqualTo(portal);

        var reused = http.form("/oauth/v1/token", "grant_type=authorization_code&client_id=client-1&client_secret=secret-1&redirect_uri="
                + enc(REDIRECT) + "&code=" + query.get("code"));
        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.json().get("status").asText()).isEqualTo("BAD_AUTH_CODE");

        hubspot.clock().advance(Duration.ofMinutes(30).plusSeconds(7));
        var expired = api.get("/crm/v3/objects/invoices");
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.json().get("category").asText()).isEqualTo("EXPIRED_AUTHENTICATION");
        assertThat(expired.json().get("message").asText()).isEqualTo("The OAuth token used to make this call expired 7 second(s) ago.");

        var refreshed = http.form("/oauth/v1/token", "grant_type=refresh_token&client_id=client-1&client_secret=secret-1&refresh_token=" + refresh);
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.json().get("refresh_token").asText()).isEqualTo(refresh);
        String access2 = refreshed.json().get("access_token").asText();
        assertThat(access2).isNotEqualTo(access);
        assertThat(api.token(access2).get("/crm/v3/objects/invoices").status()).isEqualTo(200);

        assertThat(http.delete("/oauth/v1/refresh-tokens/" + refresh).status()).isEqualTo(204);
        var bad = http.form("/oauth/v1/token", "grant_type=refresh_token&client_id=client-1&client_secret=secret-1&refresh_token=" + refresh);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("status").asText()).isEqualTo("BAD_REFRESH_TOKEN");
        assertThat(bad.json().get("message").asText()).isEqualTo("missing or invalid refresh token");
    }

    @Test
    void wrong_client_secret_and_wrong_redirect_are_refused() {
        var grant = hubspot.issueTokens(app.appId(), portal);
        var wrongSecret = http.form("/oauth/v1/token", "grant_type=refresh_token&client_id=client-1&client_secret=nope&refresh_token=" + grant.refreshToken());
        assertThat(wrongSecret.status()).isEqualTo(400);
        assertThat(wrongSecret.json().get("status").asText()).isEqualTo("BAD_CLIENT_SECRET");
        assertThat(http.get("/oauth/authorize?client_id=client-1&redirect_uri=http://evil.example/cb").status()).isEqualTo(400);
        assertThat(http.get("/oauth/authorize?client_id=unknown&redirect_uri=" + enc(REDIRECT)).status()).isEqualTo(400);
    }

    @Test
    void fault_switches_expire_access_tokens_and_revoke_refresh_tokens() {
        var grant = hubspot.issueTokens(app.appId(), portal);
        var api = new HubSpotHttp(hubspot.baseUrl(), grant.accessToken());
        assertThat(api.get("/crm/v3/objects/contacts").status()).isEqualTo(200);
        hubspot.expireAccessTokens(portal);
        assertThat(api.get("/crm/v3/objects/contacts").json().get("category").asText()).isEqualTo("EXPIRED_AUTHENTICATION");
        var refreshed = http.form("/oauth/v1/tokens", "grant_type=refresh_token&client_id=client-1&client_secret=secret-1&refresh_token=" + grant.refreshToken());
        assertThat(refreshed.status()).isEqualTo(200);
        hubspot.revokeRefreshTokens(portal);
        var refused = http.form("/oauth/v1/token", "grant_type=refresh_token&client_id=client-1&client_secret=secret-1&refresh_token=" + grant.refreshToken());
        assertThat(refused.json().get("status").asText()).isEqualTo("BAD_REFRESH_TOKEN");
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Map<String, String> query(URI uri) {
        return Arrays.stream(uri.getRawQuery().split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
    }
}
