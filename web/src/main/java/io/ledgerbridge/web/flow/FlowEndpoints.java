package io.ledgerbridge.web.flow;

import io.javalin.http.Context;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.engine.connection.ConnectionRecord;
import io.ledgerbridge.engine.connection.ConnectionStore;
import io.ledgerbridge.engine.flow.Flow;
import io.ledgerbridge.store.flow.PostgresFlows;
import io.ledgerbridge.store.flow.PostgresFlows.Change;
import io.ledgerbridge.engine.flow.FlowRules;
import io.ledgerbridge.web.api.ApiError;
import io.ledgerbridge.web.api.JsonBody;
import io.ledgerbridge.web.auth.ApiKeyAuth;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The workspace's flows over the API: create, list, show, pause, resume, delete. A paused flow still takes records in and its
 * syncs wait; a deleted flow's waiting syncs end Skipped ("flow deleted"), nothing is deleted in the destination and
 * its mappings are kept for a flow created again between the same connections. Each change is in the audit log under
 * the key that made it.
 */
public final class FlowEndpoints {

    private final PostgresFlows flows;
    private final ConnectionStore connections;
    private final JsonBody body;
    private final io.ledgerbridge.store.audit.PostgresAuditLog audit;
    private final Clock clock;

    public FlowEndpoints(PostgresFlows flows, ConnectionStore connections, JsonBody body,
            io.ledgerbridge.store.audit.PostgresAuditLog audit, Clock clock) {
        this.flows = flows;
        this.connections = connections;
        this.body = body;
        this.audit = audit;
        this.clock = clock;
    }

    /** A routing rule: invoices whose {@code field} is {@code value} go through this flow, numbered with the prefix. */
    public record RouteBody(String field, String value, String numberPrefix) {}

    /**
     * PUT /flows/{flowId}/route: makes the flow one destination of a routed flow (or changes its rule), with the
     * dashboard's rules ({@link FlowRules#routeRefusal}); a refusal is a 422 naming what is missing.
     */
    public void route(Context ctx) {
        var workspace = ApiKeyAuth.workspace(ctx);
        var flow = flow(ctx);
        var asked = body.read(ctx, RouteBody.class, "route");
        var destination = connections.find(flow.destination()).orElseThrow();
        FlowRules.routeRefusal(asked.field(), asked.value(), asked.numberPrefix(), destination).ifPresent(r -> {
            throw new ApiError(422, "invalid_route", r);
        });
        var route = new io.ledgerbridge.domain.workspace.Route(asked.field().strip(), asked.value().strip(),
                asked.numberPrefix() == null ? "" : asked.numberPrefix().strip());
        saveRoute(ctx, workspace, flow, route);
    }

    /** DELETE /flows/{flowId}/route: the flow takes every record of its source again. */
    public void unroute(Context ctx) {
        var workspace = ApiKeyAuth.workspace(ctx);
        saveRoute(ctx, workspace, flow(ctx), null);
    }

    private void saveRoute(Context ctx, io.ledgerbridge.domain.workspace.WorkspaceId workspace, Flow flow,
            io.ledgerbridge.domain.workspace.Route route) {
        Instant now = clock.instant();
        var before = flow.settings().route();
        flows.updateSettings(flow.id(), flow.settings().withRoute(route), now);
        audit.record(new io.ledgerbridge.store.audit.PostgresAuditLog.Entry(workspace, ApiKeyAuth.actor(ctx), "settings.save",
                "flow:" + flow.id(), route == null ? "Unrouted the flow: it takes every record of its source"
                        : "Routed the flow: invoices with " + route.fieldLabel() + " \"" + route.value() + "\" go through it",
                before == null ? java.util.Map.of() : java.util.Map.of("route", before),
                route == null ? java.util.Map.of() : java.util.Map.of("route", route)), now);
        ctx.json(json(flows.flow(flow.id())));
    }

    /** A flow asked for: from one connection of the workspace to another; settings default to every record type. */
    public record NewFlow(String sourceConnectionId, String destinationConnectionId) {}

    /** POST /flows: the same rules as the dashboard's ({@link FlowRules}); a refusal is a 409 with its sentence. */
    public void create(Context ctx) {
        var workspace = ApiKeyAuth.workspace(ctx);
        var asked = body.read(ctx, NewFlow.class, "flow");
        var source = connection(workspace, asked.sourceConnectionId(), "sourceConnectionId");
        var destination = connection(workspace, asked.destinationConnectionId(), "destinationConnectionId");
        var refusal = FlowRules.refusal(source, destination, flows.list(workspace), FlowEndpoints::systemName);
        if (refusal.isPresent()) {
            throw new ApiError(409, "refused", refusal.get());
        }
        var id = flows.create(workspace, source.id(), destination.id(), FlowSettings.defaults(),
                java.util.Optional.of(ApiKeyAuth.actor(ctx)), clock.instant());
        ctx.status(201).json(json(flows.flow(id)));
    }

    private ConnectionRecord connection(io.ledgerbridge.domain.workspace.WorkspaceId workspace, String raw, String field) {
        if (raw == null || raw.isBlank()) {
            throw new ApiError(400, "invalid_field", "Field '" + field + "' is required: a connection id from GET /api/v1/connections.",
                    List.of(new io.ledgerbridge.domain.record.FieldProblem(field, "is required")));
        }
        try {
            return connections.find(ConnectionId.parse(raw.strip())).filter(c -> c.workspace().equals(workspace))
                    .orElseThrow(IllegalArgumentException::new);
        } catch (IllegalArgumentException e) {
            throw new ApiError(422, "unknown_connection", "There is no connection '" + (raw.length() > 60 ? raw.substring(0, 57)
                    + "..." : raw) + "' in this workspace (" + field + "); GET /api/v1/connections lists them.",
                    List.of(new io.ledgerbridge.domain.record.FieldProblem(field, "is not a connection of this workspace")));
        }
    }

    private static String systemName(String system) {
        return switch (system) {
            case "native" -> "your app (REST API)";
            case "reference" -> "the reference ledger";
            default -> system;
        };
    }

    public record End(String id, String name, String system) {}

    /** A flow as the API shows it; {@code pausedBy}/{@code pausedAt} are null unless {@code state} is "paused". */
    public record FlowJson(String id, End source, End destination, String state, String pausedBy, Instant pausedAt,
            int waitingSyncs, FlowSettings settings) {}

    public record Flows(List<FlowJson> flows) {}

    /** The answer of a pause, resume or delete: the flow after it, and how many waiting syncs it concerned. */
    public record Changed(String action, int syncs, FlowJson flow) {}

    public void list(Context ctx) {
        var workspace = ApiKeyAuth.workspace(ctx);
        ctx.json(new Flows(flows.list(workspace).stream().map(this::json).toList()));
    }

    public void get(Context ctx) {
        ctx.json(json(flow(ctx)));
    }

    public void pause(Context ctx) {
        change(ctx, "pause");
    }

    public void resume(Context ctx) {
        change(ctx, "resume");
    }

    public void delete(Context ctx) {
        change(ctx, "delete");
    }

    private void change(Context ctx, String action) {
        var workspace = ApiKeyAuth.workspace(ctx);
        var id = flowId(ctx);
        String actor = ApiKeyAuth.actor(ctx);
        Instant now = clock.instant();
        Change result = switch (action) {
            case "pause" -> flows.pause(workspace, id, actor, now);
            case "resume" -> flows.resume(workspace, id, actor, now);
            default -> flows.delete(workspace, id, actor, now);
        };
        switch (result) {
            case Change.Done done -> {
                var after = action.equals("delete") ? deletedJson(done.flow()) : json(done.flow());
                ctx.json(new Changed(action, done.syncs(), after));
            }
            case Change.Unchanged same -> throw new ApiError(409, "unchanged", same.why());
            case Change.NotFound missing -> throw notFound(ctx.pathParam("flowId"));
        }
    }

    private Flow flow(Context ctx) {
        var workspace = ApiKeyAuth.workspace(ctx);
        return flows.find(flowId(ctx)).filter(f -> f.workspace().equals(workspace) && !f.isDeleted())
                .orElseThrow(() -> notFound(ctx.pathParam("flowId")));
    }

    private static FlowId flowId(Context ctx) {
        String raw = ctx.pathParam("flowId");
        try {
            return new FlowId(java.util.UUID.fromString(raw));
        } catch (IllegalArgumentException e) {
            throw notFound(raw);
        }
    }

    private static ApiError notFound(String raw) {
        return ApiError.notFound("There is no flow '" + (raw.length() > 60 ? raw.substring(0, 57) + "..." : raw)
                + "' in this workspace; GET /api/v1/flows lists them.");
    }

    private FlowJson json(Flow f) {
        var paused = f.paused();
        return new FlowJson(f.id().toString(), end(f.source()), end(f.destination()), f.isPaused() ? "paused" : "active",
                paused.map(Flow.Change::by).orElse(null), paused.map(Flow.Change::at).orElse(null),
                flows.waitingSyncs(f.id()), f.settings());
    }

    private FlowJson deletedJson(Flow f) {
        return new FlowJson(f.id().toString(), end(f.source()), end(f.destination()), "deleted", null, null, 0, f.settings());
    }

    private End end(ConnectionId id) {
        return connections.find(id)
                .map(c -> new End(c.id().toString(), c.name(), c.system()))
                .orElse(new End(id.toString(), "(a removed connection)", null));
    }
}
