package io.ledgerbridge.sandbox.kit.oauth;

import java.time.Duration;

/**
 * How a vendor's OAuth tokens live.
 *
 * @param accessToken lifetime of an access token (positive)
 * @param refreshToken lifetime of a refresh token, counted from when it was issued (rolling: each rotation starts a
 *                     new one); null = until revoked
 * @param authorizationCode lifetime of an authorization code, single use (positive)
 * @param rotation whether a refresh hands out a new refresh token
 * @param grace with {@link Rotation#ROTATE}: how long after its use the previous refresh token still works once more
 *              (a client that lost the answer can retry); {@link Duration#ZERO} for none
 */
public record TokenPolicy(Duration accessToken, Duration refreshToken, Duration authorizationCode, Rotation rotation,
                          Duration grace) {
    public enum Rotation {
        /** Each refresh returns a new refresh token; the one used is dead (after the grace period). */
        ROTATE,
        /** The refresh token stays the same across refreshes, valid until it expires or is revoked. */
        KEEP
    }

    public TokenPolicy {
        if (!accessToken.isPositive() || !authorizationCode.isPositive()
                || (refreshToken != null && !refreshToken.isPositive()) || grace == null || grace.isNegative()) {
            throw new IllegalArgumentException("lifetimes must be positive and grace >= 0");
        }
        if (rotation == Rotation.KEEP && grace.isPositive()) {
            throw new IllegalArgumentException("a grace period only makes sense with rotation");
        }
    }

    public static TokenPolicy rotating(Duration accessToken, Duration refreshToken, Duration authorizationCode) {
        return new TokenPolicy(accessToken, refreshToken, authorizationCode, Rotation.ROTATE, Duration.ZERO);
    }

    public TokenPolicy withGrace(Duration grace) {
        return new TokenPolicy(accessToken, refreshToken, authorizationCode, rotation, grace);
    }
}
