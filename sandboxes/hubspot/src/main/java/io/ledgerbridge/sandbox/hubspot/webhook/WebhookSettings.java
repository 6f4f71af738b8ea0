package io.ledgerbridge.sandbox.hubspot.webhook;

import io.ledgerbridge.sandbox.kit.webhook.RetrySchedule;
import io.ledgerbridge.sandbox.kit.webhook.WebhookDispatcher;

import java.time.Duration;

/**
 * How the sandbox delivers webhooks (API_FACTS C.5: batches of up to 100 events, retries on 5xx, timeouts and 429,
 * none on 4xx, up to 10 retries over 24 h; the exact schedule is UNCERTAIN, so it is configurable). HubSpot's numbers
 * for the kit's {@link WebhookDispatcher}: {@link #kit()}.
 *
 * @param batchSize         events per POST (100)
 * @param batchWindow       how long events wait to be batched with later ones before a POST
 * @param maxAttempts       attempts per batch including the first (11 = first try + 10 retries)
 * @param firstRetryDelay   delay before the first retry; each later one doubles (real: minutes; tests: milliseconds)
 * @param maxRetryDelay     cap for the doubling
 * @param requestTimeout    a receiver slower than this counts as a timeout and is retried
 * @param maxConcurrentRequests POSTs to one app in flight at once (HubSpot's app setting, default 10: API_FACTS C.5
 *                          [UNCERTAIN/2ND]); batches may then arrive out of order
 */
public record WebhookSettings(int batchSize, Duration batchWindow, int maxAttempts, Duration firstRetryDelay,
                              Duration maxRetryDelay, Duration requestTimeout, int maxConcurrentRequests) {
    /** HubSpot's default {@code maxConcurrentRequests}. */
    public static final int DEFAULT_CONCURRENT_REQUESTS = 10;

    public WebhookSettings {
        if (batchSize < 1 || maxAttempts < 1) throw new IllegalArgumentException("batchSize and maxAttempts must be >= 1");
        if (maxConcurrentRequests < 1) throw new IllegalArgumentException("maxConcurrentRequests must be >= 1");
    }

    /** With HubSpot's default of {@value #DEFAULT_CONCURRENT_REQUESTS} concurrent requests. */
    public WebhookSettings(int batchSize, Duration batchWindow, int maxAttempts, Duration firstRetryDelay,
                           Duration maxRetryDelay, Duration requestTimeout) {
        this(batchSize, batchWindow, maxAttempts, firstRetryDelay, maxRetryDelay, requestTimeout, DEFAULT_CONCURRENT_REQUESTS);
    }

    public static WebhookSettings defaults() {
        return new WebhookSettings(100, Duration.ofMillis(200), 11, Duration.ofMinutes(1), Duration.ofHours(8), Duration.ofSeconds(5));
    }

    /** Same shape, but retries after 10 ms, 20 ms, 40 ms... so tests finish in milliseconds. */
    public static WebhookSettings fastForTests() {
        return new WebhookSettings(100, Duration.ofMillis(20), 4, Duration.ofMillis(10), Duration.ofMillis(200), Duration.ofSeconds(2));
    }

    /** {@code firstRetryDelay}, doubling up to {@code maxRetryDelay}, {@code maxAttempts} in all. */
    public RetrySchedule retries() {
        return RetrySchedule.doubling(firstRetryDelay, maxRetryDelay, maxAttempts);
    }

    /** The kit dispatcher's settings: retry 5xx, 429, timeouts and unreachable receivers, never other 4xx (C.5 [2ND]). */
    public WebhookDispatcher.Settings kit() {
        return new WebhookDispatcher.Settings(batchSize, batchWindow, retries(), requestTimeout, WebhookDispatcher.RETRY_UNLESS_CLIENT_ERROR,
                maxConcurrentRequests);
    }
}
