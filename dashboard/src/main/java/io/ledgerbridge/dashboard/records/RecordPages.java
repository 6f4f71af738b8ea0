package io.ledgerbridge.dashboard.records;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.ledgerbridge.dashboard.Flash;
import io.ledgerbridge.dashboard.Html;
import io.ledgerbridge.dashboard.Layout;
import io.ledgerbridge.dashboard.Templates;
import io.ledgerbridge.dashboard.events.AttemptOutcome;
import io.ledgerbridge.dashboard.events.EventsPage;
import io.ledgerbridge.dashboard.signin.PostgresSessions;
import io.ledgerbridge.dashboard.signin.SignedIn;
import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncAction;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.domain.sync.WaitReason;
import io.ledgerbridge.engine.events.AttemptView;
import io.ledgerbridge.engine.events.EventView;
import io.ledgerbridge.engine.events.SyncEvents;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Data → Invoices, Customers, Products, Payments: the lists (newest first, filters, "Retry all matching this
 * filter"), a record's page (the error in plain words with its fix, the attempt history, the linked cause, the
 * buttons), and the background reads that let both pages follow status changes without a reload.
 */
public final class RecordPages {

    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final SyncEvents events;
    private final PostgresRecordViews views;
    private final PostgresSessions sessions;
    private final Layout layout;
    private final Clock clock;
    private final Runnable queueChanged;
    private final io.ledgerbridge.dashboard.audit.AuditTrail audit;

    public RecordPages(SyncEvents events, PostgresRecordViews views, PostgresSessions sessions, Layout layout, Clock clock,
            Runnable queueChanged, io.ledgerbridge.dashboard.audit.AuditTrail audit) {
        this.audit = audit;
        this.events = events;
        this.views = views;
        this.sessions = sessions;
        this.layout = layout;
        this.clock = clock;
        this.queueChanged = queueChanged;
    }

    /** The record type of a Data address: {@code invoices} → INVOICE, {@code all} → null; anything else is not found. */
    public static RecordType type(Context ctx) {
        String plural = ctx.pathParam("type");
        if (plural.equals("all")) {
            return null;
        }
        return Arrays.stream(RecordType.values()).filter(t -> t.plural().equals(plural)).findFirst()
                .orElseThrow(() -> new NotFoundResponse("There is no record type '" + plural + "'."));
    }

    static String plural(RecordType type) {
        return type == null ? "all" : type.plural();
    }

    static String heading(RecordType type) {
        return type == null ? "All records" : Layout.capitalised(type.plural());
    }

    public static String recordPath(EventView e) {
        return "/data/" + e.type().plural() + "/" + e.id();
    }

    /** How a record is named on screen: its number or SKU when it has one, else its id in the source. */
    public static String label(EventView e) {
        return e.naturalKey() != null && !e.naturalKey().isBlank() ? e.naturalKey() : e.sourceId();
    }

    // ---- lists ----

    /** GET /data/{type} */
    public void list(Context ctx, SignedIn who) {
        var type = type(ctx);
        var filter = RecordFilter.fromQuery(type, ctx);
        var rows = events.list(who.workspace(), filter.toEventFilter(layout.zone(), RecordFilter.PAGE + 1));
        boolean more = rows.size() > RecordFilter.PAGE;
        if (more) {
            rows = rows.subList(0, RecordFilter.PAGE);
        }
        String base = "/data/" + plural(type);
        String newest = null;
        if (filter.before() != null) {
            String q = filter.withBefore(null).query();
            newest = base + (q.isEmpty() ? "" : "?" + q);
        }
        String older = more ? base + "?" + filter.withBefore(rows.getLast().id()).query() : null;
        var view = new ListView(base, noun(type), type == null, who.csrf(),
                filter.since() == null ? null : layout.when(filter.since()), filters(filter), bulkRetry(type, filter, base),
                filter.filtered() ? "No " + noun(type) + " match these filters." : "No " + noun(type) + " yet.", rows(rows),
                newest, older);
        layout.render(ctx, who, heading(type), base, Templates.render("records/list.jte", view));
    }

    /**
     * What {@code records/list.jte} shows: {@code all} for All records (a Type column), {@code since} (null unless the
     * list follows a retry) when the retried syncs changed, {@code bulk} null when there is nothing to retry,
     * {@code empty} what to say without rows, {@code newest} and {@code older} the pages' links, null when none.
     */
    public record ListView(String base, String noun, boolean all, String csrf, Html since, Filters filters, Bulk bulk,
            String empty, List<Row> rows, String newest, String older) {
    }

    /** The filter form's choices and values; the dates and the text are "" when not given. */
    public record Filters(List<EventsPage.Option> statuses, List<EventsPage.Option> errors, String from, String to,
            String text) {
    }

    /** "Retry all": the button's words and the form's hidden name/value pairs. */
    public record Bulk(String label, List<String> hidden) {
    }

    /** One row of a list; {@code sourceId} is null when the label is already the id in the source. */
    public record Row(long id, String path, String label, String sourceId, String type, SyncStatus status, String problemTitle,
            String problemDetail, int retries, Html updated) {
    }

    private static String noun(RecordType type) {
        return type == null ? "records" : type.plural();
    }

    private static Filters filters(RecordFilter f) {
        var statuses = new ArrayList<EventsPage.Option>();
        for (var s : SyncStatus.values()) {
            statuses.add(new EventsPage.Option(s.name(), s.label(), s == f.status()));
        }
        var errors = new ArrayList<EventsPage.Option>();
        for (var c : ErrorCode.values()) {
            errors.add(new EventsPage.Option(c.name(), c.title(), c == f.error()));
        }
        return new Filters(statuses, errors, f.from() == null ? "" : f.from().toString(), f.to() == null ? "" : f.to().toString(),
                f.text() == null ? "" : f.text());
    }

    /** Without a status filter, "retry all" means the failed ones: retrying skipped records unasked would surprise. */
    private static Bulk bulkRetry(RecordType type, RecordFilter f, String base) {
        var target = f.status() == null ? f.withStatus(SyncStatus.FAILED) : f;
        if (target.status() == SyncStatus.SUCCESS || target.status() == SyncStatus.PROCESSING) {
            return null;
        }
        String what = target.status().label().toLowerCase() + " " + noun(type);
        String label = f.filtered() ? "Retry all " + what + " matching this filter" : "Retry all " + what;
        var fields = new ArrayList<>(List.of(target.hiddenFields()));
        fields.add("back");
        fields.add(base + (f.query().isEmpty() ? "" : "?" + f.withBefore(null).query()));
        return new Bulk(label, fields);
    }

    private List<Row> rows(List<EventView> rows) {
        var out = new ArrayList<Row>();
        for (var e : rows) {
            var p = e.waitReason() == WaitReason.PAUSED ? new Problem(e.waitLabel(layout.zone()), "")
                    : Problem.of(e.status(), e.waitReason(), e.error(), e.skipReason(), e.destinationId());
            out.add(new Row(e.id(), recordPath(e), label(e),
                    e.naturalKey() != null && !e.naturalKey().equals(e.sourceId()) ? e.sourceId() : null,
                    Layout.capitalised(e.type().singular()), e.status(), p.title(), p.detail(), e.retryCount(),
                    layout.when(e.updatedAt())));
        }
        return out;
    }

    /** POST /data/{type}/retry-all */
    public void retryAll(Context ctx, SignedIn who) {
        var type = type(ctx);
        var filter = RecordFilter.fromForm(type, ctx);
        if (filter.status() == null) {
            filter = filter.withStatus(SyncStatus.FAILED);
        }
        var now = clock.instant();
        var result = events.actOnAll(who.workspace(), filter.toEventFilter(layout.zone(), 1000), SyncAction.RETRY, now);
        if (result.changed() > 0) {
            queueChanged.run();
            audit.record(who, "sync.retry-all", "events", "Retried " + Layout.plural(result.changed(), "sync", "syncs")
                    + " matching a filter" + (filter.query().isEmpty() ? "" : " (" + filter.query() + ")"));
        }
        String text = result.changed() == 0 && result.refused() == 0
                ? "Nothing matched this filter; nothing was retried."
                : "Retried " + Layout.plural(result.changed(), "sync", "syncs") + "; they are queued and update below."
                        + (result.refused() == 0 ? "" : " " + Layout.plural(result.refused(), "sync", "syncs")
                                + " could not be retried (already succeeded, processing, or a newer change is queued).");
        sessions.flash(who.sessionKey(), Flash.notice(text));
        // The retry clears the errors the filter matched on; follow the retried syncs by their change time instead.
        ctx.redirect(result.changed() == 0 ? back(ctx, "/data/" + plural(type))
                : "/data/" + plural(type) + "?" + RecordFilter.changedSince(type, now).query(), HttpStatus.SEE_OTHER);
    }

    // ---- a record's page ----

    private EventView event(Context ctx, SignedIn who) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new NotFoundResponse("There is no such record.");
        }
        type(ctx);
        return events.get(who.workspace(), id).orElseThrow(() -> new NotFoundResponse("There is no such record."));
    }

    /** GET /data/{type}/{id} */
    public void show(Context ctx, SignedIn who) {
        var e = event(ctx, who);
        if (!ctx.pathParam("type").equals(e.type().plural())) {
            ctx.redirect(recordPath(e), HttpStatus.MOVED_PERMANENTLY);
            return;
        }
        var attempts = events.attempts(who.workspace(), e.id());
        String path = recordPath(e);
        var others = events.ofRecord(who.workspace(), e.type(), e.sourceId()).stream().filter(o -> o.id() != e.id()).toList();
        var crumbs = Layout.crumbs("/data/" + e.type().plural(), Layout.capitalised(e.type().plural()), label(e));
        var main = Templates.render("records/record.jte", new RecordView(path, version(e, attempts), summary(who, e),
                who.csrf(), e.type().singular(), attempts(attempts), received(who, e), others(others)));
        layout.render(ctx, who, Layout.capitalised(e.type().singular()) + " " + label(e), "/data/" + e.type().plural(),
                crumbs, main);
    }

    /**
     * What {@code records/record.jte} shows: the parts that follow the status ({@code summary}, {@code attempts}),
     * the buttons, the record as received ({@code received}, null when it is not kept) and the record's other syncs.
     */
    public record RecordView(String path, String version, Summary summary, String csrf, String singular, List<Attempt> attempts,
            Received received, List<Other> others) {
    }

    /** The record as the source sent it, pretty-printed. */
    public record Received(String singular, String json) {
    }

    /** Another sync of the same record. */
    public record Other(String path, long id, SyncStatus status, Html created) {
    }

    /**
     * What {@code records/summary.jte} shows; null for what the sync does not have: {@code waiting} (what it waits
     * for), {@code route}, {@code destination}, {@code skipReason} (with its term, "Why skipped" or "Note"),
     * {@code nextTry}, {@code error}, {@code cause} and {@code waitsFor}.
     */
    public record Summary(SyncStatus status, String waiting, int retryCount, int attempts, String sourceId, String route,
            String destination, String skipTerm, String skipReason, Html nextTry, Html created, Html changed, long id,
            ErrorBox error, Link cause, Link waitsFor) {
    }

    /** The error in plain words; {@code current} when the sync is failed (else it is the last error of one that retries). */
    public record ErrorBox(boolean current, String title, String message, String fix, List<Detail> details, String vendorMessage) {
    }

    public record Detail(String name, String value) {
    }

    /** A sync this one is linked to; {@code problem} is "" when it has no error. */
    public record Link(String path, String type, String label, SyncStatus status, String problem) {
    }

    /** One attempt, newest first; {@code operation}, {@code error}, {@code request}, {@code response} null when none. */
    public record Attempt(String tone, String outcome, Html when, String operation, String error, String request,
            String response) {
    }

    /** GET /data/{type}/{id}/live: the parts of the record page that change with its status. */
    public void live(Context ctx, SignedIn who) {
        var e = event(ctx, who);
        var attempts = events.attempts(who.workspace(), e.id());
        ctx.header("X-Live-Version", version(e, attempts)).header("Cache-Control", "no-store")
                .html(Templates.render("records/live.jte", Map.of("summary", summary(who, e), "attempts", attempts(attempts))).value());
    }

    private static String version(EventView e, List<AttemptView> attempts) {
        return e.status() + "-" + e.updatedAt().toEpochMilli() + "-" + attempts.size();
    }

    private Summary summary(SignedIn who, EventView e) {
        String route = e.type() == RecordType.INVOICE ? views.route(who.workspace(), e.id()).orElse(null) : null;
        return new Summary(e.status(), e.waitReason() == null ? null : e.waitLabel(layout.zone()), e.retryCount(), e.attempts(),
                e.sourceId(), route, e.destinationId(), e.status() == SyncStatus.SKIPPED ? "Why skipped" : "Note", e.skipReason(),
                e.status() == SyncStatus.PENDING && e.nextAttemptAt() != null ? layout.when(e.nextAttemptAt()) : null,
                layout.when(e.createdAt()), layout.when(e.updatedAt()), e.id(), error(e),
                e.causeId() == null ? null : events.get(who.workspace(), e.causeId()).map(RecordPages::link).orElse(null),
                e.blockedBy() == null ? null : events.get(who.workspace(), e.blockedBy()).map(RecordPages::link).orElse(null));
    }

    private static Link link(EventView e) {
        return new Link(recordPath(e), Layout.capitalised(e.type().singular()), label(e), e.status(),
                e.error() == null ? "" : e.error().title());
    }

    /** The error in plain words, its fix, and the details it names (SKU, date, email...). */
    private static ErrorBox error(EventView e) {
        var err = e.error();
        if (err == null || e.status() == SyncStatus.SUCCESS || e.status() == SyncStatus.SKIPPED) {
            return null;
        }
        var details = new ArrayList<Detail>();
        for (var d : err.details().entrySet()) {
            details.add(new Detail(detailName(d.getKey()), d.getValue()));
        }
        return new ErrorBox(e.status() == SyncStatus.FAILED, err.title(), err.message(), err.fix(), details, err.vendorMessage());
    }

    private static String detailName(String key) {
        return switch (key) {
            case "sku" -> "SKU";
            case "line" -> "Line";
            case "number" -> "Number";
            case "customer" -> "Customer";
            case "email" -> "Email";
            case "date" -> "Document date";
            case "closedThrough" -> "Books closed through";
            case "taxCode" -> "Tax rate";
            case "destination" -> "Destination";
            case "source" -> "Source";
            case "cause" -> "Cause";
            case "invoice" -> "Invoice";
            case "amount" -> "Amount";
            case "outstanding" -> "Outstanding";
            default -> Layout.capitalised(key.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase());
        };
    }

    private List<Attempt> attempts(List<AttemptView> attempts) {
        var items = new ArrayList<Attempt>();
        for (var a : attempts.reversed()) {
            items.add(new Attempt(AttemptOutcome.tone(a.outcome()), AttemptOutcome.label(a.outcome()), layout.when(a.finishedAt()),
                    a.operation() == null ? null : a.operation().toLowerCase(), a.errorCode() == null ? null : errorTitle(a.errorCode()),
                    a.request() == null ? null : pretty(a.request()), a.response()));
        }
        return items;
    }

    private static String errorTitle(String code) {
        try {
            return ErrorCode.valueOf(code).title();
        } catch (IllegalArgumentException e) {
            return code;
        }
    }

    private static String pretty(String json) {
        try {
            return PRETTY.writeValueAsString(PRETTY.readTree(json));
        } catch (Exception e) {
            return json;
        }
    }

    private Received received(SignedIn who, EventView e) {
        return views.received(who.workspace(), e.id()).map(json -> new Received(e.type().singular(), pretty(json))).orElse(null);
    }

    private List<Other> others(List<EventView> others) {
        var items = new ArrayList<Other>();
        for (var o : others) {
            items.add(new Other(recordPath(o), o.id(), o.status(), layout.when(o.createdAt())));
        }
        return items;
    }

    // ---- buttons ----

    /** POST /data/{type}/{id}/retry */
    public void retry(Context ctx, SignedIn who) {
        act(ctx, who, SyncAction.RETRY, null, "Retry requested: the sync is queued and this page follows it.");
    }

    /** POST /data/{type}/{id}/skip */
    public void skip(Context ctx, SignedIn who) {
        act(ctx, who, SyncAction.SKIP, null, "Skipped: this sync will not be tried again unless you retry it.");
    }

    /** POST /data/{type}/{id}/mark-synced, with or without the id of an existing destination record */
    public void markSynced(Context ctx, SignedIn who) {
        String destination = ctx.formParam("destinationId");
        destination = destination == null || destination.isBlank() ? null : destination.trim();
        if (destination != null && destination.length() > 200) {
            destination = destination.substring(0, 200);
        }
        if (destination == null && ctx.formParam("link") != null) {
            sessions.flash(who.sessionKey(), Flash.refusal("Enter the id of the record in the destination to link to."));
            ctx.redirect(back(ctx, recordPath(event(ctx, who))), HttpStatus.SEE_OTHER);
            return;
        }
        act(ctx, who, SyncAction.MARK_SYNCED, destination, destination == null
                ? "Marked as synced manually."
                : "Linked to destination record " + destination + " and marked as synced.");
    }

    private void act(Context ctx, SignedIn who, SyncAction action, String destination, String done) {
        var e = event(ctx, who);
        var result = events.act(who.workspace(), e.id(), action, destination, clock.instant());
        switch (result) {
            case SyncEvents.ActionResult.Done d -> {
                if (action == SyncAction.RETRY) {
                    queueChanged.run();
                }
                String verb = switch (action) {
                    case RETRY -> "Retried";
                    case SKIP -> "Skipped";
                    case MARK_SYNCED -> destination == null ? "Marked synced" : "Linked to " + destination + " and marked synced";
                    default -> action.name();
                };
                audit.record(who, "sync." + action.name().toLowerCase().replace('_', '-'), "event:" + e.id(),
                        verb + " the sync of " + e.type().singular() + " " + e.sourceId(),
                        java.util.Map.of("status", e.status().name()), java.util.Map.of("status", d.event().status().name()));
                sessions.flash(who.sessionKey(), Flash.notice(done));
            }
            case SyncEvents.ActionResult.Refused r -> sessions.flash(who.sessionKey(), Flash.refusal(r.reason()));
            case SyncEvents.ActionResult.NotFound n -> throw new NotFoundResponse("There is no such record.");
        }
        ctx.redirect(back(ctx, recordPath(e)), HttpStatus.SEE_OTHER);
    }

    /** Where a form asked to go back to, if it is a page of this site. */
    static String back(Context ctx, String fallback) {
        String back = ctx.formParam("back");
        if (back == null || !back.startsWith("/") || back.startsWith("//") || back.startsWith("/\\")
                || back.contains("\r") || back.contains("\n")) {
            return fallback;
        }
        return back;
    }

    // ---- background reads ----

    /** GET /status.json?ids=1,2,3: the current status of the rows a list page shows. */
    public void statuses(Context ctx, SignedIn who) {
        var ids = new ArrayList<Long>();
        String param = ctx.queryParam("ids");
        if (param != null) {
            for (String s : param.split(",")) {
                if (ids.size() >= 200) {
                    break;
                }
                try {
                    ids.add(Long.parseLong(s.trim()));
                } catch (NumberFormatException ignored) {
                    // not an id: not one of ours either
                }
            }
        }
        var out = new ArrayList<Map<String, Object>>();
        for (var s : views.statuses(who.workspace(), ids, layout.zone())) {
            var m = new LinkedHashMap<String, Object>();
            m.put("id", s.id());
            m.put("status", s.status().name());
            m.put("label", s.status().label());
            m.put("retryCount", s.retryCount());
            m.put("problemTitle", s.problem().title());
            m.put("problemDetail", s.problem().detail());
            m.put("updated", layout.when(s.updatedAt()).value());
            out.add(m);
        }
        ctx.header("Cache-Control", "no-store").json(out);
    }
}
