package io.ledgerbridge.web.audit;

import io.javalin.http.Context;
import io.ledgerbridge.store.audit.PostgresAuditLog;
import io.ledgerbridge.web.api.ApiError;
import io.ledgerbridge.web.api.ApiJson;
import io.ledgerbridge.web.auth.ApiKeyAuth;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/v1/audit}: who changed what, newest first. Filters: {@code action} ("flow.pause", or a prefix with
 * its dot: "flow."), {@code actor} (part of a name), {@code target} ("flow:&lt;id&gt;"), {@code since} (an instant);
 * paging with {@code before} (the {@code nextBefore} of the previous page) and {@code limit} (1–500, default 50).
 */
public final class AuditEndpoints {

    private final PostgresAuditLog audit;

    public AuditEndpoints(PostgresAuditLog audit) {
        this.audit = audit;
    }

    public record Entry(long id, Instant at, String actor, String action, String target, String summary, Object before,
            Object after) {}

    public record Page(List<Entry> entries, Long nextBefore) {}

    public void list(Context ctx) {
        int limit = number(ctx, "limit").map(Math::toIntExact).orElse(50);
        if (limit < 1 || limit > 500) {
            throw new ApiError(400, "invalid_query", "limit must be between 1 and 500, not " + limit + ".");
        }
        var filter = new PostgresAuditLog.Filter(text(ctx, "action"), text(ctx, "actor"), text(ctx, "target"),
                text(ctx, "since").map(AuditEndpoints::instant), number(ctx, "before"), limit);
        var found = audit.list(ApiKeyAuth.workspace(ctx), filter);
        Long next = found.size() == limit ? found.getLast().id() : null;
        ctx.json(new Page(found.stream().map(r -> new Entry(r.id(), r.at(), r.actor(), r.action(), r.target(), r.summary(),
                tree(r.before()), tree(r.after()))).toList(), next));
    }

    private static Object tree(String json) {
        if (json == null) {
            return null;
        }
        try {
            return ApiJson.MAPPER.readTree(json);
        } catch (Exception e) {
            return json;
        }
    }

    private static Optional<String> text(Context ctx, String name) {
        return Optional.ofNullable(ctx.queryParam(name)).map(String::strip).filter(s -> !s.isEmpty());
    }

    private static Optional<Long> number(Context ctx, String name) {
        return text(ctx, name).map(s -> {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new ApiError(400, "invalid_query", name + " must be a whole number, not '"
                        + (s.length() > 40 ? s.substring(0, 37) + "..." : s) + "'.");
            }
        });
    }

    private static Instant instant(String s) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new ApiError(400, "invalid_query", "since must be an instant such as 2026-12-01T00:00:00Z, not '"
                    + (s.length() > 40 ? s.substring(0, 37) + "..." : s) + "'.");
        }
    }
}
