package io.ledgerbridge.connector.xero.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Xero webhooks (API_FACTS B.9): the {@value #SIGNATURE_HEADER} check (base64 of HMAC-SHA256 of the raw body with the
 * app's webhook key, compared in constant time) and the payload read into {@link Event}s. An event names a changed
 * invoice or contact only; the records are read back in batches ({@code GET /Invoices?IDs=…}) by
 * {@code XeroSource.read}. Stateless.
 *
 * <p>Xero's "Intent to Receive" sends signed deliveries with no events, some signed wrongly: a correct signature must
 * be answered 200 (an {@link Verdict.Accepted} with no events), a wrong one 401, or Xero does not turn the webhook on.
 * Xero wants the answer within 5 seconds with no body, so a receiver stores the events and reads them back later.
 */
public final class XeroWebhooks {

    public static final String SIGNATURE_HEADER = "x-xero-signature";

    private static final ObjectMapper JSON = new ObjectMapper();

    private XeroWebhooks() {}

    /** What an event is about (API_FACTS B.9 {@code eventCategory}); only invoices and contacts are read. */
    public enum Category { INVOICE, CONTACT, OTHER }

    /**
     * One event of a delivery.
     *
     * @param deliveryId a stable id of the event for the webhook inbox: tenant, category, resource, type and time (Xero
     *                   sends no event id; a redelivery of the same event has the same one)
     * @param eventType  CREATE or UPDATE
     * @param json       the event as received
     */
    public record Event(String deliveryId, String tenantId, Category category, String resourceId, String eventType,
            String eventDateUtc, String json) {}

    /** The answer to a delivery. */
    public sealed interface Verdict {
        /** 200 with no body; {@code events} is empty for an intent-to-receive delivery. */
        record Accepted(List<Event> events) implements Verdict {
            public Accepted {
                events = List.copyOf(events);
            }
        }

        /** @param status 401 for a wrong or missing signature (as Xero requires), 400 for a body that is not Xero's */
        record Refused(int status, String reason) implements Verdict {}
    }

    /** Checks the signature over the raw body (401), then reads the body (400 when it is not Xero's). */
    public static Verdict check(String webhookKey, byte[] body, String signatureHeader) {
        if (webhookKey == null || webhookKey.isBlank()) {
            return new Verdict.Refused(401, "no Xero webhook key is configured on this connection (setting 'webhookKey')");
        }
        if (!verify(body, signatureHeader, webhookKey)) {
            return new Verdict.Refused(401, "the " + SIGNATURE_HEADER + " signature does not match the body");
        }
        try {
            return new Verdict.Accepted(parse(body));
        } catch (IllegalArgumentException e) {
            return new Verdict.Refused(400, e.getMessage());
        }
    }

    /** Whether {@code signature} is base64(HMAC-SHA256(body, key)), compared in constant time. */
    public static boolean verify(byte[] body, String signature, String webhookKey) {
        if (signature == null || signature.isBlank() || webhookKey == null) {
            return false;
        }
        try {
            byte[] given = Base64.getDecoder().decode(signature.strip());
            return MessageDigest.isEqual(hmac(body, webhookKey), given);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    /** base64(HMAC-SHA256(body, key)): what Xero sends, for tests and sandboxes. */
    public static String signature(byte[] body, String webhookKey) {
        return Base64.getEncoder().encodeToString(hmac(body, webhookKey));
    }

    private static byte[] hmac(byte[] body, String key) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /**
     * Reads a delivery body: {@code {"events":[…],"firstEventSequence":…,"lastEventSequence":…,"entropy":…}}.
     *
     * @throws IllegalArgumentException when it is not that
     */
    public static List<Event> parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("a Xero webhook body is JSON; this is not");
        }
        if (root == null || !root.isObject() || !root.path("events").isArray()) {
            throw new IllegalArgumentException("a Xero webhook body is an object with an 'events' array");
        }
        var out = new ArrayList<Event>();
        for (JsonNode e : root.get("events")) {
            out.add(event(e));
        }
        return out;
    }

    /** One event as stored in the webhook inbox. */
    public static Event event(String json) {
        try {
            return event(JSON.readTree(json));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a Xero webhook event: " + e.getMessage());
        }
    }

    private static Event event(JsonNode e) {
        if (!e.isObject() || !e.hasNonNull("resourceId") || !e.hasNonNull("eventCategory")) {
            throw new IllegalArgumentException("a Xero webhook event has resourceId and eventCategory");
        }
        Category category = switch (e.get("eventCategory").asText()) {
            case "INVOICE" -> Category.INVOICE;
            case "CONTACT" -> Category.CONTACT;
            default -> Category.OTHER;
        };
        String tenant = e.path("tenantId").asText(null);
        String type = e.path("eventType").asText(null);
        String at = e.path("eventDateUtc").asText(null);
        return new Event(tenant + "/" + e.get("eventCategory").asText() + "/" + e.get("resourceId").asText() + "/" + type
                + "/" + at, tenant, category, e.get("resourceId").asText(), type, at, e.toString());
    }

    /** Ids to read back, per kind: invoices and contacts of {@code tenantId} (other tenants' events are left out). */
    public record Changed(Set<String> invoices, Set<String> contacts) {
        public Changed {
            invoices = Set.copyOf(invoices);
            contacts = Set.copyOf(contacts);
        }

        public boolean isEmpty() {
            return invoices.isEmpty() && contacts.isEmpty();
        }
    }

    /**
     * What the events ask to read for one connection: invoices and contacts of its tenant. A delivery can carry
     * several organisations' events (one webhook per app); each connection takes its own.
     */
    public static Changed changed(Collection<Event> events, String tenantId) {
        var invoices = new LinkedHashSet<String>();
        var contacts = new LinkedHashSet<String>();
        for (var e : events) {
            if (tenantId != null && e.tenantId() != null && !tenantId.equals(e.tenantId())) {
                continue;
            }
            switch (e.category()) {
                case INVOICE -> invoices.add(e.resourceId());
                case CONTACT -> contacts.add(e.resourceId());
                case OTHER -> { }
            }
        }
        return new Changed(invoices, contacts);
    }
}
