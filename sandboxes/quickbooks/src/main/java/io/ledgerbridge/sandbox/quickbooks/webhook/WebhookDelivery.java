package io.ledgerbridge.sandbox.quickbooks.webhook;

import java.time.Instant;

/**
 * One delivery attempt, kept for tests and the console.
 *
 * @param status the HTTP status the endpoint answered, or -1 when it could not be reached or timed out
 * @param attempt 1 for the first try, 2 for the first retry, …
 */
public record WebhookDelivery(String clientId, String realmId, String url, int attempt, int status, String body,
                              String signature, Instant at) {
    public boolean acknowledged() {
        return status >= 200 && status < 300;
    }
}
