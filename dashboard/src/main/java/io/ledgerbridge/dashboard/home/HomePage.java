package io.ledgerbridge.dashboard.home;

import io.javalin.http.Context;
import io.ledgerbridge.dashboard.Html;
import io.ledgerbridge.dashboard.Layout;
import io.ledgerbridge.dashboard.connections.ConnectionHealth;
import io.ledgerbridge.dashboard.records.RecordPages;
import io.ledgerbridge.dashboard.signin.SignedIn;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.engine.events.EventFilter;
import io.ledgerbridge.engine.events.SyncEvents;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The dashboard itself: counts by status (Failed links to the failed list), the chart, connection health. */
public final class HomePage {

    static final int CHART_DAYS = 14;
    private static final List<RecordType> TYPES = List.of(RecordType.INVOICE, RecordType.CUSTOMER, RecordType.PRODUCT,
            RecordType.PAYMENT);

    private final PostgresSyncTotals totals;
    private final SyncEvents events;
    private final ConnectionHealth health;
    private final Layout layout;
    private final Clock clock;
    private final io.ledgerbridge.store.flow.PostgresFlows flows;

    public HomePage(PostgresSyncTotals totals, SyncEvents events, ConnectionHealth health, Layout layout, Clock clock,
            io.ledgerbridge.store.flow.PostgresFlows flows) {
        this.flows = flows;
        this.totals = totals;
        this.events = events;
        this.health = health;
        this.layout = layout;
        this.clock = clock;
    }

    /** GET / */
    public void show(Context ctx, SignedIn who) {
        var counts = totals.byTypeAndStatus(who.workspace());
        var cards = new ArrayList<Html>();
        for (var s : List.of(SyncStatus.FAILED, SyncStatus.PENDING, SyncStatus.PROCESSING, SyncStatus.SUCCESS, SyncStatus.SKIPPED)) {
            long n = counts.values().stream().mapToLong(m -> m.get(s)).sum();
            String css = "count status-" + s.name().toLowerCase(Locale.ROOT) + (n > 0 ? " nonzero" : "");
            cards.add(Html.of("<li><a class=\"{}\" href=\"/data/all?status={}\" id=\"count-{}\"><span class=\"n\">{}</span> "
                    + "<span class=\"what\">{}</span></a></li>", css, s.name(), s.name().toLowerCase(Locale.ROOT), n, s.label()));
        }
        var rows = new ArrayList<Html>();
        for (var t : TYPES) {
            var cells = new ArrayList<Html>();
            for (var s : SyncStatus.values()) {
                long n = counts.get(t).get(s);
                cells.add(n == 0 ? Html.of("<td class=\"num muted\">0</td>")
                        : Html.of("<td class=\"num{}\"><a href=\"/data/{}?status={}\">{}</a></td>",
                                s == SyncStatus.FAILED ? " bad" : "", t.plural(), s.name(), n));
            }
            rows.add(Html.of("<tr><th scope=\"row\"><a href=\"/data/{}\">{}</a></th>{}</tr>", t.plural(),
                    Layout.capitalised(t.plural()), Html.join(cells)));
        }
        var heads = new ArrayList<Html>();
        for (var s : SyncStatus.values()) {
            heads.add(Html.of("<th scope=\"col\" class=\"num\">{}</th>", s.label()));
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), layout.zone());
        var chart = DailyChart.render(totals.daily(who.workspace(), today, CHART_DAYS, layout.zone()));
        var main = Html.of("""
                {}
                <section aria-labelledby="counts-h">
                  <h2 id="counts-h" class="sr-only">Syncs by status</h2>
                  <ul class="counts">{}</ul>
                  <div class="table-wrap"><table class="by-type">
                    <caption>Syncs by record type and status</caption>
                    <thead><tr><th scope="col">Record type</th>{}</tr></thead>
                    <tbody>{}</tbody>
                  </table></div>
                </section>
                <div class="columns">
                  <section aria-labelledby="chart-h" class="panel">
                    <h2 id="chart-h">Synced and failed, last {} days</h2>
                    {}
                  </section>
                  <section aria-labelledby="health-h" class="panel">
                    <h2 id="health-h">Connection health</h2>
                    {}
                    <p><a href="/settings/connections">Manage connections</a></p>
                  </section>
                </div>
                <section aria-labelledby="recent-h" class="panel">
                  <h2 id="recent-h">Newest failures</h2>
                  {}
                </section>""", pausedFlows(who), Html.join(cards), Html.join(heads), Html.join(rows), CHART_DAYS, chart,
                connectionHealth(who), recentFailures(who));
        layout.render(ctx, who, "Dashboard", "/", main);
    }

    /** Paused flows at a glance: who paused them, when, how many syncs wait; Resume for those who may. */
    private Html pausedFlows(SignedIn who) {
        var names = new java.util.HashMap<io.ledgerbridge.domain.workspace.ConnectionId, String>();
        for (var h : health.of(who.workspace())) {
            names.put(h.connection().id(), h.connection().name());
        }
        var items = new ArrayList<Html>();
        for (var f : flows.list(who.workspace())) {
            if (f.paused().isEmpty()) {
                continue;
            }
            String route = names.getOrDefault(f.source(), "?") + " → " + names.getOrDefault(f.destination(), "?");
            items.add(Html.of("<li id=\"paused-{}\"><strong>{}</strong>: {}; {}. {}</li>", f.id(), route,
                    io.ledgerbridge.engine.events.EventView.pausedLabel(f.paused().get(), layout.zone()),
                    Layout.plural(flows.waitingSyncs(f.id()), "sync waits", "syncs wait"),
                    who.can(io.ledgerbridge.dashboard.people.Role.Permission.CHANGE)
                            ? Layout.button(who, "/settings/flows/" + f.id() + "/resume",
                                    Html.of("Resume<span class=\"sr-only\"> {}</span>", route), "primary")
                            : Html.EMPTY));
        }
        return items.isEmpty() ? Html.EMPTY : Html.of("""
                <section class="banner paused" aria-labelledby="paused-h" id="paused-flows">
                  <h2 id="paused-h">Paused flows</h2>
                  <p>Records still come in; their syncs wait until the flow is resumed.</p>
                  <ul>{}</ul>
                </section>""", Html.join(items));
    }

    private Html connectionHealth(SignedIn who) {
        var items = new ArrayList<Html>();
        for (var h : health.of(who.workspace())) {
            var c = h.connection();
            items.add(Html.of("<li><strong>{}</strong> <span class=\"muted\">{}</span> {}{}</li>", c.name(), h.systemName(),
                    Layout.connectionBadge(c.status()),
                    h.waiting() == 0 ? Html.EMPTY : Html.of(" <span class=\"wait\">{} waiting</span>",
                            Layout.plural(h.waiting(), "sync", "syncs"))));
        }
        return items.isEmpty() ? Html.of("<p class=\"empty\">No connections yet.</p>")
                : Html.of("<ul class=\"health\">{}</ul>", Html.join(items));
    }

    private Html recentFailures(SignedIn who) {
        var failed = events.list(who.workspace(), EventFilter.all().withStatus(SyncStatus.FAILED).withLimit(5));
        if (failed.isEmpty()) {
            return Html.of("<p class=\"empty\">No failures. Everything that could sync, synced.</p>");
        }
        var items = new ArrayList<Html>();
        for (var e : failed) {
            items.add(Html.of("<li><a href=\"{}\">{} {}</a> {} <span class=\"problem-title\">{}</span> <span class=\"muted\">{}</span></li>",
                    RecordPages.recordPath(e), Layout.capitalised(e.type().singular()), RecordPages.label(e),
                    Layout.badge(e.status()), e.error() == null ? "" : e.error().title(), layout.when(e.updatedAt())));
        }
        return Html.of("<ul class=\"recent\">{}</ul><p><a href=\"/data/all?status=FAILED\">All failures</a> · "
                + "<a href=\"/diagnostics\">Diagnostics</a></p>", Html.join(items));
    }
}
