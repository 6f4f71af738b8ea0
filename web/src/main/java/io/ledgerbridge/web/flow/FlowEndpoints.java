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
import io.ledgerbridge.web.api.ApiError;
import io.ledgerbridge.web.auth.ApiKeyAuth;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The workspace's flows over the API: list, show, pause, resume, delete. A paused flow still takes records in and its
 * syncs wait; a deleted flow's waiting syncs end Skipped ("flow deleted"), nothing is deleted in the destination and
 * its mappings are kept for a flow created again between the same connections. Each change is in the audit log under
 * the key that made it.
 */
public final class FlowEndpoints {

    private final PostgresFlows flows;
    private final ConnectionStore connections;
    private final Clock clock;

    public FlowEndpoints(PostgresFlows flows, ConnectionStore connections, Clock clock) {
        this.flows = flows;
        this.connections = connections;
        this.clock = clock;
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
