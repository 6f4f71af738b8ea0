package io.ledgerbridge.dashboard.records;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.ledgerbridge.dashboard.Flash;
import io.ledgerbridge.dashboard.Html;
import io.ledgerbridge.dashboard.Layout;
import io.ledgerbridge.dashboard.events.AttemptOutcome;
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
        var body = new ArrayList<Html>();
        if (filter.since() != null) {
            body.add(Html.of("<p class=\"since\">Showing the {} changed since {}, when you retried them. <a href=\"{}\">Show all {}</a></p>",
                    noun(type), layout.when(filter.since()), base, noun(type)));
        }
        body.add(filterForm(type, filter, base));
        body.add(bulkRetry(who, type, filter, base));
        if (rows.isEmpty()) {
            body.add(Html.of("<p class=\"empty\">{}</p>", filter.filtered()
                    ? "No " + noun(type) + " match these filters." : "No " + noun(type) + " yet."));
        } else {
            body.add(table(type, rows));
            var pages = new ArrayList<Html>();
            if (filter.before() != null) {
                String q = filter.withBefore(null).query();
                pages.add(Html.of("<a href=\"{}\">Newest</a>", base + (q.isEmpty() ? "" : "?" + q)));
            }
            if (more) {
                pages.add(Html.of("<a href=\"{}\" rel=\"next\">Older</a>",
                        base + "?" + filter.withBefore(rows.getLast().id()).query()));
            }
            if (!pages.isEmpty()) {
                body.add(Html.of("<nav class=\"pages\" aria-label=\"Pages\">{}</nav>", Html.join(pages)));
            }
        }
        layout.render(ctx, who, heading(type), base, Html.join(body));
    }

    private static String noun(RecordType type) {
        return type == null ? "records" : type.plural();
    }

    private static Html filterForm(RecordType type, RecordFilter f, String base) {
        var statuses = new ArrayList<Html>();
        statuses.add(Html.of("<option value=\"\">Any status</option>"));
        for (var s : SyncStatus.values()) {
            statuses.add(option(s.name(), s.label(), s == f.status()));
        }
        var errors = new ArrayList<Html>();
        errors.add(Html.of("<option value=\"\">Any error</option>"));
        for (var c : ErrorCode.values()) {
            errors.add(option(c.name(), c.title(), c == f.error()));
        }
        return Html.of("""
                <form class="filters" method="get" action="{}" role="search" aria-label="Filter {}">
                  <div><label for="f-status">Status</label><select id="f-status" name="status">{}</select></div>
                  <div><label for="f-error">Error</label><select id="f-error" name="error">{}</select></div>
                  <div><label for="f-from">Changed from</label><input id="f-from" type="date" name="from" value="{}"></div>
                  <div><label for="f-to">to</label><input id="f-to" type="date" name="to" value="{}"></div>
                  <div class="grow"><label for="f-q">Search</label>
                    <input id="f-q" type="search" name="q" value="{}" placeholder="Record id, number, SKU, email, message"></div>
                  <div class="buttons"><button type="submit">Apply filters</button> <a href="{}">Clear</a></div>
                </form>""", base, noun(type), Html.join(statuses), Html.join(errors),
                f.from() == null ? "" : f.from().toString(), f.to() == null ? "" : f.to().toString(),
                f.text() == null ? "" : f.text(), base);
    }

    private static Html option(String value, String label, boolean selected) {
        return selected ? Html.of("<option value=\"{}\" selected>{}</option>", value, label)
                : Html.of("<option value=\"{}\">{}</option>", value, label);
    }

    /** Without a status filter, "retry all" means the failed ones: retrying skipped records unasked would surprise. */
    private static Html bulkRetry(SignedIn who, RecordType type, RecordFilter f, String base) {
        var target = f.status() == null ? f.withStatus(SyncStatus.FAILED) : f;
        if (target.status() == SyncStatus.SUCCESS || target.status() == SyncStatus.PROCESSING) {
            return Html.EMPTY;
        }
        String what = target.status().label().toLowerCase() + " " + noun(type);
        String label = f.filtered() ? "Retry all " + what + " matching this filter" : "Retry all " + what;
        var fields = new ArrayList<>(List.of(target.hiddenFields()));
        fields.add("back");
        fields.add(base + (f.query().isEmpty() ? "" : "?" + f.withBefore(null).query()));
        return Html.of("<div class=\"bulk\">{}</div>", Layout.button(who, base + "/retry-all", label, "secondary",
                fields.toArray(String[]::new)));
    }

    private Html table(RecordType type, List<EventView> rows) {
        var trs = new ArrayList<Html>();
        for (var e : rows) {
            var p = e.waitReason() == WaitReason.PAUSED ? new Problem(e.waitLabel(layout.zone()), "")
                    : Problem.of(e.status(), e.waitReason(), e.error(), e.skipReason(), e.destinationId());
            trs.add(Html.of("""
                    <tr data-event-id="{}">
                      <th scope="row"><a href="{}">{}</a>{}</th>
                      {}
                      <td><a class="badge-link" href="{}">{}</a></td>
                      <td data-field="problem"><span class="problem-title">{}</span> <span class="problem-detail">{}</span></td>
                      <td data-field="retries" class="num">{}</td>
                      <td data-field="updated">{}</td>
                    </tr>""", e.id(), recordPath(e), label(e),
                    e.naturalKey() != null && !e.naturalKey().equals(e.sourceId())
                            ? Html.of("<span class=\"sub\">source id {}</span>", e.sourceId()) : Html.EMPTY,
                    type == null ? Html.of("<td>{}</td>", Layout.capitalised(e.type().singular())) : Html.EMPTY,
                    recordPath(e), Layout.badge(e.status()), p.title(), p.detail(), e.retryCount(), layout.when(e.updatedAt())));
        }
        return Html.of("""
                <p class="muted" id="live-note">Newest first. Statuses update by themselves.</p>
                <div class="table-wrap"><table class="records" data-status-src="/status.json" aria-describedby="live-note">
                  <thead><tr><th scope="col">Record</th>{}<th scope="col">Status</th><th scope="col">Problem</th>
                    <th scope="col" class="num">Retries</th><th scope="col">Changed</th></tr></thead>
                  <tbody>{}</tbody>
                </table></div>""", type == null ? Html.of("<th scope=\"col\">Type</th>") : Html.EMPTY, Html.join(trs));
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
        var crumbs = Html.of("<p class=\"crumbs\"><a href=\"/data/{}\">{}</a> <span aria-hidden=\"true\">›</span> {}</p>",
                e.type().plural(), Layout.capitalised(e.type().plural()), label(e));
        var main = Html.of("""
                <p class="sr-only" aria-live="polite" id="live-announce"></p>
                <div data-live-src="{}/live" data-live-version="{}">
                {}
                <section class="actions" aria-labelledby="actions-h">
                  <h2 id="actions-h">Actions</h2>
                  <div class="action-row">{}{}{}</div>
                  <form method="post" action="{}/mark-synced" class="link-form">
                    {}<input type="hidden" name="link" value="yes">
                    <label for="destination-id">Link to an existing destination record</label>
                    <div class="row"><input id="destination-id" name="destinationId" required maxlength="200"
                      placeholder="The record's id in the destination" aria-describedby="link-help">
                      <button type="submit">Link and mark as synced</button></div>
                    <p id="link-help" class="muted">Use this when the destination already has this {} (e.g. "Already synced" or
                      "Duplicate name"): the sync is marked Success and later changes update that record.</p>
                  </form>
                </section>
                {}
                </div>
                {}{}""", path, version(e, attempts),
                summary(who, e), Layout.button(who, path + "/retry", "Retry Sync", "primary"),
                Layout.button(who, path + "/skip", "Skip", "secondary"),
                Layout.button(who, path + "/mark-synced", "Mark as synced manually", "secondary"),
                path, Layout.csrf(who), e.type().singular(), attemptsSection(attempts),
                received(who, e), othersSection(others));
        layout.render(ctx, who, Layout.capitalised(e.type().singular()) + " " + label(e), "/data/" + e.type().plural(),
                crumbs, main);
    }

    /** GET /data/{type}/{id}/live: the parts of the record page that change with its status. */
    public void live(Context ctx, SignedIn who) {
        var e = event(ctx, who);
        var attempts = events.attempts(who.workspace(), e.id());
        ctx.header("X-Live-Version", version(e, attempts)).header("Cache-Control", "no-store")
                .html(Html.of("{}{}", summary(who, e), attemptsSection(attempts)).value());
    }

    private static String version(EventView e, List<AttemptView> attempts) {
        return e.status() + "-" + e.updatedAt().toEpochMilli() + "-" + attempts.size();
    }

    private Html summary(SignedIn who, EventView e) {
        var facts = new ArrayList<Html>();
        facts.add(fact("Status", Html.of("{}{}", Layout.badge(e.status()),
                e.waitReason() == null ? Html.EMPTY : Html.of(" <span class=\"wait\">{}</span>", e.waitLabel(layout.zone()))),
                "status"));
        facts.add(fact("Retry count", Html.of("{}", e.retryCount()), "retry-count"));
        facts.add(fact("Attempts", Html.of("{}", e.attempts()), "attempts"));
        facts.add(fact("Record id in the source", Html.of("{}", e.sourceId()), null));
        if (e.type() == io.ledgerbridge.domain.record.RecordType.INVOICE) {
            views.route(who.workspace(), e.id()).ifPresent(r -> facts.add(fact("Route", Html.of("{}", r), "route")));
        }
        if (e.destinationId() != null) {
            facts.add(fact("Destination record", Html.of("{}", e.destinationId()), "destination"));
        }
        if (e.skipReason() != null) {
            facts.add(fact(e.status() == SyncStatus.SKIPPED ? "Why skipped" : "Note", Html.of("{}", e.skipReason()), "skip-reason"));
        }
        if (e.status() == SyncStatus.PENDING && e.nextAttemptAt() != null) {
            facts.add(fact("Next try", layout.when(e.nextAttemptAt()), null));
        }
        facts.add(fact("Sync created", layout.when(e.createdAt()), null));
        facts.add(fact("Last change", layout.when(e.updatedAt()), null));
        facts.add(fact("Sync id", Html.of("{}", e.id()), null));
        return Html.of("""
                <section id="live-summary" data-live-part aria-labelledby="summary-h" data-status="{}">
                  <h2 id="summary-h" class="sr-only">Sync status</h2>
                  <dl class="facts">{}</dl>
                  {}{}
                </section>""", e.status().name(), Html.join(facts), error(e), links(who, e));
    }

    private static Html fact(String term, Html value, String field) {
        return field == null ? Html.of("<div><dt>{}</dt><dd>{}</dd></div>", term, value)
                : Html.of("<div><dt>{}</dt><dd data-field=\"{}\">{}</dd></div>", term, field, value);
    }

    /** The error in plain words, its fix, and the details it names (SKU, date, email...). */
    private static Html error(EventView e) {
        var err = e.error();
        if (err == null || e.status() == SyncStatus.SUCCESS || e.status() == SyncStatus.SKIPPED) {
            return Html.EMPTY;
        }
        boolean current = e.status() == SyncStatus.FAILED;
        var details = new ArrayList<Html>();
        for (var d : err.details().entrySet()) {
            details.add(Html.of("<div><dt>{}</dt><dd>{}</dd></div>", detailName(d.getKey()), d.getValue()));
        }
        return Html.of("""
                <div class="error-box{}" role="group" aria-labelledby="error-h">
                  <h2 id="error-h">{}{}</h2>
                  <p class="message">{}</p>
                  <p class="fix"><strong>How to fix:</strong> {}</p>
                  {}{}
                </div>""", current ? "" : " earlier", current ? "" : "Last error: ", err.title(), err.message(), err.fix(),
                details.isEmpty() ? Html.EMPTY : Html.of("<dl class=\"details\">{}</dl>", Html.join(details)),
                err.vendorMessage() == null ? Html.EMPTY
                        : Html.of("<p class=\"vendor\">The destination said: <q>{}</q></p>", err.vendorMessage()));
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

    /** The sync whose failure caused this one, and the one it waits for. */
    private Html links(SignedIn who, EventView e) {
        var out = new ArrayList<Html>();
        if (e.causeId() != null) {
            events.get(who.workspace(), e.causeId()).ifPresent(c -> out.add(Html.of("""
                    <p class="cause">Caused by: <a href="{}" id="cause-link">{} {}</a> {} {}</p>""",
                    recordPath(c), Layout.capitalised(c.type().singular()), label(c), Layout.badge(c.status()),
                    c.error() == null ? "" : c.error().title())));
        }
        if (e.blockedBy() != null) {
            events.get(who.workspace(), e.blockedBy()).ifPresent(b -> out.add(Html.of("""
                    <p class="cause">Waits for: <a href="{}">{} {}</a> {}</p>""",
                    recordPath(b), Layout.capitalised(b.type().singular()), label(b), Layout.badge(b.status()))));
        }
        return Html.join(out);
    }

    private Html attemptsSection(List<AttemptView> attempts) {
        if (attempts.isEmpty()) {
            return Html.of("""
                    <section id="live-attempts" data-live-part aria-labelledby="attempts-h">
                      <h2 id="attempts-h">Attempt history</h2><p class="empty">No attempt yet.</p></section>""");
        }
        var items = new ArrayList<Html>();
        for (var a : attempts.reversed()) {
            items.add(Html.of("""
                    <li class="attempt tone-{}">
                      <p class="attempt-head"><span class="outcome">{}</span> {} {}{}</p>
                      {}{}
                    </li>""", AttemptOutcome.tone(a.outcome()), AttemptOutcome.label(a.outcome()),
                    layout.when(a.finishedAt()),
                    a.operation() == null ? Html.EMPTY : Html.of("<span class=\"muted\">· {}</span>", a.operation().toLowerCase()),
                    a.errorCode() == null ? Html.EMPTY : Html.of(" <span class=\"muted\">· {}</span>", errorTitle(a.errorCode())),
                    a.request() == null ? Html.EMPTY
                            : Html.of("<details><summary>What was sent</summary><pre>{}</pre></details>", pretty(a.request())),
                    a.response() == null ? Html.EMPTY
                            : Html.of("<div class=\"came-back\"><span class=\"muted\">What came back:</span> <pre>{}</pre></div>", a.response())));
        }
        return Html.of("""
                <section id="live-attempts" data-live-part aria-labelledby="attempts-h">
                  <h2 id="attempts-h">Attempt history <span class="muted">(newest first)</span></h2>
                  <ol class="attempts" reversed>{}</ol>
                </section>""", Html.join(items));
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

    private Html received(SignedIn who, EventView e) {
        return views.received(who.workspace(), e.id()).map(json -> Html.of("""
                <section aria-labelledby="received-h">
                  <h2 id="received-h">The record as received</h2>
                  <details><summary>Show the {} as the source sent it (latest version)</summary><pre>{}</pre></details>
                </section>""", e.type().singular(), pretty(json))).orElse(Html.EMPTY);
    }

    private Html othersSection(List<EventView> others) {
        if (others.isEmpty()) {
            return Html.EMPTY;
        }
        var items = new ArrayList<Html>();
        for (var o : others) {
            items.add(Html.of("<li><a href=\"{}\">Sync {}</a> {} <span class=\"muted\">created {}</span></li>",
                    recordPath(o), o.id(), Layout.badge(o.status()), layout.when(o.createdAt())));
        }
        return Html.of("""
                <section aria-labelledby="others-h">
                  <h2 id="others-h">Other syncs of this record</h2>
                  <ul class="others">{}</ul>
                </section>""", Html.join(items));
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
