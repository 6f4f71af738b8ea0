package io.ledgerbridge.connector.xero.oauth;

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
 * Xero's OAuth 2.0 token endpoint (API_FACTS B.8): {@code POST grant_type=refresh_token} (or
 * {@code authorization_code}) with HTTP Basic client authentication. Access tokens live 30 minutes; every refresh
 * returns a new refresh token that replaces the old one, so the caller stores it before using the access token.
 *
 * <p>A refresh whose answer was lost (a timeout) is {@link Unavailable}, not a dead token: the engine keeps the refresh
 * token it had, and Xero accepts that previous token again for 30 minutes (the grace period of B.8), so the next
 * refresh with it succeeds. Only {@code invalid_grant} / {@code invalid_client} mean a person must reconnect.
 */
public final class XeroTokenEndpoint {

    /** The token endpoint could not be asked (down, unreachable, an unexpected answer); the refresh token may live. */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** API_FACTS B.8: access tokens live 30 minutes. */
    private static final long DEFAULT_EXPIRES_IN = 1800;

    private final HttpClient http;
    private final Clock clock;

    public XeroTokenEndpoint(HttpClient http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    /**
     * @throws TokenAccess.ReconnectNeeded when Xero says {@code invalid_grant} (revoked, expired after 60 unused days,
     *                                     or rotated away more than 30 minutes ago) or {@code invalid_client}
     * @throws Unavailable                 when the endpoint cannot answer now
     */
    public RefreshedTokens refresh(URI tokenUrl, String clientId, String clientSecret, String refreshToken,
            Duration timeout) {
        requireClient(clientId, clientSecret);
        if (refreshToken == null || refreshToken.isBlank()) {
            throw new TokenAccess.ReconnectNeeded("this Xero connection has no refresh token");
        }
        return grant(tokenUrl, clientId, clientSecret,
                "grant_type=refresh_token&refresh_token=" + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8),
                timeout);
    }

    /**
     * Exchanges an authorization code from the consent page's redirect for tokens.
     *
     * @throws TokenAccess.ReconnectNeeded when Xero refuses the code ({@code invalid_grant}: expired or used)
     */
    public RefreshedTokens exchangeCode(URI tokenUrl, String clientId, String clientSecret, String code,
            String redirectUri, Duration timeout) {
        requireClient(clientId, clientSecret);
        return grant(tokenUrl, clientId, clientSecret, "grant_type=authorization_code&code="
                + URLEncoder.encode(code, StandardCharsets.UTF_8) + "&redirect_uri="
                + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8), timeout);
    }

    private static void requireClient(String clientId, String clientSecret) {
        if (clientId == null || clientSecret == null) {
            throw new TokenAccess.ReconnectNeeded("no Xero OAuth app (clientId, clientSecret) is configured "
                    + "(LEDGERBRIDGE_XERO_CLIENT_ID and _SECRET)");
        }
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
            throw new Unavailable("the Xero token endpoint did not answer (" + e.getClass().getSimpleName()
                    + "); the previous refresh token stays valid for 30 minutes, so the refresh is tried again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while refreshing Xero tokens");
        }
        JsonNode body = json(response.body());
        String error = body.path("error").asText("");
        if (error.equals("invalid_grant")) {
            throw new TokenAccess.ReconnectNeeded("Xero refused the refresh token (invalid_grant"
                    + description(body) + "): it was revoked (the app was disconnected in Xero), not used for 60 days, "
                    + "or replaced by a newer one more than 30 minutes ago");
        }
        if (error.equals("invalid_client") || error.equals("unauthorized_client")) {
            throw new TokenAccess.ReconnectNeeded("Xero refused the app's client credentials (" + error + ")");
        }
        if (response.statusCode() != 200 || !body.hasNonNull("access_token")) {
            throw new Unavailable("the Xero token endpoint answered HTTP " + response.statusCode()
                    + (error.isEmpty() ? "" : " " + error));
        }
        long expiresIn = body.path("expires_in").asLong(DEFAULT_EXPIRES_IN);
        String rotated = body.hasNonNull("refresh_token") ? body.get("refresh_token").asText() : null;
        return new RefreshedTokens(body.get("access_token").asText(), rotated, clock.instant().plusSeconds(expiresIn));
    }

    private static String description(JsonNode body) {
        String d = body.path("error_description").asText("");
        return d.isBlank() ? "" : ": " + d;
    }

    private static JsonNode json(String body) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
