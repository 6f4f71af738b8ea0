package io.ledgerbridge.sandbox.kit.oauth;

import java.time.Duration;

/**
 * What a token endpoint hands out for a grant.
 *
 * @param refreshLifetime null when the refresh token lives until revoked
 */
public record IssuedTokens<G>(String accessToken, String refreshToken, G grant, Duration accessLifetime,
                              Duration refreshLifetime) {
    /** The {@code expires_in} of the token response. */
    public long expiresInSeconds() {
        return accessLifetime.toSeconds();
    }

    /** Seconds the refresh token lives, or -1 when it lives until revoked. */
    public long refreshExpiresInSeconds() {
        return refreshLifetime == null ? -1 : refreshLifetime.toSeconds();
    }
}
