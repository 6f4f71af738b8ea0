package io.ledgerbridge.sandbox.xero.webhook;

import io.ledgerbridge.sandbox.kit.webhook.Hmac;

/** {@code x-xero-signature} = base64(HMAC-SHA256(raw body, webhook key)) (API_FACTS B.9 [OFFICIAL]; xero-webhooks.yaml). */
public final class WebhookSignature {
    private WebhookSignature() {}

    public static String sign(String body, String key) {
        return Hmac.sha256Base64(key, body);
    }

    public static boolean matches(String body, String key, String received) {
        return received != null && Hmac.matches(sign(body, key), received);
    }
}
