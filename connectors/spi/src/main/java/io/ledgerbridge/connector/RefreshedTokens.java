package io.ledgerbridge.connector;

import java.time.Instant;

/** Tokens a vendor returned for a refresh. Never logged: {@link #toString()} hides them. */
public record RefreshedTokens(String accessToken, String refreshToken, Instant accessExpiresAt) {
    @Override
    public String toString() {
        return "RefreshedTokens[access=****, refresh=****, accessExpiresAt=" + accessExpiresAt + "]";
    }
}
