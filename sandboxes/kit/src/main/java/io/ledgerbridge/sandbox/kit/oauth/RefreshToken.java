package io.ledgerbridge.sandbox.kit.oauth;

import java.time.Instant;

/** A usable refresh token (for token-info endpoints). @param expiresAt null when it lives until revoked */
public record RefreshToken<G>(String token, G grant, Instant issuedAt, Instant expiresAt) {}
