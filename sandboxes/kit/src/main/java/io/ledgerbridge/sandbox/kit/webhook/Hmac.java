package io.ledgerbridge.sandbox.kit.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 of a UTF-8 message with a UTF-8 secret, the signature most vendors put on webhooks, in the two
 * encodings they use. {@link #matches} compares in constant time, as a receiver must.
 */
public final class Hmac {
    private Hmac() {}

    public static byte[] sha256(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** base64 (standard alphabet, padded) of HMAC-SHA256. */
    public static String sha256Base64(String secret, String message) {
        return Base64.getEncoder().encodeToString(sha256(secret, message));
    }

    /** Lower-case hex of HMAC-SHA256. */
    public static String sha256Hex(String secret, String message) {
        return HexFormat.of().formatHex(sha256(secret, message));
    }

    /** Constant-time comparison of an expected and a received signature; null never matches. */
    public static boolean matches(String expected, String received) {
        return expected != null && received != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), received.getBytes(StandardCharsets.UTF_8));
    }
}
