package io.ledgerbridge.sandbox.hubspot.webhook;

import io.ledgerbridge.sandbox.hubspot.crm.ObjectType;

import java.util.ArrayList;
import java.util.List;

/**
 * One subscription of an app (API_FACTS C.5). {@code eventType} is {@code creation}, {@code propertyChange} or
 * {@code deletion}; the subscription type sent is {@code contact.creation} for types with legacy names and
 * {@code object.creation} + {@code objectTypeId} for invoices. {@code propertyName == null} means any property
 * (sandbox convenience; HubSpot needs one subscription per property).
 */
public record WebhookSubscription(long id, ObjectType objectType, String eventType, String propertyName) {

    public String subscriptionType() {
        return (objectType.webhookName() == null ? "object" : objectType.webhookName()) + "." + eventType;
    }

    public boolean generic() { return objectType.webhookName() == null; }

    /** Creation, any property change and deletion of every object type. */
    public static List<WebhookSubscription> everything(long firstId) {
        List<WebhookSubscription> all = new ArrayList<>();
        long id = firstId;
        for (ObjectType t : ObjectType.values()) {
            for (String e : List.of("creation", "propertyChange", "deletion")) all.add(new WebhookSubscription(id++, t, e, null));
        }
        return all;
    }
}
