package io.ledgerbridge.dashboard.settings;

import com.fasterxml.jackson.core.type.TypeReference;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.ledgerbridge.dashboard.Flash;
import io.ledgerbridge.dashboard.Html;
import io.ledgerbridge.dashboard.Layout;
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
            layout.render(ctx, who, title + " sync settings", "/settings/sync/" + section, Html.of(
                    "<p class=\"empty\">This workspace has no flow yet: connect a source and a destination, then create "
                    + "a flow under <a href=\"/settings/connections\">Settings → Connections</a>.</p>"));
            return;
        }
        var s = flow.settings();
        Html fields = switch (section) {
            case "invoices" -> invoices(s);
            case "customers" -> enable(s, RecordType.CUSTOMER, "Customers are matched in the destination by exact email "
                    + "and created when missing. A customer without an email fails with \"Customer email missing\".");
            case "products" -> products(s);
            case "payments" -> enable(s, RecordType.PAYMENT, "A payment waits until its invoice has synced, then is "
                    + "applied to it. A payment larger than what is outstanding fails and is not recorded.");
            case "routing" -> routing(who, flow);
            default -> tax(who, flow);
        };
        var main = Html.of("""
                {}
                <p class="direction">Direction: <strong>{}</strong> <span aria-hidden="true">→</span> <strong>{}</strong>
                  <span class="muted">(one direction at a time; set when the flow was made)</span></p>
                <form method="post" action="/settings/sync/{}" class="settings">
                  {}<input type="hidden" name="flow" value="{}">
                  {}
                  <p><button type="submit" class="primary">Save {} settings</button></p>
                </form>""", flowPicker(who, flow, section), describe(flow.source()), describe(flow.destination()),
                section, Layout.csrf(who), flow.id(), fields, title.toLowerCase(Locale.ROOT)
                        + (section.equals("tax") || section.equals("routing") ? "" : " sync"));
        layout.render(ctx, who, title + " sync settings", "/settings/sync/" + section, main);
    }

    private Html flowPicker(SignedIn who, Flow current, String section) {
        var all = flows.list(who.workspace());
        if (all.size() < 2) {
            return Html.EMPTY;
        }
        var items = new ArrayList<Html>();
        for (var f : all) {
            String label = describe(f.source()) + " → " + describe(f.destination());
            String href = "/settings/sync/" + section + "?flow=" + f.id();
            items.add(f.id().equals(current.id())
                    ? Html.of("<li><a href=\"{}\" aria-current=\"true\">{}</a></li>", href, label)
                    : Html.of("<li><a href=\"{}\">{}</a></li>", href, label));
        }
        return Html.of("<nav aria-label=\"Flows\"><p>Flow:</p><ul class=\"tabs\">{}</ul></nav>", Html.join(items));
    }

    private String describe(ConnectionId id) {
        return connections.find(id).map(c -> c.name() + " · " + health.systemName(c.system())).orElse(id.toString());
    }

    private static Html checkbox(String name, String value, boolean checked, String label, String hintId) {
        return Html.of("<label class=\"check\"><input type=\"checkbox\" name=\"{}\" value=\"{}\"{}{}> {}</label>", name, value,
                checked ? Html.of(" checked") : Html.EMPTY,
                hintId == null ? Html.EMPTY : Html.of(" aria-describedby=\"{}\"", hintId), label);
    }

    private static Html enable(FlowSettings s, RecordType type, String hint) {
        String what = Layout.capitalised(type.singular());
        return Html.of("""
                <fieldset><legend>{} sync</legend>
                  {}
                  <p class="hint" id="enable-hint">{}</p>
                </fieldset>""", what, checkbox("enabled", "yes", s.enabled(type), "Enable " + what + " Sync", "enable-hint"), hint);
    }

    private static Html invoices(FlowSettings s) {
        var statuses = new ArrayList<Html>();
        for (var st : InvoiceStatus.values()) {
            statuses.add(checkbox("status", st.name(), s.invoiceStatuses().contains(st), label(st), null));
        }
        return Html.of("""
                <fieldset><legend>Invoice sync</legend>
                  {}
                  <p class="hint" id="enable-hint">Turned off, new invoice changes are skipped with the reason shown on each.</p>
                </fieldset>
                <fieldset aria-describedby="status-hint"><legend>Invoice statuses to sync</legend>
                  <div class="checks">{}</div>
                  <p class="hint" id="status-hint">Only invoices in a selected status sync. Example: with only Open selected,
                    Draft invoices are skipped. Voids sync as voids of invoices already synced.</p>
                </fieldset>
                <fieldset><legend>Loops and history</legend>
                  {}
                  <p class="hint" id="skip-hint">Records that Ledgerbridge or another integration wrote are not synced back,
                    which prevents loops. Applies to every record type of this flow.</p>
                  <label for="cutoff">Historical cut-off date</label>
                  <input id="cutoff" type="date" name="historicalCutoff" value="{}" aria-describedby="cutoff-hint">
                  <p class="hint" id="cutoff-hint">Records dated before this day are not synced. Leave empty for no cut-off.</p>
                </fieldset>""", checkbox("enabled", "yes", s.enabled(RecordType.INVOICE), "Enable Invoice Sync", "enable-hint"),
                Html.join(statuses), checkbox("skipIntegrationSource", "yes", s.skipIntegrationSource(),
                        "Skip Integration Source", "skip-hint"),
                s.historicalCutoff() == null ? "" : s.historicalCutoff().toString());
    }

    private static Html products(FlowSettings s) {
        return Html.of("""
                <fieldset><legend>Product sync</legend>
                  {}
                  <p class="hint" id="enable-hint">Products pushed by the source sync to the destination, matched by exact,
                    case-sensitive SKU.</p>
                  {}
                  <p class="hint" id="catalogue-hint">When an invoice line's SKU is missing in the destination, the product is
                    created from the source's catalogue first instead of failing with "SKU not found".</p>
                </fieldset>""", checkbox("enabled", "yes", s.enabled(RecordType.PRODUCT), "Enable Product Sync", "enable-hint"),
                checkbox("productSync", "yes", s.productSync(), "Keep catalogues aligned: create missing products by SKU",
                        "catalogue-hint"));
    }

    private Html tax(SignedIn who, Flow flow) {
        var mapping = new TreeMap<>(flow.settings().taxMapping());
        var unmapped = new LinkedHashSet<String>(jdbi.withHandle(h -> h.createQuery("""
                        SELECT DISTINCT error_details->>'taxCode' FROM sync_event
                         WHERE workspace_id = :w AND flow_id = :f AND status = 'FAILED' AND error_code = 'TAX_CODE_NOT_MAPPED'
                         ORDER BY 1 LIMIT 20""")
                .bind("w", who.workspace().value()).bind("f", flow.id().value()).mapTo(String.class).list()));
        unmapped.removeIf(code -> code == null || mapping.containsKey(code));
        var rows = new ArrayList<Html>();
        int n = 0;
        for (var e : mapping.entrySet()) {
            rows.add(taxRow(n++, e.getKey(), e.getValue(), false));
        }
        for (var code : unmapped) {
            rows.add(taxRow(n++, code, "", true));
        }
        for (int i = 0; i < 3; i++) {
            rows.add(taxRow(n++, "", "", false));
        }
        return Html.of("""
                <fieldset><legend>Tax mapping</legend>
                  <p class="hint" id="tax-hint">Each tax rate the source uses needs the destination's tax code. An invoice
                    with an unmapped rate fails with "Tax code not mapped". Clear both fields of a row to remove it.</p>
                  <table class="tax">
                    <thead><tr><th scope="col">Source tax rate</th><th scope="col">Destination tax code</th></tr></thead>
                    <tbody>{}</tbody>
                  </table>
                </fieldset>""", Html.join(rows));
    }

    /**
     * The flow's route, and the routed flow it belongs to: every destination of the same source routed on the same
     * field with its option and prefix, and the options invoices named that no destination takes yet.
     */
    private Html routing(SignedIn who, Flow flow) {
        var route = flow.settings().route();
        var rows = new ArrayList<Html>();
        for (var f : flows.routedWith(flow)) {
            if (f.settings().route() == null) {
                continue;
            }
            rows.add(Html.of("<tr{}><td>{}</td><td>{}</td><td>{}</td></tr>",
                    f.id().equals(flow.id()) ? Html.of(" aria-current=\"true\"") : Html.EMPTY,
                    f.settings().route().value(), describe(f.destination()),
                    f.settings().route().numberPrefix().isEmpty() ? "none" : f.settings().route().numberPrefix()));
        }
        var missing = route == null ? List.<String>of() : jdbi.withHandle(h -> h.createQuery("""
                        SELECT DISTINCT error_details->>'value' FROM sync_event
                         WHERE workspace_id = :w AND status = 'FAILED' AND error_code = 'NO_ROUTE'
                           AND flow_id = ANY(CAST(:flows AS uuid[])) ORDER BY 1 LIMIT 20""")
                .bind("w", who.workspace().value())
                .bindArray("flows", java.util.UUID.class, flows.routedWith(flow).stream().map(f -> f.id().value()).toList())
                .mapTo(String.class).list());
        Html table = rows.isEmpty() ? Html.of("<p class=\"hint\">This flow takes every record of its source.</p>")
                : Html.of("""
                        <table class="routes"><caption>Routing table ({})</caption>
                          <thead><tr><th scope="col">Option</th><th scope="col">Destination</th><th scope="col">Number prefix</th></tr></thead>
                          <tbody>{}</tbody>
                        </table>""", Route.label(route.field()), Html.join(rows));
        Html warning = missing.isEmpty() ? Html.EMPTY : Html.of("""
                <p class="warning" role="status">Invoices with {} {} have no destination yet and failed with "No destination
                  for this invoice": add a flow from this source routed on the same field for each, or change the
                  invoices.</p>""", Route.label(route.field()), String.join(", ", missing));
        return Html.of("""
                <fieldset aria-describedby="route-hint"><legend>Route</legend>
                  <p class="hint" id="route-hint">A routed flow sends each invoice of one source to one of several
                    destinations: make one flow per destination from the same source, each routed on the same field with
                    its own option. Customers, products and payments follow their invoice. An invoice whose option
                    changes is voided where it was and created where it goes now. Leave the field empty for a flow that
                    takes every record.</p>
                  <label for="route-field">Route by</label>
                  <input id="route-field" name="routeField" value="{}" maxlength="100"
                         placeholder="tracking:Region, property:hs_region or a REST field name">
                  <label for="route-value">Option this destination takes</label>
                  <input id="route-value" name="routeValue" value="{}" maxlength="200" placeholder="Sydney">
                  <label for="route-prefix">Invoice number prefix in this destination</label>
                  <input id="route-prefix" name="numberPrefix" value="{}" maxlength="10" placeholder="SYD-">
                  <p class="hint">Required for a Xero destination, so the group's numbers never collide with its own.</p>
                </fieldset>
                {}{}""", route == null ? "" : route.field(), route == null ? "" : route.value(),
                route == null ? "" : route.numberPrefix(), table, warning);
    }

    private static Html taxRow(int i, String source, String destination, boolean failing) {
        return Html.of("""
                <tr{}><td><input name="source" value="{}" aria-label="Source tax rate, row {}" maxlength="100">{}</td>
                  <td><input name="destination" value="{}" aria-label="Destination tax code, row {}" maxlength="100"></td></tr>""",
                failing ? Html.of(" class=\"failing\"") : Html.EMPTY, source, i + 1,
                failing ? Html.of(" <span class=\"sub\">failing syncs use this rate</span>") : Html.EMPTY, destination, i + 1);
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
