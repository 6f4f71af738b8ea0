package io.ledgerbridge.sandbox.hubspot.oauth;

import io.ledgerbridge.sandbox.hubspot.ErrorCategory;
import io.ledgerbridge.sandbox.hubspot.HubSpotException;

import io.ledgerbridge.sandbox.kit.oauth.AccessToken;
import io.ledgerbridge.sandbox.kit.oauth.AuthorizationCode;
import io.ledgerbridge.sandbox.kit.oauth.IssuedTokens;
import io.ledgerbridge.sandbox.kit.oauth.OAuthTokens;
import io.ledgerbridge.sandbox.kit.oauth.TokenFormat;
import io.ledgerbridge.sandbox.kit.oauth.TokenPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Apps, authorization codes, access tokens, refresh tokens and private-app tokens of all portals (API_FACTS C.6):
 * access tokens live {@code accessTokenLifetime} (1800 s), refresh tokens until revoked and stay the same across
 * refreshes, codes are single-use. The token state is the kit's {@link OAuthTokens}; this class keeps HubSpot's rules:
 * apps and installs, private-app tokens, the token endpoint's form and refusal statuses, the 401 wording.
 */
public final class TokenStore {
    /** Thrown by the token endpoint; rendered as {@code {"status":"BAD_REFRESH_TOKEN","message":...}} with HTTP 400. */
    public static final class TokenRefused extends RuntimeException {
        private final String status;

        TokenRefused(String status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        public String status() { return status; }
    }

    public record TokenGrant(String accessToken, String refreshToken, long expiresInSeconds, long portalId, long appId, Set<String> scopes) {}

    /** What a person approved: an app in a portal, with scopes. */
    record Grant(long portalId, long appId, Set<String> scopes) {}
    record PrivateToken(long portalId, long appId, String name, Set<String> scopes) {}

    /** {@code sbx-…} access tokens; refresh tokens and codes are opaque. */
    private static final TokenFormat FORMAT = new TokenFormat("sbx-", 64, "", 36, "", 36);

    private final Clock clock;
    private final OAuthTokens<Grant> tokens;
    private final AtomicLong nextAppId = new AtomicLong(1_000_001);
    private final Map<String, OAuthApp> appsByClientId = new ConcurrentHashMap<>();
    private final Map<Long, OAuthApp> appsById = new ConcurrentHashMap<>();
    private final Map<Long, Set<Long>> installations = new ConcurrentHashMap<>();
    private final Map<String, PrivateToken> privateTokens = new ConcurrentHashMap<>();

    public TokenStore(Clock clock, Duration accessTokenLifetime, Duration codeLifetime) {
        this.clock = clock;
        this.tokens = new OAuthTokens<>(clock, new TokenPolicy(accessTokenLifetime, null, codeLifetime,
                TokenPolicy.Rotation.KEEP, Duration.ZERO), FORMAT);
    }

    public OAuthApp registerApp(String name, String clientId, String clientSecret, String redirectUri, Set<String> scopes) {
        OAuthApp app = new OAuthApp(nextAppId.getAndIncrement(), name, clientId, clientSecret, redirectUri, scopes);
        if (appsByClientId.putIfAbsent(clientId, app) != null) throw new IllegalArgumentException("client id already registered: " + clientId);
        appsById.put(app.appId(), app);
        return app;
    }

    public Optional<OAuthApp> appByClientId(String clientId) { return Optional.ofNullable(clientId).map(appsByClientId::get); }
    public Optional<OAuthApp> app(long appId) { return Optional.ofNullable(appsById.get(appId)); }
    public List<OAuthApp> apps() { return List.copyOf(appsById.values()); }

    public void install(long appId, long portalId) {
        installations.computeIfAbsent(appId, k -> ConcurrentHashMap.newKeySet()).add(portalId);
    }

    public boolean installed(long appId, long portalId) {
        return installations.getOrDefault(appId, Set.of()).contains(portalId);
    }

    /** A static private-app token for a portal ({@code pat-na1-...}); never expires. */
    public String createPrivateAppToken(long portalId, String name, Set<String> scopes) {
        String token = "pat-na1-" + UUID.randomUUID();
        privateTokens.put(token, new PrivateToken(portalId, nextAppId.getAndIncrement(), name, scopes == null ? null : Set.copyOf(scopes)));
        return token;
    }

    public String createCode(OAuthApp app, long portalId, String redirectUri, Set<String> scopes) {
        return tokens.issueCode(new Grant(portalId, app.appId(), Set.copyOf(scopes)), redirectUri);
    }

    /**
     * The token endpoint. Refusal statuses: BAD_GRANT_TYPE, BAD_CLIENT_ID, BAD_CLIENT_SECRET, BAD_AUTH_CODE,
     * BAD_REDIRECT_URI, BAD_REFRESH_TOKEN (the last confirmed 2ND: nango.dev blog, HGData/mk-node-hubspot#64).
     */
    public TokenGrant exchange(Map<String, String> form) {
        String grantType = form.get("grant_type");
        if (!"authorization_code".equals(grantType) && !"refresh_token".equals(grantType)) {
            throw new TokenRefused("BAD_GRANT_TYPE", "missing or unknown grant type");
        }
        OAuthApp app = appByClientId(form.get("client_id")).orElseThrow(() -> new TokenRefused("BAD_CLIENT_ID", "missing or unknown client id"));
        if (!app.clientSecret().equals(form.get("client_secret"))) {
            throw new TokenRefused("BAD_CLIENT_SECRET", "missing or invalid client secret");
        }
        if (grantType.equals("authorization_code")) {
            AuthorizationCode<Grant> code = tokens.redeemCode(form.get("code"))
                    .filter(c -> c.grant().appId() == app.appId())
                    .orElseThrow(() -> new TokenRefused("BAD_AUTH_CODE", "missing or unknown auth code"));
            if (code.redirectUri() != null && !code.redirectUri().equals(form.get("redirect_uri"))) {
                throw new TokenRefused("BAD_REDIRECT_URI", "redirect URI does not match initial auth code URL");
            }
            return issue(app.appId(), code.grant().portalId(), code.grant().scopes());
        }
        // The refresh token stays the same across refreshes (API_FACTS C.6: valid until revoked).
        return tokens.refresh(form.get("refresh_token"), g -> g.appId() == app.appId()).map(TokenStore::grant)
                .orElseThrow(() -> new TokenRefused("BAD_REFRESH_TOKEN", "missing or invalid refresh token"));
    }

    /** Issues tokens directly, as if a person had approved the app for the portal (seeding shortcut). */
    public TokenGrant issue(long appId, long portalId, Set<String> scopes) {
        install(appId, portalId);
        return grant(tokens.issue(new Grant(portalId, appId, Set.copyOf(scopes))));
    }

    private static TokenGrant grant(IssuedTokens<Grant> t) {
        Grant g = t.grant();
        return new TokenGrant(t.accessToken(), t.refreshToken(), t.expiresInSeconds(), g.portalId(), g.appId(), g.scopes());
    }

    /** Resolves a request's {@code Authorization} header, or throws HubSpot's 401 (API_FACTS C.3/C.6). */
    public Credential authenticate(String authorizationHeader) {
        String token = OAuthTokens.bearer(authorizationHeader);
        if (token != null) {
            PrivateToken p = privateTokens.get(token);
            if (p != null) return new Credential(p.portalId(), p.appId(), p.name(), p.scopes(), token);
            AccessToken<Grant> a = tokens.accessToken(token).orElse(null);
            if (a != null) {
                Instant now = clock.instant();
                if (a.expiredAt(now)) {
                    long ago = Duration.between(a.expiresAt(), now).toSeconds();
                    // Wording [2ND]: segment docs PR#6244 / Paragon: "The OAuth token used to make this call expired N second(s) ago."
                    String when = ago < 120 ? ago + " second(s)" : (ago / 60) + " minute(s)";
                    throw new HubSpotException(401, ErrorCategory.EXPIRED_AUTHENTICATION,
                            "The OAuth token used to make this call expired " + when + " ago.");
                }
                Grant g = a.grant();
                String appName = app(g.appId()).map(OAuthApp::name).orElse("app " + g.appId());
                return new Credential(g.portalId(), g.appId(), appName, g.scopes(), token);
            }
        }
        throw new HubSpotException(401, ErrorCategory.INVALID_AUTHENTICATION,
                "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview");
    }

    public boolean revokeRefreshToken(String refreshToken) {
        return tokens.revokeRefreshToken(refreshToken);
    }

    public Optional<Map<String, Object>> refreshTokenInfo(String refreshToken) {
        return tokens.refreshToken(refreshToken).map(rt -> rt.grant()).map(r -> Map.of(
                "token", refreshToken, "hub_id", r.portalId(), "app_id", r.appId(),
                "client_id", app(r.appId()).map(OAuthApp::clientId).orElse(""), "scopes", List.copyOf(r.scopes()),
                "user", "sandbox-user@example.com", "user_id", 1, "hub_domain", "portal-" + r.portalId() + ".sandbox", "token_type", "refresh"));
    }

    public Optional<Map<String, Object>> accessTokenInfo(String accessToken) {
        return tokens.accessToken(accessToken).map(a -> Map.of(
                "token", accessToken, "hub_id", a.grant().portalId(), "app_id", a.grant().appId(), "scopes", List.copyOf(a.grant().scopes()),
                "expires_in", Math.max(0, Duration.between(clock.instant(), a.expiresAt()).toSeconds()),
                "user", "sandbox-user@example.com", "user_id", 1, "hub_domain", "portal-" + a.grant().portalId() + ".sandbox", "token_type", "access"));
    }

    /** Fault: every access token of the portal expires now. */
    public void expireAccessTokens(long portalId) {
        tokens.expireAccessTokens(g -> g.portalId() == portalId);
    }

    /** Fault: every refresh token of the portal is revoked (later refreshes get 400 BAD_REFRESH_TOKEN). */
    public int revokeRefreshTokens(long portalId) {
        return tokens.revokeRefreshTokens(g -> g.portalId() == portalId);
    }
}
