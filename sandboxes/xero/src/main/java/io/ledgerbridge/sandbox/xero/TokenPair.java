package io.ledgerbridge.sandbox.xero;

import java.time.Instant;

/** What a finished consent and code exchange give a client. Never log it. */
public record TokenPair(String accessToken, String refreshToken, Instant accessExpiresAt) {
    @Override
    public String toString() {
        return "TokenPair[accessExpiresAt=" + accessExpiresAt + "]";
    }
}
