package io.ledgerbridge.sandbox.xero.idempotency;

import io.ledgerbridge.sandbox.kit.idempotency.Replay;
import io.ledgerbridge.sandbox.kit.idempotency.ReplayCache;
import io.ledgerbridge.sandbox.xero.wire.ApiAnswer;
import io.ledgerbridge.sandbox.xero.wire.XeroError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * The {@code Idempotency-Key} header (xero_accounting.yaml #/components/parameters/idempotencyKey: "128 character
 * max."; API_FACTS B.7 [2ND]): the first answer to a key (status and body, validation errors included) is kept for
 * 6 minutes per tenant and replayed for the same request; the same key with a different request is refused with 400.
 * 5xx answers are not kept (design choice: a retry after a server error must be able to succeed). Built on the kit's
 * {@link ReplayCache} (a concurrent second request with the key waits for the first).
 */
public final class IdempotencyCache {
    public static final Duration TTL = Duration.ofMinutes(6);
    public static final int MAX_KEY_LENGTH = 128;

    /** Carries a 5xx answer out of the cache's work so that the cache keeps nothing. */
    private static final class NotKept extends RuntimeException {
        final transient ApiAnswer answer;

        NotKept(ApiAnswer answer) {
            super(null, null, false, false);
            this.answer = answer;
        }
    }

    private final ReplayCache<ApiAnswer> cache;

    public IdempotencyCache(Clock clock) {
        this.cache = new ReplayCache<>(clock, TTL, 100_000);
    }

    /** 400 when the key is longer than 128 characters. */
    public static void checkKey(String key) {
        if (key.length() > MAX_KEY_LENGTH) {
            throw XeroError.badRequest("Idempotency-Key must be " + MAX_KEY_LENGTH + " characters or fewer");
        }
    }

    public ApiAnswer once(String tenantId, String key, String method, String path, String query, String body, Supplier<ApiAnswer> work) {
        checkKey(key);
        try {
            Replay<ApiAnswer> replay = cache.once(tenantId + "\n" + key, fingerprint(method, path, query, body), () -> {
                ApiAnswer answer = work.get();
                if (answer.status() >= 500) {
                    throw new NotKept(answer);
                }
                return answer;
            });
            return switch (replay) {
                case Replay.First<ApiAnswer> f -> f.answer();
                case Replay.Repeat<ApiAnswer> r -> r.answer();
                case Replay.Conflict<ApiAnswer> c -> XeroError.badRequest("Idempotency Key '" + key + "' is used with a different request. "
                        + "Use a new key for a new request, or send exactly the same request to get its answer again.").answer();
            };
        } catch (NotKept e) {
            return e.answer;
        }
    }

    private static String fingerprint(String method, String path, String query, String body) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update((method + "\n" + path.toLowerCase() + "\n" + (query == null ? "" : query) + "\n").getBytes(StandardCharsets.UTF_8));
            d.update((body == null ? "" : body).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
