package io.ledgerbridge.connector.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HubSpot webhooks (API_FACTS C.5): the v3 signature and timestamp check, and the payload (a JSON array of events)
 * read into {@link Event}s. An event only says "object X changed"; the records are read back in batches by
 * {@link HubSpotSource#read}. Stateless.
 *
 * <p>Signature v3 = base64(HMAC-SHA256(client secret, method + URL + body + timestamp)), sent as
 * {@value #SIGNATURE_HEADER} with {@value #TIMESTAMP_HEADER} (epoch milliseconds). A timestamp more than five minutes
 * away from now is refused, so a captured delivery cannot be replayed later.
 */
public final class HubSpotWebhooks {

    public static final String SIGNATURE_HEADER = "X-HubSpot-Signature-v3";
    public static final String TIMESTAMP_HEADER = "X-HubSpot-Request-Timestamp";
    /** The SDK's {@code MAX_ALLOWED_TIMESTAMP = 300000} ms. */
    public static final Duration MAX_AGE = Duration.ofMinutes(5);

    private HubSpotWebhooks() {}

    /** What an event is about. Invoices come as generic {@code object.*} events with {@code objectTypeId 0-53}. */
    public enum Kind { INVOICE, LINE_ITEM, CONTACT, PRODUCT, OTHER }

    /**
     * One event of a delivery.
     *
     * @param eventId      HubSpot's id of the event, the same on every retry of the delivery
     * @param changeSource who made the change ({@code INTEGRATION}, {@code CRM_UI}, ...)
     * @param sourceId     the app id for integrations
     * @param json         the event as received, for the webhook inbox
     */
    public record Event(String eventId, String portalId, Kind kind, String objectId, String subscriptionType,
            String changeSource, String sourceId, String json) {

        public boolean deletion() {
            return subscriptionType.endsWith(".deletion");
        }

        /** Whether the change was made by the app {@code appId} (Ledgerbridge's own write coming back). */
        public boolean madeBy(String appId) {
            return appId != null && "INTEGRATION".equals(changeSource) && appId.equals(sourceId);
        }
    }

    /** The answer to a delivery. */
    public sealed interface Verdict {
        record Accepted(List<Event> events) implements Verdict {
            public Accepted {
                events = List.copyOf(events);
            }
        }

        /** @param status 401 for a bad signature or a stale timestamp, 400 for a body that is not HubSpot's */
        record Refused(int status, String reason) implements Verdict {}
    }

    /**
     * Checks a delivery and reads its events: the timestamp first (401 when missing or more than five minutes away),
     * then the signature over the raw body (401), then the body (400 when it is not an array of events).
     *
     * @param url the full URL HubSpot posted to, as configured in the app (scheme, host, path and query)
     */
    public static Verdict check(String clientSecret, String method, String url, String body, String timestampHeader,
            String signatureHeader, Instant now) {
        if (clientSecret == null || clientSecret.isBlank()) {
            return new Verdict.Refused(401, "no client secret is configured to check HubSpot's signature");
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader == null ? "" : timestampHeader.strip());
        } catch (NumberFormatException e) {
            return new Verdict.Refused(401, "missing or unreadable " + TIMESTAMP_HEADER);
        }
        Duration age = Duration.between(Instant.ofEpochMilli(timestamp), now).abs();
        if (age.compareTo(MAX_AGE) > 0) {
            return new Verdict.Refused(401, "stale delivery: its timestamp is " + age.toSeconds()
                    + " s away from now (at most " + MAX_AGE.toSeconds() + " s)");
        }
        if (signatureHeader == null || !matches(signature(clientSecret, method, url, body, timestamp), signatureHeader)) {
            return new Verdict.Refused(401, "the " + SIGNATURE_HEADER + " signature does not match");
        }
        try {
            return new Verdict.Accepted(parse(body));
        } catch (IllegalArgumentException e) {
            return new Verdict.Refused(400, e.getMessage());
        }
    }

    /** base64(HMAC-SHA256(secret, method + url + body + timestamp)). */
    public static String signature(String clientSecret, String method, String url, String body, long timestampMillis) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(clientSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((method + url + body + timestampMillis).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /**
     * Reads a delivery body.
     *
     * @throws IllegalArgumentException when it is not a JSON array of events with {@code eventId} and {@code objectId}
     */
    public static List<Event> parse(String body) {
        JsonNode root;
        try {
            root = HubSpotApi.JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("a HubSpot webhook body is a JSON array of events; this is not JSON");
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("a HubSpot webhook body is a JSON array of events");
        }
        var events = new ArrayList<Event>();
        for (JsonNode e : root) {
            events.add(event(e));
        }
        return events;
    }

    /** One event as stored in the webhook inbox. */
    public static Event event(String json) {
        try {
            return event(HubSpotApi.JSON.readTree(json));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a HubSpot webhook event: " + e.getMessage());
        }
    }

    private static Event event(JsonNode e) {
        if (!e.isObject() || !e.hasNonNull("eventId") || !e.hasNonNull("objectId") || !e.hasNonNull("subscriptionType")) {
            throw new IllegalArgumentException("a HubSpot webhook event has eventId, subscriptionType and objectId");
        }
        String type = e.get("subscriptionType").asText();
        return new Event(e.get("eventId").asText(), e.path("portalId").asText(null), kind(type, e.path("objectTypeId").asText("")),
                e.get("objectId").asText(), type, e.path("changeSource").asText(null), e.path("sourceId").asText(null),
                e.toString());
    }

    private static Kind kind(String subscriptionType, String objectTypeId) {
        String prefix = subscriptionType.contains(".") ? subscriptionType.substring(0, subscriptionType.indexOf('.')) : "";
        String key = prefix.equals("object") ? objectTypeId : prefix;
        return switch (key) {
            case "0-53", "invoice" -> Kind.INVOICE;
            case "0-8", "line_item" -> Kind.LINE_ITEM;
            case "0-1", "contact" -> Kind.CONTACT;
            case "0-7", "product" -> Kind.PRODUCT;
            default -> Kind.OTHER;
        };
    }

    /**
     * What the events ask to read: deletions (nothing is deleted by a sync), other portals' events, kinds that are not
     * synced, and Ledgerbridge's own writes coming back (changes by the app {@code settings.appId()}) are left out.
     */
    public static HubSpotSource.Changed changed(Collection<Event> events, HubSpotSettings settings) {
        Set<String> invoices = new LinkedHashSet<>();
        Set<String> lines = new LinkedHashSet<>();
        Set<String> contacts = new LinkedHashSet<>();
        Set<String> products = new LinkedHashSet<>();
        for (var e : events) {
            if (e.deletion() || e.madeBy(settings.appId())
                    || (settings.portalId() != null && e.portalId() != null && !settings.portalId().equals(e.portalId()))) {
                continue;
            }
            switch (e.kind()) {
                case INVOICE -> invoices.add(e.objectId());
                case LINE_ITEM -> lines.add(e.objectId());
                case CONTACT -> contacts.add(e.objectId());
                case PRODUCT -> products.add(e.objectId());
                case OTHER -> { }
            }
        }
        return new HubSpotSource.Changed(invoices, lines, contacts, products);
    }

    private static boolean matches(String expected, String given) {
        try {
            return MessageDigest.isEqual(Base64.getDecoder().decode(expected), Base64.getDecoder().decode(given.strip()));
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }
}
