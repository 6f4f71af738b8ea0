package io.ledgerbridge.sandbox.kit.oauth;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * What minted token strings look like: a prefix and that many random URL-safe characters after it, so each sandbox's
 * tokens resemble its vendor's (length checks in clients are then exercised too).
 */
public record TokenFormat(String accessPrefix, int accessLength, String refreshPrefix, int refreshLength,
                          String codePrefix, int codeLength) {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Neutral shapes: {@code at-…}, {@code rt-…}, {@code code-…}. */
    public static final TokenFormat PLAIN = new TokenFormat("at-", 64, "rt-", 40, "code-", 24);

    public TokenFormat {
        if (accessLength < 16 || refreshLength < 16 || codeLength < 8) {
            throw new IllegalArgumentException("random parts too short to be unguessable");
        }
    }

    String accessToken() {
        return accessPrefix + random(accessLength);
    }

    String refreshToken() {
        return refreshPrefix + random(refreshLength);
    }

    String code() {
        return codePrefix + random(codeLength);
    }

    /** {@code length} random URL-safe base64 characters. */
    public static String random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).substring(0, length);
    }
}
