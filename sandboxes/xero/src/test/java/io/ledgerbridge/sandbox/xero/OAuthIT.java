package io.ledgerbridge.sandbox.xero;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The code and refresh exchange with plain HTTP, as a connector does it. */
class OAuthIT extends SandboxFixture {
    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private XeroClient.Answer post(String url, Map<String, String> fields, boolean basic) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded");
        Map<String, String> f = new LinkedHashMap<>(fields);
        if (basic) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8)));
        } else {
            f.put("client_id", CLIENT_ID);
            f.put("client_secret", CLIENT_SECRET);
        }
        return client.raw(b.POST(HttpRequest.BodyPublishers.ofString(form(f))).build());
    }

    private static Map<String, String> query(String location) {
        return java.util.Arrays.stream(URI.create(location).getRawQuery().split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
    }

    /** Consent for the given organisations; returns the code. */
    private String consent(String... tenantIds) {
        String scope = "openid profile email accounting.transactions accounting.contacts offline_access";
        String page = client.raw(HttpRequest.newBuilder(URI.create(sandbox.authorizeUrl() + "?response_type=code&client_id=" + CLIENT_ID
                + "&redirect_uri=" + URLEncoder.encode(REDIRECT_URI, StandardCharsets.UTF_8) + "&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8)
                + "&state=xyz")).build()).body();
        assertThat(page).contains("type=\"checkbox\"").contains("Demo Company (UK)").contains("Allow access");
        StringBuilder f = new StringBuilder(form(Map.of("client_id", CLIENT_ID, "redirect_uri", REDIRECT_URI, "scope", scope, "state", "xyz", "decision", "allow")));
        for (String t : tenantIds) {
            f.append("&tenantId=").append(t);
        }
        var r = client.raw(HttpRequest.newBuilder(URI.create(sandbox.authorizeUrl())).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(f.toString())).build());
        assertThat(r.status()).isEqualTo(302);
        String location = r.header("Location");
        assertThat(location).startsWith(REDIRECT_URI + "?");
        Map<String, String> q = query(location);
        assertThat(q.get("state")).isEqualTo("xyz");
        return q.get("code");
    }

    @Test
    void code_exchange_gives_xero_token_answer_and_the_token_reaches_every_chosen_organisation() {
        String second = sandbox.createOrganisation("Second Ltd", "NZ", "NZD");
        String code = consent(tenantId, second);
        var t = post(sandbox.tokenUrl(), Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT_URI), true);
        assertThat(t.status()).as(t.body()).isEqualTo(200);
        JsonNode token = t.json();
        assertThat(token.get("expires_in").asInt()).isEqualTo(1800);
        assertThat(token.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(token.get("access_token").asText()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
        assertThat(token.get("refresh_token").asText()).isNotBlank();
        assertThat(token.get("id_token").asText()).isNotBlank();
        assertThat(token.get("scope").asText()).contains("offline_access");
        var connections = client.raw(HttpRequest.newBuilder(URI.create(sandbox.connectionsUrl()))
                .header("Authorization", "Bearer " + token.get("access_token").asText()).build()).json();
        assertThat(connections).extracting(c -> c.get("tenantId").asText()).containsExactly(tenantId, second);
        assertThat(new XeroClient(sandbox, token.get("access_token").asText(), second).get("/Organisation").status()).isEqualTo(200);
        var reused = post(sandbox.tokenUrl(), Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT_URI), true);
        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.json().get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void refresh_rotates_and_the_previous_token_answers_the_same_pair_for_thirty_minutes() {
        String code = consent(tenantId);
        JsonNode first = post(sandbox.tokenUrl(), Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT_URI), false).json();
        String r1 = first.get("refresh_token").asText();
        JsonNode second = post(sandbox.tokenUrl(), Map.of("grant_type", "refresh_token", "refresh_token", r1), false).json();
        assertThat(second.get("refresh_token").asText()).isNotEqualTo(r1);
        sandbox.advanceClock(Duration.ofMinutes(29));
        JsonNode again = post(sandbox.tokenUrl(), Map.of("grant_type", "refresh_token", "refresh_token", r1), true).json();
        assertThat(again.get("refresh_token").asText()).isEqualTo(second.get("refresh_token").asText());
        assertThat(again.get("access_token").asText()).isEqualTo(second.get("access_token").asText());
        sandbox.advanceClock(Duration.ofMinutes(1));
        var late = post(sandbox.tokenUrl(), Map.of("grant_type", "refresh_token", "refresh_token", r1), true);
        assertThat(late.status()).isEqualTo(400);
        assertThat(late.body()).isEqualTo("{\"error\":\"invalid_grant\"}");
        var next = post(sandbox.tokenUrl(), Map.of("grant_type", "refresh_token", "refresh_token", second.get("refresh_token").asText()), true);
        assertThat(next.status()).isEqualTo(200);
    }

    @Test
    void revoked_or_sixty_days_unused_refresh_tokens_are_invalid_grant() {
        var fresh = post(sandbox.tokenUrl(), Map.of("grant_type", "refresh_token", "refresh_token", tokens.refreshToken()), true);
        assertThat(fresh.status()).isEqualTo(200);
        String r2 = fresh.json().get("refresh_token").asText();
        sandbox.advanceClock(Duration.ofDays(60));
        assertThat(post(sandbox.tokenUrl(), Map.of("grant_type", "refresh_token", "refresh_token", r2), true).json().get("error").asText())
                .isEqualTo("invalid_grant");
        TokenPair other = sandbox.issueTokens(CLIENT_ID, tenantId);
        sandbox.revokeRefreshTokens(tenantId);
        assertThat(post(sandbox.tokenUrl(), Map.of("grant_type", "refresh_token", "refresh_token", other.refreshToken()), true).status()).isEqualTo(400);
    }

    @Test
    void revocation_ends_the_refresh_token_and_its_connections() {
        var r = post(sandbox.revocationUrl(), Map.of("token", tokens.refreshToken()), true);
        assertThat(r.status()).isEqualTo(200);
        assertThat(post(sandbox.tokenUrl(), Map.of("grant_type", "refresh_token", "refresh_token", tokens.refreshToken()), true).status()).isEqualTo(400);
        assertThat(client.get("/Invoices").status()).isEqualTo(403);
    }

    @Test
    void a_wrong_secret_is_invalid_client_and_an_unknown_redirect_is_refused() {
        var bad = client.raw(HttpRequest.newBuilder(URI.create(sandbox.tokenUrl())).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token=x&client_id=" + CLIENT_ID + "&client_secret=nope")).build());
        assertThat(bad.json().get("error").asText()).isEqualTo("invalid_client");
        var page = client.raw(HttpRequest.newBuilder(URI.create(sandbox.authorizeUrl() + "?response_type=code&client_id=" + CLIENT_ID
                + "&redirect_uri=http://evil.example/cb&scope=openid&state=s")).build());
        assertThat(page.status()).isEqualTo(400);
    }

    @Test
    void denying_consent_redirects_with_access_denied() {
        var r = client.raw(HttpRequest.newBuilder(URI.create(sandbox.authorizeUrl())).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("client_id", CLIENT_ID, "redirect_uri", REDIRECT_URI, "state", "s", "decision", "deny")))).build());
        assertThat(r.status()).isEqualTo(302);
        assertThat(r.header("Location")).contains("error=access_denied").contains("state=s");
    }
}
