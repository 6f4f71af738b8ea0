package io.ledgerbridge.sandbox.hubspot.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.ledgerbridge.sandbox.hubspot.ApiRequest;
import io.ledgerbridge.sandbox.hubspot.HubSpotException;
import io.ledgerbridge.sandbox.hubspot.Json;
import io.ledgerbridge.sandbox.hubspot.Portal;
import io.ledgerbridge.sandbox.hubspot.association.AssociationGraph;
import io.ledgerbridge.sandbox.hubspot.association.AssociationKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /crm/v3/objects/{objectType}} basic endpoints (API_FACTS C.1 [SPEC]): list, create (201), read, update
 * (PATCH, 200), archive (DELETE, 204), with the {@code properties}, {@code propertiesWithHistory},
 * {@code associations}, {@code archived} and {@code idProperty} query params.
 */
public final class CrmRoutes {

    public void list(Context ctx) {
        ObjectType type = type(ctx);
        ApiRequest.requireScope(ctx, type.scope() + ".read");
        Portal portal = ApiRequest.portal(ctx);
        int limit = Math.min(100, Math.max(1, intParam(ctx, "limit", 10)));
        long after = ctx.queryParam("after") == null ? 0 : parseCursor(ctx.queryParam("after"));
        List<SandboxObject> all = portal.store().list(type, ApiRequest.flag(ctx, "archived"));
        List<SandboxObject> page = all.stream().filter(o -> Long.parseLong(o.id()) >= after).limit(limit + 1L).toList();
        ObjectNode body = Json.object();
        ArrayNode results = body.putArray("results");
        page.stream().limit(limit).forEach(o -> results.add(render(ctx, portal, o, ApiRequest.list(ctx, "properties"))));
        if (page.size() > limit) {
            String next = page.get(limit).id();
            body.putObject("paging").putObject("next").put("after", next)
                    .put("link", "/crm/v3/objects/" + type.path() + "?after=" + next);
        }
        ctx.json(body);
    }

    public void create(Context ctx) {
        ObjectType type = type(ctx);
        ApiRequest.requireScope(ctx, type.scope() + ".write");
        Portal portal = ApiRequest.portal(ctx);
        SandboxObject created = create(portal, type, ApiRequest.body(ctx), ApiRequest.credential(ctx).source());
        ctx.status(201).json(renderAll(created));
    }

    public void read(Context ctx) {
        ObjectType type = type(ctx);
        ApiRequest.requireScope(ctx, type.scope() + ".read");
        Portal portal = ApiRequest.portal(ctx);
        SandboxObject o = find(ctx, portal, type, ApiRequest.flag(ctx, "archived"));
        ctx.json(render(ctx, portal, o, ApiRequest.list(ctx, "properties")));
    }

    public void update(Context ctx) {
        ObjectType type = type(ctx);
        ApiRequest.requireScope(ctx, type.scope() + ".write");
        Portal portal = ApiRequest.portal(ctx);
        SandboxObject o = find(ctx, portal, type, false);
        SandboxObject updated = portal.store().update(type, o.id(), properties(ApiRequest.body(ctx)), ApiRequest.credential(ctx).source());
        ctx.json(renderAll(updated));
    }

    public void archive(Context ctx) {
        ObjectType type = type(ctx);
        ApiRequest.requireScope(ctx, type.scope() + ".write");
        Portal portal = ApiRequest.portal(ctx);
        portal.store().archive(type, ctx.pathParam("objectId"), ApiRequest.credential(ctx).source());
        ctx.status(204);
    }

    /** Creates a record and the associations of its input ({@code associations:[{to:{id}, types:[...]}]}), all or nothing. */
    static SandboxObject create(Portal portal, ObjectType type, JsonNode input, WriteSource source) {
        Map<String, String> props = properties(input);
        record Planned(String toId, AssociationKind kind) {}
        List<Planned> planned = new ArrayList<>();
        for (JsonNode a : iterable(input.get("associations"))) {
            String toId = a.path("to").path("id").asText(null);
            for (JsonNode t : iterable(a.get("types"))) {
                int typeId = t.path("associationTypeId").asInt(-1);
                AssociationKind kind = portal.associations().types().all().stream()
                        .filter(k -> k.from() == type && k.typeId() == typeId).findFirst()
                        .orElseThrow(() -> HubSpotException.validation(typeId + " is not a valid association type id for " + type.path()));
                if (toId == null || !portal.store().exists(kind.to(), toId)) {
                    throw HubSpotException.validation("No " + kind.to().singular() + " with ID " + toId + " exists to associate with");
                }
                planned.add(new Planned(toId, kind));
            }
        }
        SandboxObject created = portal.store().create(type, props, source);
        for (Planned p : planned) {
            portal.associations().associate(type, created.id(), p.kind().to(), p.toId(), p.kind().typeId(), source);
        }
        return portal.store().find(type, created.id()).orElseThrow();
    }

    static ObjectType type(Context ctx) {
        return ObjectType.parse(ctx.pathParam("objectType"));
    }

    static SandboxObject find(Context ctx, Portal portal, ObjectType type, boolean archived) {
        String id = ctx.pathParam("objectId");
        String idProperty = ctx.queryParam("idProperty");
        if (archived) {
            return portal.store().find(type, id).filter(SandboxObject::archived).orElseThrow(() -> HubSpotException.notFound("resource not found"));
        }
        return portal.store().findBy(type, idProperty, id).orElseThrow(() -> HubSpotException.notFound("resource not found"));
    }

    static Map<String, String> properties(JsonNode input) {
        Map<String, String> props = new LinkedHashMap<>();
        JsonNode p = input == null ? null : input.get("properties");
        if (p == null || !p.isObject()) return props;
        // Values are strings in HubSpot; numbers and booleans are accepted and stored as their text (API_FACTS C.1).
        p.properties().forEach(e -> props.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
        return props;
    }

    static ObjectNode renderAll(SandboxObject o) {
        return CrmJson.render(o, List.copyOf(o.properties().keySet()), null, null);
    }

    static ObjectNode render(Context ctx, Portal portal, SandboxObject o, List<String> properties) {
        return CrmJson.render(o, properties, ApiRequest.list(ctx, "propertiesWithHistory"),
                associations(portal, o, ApiRequest.list(ctx, "associations")));
    }

    /** The v3 {@code associations} block: unknown type names are ignored, as the spec says. */
    public static Map<String, List<AssociatedId>> associations(Portal portal, SandboxObject o, List<String> toTypes) {
        if (toTypes == null) return null;
        Map<String, List<AssociatedId>> out = new LinkedHashMap<>();
        for (String name : toTypes) {
            ObjectType to;
            try {
                to = ObjectType.parse(name);
            } catch (HubSpotException e) {
                continue;
            }
            List<AssociatedId> ids = new ArrayList<>();
            for (AssociationGraph.Link link : portal.associations().links(o.type(), o.id(), to)) {
                for (AssociationKind k : link.kinds()) ids.add(new AssociatedId(link.toObjectId(), typeName(k)));
            }
            out.put(to.path(), ids);
        }
        return out;
    }

    static String typeName(AssociationKind k) {
        String base = k.from().singular() + "_to_" + k.to().singular();
        return k.isDefault() ? base : base + "_" + k.label().toLowerCase(java.util.Locale.ROOT).replace(' ', '_');
    }

    static Iterable<JsonNode> iterable(JsonNode n) {
        return n != null && n.isArray() ? n : List.of();
    }

    private static int intParam(Context ctx, String name, int dflt) {
        String v = ctx.queryParam(name);
        try {
            return v == null ? dflt : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw HubSpotException.validation(name + " must be a number: " + v);
        }
    }

    private static long parseCursor(String after) {
        try {
            return Long.parseLong(after);
        } catch (NumberFormatException e) {
            throw HubSpotException.validation("Invalid paging cursor: " + after);
        }
    }
}
