package io.ledgerbridge.sandbox.xero.webhook;

import java.time.Instant;

/**
 * One POST the sandbox made to the webhook URL. {@code kind} is {@code INTENT_TO_RECEIVE} or {@code EVENTS};
 * {@code correctlySigned} is false for the deliberately mis-signed intent-to-receive post; {@code status} is the
 * HTTP status answered, or -1 when the endpoint did not answer within 5 seconds or could not be reached.
 */
public record WebhookDelivery(Instant at, String kind, String tenantId, String body, String signature, boolean correctlySigned,
                              int attempt, int status, long millis) {
    public boolean succeeded() {
        return status >= 200 && status < 300;
    }
}
