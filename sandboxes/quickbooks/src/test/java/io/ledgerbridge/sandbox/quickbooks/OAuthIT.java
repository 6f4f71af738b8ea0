package io.ledgerbridge.sandbox.quickbooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerbridge.sandbox.quickbooks.oauth.OAuthApp;
import io.ledgerbridge.sandbox.quickbooks.oauth.TokenPair;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** OAuth 2.0 (API_FACTS A.8): consent page, code flow, refresh rotation, invalid_grant, expiry and revocation. */
class OAuthIT {
    static final String REALM = "4620816365000004";
    static final String OTHER_REALM = "4620816365000044";
    static final String REDIRECT = "http://localhost:9999/callback";
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-06-15T17:00:00Z"));
    static QuickBooksSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = QuickBooksSandbox.builder().port(0).clock(CLOCK).start();
        sandbox.createRealm(REALM, "OAuth Test Co");
        sandbox.createRealm(OTHER_REALM, "Other Co");
        sandbox.registerApp(OAuthApp.of("client-1", "secret-1", REDIRECT));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    static ApiClient.Response form(String path, Map<String, String> fields, String basicUser, String basicPassword) {
        String body = fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (basicUser != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (basicUser + ":" + basicPassword).getBytes(StandardCharsets.UTF_8)));
        }
        return ApiClient.raw(request.build());
    }

    static ApiClient.Response tokens(Map<String, String> fields) {
        return form("/oauth2/v1/tokens/bearer", fields, "client-1", "secret-1");
    }

    static Map<String, String> queryOf(String location) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : URI.create(location).getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return params;
    }

    static JsonNode connectThroughConsent(String realmId) {
        String authorize = sandbox.baseUrl() + "/connect/oauth2?client_id=client-1&response_type=code&state=st-42"
                + "&scope=" + URLEncoder.encode("com.intuit.quickbooks.accounting openid", StandardCharsets.UTF_8)
                + "&redirect_uri=" + URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8);
        ApiClient.Response page = ApiClient.raw(HttpRequest.newBuilder(URI.create(authorize)).GET().build());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("OAuth Test Co").contains(">Connect</button>").contains("name=\"realmId\"");

        ApiClient.Response consent = form("/connect/oauth2/consent", Map.of("client_id", "client-1", "redirect_uri", REDIRECT,
                "state", "st-42", "realmId", realmId, "decision", "allow"), null, null);
        assertThat(consent.status()).isEqualTo(302);
        String location = consent.header("Location");
        assertThat(location).startsWith(REDIRECT + "?");
        Map<String, String> params = queryOf(location);
        assertThat(params).containsEntry("state", "st-42").containsEntry("realmId", realmId).containsKey("code");

        ApiClient.Response exchange = tokens(Map.of("grant_type", "authorization_code", "code", params.get("code"), "redirect_uri", REDIRECT));
        assertThat(exchange.status()).as(exchange.body()).isEqualTo(200);
        ApiClient.Response reuse = tokens(Map.of("grant_type", "authorization_code", "code", params.get("code"), "redirect_uri", REDIRECT));
        assertThat(reuse.status()).isEqualTo(400);
        assertThat(reuse.json().path("error").asText()).isEqualTo("invalid_grant");
        return exchange.json();
    }

    @Test
    void code_flow_gives_tokens_that_open_the_api() {
        JsonNode t = connectThroughConsent(REALM);
        assertThat(t.path("token_type").asText()).isEqualTo("bearer");
        assertThat(t.path("expires_in").asLong()).isEqualTo(3600);
        assertThat(t.path("x_refresh_token_expires_in").asLong()).isEqualTo(8_640_000);
        ApiClient api = new ApiClient(sandbox.baseUrl(), REALM, t.path("access_token").asText());
        assertThat(api.get("/companyinfo/" + REALM).status()).isEqualTo(200);
    }

    @Test
    void cancel_on_the_consent_page_redirects_with_access_denied() {
        ApiClient.Response consent = form("/connect/oauth2/consent", Map.of("client_id", "client-1", "redirect_uri", REDIRECT,
                "state", "s", "realmId", REALM, "decision", "deny"), null, null);
        assertThat(queryOf(consent.header("Location"))).containsEntry("error", "access_denied");
        ApiClient.Response unknownRedirect = ApiClient.raw(HttpRequest.newBuilder(URI.create(sandbox.baseUrl()
                + "/connect/oauth2?client_id=client-1&response_type=code&scope=com.intuit.quickbooks.accounting&redirect_uri=http://evil/cb")).GET().build());
        assertThat(unknownRedirect.status()).isEqualTo(400);
    }

    @Test
    void refresh_rotates_and_the_old_refresh_token_is_dead() {
        JsonNode first = connectThroughConsent(REALM);
        String oldRefresh = first.path("refresh_token").asText();
        ApiClient.Response refreshed = tokens(Map.of("grant_type", "refresh_token", "refresh_token", oldRefresh));
        assertThat(refreshed.status()).isEqualTo(200);
        String newRefresh = refreshed.json().path("refresh_token").asText();
        assertThat(newRefresh).isNotEqualTo(oldRefresh);

        ApiClient.Response reused = tokens(Map.of("grant_type", "refresh_token", "refresh_token", oldRefresh));
        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.body()).isEqualTo("{\"error\":\"invalid_grant\"}");
        assertThat(tokens(Map.of("grant_type", "refresh_token", "refresh_token", newRefresh)).status()).isEqualTo(200);
    }

    @Test
    void wrong_client_secret_is_invalid_client() {
        ApiClient.Response r = form("/oauth2/v1/tokens/bearer", Map.of("grant_type", "refresh_token", "refresh_token", "x"), "client-1", "nope");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().path("error").asText()).isEqualTo("invalid_client");
    }

    @Test
    void an_expired_access_token_is_401_3200_and_a_refresh_fixes_it() {
        TokenPair pair = sandbox.issueTokens("client-1", REALM);
        ApiClient api = new ApiClient(sandbox.baseUrl(), REALM, pair.accessToken());
        CLOCK.advance(Duration.ofSeconds(3601));
        ApiClient.Response expired = api.get("/preferences");
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.json().path("Fault").path("type").asText()).isEqualTo("AUTHENTICATION");
        assertThat(expired.error().path("code").asText()).isEqualTo("3200");
        assertThat(expired.error().path("Message").asText()).isEqualTo("message=AuthenticationFailed; errorCode=003200; statusCode=401");
        assertThat(expired.error().path("Detail").asText()).startsWith("Token expired");

        ApiClient.Response refreshed = tokens(Map.of("grant_type", "refresh_token", "refresh_token", pair.refreshToken()));
        api.accessToken(refreshed.json().path("access_token").asText());
        assertThat(api.get("/preferences").status()).isEqualTo(200);
    }

    @Test
    void the_expire_switch_and_a_token_of_another_realm() {
        TokenPair pair = sandbox.issueTokens("client-1", REALM);
        ApiClient wrongRealm = new ApiClient(sandbox.baseUrl(), OTHER_REALM, pair.accessToken());
        ApiClient.Response r = wrongRealm.get("/preferences");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.error().path("code").asText()).isEqualTo("100");
        sandbox.expireAccessTokens(REALM);
        assertThat(new ApiClient(sandbox.baseUrl(), REALM, pair.accessToken()).get("/preferences").error().path("code").asText())
                .isEqualTo("3200");
        assertThat(new ApiClient(sandbox.baseUrl(), REALM, null).get("/preferences").status()).isEqualTo(401);
    }

    @Test
    void refresh_tokens_live_100_days_rolling_and_can_be_revoked() {
        TokenPair pair = sandbox.issueTokens("client-1", REALM);
        CLOCK.advance(Duration.ofDays(99));
        ApiClient.Response day99 = tokens(Map.of("grant_type", "refresh_token", "refresh_token", pair.refreshToken()));
        assertThat(day99.status()).isEqualTo(200);
        CLOCK.advance(Duration.ofDays(99));
        String rolled = day99.json().path("refresh_token").asText();
        ApiClient.Response day198 = tokens(Map.of("grant_type", "refresh_token", "refresh_token", rolled));
        assertThat(day198.status()).isEqualTo(200);
        CLOCK.advance(Duration.ofDays(101));
        assertThat(tokens(Map.of("grant_type", "refresh_token", "refresh_token", day198.json().path("refresh_token").asText()))
                .json().path("error").asText()).isEqualTo("invalid_grant");

        TokenPair fresh = sandbox.issueTokens("client-1", REALM);
        sandbox.revokeRefreshTokens(REALM);
        assertThat(tokens(Map.of("grant_type", "refresh_token", "refresh_token", fresh.refreshToken())).status()).isEqualTo(400);

        TokenPair another = sandbox.issueTokens("client-1", REALM);
        ApiClient.Response revoke = ApiClient.raw(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/oauth2/v1/tokens/revoke"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("client-1:secret-1".getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + another.refreshToken() + "\"}")).build());
        assertThat(revoke.status()).isEqualTo(200);
        assertThat(new ApiClient(sandbox.baseUrl(), REALM, another.accessToken()).get("/preferences").status()).isEqualTo(401);
        assertThat(tokens(Map.of("grant_type", "refresh_token", "refresh_token", another.refreshToken())).status()).isEqualTo(400);
    }
}
