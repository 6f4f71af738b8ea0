package io.ledgerbridge.connector.quickbooks.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerbridge.connector.RefreshedTokens;
import io.ledgerbridge.connector.TokenAccess;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * Intuit's OAuth 2.0 token endpoint (API_FACTS A.8): {@code POST grant_type=refresh_token} with HTTP Basic client
 * authentication. The answer carries a new access token (3600 s) and possibly a new refresh token, which replaces the
 * old one: the caller must store it before using the access token.
 */
public final class QuickBooksTokenEndpoint {

    /** The token endpoint could not be asked (down, unreachable, an unexpected answer); the refresh token may live. */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Clock clock;

    public QuickBooksTokenEndpoint(HttpClient http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    /**
     * @throws TokenAccess.ReconnectNeeded when QuickBooks says {@code invalid_grant} (revoked, expired or already
     *                                     rotated refresh token) or {@code invalid_client}
     * @throws Unavailable                 when the endpoint cannot answer now
     */
    public RefreshedTokens refresh(URI tokenUrl, String clientId, String clientSecret, String refreshToken,
            Duration timeout) {
        if (clientId == null || clientSecret == null) {
            throw new TokenAccess.ReconnectNeeded("no QuickBooks OAuth client (clientId, clientSecret) is configured");
        }
        return grant(tokenUrl, clientId, clientSecret,
                "grant_type=refresh_token&refresh_token=" + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8), timeout);
    }

    /**
     * Exchanges an authorization code from the consent page's redirect for tokens (API_FACTS A.8).
     *
     * @throws TokenAccess.ReconnectNeeded when QuickBooks refuses the code ({@code invalid_grant}: expired or used)
     */
    public RefreshedTokens exchangeCode(URI tokenUrl, String clientId, String clientSecret, String code,
            String redirectUri, Duration timeout) {
        if (clientId == null || clientSecret == null) {
            throw new TokenAccess.ReconnectNeeded("no QuickBooks OAuth client (clientId, clientSecret) is configured");
        }
        return grant(tokenUrl, clientId, clientSecret, "grant_type=authorization_code&code="
                + URLEncoder.encode(code, StandardCharsets.UTF_8) + "&redirect_uri="
                + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8), timeout);
    }

    private RefreshedTokens grant(URI tokenUrl, String clientId, String clientSecret, String form, Duration timeout) {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        var request = HttpRequest.newBuilder(tokenUrl)
                .timeout(timeout)
                .header("Authorization", "Basic " + basic)
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Unavailable("the QuickBooks token endpoint did not answer: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while refreshing QuickBooks tokens");
        }
        JsonNode body = json(response.body());
        String error = body.path("error").asText("");
        if (error.equals("invalid_grant")) {
            throw new TokenAccess.ReconnectNeeded("QuickBooks refused the grant (invalid_grant): the refresh token or "
                    + "code was revoked, expired or already used");
        }
        if (error.equals("invalid_client")) {
            throw new TokenAccess.ReconnectNeeded("QuickBooks refused the app's client credentials (invalid_client)");
        }
        if (response.statusCode() != 200 || !body.hasNonNull("access_token")) {
            throw new Unavailable("the QuickBooks token endpoint answered HTTP " + response.statusCode()
                    + (error.isEmpty() ? "" : " " + error));
        }
        long expiresIn = body.path("expires_in").asLong(3600);
        String rotated = body.hasNonNull("refresh_token") ? body.get("refresh_token").asText() : null;
        return new RefreshedTokens(body.get("access_token").asText(), rotated, clock.instant().plusSeconds(expiresIn));
    }

    private static JsonNode json(String body) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
