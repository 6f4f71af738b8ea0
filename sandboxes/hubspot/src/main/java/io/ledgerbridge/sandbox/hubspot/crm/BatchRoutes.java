package io.ledgerbridge.sandbox.hubspot.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.ledgerbridge.sandbox.hubspot.ApiRequest;
import io.ledgerbridge.sandbox.hubspot.ErrorCategory;
import io.ledgerbridge.sandbox.hubspot.HubSpotException;
import io.ledgerbridge.sandbox.hubspot.Json;
import io.ledgerbridge.sandbox.hubspot.Portal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /crm/v3/objects/{objectType}/batch/{create|read|update|upsert|archive}} (API_FACTS C.1 [SPEC]). Response
 * {@code {status:"COMPLETE", results[], errors[]?, numErrors?, startedAt, completedAt}}; 207 when some inputs failed
 * (errors are {@code StandardError}s, C.3), 201 for a clean create, 200 otherwise, 204 for archive. More inputs than
 * the configured limit (100, UNCERTAIN) is a 400 for the whole request. {@code objectWriteTraceId} is echoed on
 * results and in an error's context so a client can tie an error to its input.
 */
public final class BatchRoutes {
    private final int batchLimit;
    private final Clock clock;

    public BatchRoutes(int batchLimit, Clock clock) {
        this.batchLimit = batchLimit;
        this.clock = clock;
    }

    public void read(Context ctx) {
        ObjectType type = CrmRoutes.type(ctx);
        ApiRequest.requireScope(ctx, type.scope() + ".read");
        Portal portal = ApiRequest.portal(ctx);
        JsonNode body = ApiRequest.body(ctx);
        List<JsonNode> inputs = inputs(body);
        Instant started = clock.instant();
        String idProperty = body.path("idProperty").asText(null);
        boolean archived = ApiRequest.flag(ctx, "archived");
        List<String> properties = ApiRequest.strings(body.get("properties"));
        List<String> withHistory = ApiRequest.strings(body.get("propertiesWithHistory"));
        ArrayNode results = Json.array();
        List<String> missing = new ArrayList<>();
        for (JsonNode in : inputs) {
            String id = in.path("id").asText();
            Optional<SandboxObject> o = archived
                    ? portal.store().find(type, id).filter(SandboxObject::archived)
                    : portal.store().findBy(type, idProperty, id);
            if (o.isPresent()) results.add(CrmJson.render(o.get(), properties, withHistory, null));
            else missing.add(id);
        }
        ArrayNode errors = Json.array();
        if (!missing.isEmpty()) {
            errors.add(error(ErrorCategory.OBJECT_NOT_FOUND, "Could not get some " + type.path()
                    + " objects, they may be deleted or not exist. Check that ids are valid.", Map.of("ids", missing)));
        }
        respond(ctx, results, errors, started, 200);
    }

    public void create(Context ctx) {
        ObjectType type = CrmRoutes.type(ctx);
        ApiRequest.requireScope(ctx, type.scope() + ".write");
        Portal portal = ApiRequest.portal(ctx);
        List<JsonNode> inputs = inputs(ApiRequest.body(ctx));
        Instant started = clock.instant();
        ArrayNode results = Json.array();
        ArrayNode errors = Json.array();
        for (JsonNode in : inputs) {
            try {
                SandboxObject o = CrmRoutes.create(portal, type, in, ApiRequest.credential(ctx).source());
                results.add(withTrace(CrmRoutes.renderAll(o), in));
            } catch (HubSpotException e) {
                errors.add(error(e, in, List.of()));
            }
        }
        respond(ctx, results, errors, started, 201);
    }

    public void update(Context ctx) {
        ObjectType type = CrmRoutes.type(ctx);
        ApiRequest.requireScope(ctx, type.scope() + ".write");
        Portal portal = ApiRequest.portal(ctx);
        List<JsonNode> inputs = inputs(ApiRequest.body(ctx));
        Instant started = clock.instant();
        ArrayNode results = Json.array();
        ArrayNode errors = Json.array();
        for (JsonNode in : inputs) {
            String id = in.path("id").asText();
            try {
                SandboxObject found = portal.store().findBy(type, in.path("idProperty").asText(null), id)
                        .orElseThrow(() -> HubSpotException.notFound("Object not found. objectId are usually numeric."));
                SandboxObject o = portal.store().update(type, found.id(), CrmRoutes.properties(in), ApiRequest.credential(ctx).source());
                results.add(withTrace(CrmRoutes.renderAll(o), in));
            } catch (HubSpotException e) {
                errors.add(error(e, in, List.of(id)));
            }
        }
        respond(ctx, results, errors, started, 200);
    }

    /** Creates inputs whose {@code idProperty} value is unknown and updates the others; results carry {@code new}. */
    public void upsert(Context ctx) {
        ObjectType type = CrmRoutes.type(ctx);
        ApiRequest.requireScope(ctx, type.scope() + ".write");
        Portal portal = ApiRequest.portal(ctx);
        List<JsonNode> inputs = inputs(ApiRequest.body(ctx));
        Instant started = clock.instant();
        ArrayNode results = Json.array();
        ArrayNode errors = Json.array();
        for (JsonNode in : inputs) {
            String id = in.path("id").asText();
            String idProperty = in.path("idProperty").asText(null);
            try {
                if (idProperty == null) throw HubSpotException.validation("idProperty is required for upsert");
                Optional<SandboxObject> found = portal.store().findBy(type, idProperty, id);
                ObjectNode rendered;
                if (found.isPresent()) {
                    rendered = CrmRoutes.renderAll(portal.store().update(type, found.get().id(), CrmRoutes.properties(in), ApiRequest.credential(ctx).source()));
                    rendered.put("new", false);
                } else {
                    var props = new java.util.LinkedHashMap<>(CrmRoutes.properties(in));
                    if (!idProperty.equals("hs_object_id")) props.putIfAbsent(idProperty, id);
                    rendered = CrmRoutes.renderAll(portal.store().create(type, props, ApiRequest.credential(ctx).source()));
                    rendered.put("new", true);
                }
                results.add(withTrace(rendered, in));
            } catch (HubSpotException e) {
                errors.add(error(e, in, List.of(id)));
            }
        }
        respond(ctx, results, errors, started, 200);
    }

    public void archive(Context ctx) {
        ObjectType type = CrmRoutes.type(ctx);
        ApiRequest.requireScope(ctx, type.scope() + ".write");
        Portal portal = ApiRequest.portal(ctx);
        for (JsonNode in : inputs(ApiRequest.body(ctx))) {
            portal.store().archive(type, in.path("id").asText(), ApiRequest.credential(ctx).source());
        }
        ctx.status(204);
    }

    private List<JsonNode> inputs(JsonNode body) {
        JsonNode inputs = body.get("inputs");
        if (inputs == null || !inputs.isArray()) throw HubSpotException.validation("Invalid input JSON: inputs is required");
        if (inputs.size() > batchLimit) {
            // Limit 100 is UNCERTAIN (API_FACTS C.1); the wording is the sandbox's.
            throw HubSpotException.validation("Too many inputs: " + inputs.size() + " exceeds the batch limit of " + batchLimit);
        }
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

    private static ObjectNode withTrace(ObjectNode rendered, JsonNode input) {
        if (input.hasNonNull("objectWriteTraceId")) rendered.put("objectWriteTraceId", input.get("objectWriteTraceId").asText());
        return rendered;
    }

    private static ObjectNode error(HubSpotException e, JsonNode input, List<String> ids) {
        ObjectNode n = error(e.category(), e.getMessage(), Map.of());
        ObjectNode context = (ObjectNode) n.get("context");
        if (!ids.isEmpty()) context.putArray("ids").add(ids.getFirst());
        if (input.hasNonNull("objectWriteTraceId")) context.putArray("objectWriteTraceId").add(input.get("objectWriteTraceId").asText());
        e.context().forEach((k, v) -> { ArrayNode a = context.putArray(k); v.forEach(a::add); });
        return n;
    }

    /** StandardError (spec): {@code {status, category, message, context, errors[], links}}. */
    private static ObjectNode error(ErrorCategory category, String message, Map<String, List<String>> context) {
        ObjectNode n = Json.object();
        n.put("status", "error");
        n.put("category", category.name());
        n.put("message", message);
        ObjectNode c = n.putObject("context");
        context.forEach((k, v) -> { ArrayNode a = c.putArray(k); v.forEach(a::add); });
        n.putArray("errors");
        n.putObject("links");
        return n;
    }
}
