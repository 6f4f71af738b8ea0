package io.ledgerbridge.sandbox.quickbooks.oauth;

import io.ledgerbridge.sandbox.kit.oauth.TokenPolicy;
import java.time.Duration;

/**
 * @param accessToken API_FACTS A.8: 3600 s
 * @param refreshToken API_FACTS A.8: 100 days, rolling (each refresh starts a new 100 days)
 * @param authorizationCode design choice: 5 minutes, single use
 */
public record TokenLifetimes(Duration accessToken, Duration refreshToken, Duration authorizationCode) {
    public static final TokenLifetimes QUICKBOOKS = new TokenLifetimes(Duration.ofHours(1), Duration.ofDays(100), Duration.ofMinutes(5));

    public TokenLifetimes {
        if (accessToken.isNegative() || accessToken.isZero() || refreshToken.isNegative() || refreshToken.isZero()
                || authorizationCode.isNegative() || authorizationCode.isZero()) {
            throw new IllegalArgumentException("token lifetimes must be positive");
        }
    }

    /** API_FACTS A.8: refresh rotates, the token used is dead at once (no grace period). */
    TokenPolicy policy() {
        return TokenPolicy.rotating(accessToken, refreshToken, authorizationCode);
    }
}
