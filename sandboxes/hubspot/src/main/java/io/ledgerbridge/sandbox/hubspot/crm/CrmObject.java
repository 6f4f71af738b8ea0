package io.ledgerbridge.sandbox.hubspot.crm;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One stored record. Mutable, and only touched under its portal's lock ({@link ObjectStore}); everything that
 * leaves the store is a {@link SandboxObject} snapshot. All property values are strings (API_FACTS C.1).
 */
final class CrmObject {
    final ObjectType type;
    final String id;
    final Map<String, String> properties = new LinkedHashMap<>();
    final Map<String, List<PropertyVersion>> history = new LinkedHashMap<>();
    final Instant createdAt;
    Instant updatedAt;
    Instant archivedAt;

    CrmObject(ObjectType type, String id, Instant createdAt) {
        this.type = type;
        this.id = id;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    boolean archived() { return archivedAt != null; }

    /** Sets a value and records it in the history; returns true when the value changed. */
    boolean set(String name, String value, Instant at, WriteSource source) {
        String old = properties.get(name);
        if (value == null || value.isEmpty()) {
            // Spec (PATCH): "Properties values can be cleared by passing an empty string."
            if (old == null) return false;
            properties.remove(name);
        } else {
            if (value.equals(old)) return false;
            properties.put(name, value);
        }
        history.computeIfAbsent(name, k -> new ArrayList<>()).addFirst(new PropertyVersion(value == null ? "" : value, at, source));
        return true;
    }

    SandboxObject snapshot() {
        Map<String, List<PropertyVersion>> h = new LinkedHashMap<>();
        history.forEach((k, v) -> h.put(k, List.copyOf(v)));
        return new SandboxObject(type, id, Collections.unmodifiableMap(new LinkedHashMap<>(properties)), Collections.unmodifiableMap(h), createdAt, updatedAt, archivedAt);
    }
}
