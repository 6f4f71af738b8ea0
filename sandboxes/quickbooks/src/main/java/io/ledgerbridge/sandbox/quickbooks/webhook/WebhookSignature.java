package io.ledgerbridge.sandbox.quickbooks.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** API_FACTS A.9: header {@code intuit-signature} = base64(HMAC-SHA256(raw body, verifier token)). */
public final class WebhookSignature {
    public static final String HEADER = "intuit-signature";

    private WebhookSignature() {}

    public static String sign(String body, String verifierToken) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(verifierToken.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
