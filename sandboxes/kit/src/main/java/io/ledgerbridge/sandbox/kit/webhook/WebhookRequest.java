package io.ledgerbridge.sandbox.kit.webhook;

import java.net.URI;
import java.util.Map;

/** One POST a sandbox wants sent: where, the exact body (the bytes signed), and headers (signature, timestamp…). */
public record WebhookRequest(URI url, String body, Map<String, String> headers) {
    public WebhookRequest {
        headers = Map.copyOf(headers);
    }
}
