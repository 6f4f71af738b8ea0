package io.ledgerbridge.web.history;

import io.javalin.http.Context;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.engine.history.Estimate;
import io.ledgerbridge.engine.history.HistoricalImport;
import io.ledgerbridge.engine.history.HistoricalImports;
import io.ledgerbridge.engine.history.ImportPlanner;
import io.ledgerbridge.store.audit.PostgresAuditLog;
import io.ledgerbridge.web.api.ApiError;
import io.ledgerbridge.web.api.JsonBody;
import io.ledgerbridge.web.auth.ApiKeyAuth;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Historical imports over the API: {@code POST /flows/{flowId}/imports} estimates (with {@code "estimateOnly": true})
 * or starts one, {@code GET /flows/{flowId}/imports} lists a flow's, {@code GET /imports/{importId}} shows one with
 * its progress and, once finished, its report; {@code POST /imports/{importId}/pause|resume|cancel}. Each change is
 * in the audit log under the key that made it.
 */
public final class ImportEndpoints {

    private final ImportPlanner planner;
    private final HistoricalImports imports;
    private final JsonBody body;
    private final PostgresAuditLog audit;
    private final Clock clock;

    public ImportEndpoints(ImportPlanner planner, HistoricalImports imports, JsonBody body, PostgresAuditLog audit,
            Clock clock) {
        this.planner = planner;
        this.imports = imports;
        this.body = body;
        this.audit = audit;
        this.clock = clock;
    }

    /** What a client asks for. Dates are ISO days; types are "invoice", "customer", "product". */
    public record StartBody(LocalDate from, LocalDate to, List<String> types, Integer budgetShare, Boolean estimateOnly) {}

    public record EstimateJson(long invoices, int batchSize, long calls, int perMinute, int perDay, int budgetShare,
            long callsPerDay, int days, long seconds, Instant expectedEnd, String summary) {
        static EstimateJson of(Estimate e, String destination) {
            return new EstimateJson(e.invoices(), e.batchSize(), e.calls(), e.perMinute(), e.perDay(), e.budgetShare(),
                    e.callsPerDay(), e.days(), e.duration().toSeconds(), e.expectedEnd(), e.summary(destination));
        }
    }

    public record ProgressJson(long items, long done, long synced, long skipped, long failed, long waiting,
            double perMinute, Instant expectedEnd, Instant heldUntil) {}

    public record ImportJson(String id, String flowId, LocalDate from, LocalDate to, List<String> types, String status,
            String statusReason, long expected, int budgetShare, boolean readingDone, int pages, ProgressJson progress,
            String createdBy, Instant createdAt, Instant finishedAt, HistoricalImport.Report report) {}

    public record Started(ImportJson importRun, EstimateJson estimate) {}

    public record Imports(List<ImportJson> imports) {}

    public void start(Context ctx) {
        var workspace = ApiKeyAuth.workspace(ctx);
        var flow = flowId(ctx);
        var asked = body.read(ctx, StartBody.class, "import");
        var request = new ImportPlanner.Request(flow, asked.from(), asked.to(), types(asked.types()), asked.budgetShare());
        try {
            var plan = planner.plan(workspace, request);
            var estimate = EstimateJson.of(plan.estimate(), plan.destination());
            if (Boolean.TRUE.equals(asked.estimateOnly())) {
                ctx.json(Map.of("estimate", estimate));
                return;
            }
            var started = planner.start(workspace, request, ApiKeyAuth.actor(ctx));
            audit.record(new PostgresAuditLog.Entry(workspace, ApiKeyAuth.actor(ctx), "import.start", "import:" + started.id(),
                    "Started a historical import of " + started.from() + " to " + started.to() + " through flow " + flow,
                    Map.of(), Map.of("from", started.from().toString(), "to", started.to().toString(),
                            "budgetShare", started.budgetShare())), clock.instant());
            ctx.status(201).header("Location", "/api/v1/imports/" + started.id()).json(new Started(json(started), estimate));
        } catch (ImportPlanner.Refused refused) {
            throw new ApiError(422, "invalid_import", refused.getMessage());
        }
    }

    public void list(Context ctx) {
        var workspace = ApiKeyAuth.workspace(ctx);
        ctx.json(new Imports(imports.list(workspace, flowId(ctx)).stream().map(this::json).toList()));
    }

    public void get(Context ctx) {
        var workspace = ApiKeyAuth.workspace(ctx);
        ctx.json(json(imports.find(workspace, importId(ctx)).orElseThrow(() -> notFound(ctx))));
    }

    public void pause(Context ctx) {
        change(ctx, HistoricalImports.Status.PAUSED, "import.pause", "Paused");
    }

    public void resume(Context ctx) {
        change(ctx, HistoricalImports.Status.RUNNING, "import.resume", "Resumed");
    }

    public void cancel(Context ctx) {
        change(ctx, HistoricalImports.Status.CANCELLED, "import.cancel", "Cancelled");
    }

    private void change(Context ctx, HistoricalImports.Status to, String action, String verb) {
        var workspace = ApiKeyAuth.workspace(ctx);
        var id = importId(ctx);
        var current = imports.find(workspace, id).orElseThrow(() -> notFound(ctx));
        var changed = imports.change(workspace, id, to, ApiKeyAuth.actor(ctx), clock.instant());
        if (changed.isEmpty()) {
            throw new ApiError(409, "unchanged", "The import is " + current.status().name().toLowerCase(Locale.ROOT)
                    + ": it cannot be " + verb.toLowerCase(Locale.ROOT) + ".");
        }
        audit.record(new PostgresAuditLog.Entry(workspace, ApiKeyAuth.actor(ctx), action, "import:" + id,
                verb + " the historical import of " + current.from() + " to " + current.to(),
                Map.of("status", current.status().name()), Map.of("status", changed.get().status().name())), clock.instant());
        ctx.json(json(changed.get()));
    }

    /** Progress as people read it: the rate since the start, and when it ends at that rate. */
    public static ProgressJson progress(HistoricalImport i, Instant now) {
        var p = i.progress();
        long done = p.done();
        long total = Math.max(p.items(), i.expected());
        double minutes = Math.max(1e-3, Duration.between(i.createdAt(), i.finishedAt() != null ? i.finishedAt() : now)
                .toMillis() / 60_000.0);
        double rate = done / minutes;
        Instant expectedEnd = i.finishedAt() != null ? i.finishedAt()
                : rate <= 0 ? null : now.plusSeconds((long) Math.ceil((total - done) / rate * 60));
        if (p.heldUntil() != null && expectedEnd != null && expectedEnd.isBefore(p.heldUntil())) {
            expectedEnd = p.heldUntil();
        }
        return new ProgressJson(p.items(), done, p.synced(), p.skipped(), p.failed(), p.waiting(),
                Math.round(rate * 10) / 10.0, expectedEnd, p.heldUntil());
    }

    private ImportJson json(HistoricalImport i) {
        return new ImportJson(i.id().toString(), i.flow().toString(), i.from(), i.to(),
                i.types().stream().map(t -> t.singular()).sorted().toList(), i.status().name().toLowerCase(Locale.ROOT),
                i.statusReason(), i.expected(), i.budgetShare(), i.readingDone(), i.pages(), progress(i, clock.instant()),
                i.createdBy(), i.createdAt(), i.finishedAt(), i.report().orElse(null));
    }

    private static java.util.Set<RecordType> types(List<String> names) {
        if (names == null) {
            return null;
        }
        var out = EnumSet.noneOf(RecordType.class);
        for (var n : names) {
            var match = java.util.Arrays.stream(RecordType.values())
                    .filter(t -> t.singular().equalsIgnoreCase(n) || t.plural().equalsIgnoreCase(n) || t.name().equalsIgnoreCase(n))
                    .findFirst().orElseThrow(() -> new ApiError(422, "invalid_import",
                            "Unknown record type '" + n + "': an import takes invoice, customer and product."));
            if (match == RecordType.PAYMENT) {
                throw new ApiError(422, "invalid_import", "An import takes invoice, customer and product; payments follow "
                        + "their invoices live.");
            }
            out.add(match);
        }
        return out;
    }

    private static FlowId flowId(Context ctx) {
        String raw = ctx.pathParam("flowId");
        try {
            return new FlowId(UUID.fromString(raw));
        } catch (IllegalArgumentException e) {
            throw ApiError.notFound("There is no flow '" + shorten(raw) + "' in this workspace; GET /api/v1/flows lists them.");
        }
    }

    private static UUID importId(Context ctx) {
        try {
            return UUID.fromString(ctx.pathParam("importId"));
        } catch (IllegalArgumentException e) {
            throw notFound(ctx);
        }
    }

    private static ApiError notFound(Context ctx) {
        return ApiError.notFound("There is no import '" + shorten(ctx.pathParam("importId"))
                + "' in this workspace; GET /api/v1/flows/{flowId}/imports lists a flow's.");
    }

    private static String shorten(String raw) {
        return raw.length() > 60 ? raw.substring(0, 57) + "..." : raw;
    }
}
