package io.ledgerbridge.sandbox.quickbooks.oauth;

import io.ledgerbridge.sandbox.kit.oauth.AccessToken;
import io.ledgerbridge.sandbox.kit.oauth.AuthorizationCode;
import io.ledgerbridge.sandbox.kit.oauth.ClientCredentials;
import io.ledgerbridge.sandbox.kit.oauth.IssuedTokens;
import io.ledgerbridge.sandbox.kit.oauth.OAuthTokens;
import io.ledgerbridge.sandbox.kit.oauth.TokenFormat;
import io.ledgerbridge.sandbox.quickbooks.fault.Faults;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Registered apps, which app is connected to which realm, and QuickBooks' rules over the kit's token state
 * (API_FACTS A.8): HTTP Basic client authentication, codes bound to the app and redirect_uri, refresh rotation (the
 * refresh token used is dead afterwards and the new one lives a fresh 100 days), and the 401 faults of a bad bearer
 * token. All times come from the injected clock. Token values never appear in fault messages.
 */
public final class TokenStore {
    /** The grant every token speaks for: one app connected to one realm. */
    public record Connection(String clientId, String realmId) {}

    /** Shapes like Intuit's: a JWT-looking access token, {@code AB11…} refresh tokens and codes. */
    private static final TokenFormat FORMAT = new TokenFormat("eyJsYW5kYm94In0.", 96, "AB11", 40, "AB11", 24);

    private final Clock clock;
    private final OAuthTokens<Connection> tokens;
    private final Map<String, OAuthApp> apps = new ConcurrentHashMap<>();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();

    public TokenStore(Clock clock, TokenLifetimes lifetimes) {
        this.clock = clock;
        this.tokens = new OAuthTokens<>(clock, lifetimes.policy(), FORMAT);
    }

    public void register(OAuthApp app) {
        apps.put(app.clientId(), app);
    }

    public Optional<OAuthApp> app(String clientId) {
        return clientId == null ? Optional.empty() : Optional.ofNullable(apps.get(clientId));
    }

    public Collection<OAuthApp> apps() {
        return List.copyOf(apps.values());
    }

    /** HTTP Basic client authentication of the token and revoke endpoints; 401 invalid_client otherwise. */
    public OAuthApp authenticateClient(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw new OAuthError(401, "invalid_client", "HTTP Basic client authentication is required");
        }
        ClientCredentials credentials = ClientCredentials.fromBasic(authorization)
                .orElseThrow(() -> new OAuthError(401, "invalid_client", "malformed Basic credentials"));
        OAuthApp app = apps.get(credentials.clientId());
        if (app == null || !credentials.secretMatches(app.clientSecret())) {
            throw new OAuthError(401, "invalid_client", "unknown client or wrong secret");
        }
        return app;
    }

    public String issueCode(String clientId, String realmId, String redirectUri) {
        return tokens.issueCode(new Connection(clientId, realmId), redirectUri);
    }

    /** grant_type=authorization_code: the code is single use, bound to the app and redirect_uri. */
    public TokenPair exchangeCode(OAuthApp app, String code, String redirectUri) {
        AuthorizationCode<Connection> c = tokens.redeemCode(code)
                .filter(redeemed -> redeemed.grant().clientId().equals(app.clientId()))
                .orElseThrow(() -> new OAuthError(400, "invalid_grant", "authorization code is invalid, expired or used"));
        if (redirectUri == null || !redirectUri.equals(c.redirectUri())) {
            throw new OAuthError(400, "invalid_grant", "redirect_uri does not match the authorization request");
        }
        return issue(app.clientId(), c.grant().realmId());
    }

    /** grant_type=refresh_token: API_FACTS A.8, rotation and rolling lifetime; anything else is invalid_grant. */
    public TokenPair refresh(OAuthApp app, String refreshToken) {
        return tokens.refresh(refreshToken, grant -> grant.clientId().equals(app.clientId()))
                .map(TokenStore::pair)
                .orElseThrow(() -> new OAuthError(400, "invalid_grant", "refresh token is invalid, expired, used or revoked"));
    }

    /** Connects an app to a realm and mints a token pair, as a completed consent and code exchange would. */
    public TokenPair issue(String clientId, String realmId) {
        if (!apps.containsKey(clientId)) {
            throw new IllegalArgumentException("no app registered with client id " + clientId);
        }
        Connection connection = new Connection(clientId, realmId);
        connections.add(connection);
        return pair(tokens.issue(connection));
    }

    /** Revoking either token of a grant disconnects the app from the realm: all its tokens die. */
    public void revoke(OAuthApp app, String token) {
        Connection connection = tokens.grantOf(token).filter(c -> c.clientId().equals(app.clientId()))
                .orElseThrow(() -> new OAuthError(400, "invalid_request", "unknown token"));
        tokens.revokeGrant(connection::equals);
        connections.remove(connection);
    }

    /** Fault switch: every access token of the realm expires now. */
    public void expireAccessTokens(String realmId) {
        tokens.expireAccessTokens(c -> c.realmId().equals(realmId));
    }

    /** Fault switch: every refresh token of the realm is revoked (the next refresh is invalid_grant). */
    public void revokeRefreshTokens(String realmId) {
        tokens.revokeRefreshTokens(c -> c.realmId().equals(realmId));
    }

    /**
     * Checks {@code Authorization: Bearer …} for a request on {@code realmId}: missing, unknown or expired is 401
     * code 3200 (API_FACTS A.5); a token of another realm is 401 code 100.
     */
    public void authenticate(String authorization, String realmId) {
        String token = OAuthTokens.bearer(authorization);
        if (token == null) {
            throw Faults.authenticationFailed("Authorization header with a Bearer token is missing");
        }
        AccessToken<Connection> a = tokens.accessToken(token).orElse(null);
        if (a == null) {
            throw Faults.authenticationFailed(token.length() < 20 || token.length() > 4096
                    ? "Malformed bearer token: too short or too long" : "Token invalid");
        }
        if (a.expiredAt(clock.instant())) {
            throw Faults.authenticationFailed("Token expired: the access token expired at " + a.expiresAt());
        }
        if (!a.grant().realmId().equals(realmId)) {
            throw Faults.generalAuthentication();
        }
    }

    public Set<String> connectedApps(String realmId) {
        Set<String> result = new LinkedHashSet<>();
        for (Connection c : connections) {
            if (c.realmId().equals(realmId)) {
                result.add(c.clientId());
            }
        }
        return result;
    }

    private static TokenPair pair(IssuedTokens<Connection> issued) {
        return new TokenPair(issued.accessToken(), issued.refreshToken(), issued.grant().realmId(),
                issued.expiresInSeconds(), issued.refreshExpiresInSeconds());
    }
}
