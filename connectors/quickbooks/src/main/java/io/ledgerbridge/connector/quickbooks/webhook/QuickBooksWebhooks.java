package io.ledgerbridge.connector.quickbooks.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * QuickBooks webhooks (API_FACTS A.9): the {@code intuit-signature} check, and both payloads, the legacy
 * {@code eventNotifications} object and the CloudEvents array, read into one list of notifications. A notification
 * names a changed entity only; the record itself is read through change data capture (see the QuickBooks source).
 */
public final class QuickBooksWebhooks {

    public static final String SIGNATURE_HEADER = "intuit-signature";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> OPERATIONS = Map.of("created", "Create", "updated", "Update",
            "deleted", "Delete", "merged", "Merge", "voided", "Void", "emailed", "Emailed");

    private QuickBooksWebhooks() {}

    /** One changed entity: {@code operation} in the legacy words (Create, Update, Delete, Merge, Void, Emailed). */
    public record Notification(String realmId, String entity, String id, String operation, Instant at) {}

    /**
     * Whether {@code signature} is base64(HMAC-SHA256(body, verifier token)), compared in constant time. The body
     * must be the raw bytes as received.
     */
    public static boolean verify(byte[] body, String signature, String verifierToken) {
        if (signature == null || signature.isBlank() || verifierToken == null) {
            return false;
        }
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(verifierToken.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal(body);
            byte[] given = Base64.getDecoder().decode(signature.strip());
            return MessageDigest.isEqual(expected, given);
        } catch (IllegalArgumentException notBase64) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /**
     * Reads either payload.
     *
     * @throws IllegalArgumentException when the body is neither
     */
    public static List<Notification> parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("a QuickBooks webhook body is JSON", e);
        }
        var out = new ArrayList<Notification>();
        if (root != null && root.isArray()) {
            for (JsonNode event : root) {
                // CloudEvents: type qbo.<entity>.<operation, past tense>.v1
                String[] type = event.path("type").asText("").split("\\.");
                if (type.length < 3 || !type[0].equals("qbo")) {
                    continue;
                }
                out.add(new Notification(event.path("intuitaccountid").asText(null), capitalised(type[1]),
                        event.path("intuitentityid").asText(null), OPERATIONS.getOrDefault(type[2], capitalised(type[2])),
                        instant(event.path("time").asText(null))));
            }
            return out;
        }
        if (root == null || !root.has("eventNotifications")) {
            throw new IllegalArgumentException("neither CloudEvents nor eventNotifications");
        }
        for (JsonNode n : root.get("eventNotifications")) {
            String realm = n.path("realmId").asText(null);
            for (JsonNode e : n.path("dataChangeEvent").path("entities")) {
                out.add(new Notification(realm, e.path("name").asText(null), e.path("id").asText(null),
                        e.path("operation").asText(null), instant(e.path("lastUpdated").asText(null))));
            }
        }
        return out;
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
