package io.ledgerbridge.connector;

/**
 * A connection's access token, refreshed by the engine. Thread-safe.
 *
 * <p>The engine refreshes once per connection at a time across all nodes and stores a rotated refresh token
 * before it uses the new access token. A sink that gets "token expired" calls {@link #refreshAfterRejection}
 * with the token it used and retries once with the answer.
 */
public interface TokenAccess {

    /** The current access token; never null for a connected connection. */
    String accessToken();

    /**
     * Called when the vendor rejected {@code rejectedToken}; returns a fresh token (refreshing if nobody did
     * yet), or throws {@link ReconnectNeeded} when the refresh token is dead.
     */
    default String refreshAfterRejection(String rejectedToken) {
        throw new ReconnectNeeded("this connection's tokens cannot be refreshed");
    }

    /** The refresh token is dead (revoked, expired, rotated away): only a person reconnecting can fix it. */
    final class ReconnectNeeded extends RuntimeException {
        public ReconnectNeeded(String message) {
            super(message);
        }
    }

    static TokenAccess fixed(String token) {
        return () -> token;
    }
}
