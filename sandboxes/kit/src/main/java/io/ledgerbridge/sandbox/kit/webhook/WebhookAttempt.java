package io.ledgerbridge.sandbox.kit.webhook;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

/**
 * One POST the dispatcher tried, kept for tests and consoles.
 *
 * @param destination who the batch was for (the sandbox's key: an app, an app and company…)
 * @param attempt 1 for the first try, 2 for the first retry, …
 * @param status the receiver's HTTP status, or -1 when it could not be reached, timed out, or a fault switch failed it
 * @param events how many events the batch held
 * @param at the sandbox clock when the attempt was made
 */
public record WebhookAttempt<K>(K destination, URI url, int attempt, int status, int events, String body,
                                Map<String, String> headers, Instant at) {
    public boolean delivered() {
        return status >= 200 && status < 300;
    }
}
