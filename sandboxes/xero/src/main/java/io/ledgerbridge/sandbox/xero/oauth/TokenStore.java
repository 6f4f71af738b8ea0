package io.ledgerbridge.sandbox.xero.oauth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.sandbox.xero.TokenPair;
import io.ledgerbridge.sandbox.xero.wire.XeroError;
import io.ledgerbridge.sandbox.xero.wire.XeroJson;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Xero's identity server state (API_FACTS B.8 [OFFICIAL] developer.xero.com/faq/oauth2): apps, grants (one per
 * consent, its {@code authEventId}, covering one or more organisations), access tokens (30 minutes), refresh tokens
 * (rotated on each use; the previous one answers the same new pair for a 30-minute grace period; unused ones expire
 * after 60 days; {@code invalid_grant} when revoked or expired), authorisation codes (single use, 5 minutes: design
 * choice). Tokens are opaque random strings shaped like JWTs; they never appear in logs or messages.
 */
public final class TokenStore {
    public static final Duration GRACE = Duration.ofMinutes(30);
    public static final Duration REFRESH_UNUSED = Duration.ofDays(60);
    public static final Duration CODE_LIFETIME = Duration.ofMinutes(5);
    private static final DateTimeFormatter CONNECTION_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS");
    private static final SecureRandom RANDOM = new SecureRandom();

    public record App(String clientId, String clientSecret, Set<String> redirectUris) {}

    /** One organisation a grant reaches: a row of GET /connections. */
    public record Connection(String id, String tenantId, String tenantName, Instant created, Instant updated) {}

    public static final class Grant {
        final String authEventId = UUID.randomUUID().toString();
        final String clientId;
        final String scope;
        final Map<String, Connection> connections = new LinkedHashMap<>();
        boolean refreshRevoked;

        Grant(String clientId, String scope) {
            this.clientId = clientId;
            this.scope = scope;
        }
    }

    private record Access(Grant grant, Instant expiresAt) {}

    private static final class Refresh {
        final Grant grant;
        final Instant issuedAt;
        TokenResponse successor;
        Instant supersededAt;

        Refresh(Grant grant, Instant issuedAt) {
            this.grant = grant;
            this.issuedAt = issuedAt;
        }
    }

    private record Code(String clientId, String redirectUri, String scope, List<String> tenantIds, Instant expires) {}

    /** The body of a token answer; {@code idToken} only when the scope has openid, refresh only with offline_access. */
    public record TokenResponse(String idToken, String accessToken, String refreshToken, Instant accessExpiresAt, String scope) {
        public ObjectNode toJson(Instant now) {
            ObjectNode o = XeroJson.object();
            if (idToken != null) {
                o.put("id_token", idToken);
            }
            o.put("access_token", accessToken);
            o.put("expires_in", Math.max(0, (Duration.between(now, accessExpiresAt).toMillis() + 999) / 1000));
            o.put("token_type", "Bearer");
            if (refreshToken != null) {
                o.put("refresh_token", refreshToken);
            }
            o.put("scope", scope);
            return o;
        }
    }

    /** A failed token request: {"error":"invalid_grant"} and friends (API_FACTS B.8 [2ND]). */
    public static final class OAuthFailure extends RuntimeException {
        public final String error;

        public OAuthFailure(String error) {
            super(error, null, false, false);
            this.error = error;
        }
    }

    private final Clock clock;
    private final Duration accessLifetime;
    private final Map<String, App> apps = new ConcurrentHashMap<>();
    private final Map<String, Access> access = new ConcurrentHashMap<>();
    private final Map<String, Refresh> refresh = new ConcurrentHashMap<>();
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final List<Grant> grants = new ArrayList<>();

    public TokenStore(Clock clock, Duration accessLifetime) {
        this.clock = clock;
        this.accessLifetime = accessLifetime;
    }

    public void register(String clientId, String clientSecret, String redirectUri) {
        apps.merge(clientId, new App(clientId, clientSecret, redirectUri == null ? Set.of() : Set.of(redirectUri)),
                (old, neu) -> new App(clientId, clientSecret, union(old.redirectUris(), neu.redirectUris())));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        var s = new java.util.HashSet<>(a);
        s.addAll(b);
        return Set.copyOf(s);
    }

    public Optional<App> app(String clientId) {
        return Optional.ofNullable(clientId).map(apps::get);
    }

    // ---- issuing ----

    public synchronized TokenResponse grant(String clientId, String scope, List<String> tenantIds, Map<String, String> tenantNames) {
        Grant g = new Grant(clientId, scope);
        Instant now = clock.instant();
        for (String t : tenantIds) {
            g.connections.put(t, new Connection(UUID.randomUUID().toString(), t, tenantNames.get(t), now, now));
        }
        grants.add(g);
        return issue(g, now);
    }

    public TokenPair pair(TokenResponse r) {
        return new TokenPair(r.accessToken(), r.refreshToken(), r.accessExpiresAt());
    }

    private TokenResponse issue(Grant g, Instant now) {
        Instant expires = now.plus(accessLifetime);
        String accessToken = jwtLooking(g, now, expires);
        access.put(accessToken, new Access(g, expires));
        String refreshToken = null;
        if (g.scope.contains("offline_access")) {
            refreshToken = HexFormat.of().formatHex(bytes(32));
            refresh.put(refreshToken, new Refresh(g, now));
        }
        String idToken = g.scope.contains("openid") ? jwtLooking(g, now, now.plus(Duration.ofMinutes(5))) : null;
        return new TokenResponse(idToken, accessToken, refreshToken, expires, g.scope);
    }

    private static String jwtLooking(Grant g, Instant now, Instant exp) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"RS256\",\"kid\":\"sandbox\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(("{\"nbf\":" + now.getEpochSecond() + ",\"exp\":" + exp.getEpochSecond()
                + ",\"iss\":\"https://identity.xero.com\",\"aud\":\"https://identity.xero.com/resources\",\"client_id\":\"" + g.clientId
                + "\",\"authentication_event_id\":\"" + g.authEventId + "\",\"jti\":\"" + HexFormat.of().formatHex(bytes(16)) + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + b64.encodeToString(bytes(64));
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    public String newCode(String clientId, String redirectUri, String scope, List<String> tenantIds) {
        String code = HexFormat.of().formatHex(bytes(32));
        codes.put(code, new Code(clientId, redirectUri, scope, List.copyOf(tenantIds), clock.instant().plus(CODE_LIFETIME)));
        return code;
    }

    /** grant_type=authorization_code. */
    public synchronized TokenResponse exchangeCode(String clientId, String code, String redirectUri, Map<String, String> tenantNames) {
        Code c = code == null ? null : codes.remove(code);
        if (c == null || !c.clientId().equals(clientId) || !clock.instant().isBefore(c.expires())) {
            throw new OAuthFailure("invalid_grant");
        }
        if (redirectUri == null || !redirectUri.equals(c.redirectUri())) {
            throw new OAuthFailure("invalid_grant");
        }
        return grant(clientId, c.scope(), c.tenantIds(), tenantNames);
    }

    /** grant_type=refresh_token: rotation with a grace period for the previous token. */
    public synchronized TokenResponse refresh(String clientId, String refreshToken) {
        Instant now = clock.instant();
        Refresh r = refreshToken == null ? null : refresh.get(refreshToken);
        if (r == null || r.grant.refreshRevoked || !r.grant.clientId.equals(clientId)) {
            throw new OAuthFailure("invalid_grant");
        }
        if (r.successor != null) {
            if (now.isBefore(r.supersededAt.plus(GRACE))) {
                return r.successor;
            }
            throw new OAuthFailure("invalid_grant");
        }
        if (!now.isBefore(r.issuedAt.plus(REFRESH_UNUSED))) {
            throw new OAuthFailure("invalid_grant");
        }
        TokenResponse next = issue(r.grant, now);
        r.successor = next;
        r.supersededAt = now;
        return next;
    }

    /** POST /connect/revocation of a refresh token: the grant's refresh tokens stop working and its connections go. */
    public synchronized void revoke(String clientId, String token) {
        Refresh r = token == null ? null : refresh.get(token);
        if (r != null && r.grant.clientId.equals(clientId)) {
            r.grant.refreshRevoked = true;
            r.grant.connections.clear();
        }
    }

    // ---- checking ----

    /** The grant of a bearer token, or the 401 Xero answers (API_FACTS B.5 [2ND]). */
    public Grant authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw XeroError.unauthorized("AuthenticationUnsuccessful");
        }
        Access a = access.get(authorization.substring(7).trim());
        if (a == null) {
            throw XeroError.unauthorized("AuthenticationUnsuccessful");
        }
        if (!clock.instant().isBefore(a.expiresAt())) {
            // "TokenExpired: token expired at 04/09/2023 05:16:59" (API_FACTS B.5 [2ND] pyxero#337).
            throw XeroError.unauthorized("TokenExpired: token expired at "
                    + DateTimeFormatter.ofPattern("MM/dd/yyyy HH:mm:ss").format(LocalDateTime.ofInstant(a.expiresAt(), ZoneOffset.UTC)));
        }
        return a.grant();
    }

    public static boolean reaches(Grant g, String tenantId) {
        return tenantId != null && g.connections.keySet().stream().anyMatch(t -> t.equalsIgnoreCase(tenantId.trim()));
    }

    public static String clientId(Grant g) {
        return g.clientId;
    }

    /** GET /connections rows of this grant ({@code authEventId} optional filter). */
    public synchronized List<ObjectNode> connections(Grant g, String authEventId) {
        List<ObjectNode> out = new ArrayList<>();
        // Every connection the app has made through any grant with the same organisations is one row per tenant;
        // the sandbox lists the rows of this token's grant (design choice: one user).
        for (Connection c : g.connections.values()) {
            if (authEventId != null && !authEventId.equalsIgnoreCase(g.authEventId)) {
                continue;
            }
            ObjectNode o = XeroJson.object();
            o.put("id", c.id());
            o.put("authEventId", g.authEventId);
            o.put("tenantId", c.tenantId());
            o.put("tenantType", "ORGANISATION");
            o.put("tenantName", c.tenantName());
            o.put("createdDateUtc", CONNECTION_TIME.format(LocalDateTime.ofInstant(c.created(), ZoneOffset.UTC)));
            o.put("updatedDateUtc", CONNECTION_TIME.format(LocalDateTime.ofInstant(c.updated(), ZoneOffset.UTC)));
            out.add(o);
        }
        return out;
    }

    /** DELETE /connections/{id}: true when a connection of this app was removed. */
    public synchronized boolean disconnect(Grant caller, String connectionId) {
        for (Grant g : grants) {
            if (!g.clientId.equals(caller.clientId)) {
                continue;
            }
            if (g.connections.values().removeIf(c -> c.id().equalsIgnoreCase(connectionId))) {
                return true;
            }
        }
        return false;
    }

    // ---- fault switches ----

    public synchronized void expireAccessTokens(String tenantId) {
        Instant now = clock.instant();
        access.replaceAll((token, a) -> reaches(a.grant(), tenantId) && a.expiresAt().isAfter(now) ? new Access(a.grant(), now) : a);
    }

    public synchronized void revokeRefreshTokens(String tenantId) {
        for (Grant g : grants) {
            if (reaches(g, tenantId)) {
                g.refreshRevoked = true;
            }
        }
    }

    public Duration accessLifetime() {
        return accessLifetime;
    }
}
