package io.ledgerbridge.dashboard.settings;

import com.fasterxml.jackson.core.type.TypeReference;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.ledgerbridge.dashboard.Flash;
import io.ledgerbridge.dashboard.Layout;
import io.ledgerbridge.dashboard.Templates;
import io.ledgerbridge.dashboard.connections.ConnectionHealth;
import io.ledgerbridge.dashboard.signin.PostgresSessions;
import io.ledgerbridge.dashboard.signin.SignedIn;
import io.ledgerbridge.domain.record.InvoiceStatus;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.domain.workspace.Route;
import io.ledgerbridge.engine.connection.ConnectionStore;
import io.ledgerbridge.engine.flow.Flow;
import io.ledgerbridge.store.flow.PostgresFlows;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/**
 * Settings → Sync → Invoices, Customers, Products, Payments, Tax, Routing: one flow's settings, saved to the flow and
 * read by the engine on its next batch, so they take effect at once.
 */
public final class SyncSettingsPage {

    private static final List<String> SECTIONS = List.of("invoices", "customers", "products", "payments", "tax",
            "routing");

    private final PostgresFlows flows;
    private final ConnectionStore connections;
    private final ConnectionHealth health;
    private final PostgresSessions sessions;
    private final Layout layout;
    private final Jdbi jdbi;
    private final Clock clock;
    private final io.ledgerbridge.dashboard.audit.AuditTrail audit;

    public SyncSettingsPage(PostgresFlows flows, ConnectionStore connections, ConnectionHealth health,
            PostgresSessions sessions, Layout layout, Jdbi jdbi, Clock clock, io.ledgerbridge.dashboard.audit.AuditTrail audit) {
        this.audit = audit;
        this.flows = flows;
        this.connections = connections;
        this.health = health;
        this.sessions = sessions;
        this.layout = layout;
        this.jdbi = jdbi;
        this.clock = clock;
    }

    private static String section(Context ctx) {
        String s = ctx.pathParam("section");
        if (!SECTIONS.contains(s)) {
            throw new NotFoundResponse("There is no sync setting '" + s + "'.");
        }
        return s;
    }

    /** The flow asked for (?flow= or the form's flow field), else the workspace's first; null when it has none. */
    private Flow flow(Context ctx, SignedIn who) {
        var all = flows.list(who.workspace());
        String wanted = ctx.formParam("flow") != null ? ctx.formParam("flow") : ctx.queryParam("flow");
        if (wanted == null || wanted.isBlank()) {
            return all.isEmpty() ? null : all.getFirst();
        }
        return all.stream().filter(f -> f.id().toString().equals(wanted)).findFirst()
                .orElseThrow(() -> new NotFoundResponse("There is no such flow."));
    }

    /** GET /settings/sync/{section} */
    public void show(Context ctx, SignedIn who) {
        String section = section(ctx);
        String title = section.equals("tax") ? "Tax" : section.equals("routing") ? "Routing"
                : Layout.capitalised(section.substring(0, section.length() - 1));
        var flow = flow(ctx, who);
        if (flow == null) {
            layout.render(ctx, who, title + " sync settings", "/settings/sync/" + section,
                    Templates.render("settings/noflow.jte", Map.of()));
            return;
        }
        var s = flow.settings();
        Fields fields = switch (section) {
            case "invoices" -> invoices(s);
            case "customers" -> enable(s, RecordType.CUSTOMER, "Customers are matched in the destination by exact email "
                    + "and created when missing. A customer without an email fails with \"Customer email missing\".");
            case "products" -> products(s);
            case "payments" -> enable(s, RecordType.PAYMENT, "A payment waits until its invoice has synced, then is "
                    + "applied to it. A payment larger than what is outstanding fails and is not recorded.");
            case "routing" -> routing(who, flow);
            default -> tax(who, flow);
        };
        var main = Templates.render("settings/settings.jte", new View(flowTabs(who, flow, section), describe(flow.source()),
                describe(flow.destination()), section, who.csrf(), flow.id().toString(), fields,
                title.toLowerCase(Locale.ROOT) + (section.equals("tax") || section.equals("routing") ? "" : " sync")));
        layout.render(ctx, who, title + " sync settings", "/settings/sync/" + section, main);
    }

    /** What {@code settings/settings.jte} shows: the flow picker (empty with one flow), the direction, a section's form. */
    public record View(List<Tab> flows, String from, String to, String section, String csrf, String flowId, Fields fields,
            String save) {
    }

    /** A flow to pick; {@code current} marks the one shown. */
    public record Tab(String href, String label, boolean current) {
    }

    /** The fields of one section of the form, each laid out by its own template. */
    public sealed interface Fields permits Invoices, Enable, Products, Tax, Routing {
    }

    /** A checkbox; {@code hint} is the id of the text describing it, null for none. */
    public record Check(String name, String value, boolean checked, String label, String hint) {
    }

    /** {@code settings/invoices.jte}: {@code cutoff} is "" when there is none. */
    public record Invoices(Check enabled, List<Check> statuses, Check skipIntegrationSource, String cutoff) implements Fields {
    }

    /** {@code settings/enable.jte}: one record type on or off (customers, payments). */
    public record Enable(String what, Check enabled, String hint) implements Fields {
    }

    /** {@code settings/products.jte} */
    public record Products(Check enabled, Check productSync) implements Fields {
    }

    /** {@code settings/tax.jte} */
    public record Tax(List<TaxRow> rows) implements Fields {
    }

    /** A row of the tax mapping, numbered from 1; {@code failing} when failed syncs use a rate not mapped yet. */
    public record TaxRow(int number, String source, String destination, boolean failing) {
    }

    /**
     * {@code settings/routing.jte}: the route's fields ("" when not routed), the routed flow's table ({@code fieldLabel}
     * is null when not routed) and the options failed invoices named that no destination takes ({@code missing}, null
     * when none).
     */
    public record Routing(String field, String value, String prefix, String fieldLabel, List<RouteRow> routes, String missing)
            implements Fields {
    }

    /** A flow of the routed group; {@code current} marks this page's flow. */
    public record RouteRow(String option, String destination, String prefix, boolean current) {
    }

    private List<Tab> flowTabs(SignedIn who, Flow current, String section) {
        var all = flows.list(who.workspace());
        var tabs = new ArrayList<Tab>();
        if (all.size() < 2) {
            return tabs;
        }
        for (var f : all) {
            tabs.add(new Tab("/settings/sync/" + section + "?flow=" + f.id(), describe(f.source()) + " → " + describe(f.destination()),
                    f.id().equals(current.id())));
        }
        return tabs;
    }

    private String describe(ConnectionId id) {
        return connections.find(id).map(c -> c.name() + " · " + health.systemName(c.system())).orElse(id.toString());
    }

    private static Enable enable(FlowSettings s, RecordType type, String hint) {
        String what = Layout.capitalised(type.singular());
        return new Enable(what, new Check("enabled", "yes", s.enabled(type), "Enable " + what + " Sync", "enable-hint"), hint);
    }

    private static Invoices invoices(FlowSettings s) {
        var statuses = new ArrayList<Check>();
        for (var st : InvoiceStatus.values()) {
            statuses.add(new Check("status", st.name(), s.invoiceStatuses().contains(st), label(st), null));
        }
        return new Invoices(new Check("enabled", "yes", s.enabled(RecordType.INVOICE), "Enable Invoice Sync", "enable-hint"),
                statuses, new Check("skipIntegrationSource", "yes", s.skipIntegrationSource(), "Skip Integration Source", "skip-hint"),
                s.historicalCutoff() == null ? "" : s.historicalCutoff().toString());
    }

    private static Products products(FlowSettings s) {
        return new Products(new Check("enabled", "yes", s.enabled(RecordType.PRODUCT), "Enable Product Sync", "enable-hint"),
                new Check("productSync", "yes", s.productSync(), "Keep catalogues aligned: create missing products by SKU",
                        "catalogue-hint"));
    }

    private Tax tax(SignedIn who, Flow flow) {
        var mapping = new TreeMap<>(flow.settings().taxMapping());
        var unmapped = new LinkedHashSet<String>(jdbi.withHandle(h -> h.createQuery("""
                        SELECT DISTINCT error_details->>'taxCode' FROM sync_event
                         WHERE workspace_id = :w AND flow_id = :f AND status = 'FAILED' AND error_code = 'TAX_CODE_NOT_MAPPED'
                         ORDER BY 1 LIMIT 20""")
                .bind("w", who.workspace().value()).bind("f", flow.id().value()).mapTo(String.class).list()));
        unmapped.removeIf(code -> code == null || mapping.containsKey(code));
        var rows = new ArrayList<TaxRow>();
        for (var e : mapping.entrySet()) {
            rows.add(new TaxRow(rows.size() + 1, e.getKey(), e.getValue(), false));
        }
        for (var code : unmapped) {
            rows.add(new TaxRow(rows.size() + 1, code, "", true));
        }
        for (int i = 0; i < 3; i++) {
            rows.add(new TaxRow(rows.size() + 1, "", "", false));
        }
        return new Tax(rows);
    }

    /**
     * The flow's route, and the routed flow it belongs to: every destination of the same source routed on the same
     * field with its option and prefix, and the options invoices named that no destination takes yet.
     */
    private Routing routing(SignedIn who, Flow flow) {
        var route = flow.settings().route();
        var rows = new ArrayList<RouteRow>();
        for (var f : flows.routedWith(flow)) {
            if (f.settings().route() == null) {
                continue;
            }
            rows.add(new RouteRow(f.settings().route().value(), describe(f.destination()),
                    f.settings().route().numberPrefix().isEmpty() ? "none" : f.settings().route().numberPrefix(),
                    f.id().equals(flow.id())));
        }
        var missing = route == null ? List.<String>of() : jdbi.withHandle(h -> h.createQuery("""
                        SELECT DISTINCT error_details->>'value' FROM sync_event
                         WHERE workspace_id = :w AND status = 'FAILED' AND error_code = 'NO_ROUTE'
                           AND flow_id = ANY(CAST(:flows AS uuid[])) ORDER BY 1 LIMIT 20""")
                .bind("w", who.workspace().value())
                .bindArray("flows", java.util.UUID.class, flows.routedWith(flow).stream().map(f -> f.id().value()).toList())
                .mapTo(String.class).list());
        return new Routing(route == null ? "" : route.field(), route == null ? "" : route.value(),
                route == null ? "" : route.numberPrefix(), route == null ? null : Route.label(route.field()), rows,
                missing.isEmpty() ? null : String.join(", ", missing));
    }

    private static String label(InvoiceStatus s) {
        return Layout.capitalised(s.name().toLowerCase(Locale.ROOT));
    }

    /** POST /settings/sync/{section} */
    public void save(Context ctx, SignedIn who) {
        String section = section(ctx);
        var flow = flow(ctx, who);
        if (flow == null) {
            throw new NotFoundResponse("There is no flow to save settings for.");
        }
        var s = flow.settings();
        boolean on = "yes".equals(ctx.formParam("enabled"));
        String back = "/settings/sync/" + section + "?flow=" + flow.id();
        FlowSettings next;
        String saved;
        switch (section) {
            case "invoices" -> {
                var statuses = EnumSet.noneOf(InvoiceStatus.class);
                for (String v : ctx.formParams("status")) {
                    try {
                        statuses.add(InvoiceStatus.valueOf(v));
                    } catch (IllegalArgumentException ignored) {
                        // not a status: nothing to select
                    }
                }
                if (on && statuses.isEmpty()) {
                    refuse(ctx, who, back, "Select at least one invoice status, or turn invoice sync off. Nothing was saved.");
                    return;
                }
                LocalDate cutoff;
                String c = ctx.formParam("historicalCutoff");
                try {
                    cutoff = c == null || c.isBlank() ? null : LocalDate.parse(c.trim());
                } catch (DateTimeParseException e) {
                    refuse(ctx, who, back, "The cut-off date '" + c + "' is not a date (YYYY-MM-DD). Nothing was saved.");
                    return;
                }
                var enabled = s.withEnabled(RecordType.INVOICE, on).enabledTypes();
                next = new FlowSettings(enabled, statuses, "yes".equals(ctx.formParam("skipIntegrationSource")),
                        s.taxMapping(), s.productSync(), cutoff, s.route());
                saved = "Invoice sync settings saved. " + (on ? "Invoices in status "
                        + String.join(", ", statuses.stream().map(SyncSettingsPage::label).toList()) + " sync from now on."
                        : "Invoice sync is off: new invoice changes are skipped.");
            }
            case "customers", "payments" -> {
                var type = section.equals("customers") ? RecordType.CUSTOMER : RecordType.PAYMENT;
                next = s.withEnabled(type, on);
                saved = Layout.capitalised(type.singular()) + " sync is " + (on ? "on." : "off: new changes are skipped.");
            }
            case "routing" -> {
                String field = trimmed(ctx.formParam("routeField"));
                String value = trimmed(ctx.formParam("routeValue"));
                String prefix = trimmed(ctx.formParam("numberPrefix"));
                var refusal = connections.find(flow.destination())
                        .flatMap(d -> io.ledgerbridge.engine.flow.FlowRules.routeRefusal(field, value, prefix, d));
                if (field.isEmpty() && value.isEmpty()) {
                    next = s.withRoute(null);
                    saved = "This flow is not routed: it takes every record of its source.";
                } else if (refusal.isPresent()) {
                    refuse(ctx, who, back, refusal.get() + " Nothing was saved.");
                    return;
                } else {
                    next = s.withRoute(new Route(field, value, prefix));
                    saved = "Route saved: invoices with " + Route.label(field) + " \"" + value + "\" go to "
                            + describe(flow.destination()) + (prefix.isEmpty() ? "." : ", numbered " + prefix + "….");
                }
            }
            case "products" -> {
                next = s.withEnabled(RecordType.PRODUCT, on).withProductSync("yes".equals(ctx.formParam("productSync")));
                saved = "Product sync settings saved.";
            }
            default -> {
                var sources = ctx.formParams("source");
                var destinations = ctx.formParams("destination");
                var mapping = new TreeMap<String, String>();
                for (int i = 0; i < Math.min(sources.size(), destinations.size()); i++) {
                    String from = sources.get(i).trim();
                    String to = destinations.get(i).trim();
                    if (from.isEmpty() && to.isEmpty()) {
                        continue;
                    }
                    if (from.isEmpty() || to.isEmpty()) {
                        refuse(ctx, who, back, "Row " + (i + 1) + " needs both a source tax rate and a destination tax code. Nothing was saved.");
                        return;
                    }
                    if (mapping.put(from, to) != null) {
                        refuse(ctx, who, back, "The tax rate \"" + from + "\" is mapped twice. Nothing was saved.");
                        return;
                    }
                }
                next = s.withTaxMapping(Map.copyOf(mapping));
                saved = "Tax mapping saved (" + Layout.plural(mapping.size(), "rate", "rates")
                        + "). Retry the invoices that failed with \"Tax code not mapped\".";
            }
        }
        flows.updateSettings(flow.id(), next, clock.instant());
        recordChange(who, flow.id(), flow.settings(), next, saved);
        sessions.flash(who.sessionKey(), Flash.notice(saved));
        ctx.redirect(back, HttpStatus.SEE_OTHER);
    }

    /** The settings that changed, before and after, into the audit log. */
    private void recordChange(SignedIn who, io.ledgerbridge.domain.workspace.FlowId flow, FlowSettings before,
            FlowSettings after, String saved) {
        Map<String, Object> was = io.ledgerbridge.store.json.Json.MAPPER.convertValue(before, new TypeReference<>() {});
        Map<String, Object> now = io.ledgerbridge.store.json.Json.MAPPER.convertValue(after, new TypeReference<>() {});
        var changedBefore = new java.util.TreeMap<String, Object>();
        var changedAfter = new java.util.TreeMap<String, Object>();
        for (var key : new java.util.TreeSet<>(java.util.stream.Stream.concat(was.keySet().stream(), now.keySet().stream()).toList())) {
            if (!java.util.Objects.equals(was.get(key), now.get(key))) {
                changedBefore.put(key, was.get(key));
                changedAfter.put(key, now.get(key));
            }
        }
        audit.record(who, "settings.save", "flow:" + flow, changedAfter.isEmpty() ? "Saved the sync settings; nothing changed"
                : "Changed " + String.join(", ", changedAfter.keySet()) + ": " + saved, changedBefore, changedAfter);
    }

    private static String trimmed(String s) {
        return s == null ? "" : s.strip();
    }

    private void refuse(Context ctx, SignedIn who, String back, String why) {
        sessions.flash(who.sessionKey(), Flash.refusal(why));
        ctx.redirect(back, HttpStatus.SEE_OTHER);
    }
}
