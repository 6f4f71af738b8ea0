package io.ledgerbridge.sandbox.hubspot.webhook;

import io.ledgerbridge.sandbox.kit.webhook.Hmac;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * HubSpot webhook signatures (API_FACTS C.5 [OFFICIAL] "introducing version 3 of webhook signatures"; Node SDK
 * {@code src/utils/signature.ts}). v3: base64(HMAC-SHA256(clientSecret, method + uri + body + timestamp)), sent as
 * {@code X-HubSpot-Signature-v3} with {@code X-HubSpot-Request-Timestamp} (epoch ms); receivers reject timestamps
 * older than 5 minutes. v1 (legacy {@code X-HubSpot-Signature}): hex(SHA-256(clientSecret + body)).
 * Connector tests use this class to sign and verify exactly as the sandbox does.
 */
public final class WebhookSignature {
    /** SDK {@code MAX_ALLOWED_TIMESTAMP = 300000} ms. */
    public static final Duration MAX_AGE = Duration.ofMinutes(5);

    private WebhookSignature() {}

    public static String v3(String clientSecret, String method, String uri, String body, long timestampMillis) {
        return Hmac.sha256Base64(clientSecret, method + uri + body + timestampMillis);
    }

    /** True when the signature matches and the timestamp is at most 5 minutes old at {@code now}. */
    public static boolean verifyV3(String clientSecret, String method, String uri, String body, String timestampHeader,
                                   String signatureHeader, Instant now) {
        if (timestampHeader == null || signatureHeader == null) return false;
        long ts;
        try {
            ts = Long.parseLong(timestampHeader);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Duration.between(Instant.ofEpochMilli(ts), now).compareTo(MAX_AGE) > 0) return false;
        return Hmac.matches(v3(clientSecret, method, uri, body, ts), signatureHeader);
    }

    /** Not an HMAC: a plain SHA-256 of secret and body, HubSpot's own legacy scheme. */
    public static String v1(String clientSecret, String body) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((clientSecret + body).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
