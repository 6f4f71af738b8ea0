package io.ledgerbridge.sandbox.hubspot.crm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.sandbox.hubspot.Json;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders {@code SimplePublicObject(WithAssociations)} (spec): {@code {id, properties{...strings}, propertiesWithHistory?,
 * associations?, createdAt, updatedAt, archived, archivedAt?}}.
 */
public final class CrmJson {
    private static final Set<String> SYSTEM = Set.of("hs_object_id", "hs_createdate", "createdate", "hs_lastmodifieddate", "lastmodifieddate");

    private CrmJson() {}

    /**
     * @param properties requested names, or null for the type's defaults; the system ids and dates of the type's
     *                   defaults are always included, as HubSpot does
     */
    public static ObjectNode render(SandboxObject o, List<String> properties, List<String> withHistory,
                                    Map<String, List<AssociatedId>> associations) {
        ObjectNode n = Json.object();
        n.put("id", o.id());
        ObjectNode props = n.putObject("properties");
        Set<String> names = new LinkedHashSet<>();
        if (properties == null || properties.isEmpty()) {
            names.addAll(o.type().defaultProperties());
        } else {
            o.type().defaultProperties().stream().filter(SYSTEM::contains).forEach(names::add);
            names.addAll(properties);
        }
        for (String name : names) {
            // Requested-but-unset properties are returned as null, as HubSpot does.
            String v = o.properties().get(name);
            if (v == null) props.putNull(name); else props.put(name, v);
        }
        if (withHistory != null && !withHistory.isEmpty()) {
            ObjectNode h = n.putObject("propertiesWithHistory");
            for (String name : withHistory) {
                ArrayNode versions = h.putArray(name);
                for (PropertyVersion v : o.history().getOrDefault(name, List.of())) {
                    ObjectNode e = versions.addObject();
                    e.put("value", v.value());
                    e.put("timestamp", Timestamps.format(v.timestamp()));
                    e.put("sourceType", v.source().type());
                    e.put("sourceId", v.source().id());
                    e.put("sourceLabel", v.source().label());
                }
            }
        }
        n.put("createdAt", Timestamps.format(o.createdAt()));
        n.put("updatedAt", Timestamps.format(o.updatedAt()));
        n.put("archived", o.archived());
        if (o.archived()) n.put("archivedAt", Timestamps.format(o.archivedAt()));
        if (associations != null && !associations.isEmpty()) {
            ObjectNode a = n.putObject("associations");
            associations.forEach((toType, ids) -> {
                if (ids.isEmpty()) return;
                ArrayNode results = a.putObject(toType).putArray("results");
                ids.forEach(id -> results.addObject().put("id", id.id()).put("type", id.type()));
            });
        }
        return n;
    }
}
