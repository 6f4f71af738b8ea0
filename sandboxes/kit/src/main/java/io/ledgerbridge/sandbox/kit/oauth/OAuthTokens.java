package io.ledgerbridge.sandbox.kit.oauth;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The token state of a sandbox's OAuth server: authorization codes, access tokens and refresh tokens, each bound to a
 * grant {@code G} (the sandbox's record of who approved what: an app and a company, scopes…). Lifetimes, rotation and
 * the grace period come from the {@link TokenPolicy}; token shapes from the {@link TokenFormat}; every time from the
 * injected clock, so tests move the clock instead of waiting. The sandbox keeps its vendor's rules: client
 * authentication, which grants a token may act for, error bodies. Token values are never put in exception messages.
 * Thread-safe (one lock).
 *
 * <p>Refresh with {@link TokenPolicy.Rotation#ROTATE}: the token used is dead and a new one is returned, which lives a
 * fresh {@code refreshToken} lifetime. With a grace period, the token used still works once more until
 * {@code grace} after its first use (that second use mints another new pair); after that, or on a third use, it is
 * refused. With {@link TokenPolicy.Rotation#KEEP} the same refresh token comes back each time.
 *
 * @param <G> the grant; equals/hashCode are used by {@link #revokeGrant(Predicate)} callers, never by this class
 */
public final class OAuthTokens<G> {
    private record Code<G>(G grant, String redirectUri, Instant expiresAt) {}

    private record Refresh<G>(G grant, Instant issuedAt, Instant expiresAt, boolean revoked, Instant usedAt,
                              boolean graceUsed) {
        Refresh<G> revoke() {
            return new Refresh<>(grant, issuedAt, expiresAt, true, usedAt, graceUsed);
        }
    }

    private final Clock clock;
    private final TokenPolicy policy;
    private final TokenFormat format;
    private final Map<String, Code<G>> codes = new HashMap<>();
    private final Map<String, AccessToken<G>> access = new HashMap<>();
    private final Map<String, Refresh<G>> refresh = new HashMap<>();

    public OAuthTokens(Clock clock, TokenPolicy policy, TokenFormat format) {
        this.clock = clock;
        this.policy = policy;
        this.format = format;
    }

    public TokenPolicy policy() {
        return policy;
    }

    /** A single-use code for {@code grant}, living {@code authorizationCode}. */
    public synchronized String issueCode(G grant, String redirectUri) {
        String code = format.code();
        codes.put(code, new Code<>(grant, redirectUri, clock.instant().plus(policy.authorizationCode())));
        return code;
    }

    /**
     * Uses up a code: empty when unknown, used or expired. The code is gone afterwards whatever the caller then
     * decides (a code presented by the wrong client is burnt too, as OAuth servers do).
     */
    public synchronized Optional<AuthorizationCode<G>> redeemCode(String code) {
        Code<G> c = code == null ? null : codes.remove(code);
        if (c == null || !c.expiresAt().isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(new AuthorizationCode<>(c.grant(), c.redirectUri(), c.expiresAt()));
    }

    /** Mints a new access and refresh token for {@code grant} (a completed consent, or a seeding shortcut). */
    public synchronized IssuedTokens<G> issue(G grant) {
        Instant now = clock.instant();
        String refreshToken = format.refreshToken();
        refresh.put(refreshToken, new Refresh<>(grant, now, expiry(now), false, null, false));
        return mintAccess(grant, refreshToken);
    }

    /**
     * grant_type=refresh_token. Empty (the caller answers invalid_grant) when the token is unknown, expired, revoked,
     * used (outside its grace), or {@code mayUse} refuses its grant (another client's token).
     */
    public synchronized Optional<IssuedTokens<G>> refresh(String refreshToken, Predicate<? super G> mayUse) {
        Refresh<G> r = refreshToken == null ? null : refresh.get(refreshToken);
        Instant now = clock.instant();
        if (r == null || r.revoked() || (r.expiresAt() != null && !r.expiresAt().isAfter(now)) || !mayUse.test(r.grant())) {
            return Optional.empty();
        }
        if (policy.rotation() == TokenPolicy.Rotation.KEEP) {
            return Optional.of(mintAccess(r.grant(), refreshToken));
        }
        if (r.usedAt() != null) {
            boolean inGrace = !r.graceUsed() && now.isBefore(r.usedAt().plus(policy.grace()));
            if (!inGrace) {
                return Optional.empty();
            }
            refresh.put(refreshToken, new Refresh<>(r.grant(), r.issuedAt(), r.expiresAt(), false, r.usedAt(), true));
        } else {
            refresh.put(refreshToken, new Refresh<>(r.grant(), r.issuedAt(), r.expiresAt(), false, now, false));
        }
        return Optional.of(issue(r.grant()));
    }

    /** The access token, expired or not (the caller words "expired" its vendor's way); empty when unknown or revoked. */
    public synchronized Optional<AccessToken<G>> accessToken(String token) {
        return token == null ? Optional.empty() : Optional.ofNullable(access.get(token));
    }

    /** The refresh token if it can still be used (not revoked, expired, or used up). */
    public synchronized Optional<RefreshToken<G>> refreshToken(String token) {
        Refresh<G> r = token == null ? null : refresh.get(token);
        Instant now = clock.instant();
        if (r == null || r.revoked() || (r.expiresAt() != null && !r.expiresAt().isAfter(now))
                || (r.usedAt() != null && (r.graceUsed() || !now.isBefore(r.usedAt().plus(policy.grace()))))) {
            return Optional.empty();
        }
        return Optional.of(new RefreshToken<>(token, r.grant(), r.issuedAt(), r.expiresAt()));
    }

    /** The grant an access or refresh token (in any state but forgotten) belongs to. */
    public synchronized Optional<G> grantOf(String token) {
        if (token == null) {
            return Optional.empty();
        }
        AccessToken<G> a = access.get(token);
        if (a != null) {
            return Optional.of(a.grant());
        }
        return Optional.ofNullable(refresh.get(token)).map(Refresh::grant);
    }

    /** Revokes one refresh token (its access tokens keep working until they expire); false when unknown or dead. */
    public synchronized boolean revokeRefreshToken(String token) {
        Refresh<G> r = token == null ? null : refresh.get(token);
        if (r == null || r.revoked()) {
            return false;
        }
        refresh.put(token, r.revoke());
        return true;
    }

    /** Revokes everything of the grants matching: access tokens are forgotten, refresh tokens die. Returns tokens hit. */
    public synchronized int revokeGrant(Predicate<? super G> grants) {
        int before = access.size();
        access.values().removeIf(a -> grants.test(a.grant()));
        return (before - access.size()) + revokeRefreshTokens(grants);
    }

    /** Fault switch: every live refresh token of the matching grants is revoked. Returns how many. */
    public synchronized int revokeRefreshTokens(Predicate<? super G> grants) {
        int[] n = {0};
        refresh.replaceAll((t, r) -> {
            if (!r.revoked() && grants.test(r.grant())) {
                n[0]++;
                return r.revoke();
            }
            return r;
        });
        return n[0];
    }

    /** Fault switch: every unexpired access token of the matching grants expires now. Returns how many. */
    public synchronized int expireAccessTokens(Predicate<? super G> grants) {
        Instant now = clock.instant();
        int[] n = {0};
        access.replaceAll((t, a) -> {
            if (grants.test(a.grant()) && a.expiresAt().isAfter(now)) {
                n[0]++;
                return new AccessToken<>(t, a.grant(), now, a.refreshToken());
            }
            return a;
        });
        return n[0];
    }

    /** The token of {@code Authorization: Bearer …}, or null when the header is missing or another scheme. */
    public static String bearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
    }

    private IssuedTokens<G> mintAccess(G grant, String refreshToken) {
        Instant now = clock.instant();
        String token = format.accessToken();
        access.put(token, new AccessToken<>(token, grant, now.plus(policy.accessToken()), refreshToken));
        return new IssuedTokens<>(token, refreshToken, grant, policy.accessToken(), policy.refreshToken());
    }

    private Instant expiry(Instant now) {
        return policy.refreshToken() == null ? null : now.plus(policy.refreshToken());
    }
}
