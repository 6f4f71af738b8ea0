package io.ledgerbridge.sandbox.hubspot.crm;

import java.time.Instant;

/** What the store tells listeners (webhooks) after a write; one write may yield several. */
public sealed interface ObjectChange {
    ObjectType type();
    String objectId();
    Instant at();
    WriteSource source();

    record Created(ObjectType type, String objectId, Instant at, WriteSource source) implements ObjectChange {}

    record PropertyChanged(ObjectType type, String objectId, Instant at, WriteSource source, String propertyName,
                           String propertyValue) implements ObjectChange {}

    record Deleted(ObjectType type, String objectId, Instant at, WriteSource source) implements ObjectChange {}
}
