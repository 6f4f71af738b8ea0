package io.ledgerbridge.sandbox.quickbooks.webhook;

import io.ledgerbridge.sandbox.kit.webhook.Hmac;

/** API_FACTS A.9: header {@code intuit-signature} = base64(HMAC-SHA256(raw body, verifier token)). */
public final class WebhookSignature {
    public static final String HEADER = "intuit-signature";

    private WebhookSignature() {}

    public static String sign(String body, String verifierToken) {
        return Hmac.sha256Base64(verifierToken, body);
    }
}
