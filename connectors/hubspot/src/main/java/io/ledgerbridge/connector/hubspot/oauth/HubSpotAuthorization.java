package io.ledgerbridge.connector.hubspot.oauth;

import io.ledgerbridge.connector.Authorization;
import io.ledgerbridge.connector.TokenAccess;
import io.ledgerbridge.connector.hubspot.HubSpotSettings;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Connecting and reconnecting a HubSpot portal through HubSpot's consent page (API_FACTS C.6): the person is sent to
 * {@code https://app.hubspot.com/oauth/authorize?client_id&redirect_uri&scope&state}, chooses an account and presses
 * Connect; HubSpot sends the browser back with {@code code} and {@code state}. The code is exchanged at
 * {@code POST /oauth/v1/token}; the callback does not name the portal, so the new access token's metadata
 * ({@code hub_id}, {@code app_id}) does. The connection keeps them as {@code portalId} (webhook events of other
 * portals are ignored) and {@code appId} (Ledgerbridge's own writes are not read back).
 */
public final class HubSpotAuthorization implements Authorization {

    private final Function<Map<String, String>, HubSpotSettings> settings;
    private final HubSpotTokenEndpoint endpoint;

    /** @param settings reads a connection's settings, with the connector's OAuth app as default */
    public HubSpotAuthorization(Function<Map<String, String>, HubSpotSettings> settings, HubSpotTokenEndpoint endpoint) {
        this.settings = settings;
        this.endpoint = endpoint;
    }

    @Override
    public URI authorizeUrl(Map<String, String> connectionSettings, String redirectUri, String state) {
        var s = settings.apply(connectionSettings);
        if (s.clientId() == null || s.clientSecret() == null) {
            throw new TokenAccess.ReconnectNeeded("no HubSpot OAuth app is configured (LEDGERBRIDGE_HUBSPOT_CLIENT_ID and _SECRET)");
        }
        return URI.create(s.authorizeUrl() + (s.authorizeUrl().getQuery() == null ? "?" : "&")
                + "client_id=" + encode(s.clientId()) + "&redirect_uri=" + encode(redirectUri)
                + "&scope=" + encode(s.scopes()) + "&state=" + encode(state));
    }

    @Override
    public Authorized complete(Map<String, String> connectionSettings, Map<String, String> callback, String redirectUri) {
        if (callback.containsKey("error")) {
            String why = callback.getOrDefault("error_description", "");
            throw new TokenAccess.ReconnectNeeded("HubSpot did not authorise the connection (" + callback.get("error") + ")"
                    + (why.isBlank() ? "" : ": " + why));
        }
        String code = callback.get("code");
        if (code == null || code.isBlank()) {
            throw new TokenAccess.ReconnectNeeded("HubSpot's answer has no code");
        }
        var s = settings.apply(connectionSettings);
        var tokens = endpoint.exchangeCode(s, code, redirectUri);
        var info = endpoint.accessTokenInfo(s, tokens.accessToken());
        var fixed = new LinkedHashMap<String, String>();
        fixed.put("portalId", info.hubId());
        if (info.appId() != null) {
            fixed.put("appId", info.appId());
        }
        return new Authorized(tokens, fixed);
    }

    @Override
    public Map<String, String> settingsFor(Endpoints endpoints) {
        return Map.of("authorizeUrl", endpoints.authorizeUrl().toString(), "tokenUrl", endpoints.tokenUrl().toString(),
                "baseUrl", endpoints.apiUrl().toString());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
