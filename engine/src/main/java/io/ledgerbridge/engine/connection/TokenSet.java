package io.ledgerbridge.engine.connection;

import java.time.Instant;

/** OAuth tokens of a connection. Never logged: {@link #toString()} hides them. */
public record TokenSet(String accessToken, String refreshToken, Instant accessExpiresAt) {
    @Override
    public String toString() {
        return "TokenSet[access=****, refresh=****, accessExpiresAt=" + accessExpiresAt + "]";
    }
}
