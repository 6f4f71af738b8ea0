package io.ledgerbridge.sandbox.hubspot.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
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
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(clientSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String source = method + uri + body + timestampMillis;
            return Base64.getEncoder().encodeToString(mac.doFinal(source.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
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
        byte[] expected = v3(clientSecret, method, uri, body, ts).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, signatureHeader.getBytes(StandardCharsets.UTF_8));
    }

    public static String v1(String clientSecret, String body) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((clientSecret + body).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
