package io.ledgerbridge.web.event;

import io.javalin.http.Context;
import io.ledgerbridge.domain.sync.SyncAction;
import io.ledgerbridge.engine.events.SyncEvents;
import io.ledgerbridge.engine.events.SyncEvents.ActionResult;
import io.ledgerbridge.store.audit.PostgresAuditLog;
import io.ledgerbridge.web.api.ApiError;
import io.ledgerbridge.web.api.JsonBody;
import io.ledgerbridge.web.auth.ApiKeyAuth;
import java.time.Clock;
import java.util.List;

/**
 * The events of the workspace: listed by filter, read one at a time with their attempts, and retried or skipped
 * one at a time or by filter. Every change goes through the lifecycle table; a refusal is a 409 carrying its
 * sentence.
 */
public final class EventEndpoints {

    private final SyncEvents events;
    private final JsonBody body;
    private final PostgresAuditLog audit;
    private final Clock clock;

    public EventEndpoints(SyncEvents events, JsonBody body, PostgresAuditLog audit, Clock clock) {
        this.events = events;
        this.body = body;
        this.audit = audit;
        this.clock = clock;
    }

    /** The page of a list: {@code nextBefore} is the {@code before} of the next page, null on the last one. */
    public record Page(List<EventJson.Event> events, Long nextBefore) {}

    public record Bulk(String action, int changed, int refused) {}

    public void list(Context ctx) {
        var filter = EventQuery.filter(ctx.queryParam("status"), ctx.queryParam("type"), ctx.queryParam("error"),
                ctx.queryParam("q"), ctx.queryParam("before"), ctx.queryParam("limit"), "query parameter");
        var found = events.list(ApiKeyAuth.workspace(ctx), filter);
        Long next = found.size() == filter.limit() ? found.getLast().id() : null;
        ctx.json(new Page(found.stream().map(EventJson::of).toList(), next));
    }

    public void get(Context ctx) {
        var workspace = ApiKeyAuth.workspace(ctx);
        long id = eventId(ctx);
        var event = events.get(workspace, id).orElseThrow(() -> notFound(id));
        ctx.json(EventJson.of(event, events.attempts(workspace, id)));
    }

    public void retry(Context ctx) {
        act(ctx, SyncAction.RETRY);
    }

    public void skip(Context ctx) {
        act(ctx, SyncAction.SKIP);
    }

    public void retryAll(Context ctx) {
        actOnAll(ctx, SyncAction.RETRY);
    }

    public void skipAll(Context ctx) {
        actOnAll(ctx, SyncAction.SKIP);
    }

    private void act(Context ctx, SyncAction action) {
        long id = eventId(ctx);
        var workspace = ApiKeyAuth.workspace(ctx);
        switch (events.act(workspace, id, action, null, clock.instant())) {
            case ActionResult.Done done -> {
                audit.record(PostgresAuditLog.Entry.of(workspace, ApiKeyAuth.actor(ctx), "sync." + verb(action),
                        "event:" + id, capital(verb(action)) + " sync " + id), clock.instant());
                ctx.json(EventJson.of(done.event()));
            }
            case ActionResult.Refused refused -> throw new ApiError(409, "refused", refused.reason());
            case ActionResult.NotFound missing -> throw notFound(id);
        }
    }

    private void actOnAll(Context ctx, SyncAction action) {
        var filter = EventQuery.filter(body.read(ctx, EventQuery.Filter.class, "filter"));
        var workspace = ApiKeyAuth.workspace(ctx);
        var result = events.actOnAll(workspace, filter, action, clock.instant());
        if (result.changed() > 0) {
            audit.record(PostgresAuditLog.Entry.of(workspace, ApiKeyAuth.actor(ctx), "sync." + verb(action) + "-all",
                    "events", capital(verb(action)) + " " + result.changed() + " syncs matching a filter"), clock.instant());
        }
        ctx.json(new Bulk(action.name().toLowerCase(), result.changed(), result.refused()));
    }

    /** The audit log's word for an action: "retry", "skip", "mark-synced". */
    static String verb(SyncAction action) {
        return action.name().toLowerCase().replace('_', '-');
    }

    private static String capital(String verb) {
        return switch (verb) {
            case "retry" -> "Retried";
            case "skip" -> "Skipped";
            case "mark-synced" -> "Marked synced";
            default -> verb;
        };
    }

    /** A path id that is not a number names no event: 404, like an id of another workspace. */
    private static long eventId(Context ctx) {
        String raw = ctx.pathParam("eventId");
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiError.notFound("There is no event '" + clip(raw) + "' in this workspace.");
    }

    private static ApiError notFound(long id) {
        return ApiError.notFound("There is no event " + id + " in this workspace.");
    }

    private static String clip(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
