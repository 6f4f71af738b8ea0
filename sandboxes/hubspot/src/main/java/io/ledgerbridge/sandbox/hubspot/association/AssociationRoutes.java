package io.ledgerbridge.sandbox.hubspot.association;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.ledgerbridge.sandbox.hubspot.ApiRequest;
import io.ledgerbridge.sandbox.hubspot.ErrorCategory;
import io.ledgerbridge.sandbox.hubspot.HubSpotException;
import io.ledgerbridge.sandbox.hubspot.Json;
import io.ledgerbridge.sandbox.hubspot.Portal;
import io.ledgerbridge.sandbox.hubspot.crm.ObjectType;
import io.ledgerbridge.sandbox.hubspot.crm.Timestamps;
import io.ledgerbridge.sandbox.hubspot.crm.WriteSource;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Associations v4 (API_FACTS C.1 [SPEC] {@code CRM/Associations/Rollouts/130902/v4/associations.json}): default and
 * labelled PUT, DELETE, GET of one record's associations, batch read/create/archive/associate-default, and the
 * {@code labels} endpoint that lets clients discover type ids instead of hard-coding them (C.2).
 */
public final class AssociationRoutes {
    private final Clock clock;

    public AssociationRoutes(Clock clock) {
        this.clock = clock;
    }

    /** PUT /crm/v4/objects/{fromObjectType}/{fromObjectId}/associations/default/{toObjectType}/{toObjectId} */
    public void associateDefault(Context ctx) {
        ObjectType from = ObjectType.parse(ctx.pathParam("fromObjectType"));
        ObjectType to = ObjectType.parse(ctx.pathParam("toObjectType"));
        requireScopes(ctx, from, to, "write");
        Instant started = clock.instant();
        String fromId = ctx.pathParam("fromObjectId");
        String toId = ctx.pathParam("toObjectId");
        AssociationKind kind = ApiRequest.portal(ctx).associations().associateDefault(from, fromId, to, toId, source(ctx));
        ObjectNode body = Json.object();
        body.put("status", "COMPLETE");
        ArrayNode results = body.putArray("results");
        results.add(defaultResult(fromId, toId, kind.typeId()));
        results.add(defaultResult(toId, fromId, kind.inverseTypeId()));
        body.put("startedAt", Timestamps.format(started));
        body.put("completedAt", Timestamps.format(clock.instant()));
        ctx.json(body);
    }

    /** PUT /crm/v4/objects/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId} with [{associationCategory, associationTypeId}] */
    public void associateLabelled(Context ctx) {
        ObjectType from = ObjectType.parse(ctx.pathParam("objectType"));
        ObjectType to = ObjectType.parse(ctx.pathParam("toObjectType"));
        requireScopes(ctx, from, to, "write");
        String fromId = ctx.pathParam("objectId");
        String toId = ctx.pathParam("toObjectId");
        JsonNode body = ApiRequest.body(ctx);
        if (!body.isArray() || body.isEmpty()) {
            throw HubSpotException.validation("Body must be a non-empty array of {associationCategory, associationTypeId}");
        }
        AssociationGraph graph = ApiRequest.portal(ctx).associations();
        List<AssociationKind> kinds = new ArrayList<>();
        for (JsonNode spec : body) kinds.add(graph.types().require(from, to, spec.path("associationTypeId").asInt(-1)));
        for (AssociationKind k : kinds) graph.associate(from, fromId, to, toId, k.typeId(), source(ctx));
        ctx.status(201).json(pair(from, fromId, to, toId, graph));
    }

    /** DELETE /crm/v4/objects/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId} */
    public void remove(Context ctx) {
        ObjectType from = ObjectType.parse(ctx.pathParam("objectType"));
        ObjectType to = ObjectType.parse(ctx.pathParam("toObjectType"));
        requireScopes(ctx, from, to, "write");
        ApiRequest.portal(ctx).associations().remove(from, ctx.pathParam("objectId"), to, ctx.pathParam("toObjectId"), source(ctx));
        ctx.status(204);
    }

    /** GET /crm/v4/objects/{objectType}/{objectId}/associations/{toObjectType} */
    public void list(Context ctx) {
        ObjectType from = ObjectType.parse(ctx.pathParam("objectType"));
        ObjectType to = ObjectType.parse(ctx.pathParam("toObjectType"));
        requireScopes(ctx, from, to, "read");
        Portal portal = ApiRequest.portal(ctx);
        String id = ctx.pathParam("objectId");
        if (!portal.store().exists(from, id)) throw HubSpotException.notFound("resource not found");
        ObjectNode body = Json.object();
        body.set("results", links(portal.associations().links(from, id, to)));
        ctx.json(body);
    }

    /** POST /crm/v4/associations/{fromObjectType}/{toObjectType}/batch/read with {inputs:[{id}]} */
    public void batchRead(Context ctx) {
        ObjectType from = ObjectType.parse(ctx.pathParam("fromObjectType"));
        ObjectType to = ObjectType.parse(ctx.pathParam("toObjectType"));
        requireScopes(ctx, from, to, "read");
        Instant started = clock.instant();
        AssociationGraph graph = ApiRequest.portal(ctx).associations();
        ArrayNode results = Json.array();
        ArrayNode errors = Json.array();
        for (JsonNode in : inputs(ctx)) {
            String id = in.path("id").asText();
            List<AssociationGraph.Link> links = graph.links(from, id, to);
            if (links.isEmpty()) {
                // Shape 2ND: HubSpot reports records without associations as per-input errors with a 207.
                ObjectNode e = error(ErrorCategory.OBJECT_NOT_FOUND, "No " + to.singular() + " is associated with " + from.singular() + " ID '" + id + "'.");
                e.put("subCategory", "crm.associations.NO_ASSOCIATIONS_FOUND");
                e.putObject("context").putArray("fromObjectId").add(id);
                errors.add(e);
                continue;
            }
            ObjectNode r = results.addObject();
            r.putObject("from").put("id", id);
            r.set("to", links(links));
        }
        respond(ctx, results, errors, started, 200);
    }

    /** POST /crm/v4/associations/{fromObjectType}/{toObjectType}/batch/create with {inputs:[{from:{id}, to:{id}, types:[...]}]} */
    public void batchCreate(Context ctx) {
        ObjectType from = ObjectType.parse(ctx.pathParam("fromObjectType"));
        ObjectType to = ObjectType.parse(ctx.pathParam("toObjectType"));
        requireScopes(ctx, from, to, "write");
        Instant started = clock.instant();
        AssociationGraph graph = ApiRequest.portal(ctx).associations();
        ArrayNode results = Json.array();
        ArrayNode errors = Json.array();
        for (JsonNode in : inputs(ctx)) {
            String fromId = in.path("from").path("id").asText();
            String toId = in.path("to").path("id").asText();
            try {
                JsonNode types = in.get("types");
                if (types == null || !types.isArray() || types.isEmpty()) throw HubSpotException.validation("types is required");
                for (JsonNode t : types) graph.types().require(from, to, t.path("associationTypeId").asInt(-1));
                for (JsonNode t : types) graph.associate(from, fromId, to, toId, t.path("associationTypeId").asInt(), source(ctx));
                results.add(pair(from, fromId, to, toId, graph));
            } catch (HubSpotException e) {
                ObjectNode err = error(e.category(), e.getMessage());
                ObjectNode c = err.putObject("context");
                c.putArray("fromObjectId").add(fromId);
                c.putArray("toObjectId").add(toId);
                errors.add(err);
            }
        }
        respond(ctx, results, errors, started, 201);
    }

    /** POST .../batch/associate/default with {inputs:[{from:{id}, to:{id}}]} */
    public void batchAssociateDefault(Context ctx) {
        ObjectType from = ObjectType.parse(ctx.pathParam("fromObjectType"));
        ObjectType to = ObjectType.parse(ctx.pathParam("toObjectType"));
        requireScopes(ctx, from, to, "write");
        Instant started = clock.instant();
        AssociationGraph graph = ApiRequest.portal(ctx).associations();
        ArrayNode results = Json.array();
        ArrayNode errors = Json.array();
        for (JsonNode in : inputs(ctx)) {
            String fromId = in.path("from").path("id").asText();
            String toId = in.path("to").path("id").asText();
            try {
                AssociationKind k = graph.associateDefault(from, fromId, to, toId, source(ctx));
                results.add(defaultResult(fromId, toId, k.typeId()));
                results.add(defaultResult(toId, fromId, k.inverseTypeId()));
            } catch (HubSpotException e) {
                errors.add(error(e.category(), e.getMessage()));
            }
        }
        respond(ctx, results, errors, started, 200);
    }

    /** POST .../batch/archive with {inputs:[{from:{id}, to:[{id}]}]} */
    public void batchArchive(Context ctx) {
        ObjectType from = ObjectType.parse(ctx.pathParam("fromObjectType"));
        ObjectType to = ObjectType.parse(ctx.pathParam("toObjectType"));
        requireScopes(ctx, from, to, "write");
        AssociationGraph graph = ApiRequest.portal(ctx).associations();
        for (JsonNode in : inputs(ctx)) {
            String fromId = in.path("from").path("id").asText();
            for (JsonNode t : in.path("to")) graph.remove(from, fromId, to, t.path("id").asText(), source(ctx));
        }
        ctx.status(204);
    }

    /** GET /crm/v4/associations/{fromObjectType}/{toObjectType}/labels */
    public void labels(Context ctx) {
        ObjectType from = ObjectType.parse(ctx.pathParam("fromObjectType"));
        ObjectType to = ObjectType.parse(ctx.pathParam("toObjectType"));
        ObjectNode body = Json.object();
        ArrayNode results = body.putArray("results");
        for (AssociationKind k : ApiRequest.portal(ctx).associations().types().between(from, to)) {
            ObjectNode r = results.addObject();
            r.put("category", k.category());
            r.put("typeId", k.typeId());
            if (k.label() == null) r.putNull("label"); else r.put("label", k.label());
        }
        ctx.json(body);
    }

    private static ArrayNode links(List<AssociationGraph.Link> links) {
        ArrayNode out = Json.array();
        for (AssociationGraph.Link l : links) {
            ObjectNode r = out.addObject();
            r.put("toObjectId", Long.parseLong(l.toObjectId()));
            ArrayNode types = r.putArray("associationTypes");
            for (AssociationKind k : l.kinds()) {
                ObjectNode t = types.addObject();
                t.put("category", k.category());
                t.put("typeId", k.typeId());
                if (k.label() == null) t.putNull("label"); else t.put("label", k.label());
            }
        }
        return out;
    }

    private static ObjectNode pair(ObjectType from, String fromId, ObjectType to, String toId, AssociationGraph graph) {
        ObjectNode r = Json.object();
        r.put("fromObjectTypeId", from.typeId());
        r.put("fromObjectId", Long.parseLong(fromId));
        r.put("toObjectTypeId", to.typeId());
        r.put("toObjectId", Long.parseLong(toId));
        ArrayNode labels = r.putArray("labels");
        graph.links(from, fromId, to).stream().filter(l -> l.toObjectId().equals(toId))
                .flatMap(l -> l.kinds().stream()).filter(k -> k.label() != null).forEach(k -> labels.add(k.label()));
        return r;
    }

    private static ObjectNode defaultResult(String fromId, String toId, int typeId) {
        ObjectNode r = Json.object();
        r.putObject("from").put("id", fromId);
        r.putObject("to").put("id", toId);
        r.putObject("associationSpec").put("associationCategory", AssociationKind.HUBSPOT_DEFINED).put("associationTypeId", typeId);
        return r;
    }

    private static ObjectNode error(ErrorCategory category, String message) {
        ObjectNode e = Json.object();
        e.put("status", "error");
        e.put("category", category.name());
        e.put("message", message);
        return e;
    }

    private List<JsonNode> inputs(Context ctx) {
        JsonNode inputs = ApiRequest.body(ctx).get("inputs");
        if (inputs == null || !inputs.isArray()) throw HubSpotException.validation("Invalid input JSON: inputs is required");
        List<JsonNode> list = new ArrayList<>();
        inputs.forEach(list::add);
        return list;
    }

    private void respond(Context ctx, ArrayNode results, ArrayNode errors, Instant started, int cleanStatus) {
        ObjectNode body = Json.object();
        body.put("status", "COMPLETE");
        body.set("results", results);
        if (!errors.isEmpty()) {
            body.set("errors", errors);
            body.put("numErrors", errors.size());
        }
        body.put("startedAt", Timestamps.format(started));
        body.put("completedAt", Timestamps.format(clock.instant()));
        ctx.status(errors.isEmpty() ? cleanStatus : 207).json(body);
    }

    private static void requireScopes(Context ctx, ObjectType from, ObjectType to, String access) {
        ApiRequest.requireScope(ctx, from.scope() + "." + access);
        ApiRequest.requireScope(ctx, to.scope() + ".read");
    }

    private static WriteSource source(Context ctx) {
        return ApiRequest.credential(ctx).source();
    }
}
