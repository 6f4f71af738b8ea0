package io.ledgerbridge.sandbox.hubspot.oauth;

import java.util.Set;

/**
 * A public (OAuth) app registered with the sandbox. Its client secret also signs its webhooks (API_FACTS C.5).
 *
 * @param redirectUri the only redirect URI accepted, or null to accept any (sandbox convenience)
 * @param scopes      scopes granted when the authorize URL names none
 */
public record OAuthApp(long appId, String name, String clientId, String clientSecret, String redirectUri, Set<String> scopes) {
    public OAuthApp {
        scopes = Set.copyOf(scopes);
    }
}
