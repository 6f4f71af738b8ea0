package io.ledgerbridge.connector;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * OAuth 2.0 authorization-code flow of a system, for connecting and reconnecting: the person is sent to
 * {@link #authorizeUrl}, the vendor sends the browser back to {@code redirectUri} with a code, and {@link #complete}
 * exchanges it for tokens.
 *
 * <p>Implementations are stateless and thread-safe; the caller keeps the {@code state} and checks it on the way back.
 * Neither method logs or puts a token or a code in an exception message.
 */
public interface Authorization {

    /** The vendor's consent page for this connection; {@code state} comes back unchanged and must be checked. */
    URI authorizeUrl(Map<String, String> settings, String redirectUri, String state);

    /**
     * Exchanges the callback's code for tokens.
     *
     * @param callback every query parameter of the callback (code, and e.g. QuickBooks' realmId)
     * @return the tokens, and the settings the callback fixes: the account the person chose (QuickBooks: the company's
     *         {@code realmId}; HubSpot: the portal's {@code portalId}). A reconnect must not change them.
     * @throws TokenAccess.ReconnectNeeded when the vendor refuses (the person denied, the code expired or was used, the
     *                                     app's credentials are wrong); the message says which, in plain words
     * @throws TokenAccess.Unavailable     when the vendor could not be asked now (down, unreachable, an unexpected answer)
     */
    Authorized complete(Map<String, String> settings, Map<String, String> callback, String redirectUri);

    /**
     * The settings a new connection of this system starts with so that it talks to {@code endpoints} (the real vendor,
     * or a sandbox). {@link #authorizeUrl} and {@link #complete} are called with them, and the connection is created
     * with them plus {@link Authorized#settings()}.
     */
    Map<String, String> settingsFor(Endpoints endpoints);

    record Authorized(RefreshedTokens tokens, Map<String, String> settings) {
        public Authorized {
            settings = Map.copyOf(settings);
        }
    }

    /**
     * Where a vendor is reached: its consent page, its OAuth token endpoint and its API.
     *
     * @param authorizeUrl the page a person is sent to, e.g. {@code https://app.hubspot.com/oauth/authorize}
     * @param tokenUrl     the token endpoint, e.g. {@code https://api.hubapi.com/oauth/v1/token}
     * @param apiUrl       the API's base URL, e.g. {@code https://api.hubapi.com}
     */
    record Endpoints(URI authorizeUrl, URI tokenUrl, URI apiUrl) {
        public Endpoints {
            Objects.requireNonNull(authorizeUrl, "authorizeUrl");
            Objects.requireNonNull(tokenUrl, "tokenUrl");
            Objects.requireNonNull(apiUrl, "apiUrl");
            for (var u : new URI[] {authorizeUrl, tokenUrl, apiUrl}) {
                if (!u.isAbsolute() || !(u.getScheme().equals("https") || u.getScheme().equals("http"))) {
                    throw new IllegalArgumentException("an endpoint must be an absolute http(s) URL, not '" + u + "'");
                }
            }
        }

        public static Endpoints of(String authorizeUrl, String tokenUrl, String apiUrl) {
            return new Endpoints(URI.create(authorizeUrl), URI.create(tokenUrl), URI.create(apiUrl));
        }
    }
}
