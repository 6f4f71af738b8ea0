package io.ledgerbridge.sandbox.kit.oauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/** A client id and secret, as sent to a token endpoint with HTTP Basic (RFC 6749 2.3.1). */
public record ClientCredentials(String clientId, String clientSecret) {
    /** Reads {@code Authorization: Basic base64(id:secret)}; empty when missing or malformed. */
    public static Optional<ClientCredentials> fromBasic(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? Optional.empty()
                : Optional.of(new ClientCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }

    /** {@code Basic base64(id:secret)}, for tests and clients. */
    public String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
    }

    /** Constant-time check of the secret. */
    public boolean secretMatches(String expected) {
        return expected != null && clientSecret != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), clientSecret.getBytes(StandardCharsets.UTF_8));
    }

}
