package io.ledgerbridge.sandbox.hubspot.oauth;

import io.ledgerbridge.sandbox.hubspot.ErrorCategory;
import io.ledgerbridge.sandbox.hubspot.HubSpotException;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Apps, authorization codes, access tokens, refresh tokens and private-app tokens of all portals (API_FACTS C.6):
 * access tokens live {@code accessTokenLifetime} (1800 s), refresh tokens until revoked, codes are single-use.
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

    record Code(long appId, long portalId, String redirectUri, Set<String> scopes, Instant expiresAt) {}
    record Access(long portalId, long appId, Set<String> scopes, Instant expiresAt, String refreshToken) {}
    record Refresh(long portalId, long appId, Set<String> scopes) {}
    record PrivateToken(long portalId, long appId, String name, Set<String> scopes) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    private final Duration accessTokenLifetime;
    private final Duration codeLifetime;
    private final AtomicLong nextAppId = new AtomicLong(1_000_001);
    private final Map<String, OAuthApp> appsByClientId = new ConcurrentHashMap<>();
    private final Map<Long, OAuthApp> appsById = new ConcurrentHashMap<>();
    private final Map<Long, Set<Long>> installations = new ConcurrentHashMap<>();
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final Map<String, Access> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, Refresh> refreshTokens = new ConcurrentHashMap<>();
    private final Map<String, PrivateToken> privateTokens = new ConcurrentHashMap<>();

    public TokenStore(Clock clock, Duration accessTokenLifetime, Duration codeLifetime) {
        this.clock = clock;
        this.accessTokenLifetime = accessTokenLifetime;
        this.codeLifetime = codeLifetime;
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
        String code = UUID.randomUUID().toString();
        codes.put(code, new Code(app.appId(), portalId, redirectUri, Set.copyOf(scopes), clock.instant().plus(codeLifetime)));
        return code;
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
            Code code = form.get("code") == null ? null : codes.remove(form.get("code"));
            if (code == null || code.appId() != app.appId() || clock.instant().isAfter(code.expiresAt())) {
                throw new TokenRefused("BAD_AUTH_CODE", "missing or unknown auth code");
            }
            if (code.redirectUri() != null && !code.redirectUri().equals(form.get("redirect_uri"))) {
                throw new TokenRefused("BAD_REDIRECT_URI", "redirect URI does not match initial auth code URL");
            }
            return issue(app.appId(), code.portalId(), code.scopes());
        }
        String refreshToken = form.get("refresh_token");
        Refresh refresh = refreshToken == null ? null : refreshTokens.get(refreshToken);
        if (refresh == null || refresh.appId() != app.appId()) {
            throw new TokenRefused("BAD_REFRESH_TOKEN", "missing or invalid refresh token");
        }
        return grant(refreshToken, refresh);
    }

    /** Issues tokens directly, as if a person had approved the app for the portal (seeding shortcut). */
    public TokenGrant issue(long appId, long portalId, Set<String> scopes) {
        install(appId, portalId);
        String refreshToken = UUID.randomUUID().toString();
        Refresh refresh = new Refresh(portalId, appId, Set.copyOf(scopes));
        refreshTokens.put(refreshToken, refresh);
        return grant(refreshToken, refresh);
    }

    private TokenGrant grant(String refreshToken, Refresh refresh) {
        String accessToken = "sbx-" + randomToken();
        accessTokens.put(accessToken, new Access(refresh.portalId(), refresh.appId(), refresh.scopes(),
                clock.instant().plus(accessTokenLifetime), refreshToken));
        // The refresh token stays the same across refreshes (API_FACTS C.6: valid until revoked).
        return new TokenGrant(accessToken, refreshToken, accessTokenLifetime.toSeconds(), refresh.portalId(), refresh.appId(), refresh.scopes());
    }

    /** Resolves a request's {@code Authorization} header, or throws HubSpot's 401 (API_FACTS C.3/C.6). */
    public Credential authenticate(String authorizationHeader) {
        String token = authorizationHeader != null && authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorizationHeader.substring(7).trim() : null;
        if (token != null) {
            PrivateToken p = privateTokens.get(token);
            if (p != null) return new Credential(p.portalId(), p.appId(), p.name(), p.scopes(), token);
            Access a = accessTokens.get(token);
            if (a != null) {
                Instant now = clock.instant();
                if (!now.isBefore(a.expiresAt())) {
                    long ago = Duration.between(a.expiresAt(), now).toSeconds();
                    // Wording [2ND]: segment docs PR#6244 / Paragon: "The OAuth token used to make this call expired N second(s) ago."
                    String when = ago < 120 ? ago + " second(s)" : (ago / 60) + " minute(s)";
                    throw new HubSpotException(401, ErrorCategory.EXPIRED_AUTHENTICATION,
                            "The OAuth token used to make this call expired " + when + " ago.");
                }
                String appName = app(a.appId()).map(OAuthApp::name).orElse("app " + a.appId());
                return new Credential(a.portalId(), a.appId(), appName, a.scopes(), token);
            }
        }
        throw new HubSpotException(401, ErrorCategory.INVALID_AUTHENTICATION,
                "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview");
    }

    public boolean revokeRefreshToken(String refreshToken) {
        return refreshTokens.remove(refreshToken) != null;
    }

    public Optional<Map<String, Object>> refreshTokenInfo(String refreshToken) {
        return Optional.ofNullable(refreshTokens.get(refreshToken)).map(r -> Map.of(
                "token", refreshToken, "hub_id", r.portalId(), "app_id", r.appId(),
                "client_id", app(r.appId()).map(OAuthApp::clientId).orElse(""), "scopes", List.copyOf(r.scopes()),
                "user", "sandbox-user@example.com", "user_id", 1, "hub_domain", "portal-" + r.portalId() + ".sandbox", "token_type", "refresh"));
    }

    public Optional<Map<String, Object>> accessTokenInfo(String accessToken) {
        return Optional.ofNullable(accessTokens.get(accessToken)).map(a -> Map.of(
                "token", accessToken, "hub_id", a.portalId(), "app_id", a.appId(), "scopes", List.copyOf(a.scopes()),
                "expires_in", Math.max(0, Duration.between(clock.instant(), a.expiresAt()).toSeconds()),
                "user", "sandbox-user@example.com", "user_id", 1, "hub_domain", "portal-" + a.portalId() + ".sandbox", "token_type", "access"));
    }

    /** Fault: every access token of the portal expires now. */
    public void expireAccessTokens(long portalId) {
        Instant now = clock.instant();
        accessTokens.replaceAll((t, a) -> a.portalId() == portalId && a.expiresAt().isAfter(now)
                ? new Access(a.portalId(), a.appId(), a.scopes(), now, a.refreshToken()) : a);
    }

    /** Fault: every refresh token of the portal is revoked (later refreshes get 400 BAD_REFRESH_TOKEN). */
    public int revokeRefreshTokens(long portalId) {
        Set<String> gone = new HashSet<>();
        refreshTokens.forEach((t, r) -> { if (r.portalId() == portalId) gone.add(t); });
        gone.forEach(refreshTokens::remove);
        return gone.size();
    }

    private static String randomToken() {
        byte[] b = new byte[48];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
