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

    /**
     * Calls the vendor with the current token; when {@code rejected} says the vendor refused that token (a 401), refreshes
     * once (shared by all nodes, see {@link #refreshAfterRejection}) and calls again with the fresh token. Exceptions of
     * {@code call} pass through unchanged.
     *
     * @throws ReconnectNeeded when no usable token can be had (the refresh token is dead)
     * @throws Unavailable     when the token could not be read or refreshed for now (the store, the token endpoint)
     */
    default <T> T withToken(java.util.function.Function<String, T> call, java.util.function.Predicate<T> rejected) {
        String token = guarded(this::accessToken);
        T answer = call.apply(token);
        if (!rejected.test(answer)) {
            return answer;
        }
        String fresh = guarded(() -> refreshAfterRejection(token));
        return fresh == null || fresh.equals(token) ? answer : call.apply(fresh);
    }

    private static String guarded(java.util.function.Supplier<String> tokenStep) {
        try {
            return tokenStep.get();
        } catch (ReconnectNeeded dead) {
            throw dead;
        } catch (RuntimeException e) {
            throw new Unavailable(e.getMessage(), e);
        }
    }

    /** A token could not be read or refreshed for now, for another reason than a dead refresh token. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
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
