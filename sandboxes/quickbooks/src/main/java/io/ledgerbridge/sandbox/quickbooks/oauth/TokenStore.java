package io.ledgerbridge.sandbox.quickbooks.oauth;

import io.ledgerbridge.sandbox.quickbooks.fault.Faults;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Registered apps, authorization codes, access and refresh tokens, and which app is connected to which realm
 * (API_FACTS A.8). Refresh rotates: the refresh token used is dead afterwards and the new one lives a fresh 100 days.
 * All times come from the injected clock. Token values never appear in fault messages.
 */
public final class TokenStore {
    private enum RefreshState { ACTIVE, USED, REVOKED }

    private record Code(String clientId, String realmId, String redirectUri, Instant expiresAt) {}

    private record Access(String clientId, String realmId, Instant expiresAt) {}

    private record Refresh(String clientId, String realmId, Instant expiresAt, RefreshState state) {
        Refresh with(RefreshState s) {
            return new Refresh(clientId, realmId, expiresAt, s);
        }
    }

    public record Connection(String clientId, String realmId) {}

    private final Clock clock;
    private final TokenLifetimes lifetimes;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, OAuthApp> apps = new ConcurrentHashMap<>();
    private final Map<String, Code> codes = new HashMap<>();
    private final Map<String, Access> access = new ConcurrentHashMap<>();
    private final Map<String, Refresh> refresh = new HashMap<>();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();

    public TokenStore(Clock clock, TokenLifetimes lifetimes) {
        this.clock = clock;
        this.lifetimes = lifetimes;
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
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new OAuthError(401, "invalid_client", "malformed Basic credentials");
        }
        int colon = decoded.indexOf(':');
        OAuthApp app = colon < 0 ? null : apps.get(decoded.substring(0, colon));
        if (app == null || !MessageDigest.isEqual(app.clientSecret().getBytes(StandardCharsets.UTF_8),
                decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8))) {
            throw new OAuthError(401, "invalid_client", "unknown client or wrong secret");
        }
        return app;
    }

    public synchronized String issueCode(String clientId, String realmId, String redirectUri) {
        String code = "AB11" + token(24);
        codes.put(code, new Code(clientId, realmId, redirectUri, clock.instant().plus(lifetimes.authorizationCode())));
        return code;
    }

    /** grant_type=authorization_code: the code is single use, bound to the app and redirect_uri. */
    public synchronized TokenPair exchangeCode(OAuthApp app, String code, String redirectUri) {
        Code c = code == null ? null : codes.remove(code);
        if (c == null || !c.clientId().equals(app.clientId()) || !c.expiresAt().isAfter(clock.instant())) {
            throw new OAuthError(400, "invalid_grant", "authorization code is invalid, expired or used");
        }
        if (redirectUri == null || !redirectUri.equals(c.redirectUri())) {
            throw new OAuthError(400, "invalid_grant", "redirect_uri does not match the authorization request");
        }
        return issue(app.clientId(), c.realmId());
    }

    /** grant_type=refresh_token: API_FACTS A.8, rotation and rolling lifetime; anything else is invalid_grant. */
    public synchronized TokenPair refresh(OAuthApp app, String refreshToken) {
        Refresh r = refreshToken == null ? null : refresh.get(refreshToken);
        if (r == null || r.state() != RefreshState.ACTIVE || !r.clientId().equals(app.clientId())
                || !r.expiresAt().isAfter(clock.instant())) {
            throw new OAuthError(400, "invalid_grant", "refresh token is invalid, expired, used or revoked");
        }
        refresh.put(refreshToken, r.with(RefreshState.USED));
        return mint(r.clientId(), r.realmId());
    }

    /** Connects an app to a realm and mints a token pair, as a completed consent and code exchange would. */
    public synchronized TokenPair issue(String clientId, String realmId) {
        if (!apps.containsKey(clientId)) {
            throw new IllegalArgumentException("no app registered with client id " + clientId);
        }
        connections.add(new Connection(clientId, realmId));
        return mint(clientId, realmId);
    }

    private TokenPair mint(String clientId, String realmId) {
        Instant now = clock.instant();
        String accessToken = "eyJsYW5kYm94In0." + token(96);
        String refreshToken = "AB11" + token(40);
        access.put(accessToken, new Access(clientId, realmId, now.plus(lifetimes.accessToken())));
        refresh.put(refreshToken, new Refresh(clientId, realmId, now.plus(lifetimes.refreshToken()), RefreshState.ACTIVE));
        return new TokenPair(accessToken, refreshToken, realmId, lifetimes.accessToken().toSeconds(),
                lifetimes.refreshToken().toSeconds());
    }

    /** Revoking either token of a grant disconnects the app from the realm: all its tokens die. */
    public synchronized void revoke(OAuthApp app, String token) {
        String realmId = null;
        Access a = token == null ? null : access.get(token);
        Refresh r = token == null ? null : refresh.get(token);
        if (a != null && a.clientId().equals(app.clientId())) {
            realmId = a.realmId();
        } else if (r != null && r.clientId().equals(app.clientId())) {
            realmId = r.realmId();
        }
        if (realmId == null) {
            throw new OAuthError(400, "invalid_request", "unknown token");
        }
        String realm = realmId;
        access.entrySet().removeIf(e -> e.getValue().clientId().equals(app.clientId()) && e.getValue().realmId().equals(realm));
        refresh.replaceAll((k, v) -> v.clientId().equals(app.clientId()) && v.realmId().equals(realm) ? v.with(RefreshState.REVOKED) : v);
        connections.remove(new Connection(app.clientId(), realmId));
    }

    /** Fault switch: every access token of the realm expires now. */
    public synchronized void expireAccessTokens(String realmId) {
        Instant now = clock.instant();
        access.replaceAll((k, v) -> v.realmId().equals(realmId) ? new Access(v.clientId(), v.realmId(), now) : v);
    }

    /** Fault switch: every refresh token of the realm is revoked (the next refresh is invalid_grant). */
    public synchronized void revokeRefreshTokens(String realmId) {
        refresh.replaceAll((k, v) -> v.realmId().equals(realmId) && v.state() == RefreshState.ACTIVE ? v.with(RefreshState.REVOKED) : v);
    }

    /**
     * Checks {@code Authorization: Bearer …} for a request on {@code realmId}: missing, unknown or expired is 401
     * code 3200 (API_FACTS A.5); a token of another realm is 401 code 100.
     */
    public void authenticate(String authorization, String realmId) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw Faults.authenticationFailed("Authorization header with a Bearer token is missing");
        }
        String token = authorization.substring(7).trim();
        Access a = access.get(token);
        if (a == null) {
            throw Faults.authenticationFailed(token.length() < 20 || token.length() > 4096
                    ? "Malformed bearer token: too short or too long" : "Token invalid");
        }
        if (!a.expiresAt().isAfter(clock.instant())) {
            throw Faults.authenticationFailed("Token expired: the access token expired at " + a.expiresAt());
        }
        if (!a.realmId().equals(realmId)) {
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

    private String token(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        String s = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return s.substring(0, length);
    }
}
