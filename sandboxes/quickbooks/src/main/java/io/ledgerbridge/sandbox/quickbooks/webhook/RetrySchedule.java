package io.ledgerbridge.sandbox.quickbooks.webhook;

import java.time.Duration;

/**
 * API_FACTS A.9: retries at 10s, 20s, 30s, 5m, 20m, 2h, 4h, 6h, then every 6h; multiplied by {@code scale} so tests
 * can run the whole schedule in milliseconds. QuickBooks' numbers over the kit's
 * {@link io.ledgerbridge.sandbox.kit.webhook.RetrySchedule}.
 *
 * @param maxAttempts attempts in all (the first try included) before a notification is dropped
 */
public record RetrySchedule(double scale, int maxAttempts) {
    private static final io.ledgerbridge.sandbox.kit.webhook.RetrySchedule QUICKBOOKS =
            io.ledgerbridge.sandbox.kit.webhook.RetrySchedule.of(20, Duration.ofSeconds(10), Duration.ofSeconds(20),
                    Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(20), Duration.ofHours(2),
                    Duration.ofHours(4), Duration.ofHours(6));

    public static final RetrySchedule REAL = new RetrySchedule(1.0, 20);

    public RetrySchedule {
        if (!(scale > 0) || maxAttempts < 1) {
            throw new IllegalArgumentException("scale must be > 0 and maxAttempts >= 1");
        }
    }

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} failed tries. */
    public Duration delayAfter(int attempt) {
        return kit().delayAfter(attempt);
    }

    /** The schedule the kit's dispatcher runs. */
    public io.ledgerbridge.sandbox.kit.webhook.RetrySchedule kit() {
        return new io.ledgerbridge.sandbox.kit.webhook.RetrySchedule(QUICKBOOKS.delays(), maxAttempts).scaled(scale);
    }
}
