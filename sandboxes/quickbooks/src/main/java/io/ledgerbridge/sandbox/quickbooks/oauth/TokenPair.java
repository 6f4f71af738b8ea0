package io.ledgerbridge.sandbox.quickbooks.oauth;

/** What the token endpoint returns, for tests that skip the browser step (API_FACTS A.8 BearerTokenResponse). */
public record TokenPair(String accessToken, String refreshToken, String realmId, long expiresIn, long refreshTokenExpiresIn) {}
