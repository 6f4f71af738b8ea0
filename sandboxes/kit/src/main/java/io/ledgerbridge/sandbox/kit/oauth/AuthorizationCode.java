package io.ledgerbridge.sandbox.kit.oauth;

import java.time.Instant;

/** A redeemed authorization code: the grant the person approved and the redirect URI it was issued for. */
public record AuthorizationCode<G>(G grant, String redirectUri, Instant expiresAt) {}
