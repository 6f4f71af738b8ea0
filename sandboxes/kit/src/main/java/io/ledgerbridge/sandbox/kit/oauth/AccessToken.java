package io.ledgerbridge.sandbox.kit.oauth;

import java.time.Instant;

/** A known access token: the grant it speaks for, when it expires, and the refresh token it was minted with. */
public record AccessToken<G>(String token, G grant, Instant expiresAt, String refreshToken) {
    public boolean expiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }
}
