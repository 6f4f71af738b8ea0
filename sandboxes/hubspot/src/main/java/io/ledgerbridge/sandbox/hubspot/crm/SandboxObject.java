package io.ledgerbridge.sandbox.hubspot.crm;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An immutable copy of a stored record, handed to the Java API and to renderers. */
public record SandboxObject(ObjectType type, String id, Map<String, String> properties,
                            Map<String, List<PropertyVersion>> history, Instant createdAt, Instant updatedAt,
                            Instant archivedAt) {
    public boolean archived() { return archivedAt != null; }

    public String property(String name) { return properties.get(name); }
}
