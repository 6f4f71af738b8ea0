package io.ledgerbridge.sandbox.hubspot.webhook;

import java.time.Duration;

/**
 * How the sandbox delivers webhooks (API_FACTS C.5: batches of up to 100 events, retries on 5xx, timeouts and 429,
 * none on 4xx, up to 10 retries over 24 h; the exact schedule is UNCERTAIN, so it is configurable).
 *
 * @param batchSize         events per POST (100)
 * @param batchWindow       how long events wait to be batched with later ones before a POST
 * @param maxAttempts       attempts per batch including the first (11 = first try + 10 retries)
 * @param firstRetryDelay   delay before the first retry; each later one doubles (real: minutes; tests: milliseconds)
 * @param maxRetryDelay     cap for the doubling
 * @param requestTimeout    a receiver slower than this counts as a timeout and is retried
 */
public record WebhookSettings(int batchSize, Duration batchWindow, int maxAttempts, Duration firstRetryDelay,
                              Duration maxRetryDelay, Duration requestTimeout) {
    public WebhookSettings {
        if (batchSize < 1 || maxAttempts < 1) throw new IllegalArgumentException("batchSize and maxAttempts must be >= 1");
    }

    public static WebhookSettings defaults() {
        return new WebhookSettings(100, Duration.ofMillis(200), 11, Duration.ofMinutes(1), Duration.ofHours(8), Duration.ofSeconds(5));
    }

    /** Same shape, but retries after 10 ms, 20 ms, 40 ms... so tests finish in milliseconds. */
    public static WebhookSettings fastForTests() {
        return new WebhookSettings(100, Duration.ofMillis(20), 4, Duration.ofMillis(10), Duration.ofMillis(200), Duration.ofSeconds(2));
    }

    public Duration retryDelay(int retry) {
        Duration d = firstRetryDelay.multipliedBy(1L << Math.min(retry - 1, 30));
        return d.compareTo(maxRetryDelay) > 0 ? maxRetryDelay : d;
    }
}
