package io.ledgerbridge.dashboard.imports;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.ledgerbridge.dashboard.Flash;
import io.ledgerbridge.dashboard.Html;
import io.ledgerbridge.dashboard.Layout;
import io.ledgerbridge.dashboard.Templates;
import io.ledgerbridge.dashboard.audit.AuditTrail;
import io.ledgerbridge.dashboard.people.Role;
import io.ledgerbridge.dashboard.signin.PostgresSessions;
import io.ledgerbridge.dashboard.signin.SignedIn;
import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.engine.connection.ConnectionStore;
import io.ledgerbridge.engine.flow.Flow;
import io.ledgerbridge.engine.history.HistoricalImport;
import io.ledgerbridge.engine.history.HistoricalImports;
import io.ledgerbridge.engine.history.ImportPlanner;
import io.ledgerbridge.store.flow.PostgresFlows;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Historical imports (issue 12) in the dashboard: a flow's imports under Settings → Connections with "Import the
 * past", the form that checks what an import costs before starting it, and an import's page with its progress (kept
 * current by {@code dashboard.js} from {@code /imports/{id}.json}), its Pause, Resume and Cancel, and its report.
 *
 * <p>What is refused is {@link ImportPlanner}'s to say, as for the API and the command line.
 */
public final class ImportPages {

    private static final Logger log = LoggerFactory.getLogger(ImportPages.class);

    private final ImportPlanner planner;
    private final HistoricalImports imports;
    private final PostgresFlows flows;
    private final ConnectionStore connections;
    private final PostgresSessions sessions;
    private final Layout layout;
    private final AuditTrail audit;
    private final Clock clock;

    public ImportPages(ImportPlanner planner, HistoricalImports imports, PostgresFlows flows, ConnectionStore connections,
            PostgresSessions sessions, Layout layout, AuditTrail audit, Clock clock) {
        this.planner = planner;
        this.imports = imports;
        this.flows = flows;
        this.connections = connections;
        this.sessions = sessions;
        this.layout = layout;
        this.audit = audit;
        this.clock = clock;
    }

    // ---- a flow's imports, on Settings → Connections ----

    /** The flow's imports, newest first, and "Import the past" for those who may change flows. */
    public Html forFlow(SignedIn who, FlowId flow, String route) {
        var rows = new ArrayList<Row>();
        for (var i : imports.list(who.workspace(), flow)) {
            rows.add(row(i));
        }
        return Templates.render("imports/flow.jte", new FlowImports(flow.toString(), route,
                who.can(Role.Permission.CHANGE), rows));
    }

    Row row(HistoricalImport i) {
        var f = ImportFigures.of(i, clock.instant(), layout.zone());
        return new Row(i.id().toString(), i.from() + " – " + i.to(), f,
                ImportFigures.number(f.done()) + "/" + ImportFigures.number(f.max()) + " done",
                "started by " + i.createdBy() + " " + ImportFigures.when(i.createdAt(), layout.zone()));
    }

    /** What {@code imports/flow.jte} shows; {@code canStart} is false for viewers. */
    public record FlowImports(String flow, String route, boolean canStart, List<Row> imports) {
    }

    /** One import in a flow's list. */
    public record Row(String id, String range, ImportFigures figures, String progress, String started) {
    }

    // ---- the form ----

    /**
     * What {@code imports/form.jte} shows: the values as typed (dates "" when none), {@code refusal} why the planner
     * refused them, {@code estimate} what they cost once checked; both null otherwise.
     */
    public record Form(String csrf, String flow, String route, String from, String to, boolean customers, boolean products,
            String share, String refusal, Estimate estimate) {
    }

    /** What a checked request costs, in the planner's sentence and in figures. */
    public record Estimate(String summary, String invoices, String calls, String days, String end) {
    }

    /** GET /flows/{flowId}/imports/new */
    public void form(Context ctx, SignedIn who) {
        var flow = flow(ctx, who);
        var cutoff = flow.settings().historicalCutoff();
        var today = LocalDate.ofInstant(clock.instant(), layout.zone());
        render(ctx, who, flow, new Form(who.csrf(), flow.id().toString(), route(flow), cutoff == null ? "" : cutoff.toString(),
                today.toString(), true, true, String.valueOf(ImportPlanner.DEFAULT_SHARE), null, null));
    }

    /** POST /flows/{flowId}/imports: {@code do=check} shows what the import costs, {@code do=start} starts it. */
    public void submit(Context ctx, SignedIn who) {
        var flow = flow(ctx, who);
        String from = trimmed(ctx.formParam("from"));
        String to = trimmed(ctx.formParam("to"));
        boolean customers = ctx.formParam("customers") != null;
        boolean products = ctx.formParam("products") != null;
        String share = trimmed(ctx.formParam("share"));
        var typed = new Form(who.csrf(), flow.id().toString(), route(flow), from, to, customers, products, share, null, null);
        try {
            var request = request(flow.id(), from, to, customers, products, share);
            if (!"start".equals(ctx.formParam("do"))) {
                var plan = planner.plan(who.workspace(), request);
                render(ctx, who, flow, withEstimate(typed, plan.estimate(), plan.destination(), layout.zone()));
                return;
            }
            var started = planner.start(who.workspace(), request, who.email());
            var types = started.types().stream().sorted().map(RecordType::plural).collect(Collectors.joining(", "));
            audit.record(who, "import.start", "import:" + started.id(), "Started an import of " + types + " from "
                    + started.from() + " to " + started.to() + " through " + route(flow) + ", within " + started.budgetShare()
                    + " % of the destination's daily calls", Map.of(), Map.of("flow", flow.id().toString(), "from",
                            started.from().toString(), "to", started.to().toString(), "types", types, "budgetShare",
                            started.budgetShare()));
            log.info("import started workspace={} flow={} import={} from={} to={} by={}", who.workspace(), flow.id(),
                    started.id(), started.from(), started.to(), who.email());
            sessions.flash(who.sessionKey(), Flash.notice("The import started: its records are read page by page and "
                    + "synced after the live syncs of " + name(flow.destination()) + "."));
            ctx.redirect("/imports/" + started.id(), HttpStatus.SEE_OTHER);
        } catch (ImportPlanner.Refused e) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            render(ctx, who, flow, new Form(typed.csrf(), typed.flow(), typed.route(), from, to, customers, products, share,
                    e.getMessage(), null));
        }
    }

    /** The person's values as the planner takes them; a date or a percent that is not one is refused here. */
    static ImportPlanner.Request request(FlowId flow, String from, String to, boolean customers, boolean products,
            String share) {
        var types = EnumSet.of(RecordType.INVOICE);
        if (customers) {
            types.add(RecordType.CUSTOMER);
        }
        if (products) {
            types.add(RecordType.PRODUCT);
        }
        Integer percent = null;
        if (!share.isEmpty()) {
            try {
                percent = Integer.parseInt(share);
            } catch (NumberFormatException e) {
                throw new ImportPlanner.Refused("The budget share is a whole percent from 1 to 100; got \"" + share + "\".");
            }
        }
        return new ImportPlanner.Request(flow, date("From", from), date("To", to), Set.copyOf(types), percent);
    }

    private static LocalDate date(String field, String value) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new ImportPlanner.Refused(field + " is not a date (YYYY-MM-DD): \"" + value + "\".");
        }
    }

    static Form withEstimate(Form f, io.ledgerbridge.engine.history.Estimate e, String destination, java.time.ZoneId zone) {
        var figures = new Estimate(e.summary(destination),
                e.invoices() < 0 ? "not known beforehand" : ImportFigures.number(e.invoices()),
                e.invoices() < 0 ? "not known beforehand" : ImportFigures.number(e.calls()),
                e.perDay() == 0 ? "1 (no daily limit)" : String.valueOf(e.days()),
                e.invoices() < 0 ? "not known beforehand" : "about " + ImportFigures.when(e.expectedEnd(), zone));
        return new Form(f.csrf(), f.flow(), f.route(), f.from(), f.to(), f.customers(), f.products(), f.share(), null, figures);
    }

    private void render(Context ctx, SignedIn who, Flow flow, Form form) {
        layout.render(ctx, who, "Import the past", "/settings/connections",
                Layout.crumbs("/settings/connections", "Connections", route(flow)), Templates.render("imports/form.jte", form));
    }

    // ---- an import's page ----

    /**
     * What {@code imports/import.jte} shows; {@code csrf} is null for viewers (no buttons), {@code report} null until
     * the import is finished and verified.
     */
    public record Page(String id, String csrf, String route, String range, String types, String budget, String started,
            ImportFigures figures, boolean canPause, boolean canResume, boolean canCancel, Report report) {
    }

    /** The verification at the end: {@code mismatch} null when the count matches the source's. */
    public record Report(String synced, String expected, String read, List<Skipped> skipped, List<Failed> failed,
            String mismatch, String verified) {
    }

    public record Skipped(String reason, String count) {
    }

    /** A failed item, with its event's page. */
    public record Failed(String path, String label, String error) {
    }

    /** GET /imports/{id} */
    public void show(Context ctx, SignedIn who) {
        var i = found(ctx, who);
        var flow = flows.find(i.flow()).orElse(null);
        layout.render(ctx, who, "Import of " + i.from() + " – " + i.to(), "/settings/connections",
                Layout.crumbs("/settings/connections", "Connections", flow == null ? "(a deleted flow)" : route(flow)),
                Templates.render("imports/import.jte", page(i, flow == null ? "(a deleted flow)" : route(flow),
                        who.can(Role.Permission.CHANGE) ? who.csrf() : null)));
    }

    Page page(HistoricalImport i, String route, String csrf) {
        var zone = layout.zone();
        var f = ImportFigures.of(i, clock.instant(), zone);
        boolean open = !i.status().finished() && csrf != null;
        var types = i.types().stream().sorted().map(RecordType::plural).collect(Collectors.joining(", "));
        return new Page(i.id().toString(), csrf, route, i.from() + " – " + i.to(), types,
                i.budgetShare() + " % of the destination's daily calls; the rest stays for live syncs",
                i.createdBy() + ", " + ImportFigures.when(i.createdAt(), zone), f,
                open && i.status() == HistoricalImport.Status.RUNNING, open && i.status() == HistoricalImport.Status.PAUSED,
                open, i.status().finished() ? i.report().map(r -> report(r, zone)).orElse(null) : null);
    }

    private static Report report(HistoricalImport.Report r, java.time.ZoneId zone) {
        var skipped = new ArrayList<Skipped>();
        new TreeMap<>(r.skipped()).forEach((reason, n) -> skipped.add(new Skipped(reason, ImportFigures.number(n))));
        var failed = new ArrayList<Failed>();
        for (var item : r.failed()) {
            failed.add(new Failed("/data/" + item.type().plural() + "/" + item.eventId(),
                    Layout.capitalised(item.type().singular()) + " " + item.sourceId(), errorTitle(item.errorCode())));
        }
        return new Report(ImportFigures.number(r.synced()), r.expected() < 0 ? "not known" : ImportFigures.number(r.expected()),
                ImportFigures.number(r.invoicesRead()), skipped, failed, r.mismatch(),
                r.verifiedAt() == null ? "" : ImportFigures.when(r.verifiedAt(), zone));
    }

    private static String errorTitle(String code) {
        if (code == null) {
            return "";
        }
        try {
            return ErrorCode.valueOf(code).title();
        } catch (IllegalArgumentException e) {
            return code;
        }
    }

    /** GET /imports/{id}.json: the figures of the import's page, for its script. */
    public void figures(Context ctx, SignedIn who) {
        var i = found(ctx, who);
        ctx.header("Cache-Control", "no-store").json(ImportFigures.of(i, clock.instant(), layout.zone()).json());
    }

    /** POST /imports/{id}/pause */
    public void pause(Context ctx, SignedIn who) {
        change(ctx, who, HistoricalImports.Status.PAUSED, "paused",
                "Nothing more is read or synced until you resume it; live syncs go on.");
    }

    /** POST /imports/{id}/resume */
    public void resume(Context ctx, SignedIn who) {
        change(ctx, who, HistoricalImports.Status.RUNNING, "resumed", "It goes on where it stopped.");
    }

    /** POST /imports/{id}/cancel */
    public void cancel(Context ctx, SignedIn who) {
        change(ctx, who, HistoricalImports.Status.CANCELLED, "cancelled",
                "Its waiting syncs were skipped; what it already synced stays in the destination.");
    }

    private void change(Context ctx, SignedIn who, HistoricalImports.Status to, String done, String then) {
        var before = found(ctx, who);
        var after = imports.change(who.workspace(), before.id(), to, who.email(), clock.instant());
        if (after.isEmpty()) {
            sessions.flash(who.sessionKey(), Flash.refusal("The import is " + ImportFigures.label(before.status())
                    .toLowerCase(java.util.Locale.ROOT) + ": it cannot be " + done + "."));
        } else {
            audit.record(who, "import." + verb(to), "import:" + before.id(), Layout.capitalised(done) + " the import of "
                    + before.from() + " to " + before.to(), Map.of("status", before.status().name()),
                    Map.of("status", after.get().status().name()));
            log.info("import {} workspace={} import={} by={}", done, who.workspace(), before.id(), who.email());
            sessions.flash(who.sessionKey(), Flash.notice("The import is " + done + ". " + then));
        }
        ctx.redirect("/imports/" + before.id(), HttpStatus.SEE_OTHER);
    }

    private static String verb(HistoricalImports.Status to) {
        return switch (to) {
            case PAUSED -> "pause";
            case RUNNING -> "resume";
            case CANCELLED -> "cancel";
        };
    }

    // ---- lookups ----

    /** The import named in the path ({@code {id}}), if it is the signed-in person's workspace's; else 404. */
    private HistoricalImport found(Context ctx, SignedIn who) {
        UUID id;
        try {
            id = UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw new NotFoundResponse("There is no such import.");
        }
        return imports.find(who.workspace(), id).orElseThrow(() -> new NotFoundResponse("There is no such import."));
    }

    private Flow flow(Context ctx, SignedIn who) {
        try {
            var id = new FlowId(UUID.fromString(ctx.pathParam("flowId")));
            return flows.find(id).filter(f -> f.workspace().equals(who.workspace()) && !f.isDeleted())
                    .orElseThrow(() -> new NotFoundResponse("There is no such flow."));
        } catch (IllegalArgumentException e) {
            throw new NotFoundResponse("There is no such flow.");
        }
    }

    private String route(Flow f) {
        return name(f.source()) + " → " + name(f.destination());
    }

    private String name(ConnectionId id) {
        return connections.find(id).map(c -> c.name()).orElse("(a removed connection)");
    }

    private static String trimmed(String s) {
        return s == null ? "" : s.strip();
    }
}
