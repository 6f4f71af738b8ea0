package io.ledgerbridge.connector;

import java.net.URI;
import java.util.Map;

/**
 * OAuth 2.0 authorization-code flow of a system, for connecting and reconnecting: the person is sent to
 * {@link #authorizeUrl}, the vendor sends the browser back to {@code redirectUri} with a code, and {@link #complete}
 * exchanges it for tokens.
 */
public interface Authorization {

    /** The vendor's consent page for this connection; {@code state} comes back unchanged and must be checked. */
    URI authorizeUrl(Map<String, String> settings, String redirectUri, String state);

    /**
     * Exchanges the callback's code for tokens.
     *
     * @param callback every query parameter of the callback (code, and e.g. QuickBooks' realmId)
     * @return the tokens, and the settings the callback fixes (QuickBooks: the chosen company's {@code realmId})
     * @throws TokenAccess.ReconnectNeeded when the vendor refuses (the person denied, the code expired)
     */
    Authorized complete(Map<String, String> settings, Map<String, String> callback, String redirectUri);

    record Authorized(RefreshedTokens tokens, Map<String, String> settings) {
        public Authorized {
            settings = Map.copyOf(settings);
        }
    }
}
