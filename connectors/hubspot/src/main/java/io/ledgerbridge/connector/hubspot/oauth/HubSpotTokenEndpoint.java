package io.ledgerbridge.connector.hubspot.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerbridge.connector.RefreshedTokens;
import io.ledgerbridge.connector.TokenAccess;
import io.ledgerbridge.connector.hubspot.HubSpotSettings;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/**
 * HubSpot's OAuth 2.0 endpoints (API_FACTS C.6): the form-encoded token endpoint ({@code POST /oauth/v1/token}, client
 * id and secret in the form) for {@code authorization_code} and {@code refresh_token} grants, and the access token's
 * metadata ({@code GET /oauth/v1/access-tokens/{token}}: {@code hub_id}, {@code app_id}), which is how the portal a
 * person chose on the consent page is learnt.
 *
 * <p>Refusals (HTTP 400 with {@code status} {@code BAD_AUTH_CODE}, {@code BAD_REFRESH_TOKEN}, {@code BAD_CLIENT_ID},
 * ...) are {@link TokenAccess.ReconnectNeeded} with a sentence saying what to do; anything else that fails is
 * {@link TokenAccess.Unavailable}. Tokens and codes never appear in a message.
 */
public final class HubSpotTokenEndpoint {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The access token's metadata: the portal ({@code hub_id}) and the app ({@code app_id}) it belongs to. */
    public record TokenInfo(String hubId, String appId) {}

    private final HttpClient http;
    private final Clock clock;

    public HubSpotTokenEndpoint(HttpClient http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    /** {@code grant_type=refresh_token}. HubSpot keeps the refresh token; a new one in the answer replaces it. */
    public RefreshedTokens refresh(HubSpotSettings settings, String refreshToken) {
        requireClient(settings);
        var answer = post(settings, Map.of("grant_type", "refresh_token", "client_id", settings.clientId(),
                "client_secret", settings.clientSecret(), "refresh_token", refreshToken));
        return tokens(answer, "refresh the tokens", "");
    }

    /** {@code grant_type=authorization_code}: the code from the consent page's redirect, single-use, ten minutes. */
    public RefreshedTokens exchangeCode(HubSpotSettings settings, String code, String redirectUri) {
        requireClient(settings);
        var answer = post(settings, Map.of("grant_type", "authorization_code", "client_id", settings.clientId(),
                "client_secret", settings.clientSecret(), "redirect_uri", redirectUri, "code", code));
        return tokens(answer, "accept the authorisation", switch (answer.body().path("status").asText("")) {
            case "BAD_AUTH_CODE" -> " The answer from HubSpot expired or was already used; connect again.";
            case "BAD_REDIRECT_URI" -> " The HubSpot app's redirect URL is not this dashboard's /oauth/callback.";
            case "BAD_CLIENT_ID", "BAD_CLIENT_SECRET" -> " The HubSpot app configured here (LEDGERBRIDGE_HUBSPOT_CLIENT_ID "
                    + "and _SECRET) is not the one HubSpot knows.";
            default -> "";
        });
    }

    /** The portal and app of an access token, from {@code GET {baseUrl}/oauth/v1/access-tokens/{token}}. */
    public TokenInfo accessTokenInfo(HubSpotSettings settings, String accessToken) {
        var request = HttpRequest.newBuilder(URI.create(settings.baseUrl() + "/oauth/v1/access-tokens/"
                        + URLEncoder.encode(accessToken, StandardCharsets.UTF_8)))
                .timeout(settings.timeout())
                .header("Accept", "application/json")
                .GET()
                .build();
        var answer = send(request);
        JsonNode body = answer.body();
        if (answer.status() != 200 || !body.hasNonNull("hub_id")) {
            throw new TokenAccess.Unavailable("HubSpot did not say which account the new token belongs to (HTTP "
                    + answer.status() + (body.hasNonNull("message") ? ": " + body.get("message").asText() : "") + ")", null);
        }
        return new TokenInfo(body.get("hub_id").asText(), body.hasNonNull("app_id") ? body.get("app_id").asText() : null);
    }

    private static void requireClient(HubSpotSettings settings) {
        if (settings.clientId() == null || settings.clientSecret() == null) {
            throw new TokenAccess.ReconnectNeeded("no HubSpot OAuth app is configured (LEDGERBRIDGE_HUBSPOT_CLIENT_ID and _SECRET)");
        }
    }

    private record Answer(int status, JsonNode body) {}

    private Answer post(HubSpotSettings settings, Map<String, String> form) {
        var body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return send(HttpRequest.newBuilder(settings.tokenUrl())
                .timeout(settings.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build());
    }

    private Answer send(HttpRequest request) {
        try {
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), json(response.body()));
        } catch (IOException e) {
            throw new TokenAccess.Unavailable("HubSpot's OAuth endpoint did not answer: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenAccess.Unavailable("interrupted while asking HubSpot's OAuth endpoint", e);
        }
    }

    /**
     * @param what  what HubSpot was asked to do, for the refusal's sentence
     * @param hint  what the person can do about a refusal (may be empty)
     */
    private RefreshedTokens tokens(Answer answer, String what, String hint) {
        var body = answer.body();
        String status = body.path("status").asText("");
        if (answer.status() == 400 || status.startsWith("BAD_") || body.path("error").asText("").equals("invalid_grant")) {
            throw new TokenAccess.ReconnectNeeded("HubSpot refused to " + what + " ("
                    + (status.isEmpty() ? body.path("error").asText("HTTP " + answer.status()) : status) + "): "
                    + body.path("message").asText(body.path("error_description").asText("")) + "." + hint);
        }
        if (answer.status() != 200 || !body.hasNonNull("access_token")) {
            throw new TokenAccess.Unavailable("HubSpot's token endpoint answered HTTP " + answer.status(), null);
        }
        long expiresIn = body.path("expires_in").asLong(1800);
        String refresh = body.hasNonNull("refresh_token") ? body.get("refresh_token").asText() : null;
        return new RefreshedTokens(body.get("access_token").asText(), refresh, clock.instant().plusSeconds(expiresIn));
    }

    private static JsonNode json(String body) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
