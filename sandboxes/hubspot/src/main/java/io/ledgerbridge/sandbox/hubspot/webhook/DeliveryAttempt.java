package io.ledgerbridge.sandbox.hubspot.webhook;

import java.time.Instant;

/**
 * One POST the sandbox tried, as HubSpot counts it: {@code attemptNumber} is the payload's (0 = the first try).
 * {@code status} is the receiver's HTTP status, or -1 for a timeout, a connection failure or a failure forced by
 * {@code failNextWebhookDeliveries}. A view of the kit's {@link io.ledgerbridge.sandbox.kit.webhook.WebhookAttempt}.
 */
public record DeliveryAttempt(long appId, String targetUrl, int attemptNumber, int status, int events, Instant at, String body) {
    public boolean delivered() { return status >= 200 && status < 300; }
}
