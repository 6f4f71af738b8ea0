package io.ledgerbridge.sandbox.kit.webhook;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One POST the dispatcher tried, kept for tests and consoles.
 *
 * @param destination who the batch was for (the sandbox's key: an app, an app and company…; whatever the sandbox's
 *        delivery log needs to tell attempts apart, e.g. a handshake probe's kind)
 * @param attempt 1 for the first try, 2 for the first retry, …
 * @param status the receiver's HTTP status, or -1 when it could not be reached, timed out, or a fault switch failed it
 * @param events how many events the batch held
 * @param at the sandbox clock when the attempt ended (answer, timeout or failure)
 * @param duration how long the POST took in real time, from sending to the answer (zero when a fault switch failed it)
 */
public record WebhookAttempt<K>(K destination, URI url, int attempt, int status, int events, String body,
                                Map<String, String> headers, Instant at, Duration duration) {
    public boolean delivered() {
        return status >= 200 && status < 300;
    }
}
