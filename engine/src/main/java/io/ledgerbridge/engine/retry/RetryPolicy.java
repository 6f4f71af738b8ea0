package io.ledgerbridge.engine.retry;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter for transient failures. Attempt n waits a random time between half and all
 * of {@code min(cap, base × 2^(n-1))}, so nodes that failed together do not retry together.
 *
 * @param maxAttempts attempts before a transient failure becomes Failed
 */
public record RetryPolicy(int maxAttempts, Duration base, Duration cap) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(8, Duration.ofSeconds(2), Duration.ofMinutes(10));

    public RetryPolicy {
        if (maxAttempts < 1 || base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("retry policy needs maxAttempts ≥ 1 and 0 < base ≤ cap");
        }
    }

    /** When to try again after attempt {@code attempt} failed, or empty when retries are spent. */
    public Optional<Instant> nextAttempt(int attempt, Instant now, RandomGenerator random) {
        if (attempt >= maxAttempts) {
            return Optional.empty();
        }
        long ceiling = base.toMillis() << Math.min(attempt - 1, 30);
        ceiling = Math.min(Math.max(ceiling, base.toMillis()), cap.toMillis());
        long wait = ceiling / 2 + random.nextLong(ceiling / 2 + 1);
        return Optional.of(now.plusMillis(wait));
    }
}
