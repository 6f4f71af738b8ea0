package io.ledgerbridge.dashboard.home;

import io.javalin.http.Context;
import io.ledgerbridge.dashboard.Html;
import io.ledgerbridge.dashboard.Layout;
import io.ledgerbridge.dashboard.Templates;
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

    /** What {@code home/home.jte} shows. */
    public record View(List<Paused> paused, List<Card> cards, List<Row> rows, int chartDays, Html chart, List<Health> health,
            List<Failure> failures) {
    }

    /** A paused flow; {@code resumeCsrf} is null for those who may not resume it. */
    public record Paused(String id, String route, String pausedLabel, String waiting, String resumeCsrf) {
    }

    public record Card(String css, SyncStatus status, long n) {
    }

    public record Row(String plural, String label, List<Cell> cells) {
    }

    public record Cell(SyncStatus status, long n) {
    }

    /** A connection's health; {@code waiting} is null when nothing waits on it. */
    public record Health(String name, String systemName, io.ledgerbridge.domain.workspace.ConnectionStatus status, String waiting) {
    }

    public record Failure(String path, String type, String label, SyncStatus status, String problem, Html when) {
    }

    /** GET / */
    public void show(Context ctx, SignedIn who) {
        var counts = totals.byTypeAndStatus(who.workspace());
        var cards = new ArrayList<Card>();
        for (var s : List.of(SyncStatus.FAILED, SyncStatus.PENDING, SyncStatus.PROCESSING, SyncStatus.SUCCESS, SyncStatus.SKIPPED)) {
            long n = counts.values().stream().mapToLong(m -> m.get(s)).sum();
            cards.add(new Card("count status-" + s.name().toLowerCase(Locale.ROOT) + (n > 0 ? " nonzero" : ""), s, n));
        }
        var rows = new ArrayList<Row>();
        for (var t : TYPES) {
            var cells = new ArrayList<Cell>();
            for (var s : SyncStatus.values()) {
                cells.add(new Cell(s, counts.get(t).get(s)));
            }
            rows.add(new Row(t.plural(), Layout.capitalised(t.plural()), cells));
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), layout.zone());
        var chart = DailyChart.render(totals.daily(who.workspace(), today, CHART_DAYS, layout.zone()));
        var main = Templates.render("home/home.jte", new View(pausedFlows(who), cards, rows, CHART_DAYS, chart,
                connectionHealth(who), recentFailures(who)));
        layout.render(ctx, who, "Dashboard", "/", main);
    }

    /** Paused flows at a glance: who paused them, when, how many syncs wait; Resume for those who may. */
    private List<Paused> pausedFlows(SignedIn who) {
        var names = new java.util.HashMap<io.ledgerbridge.domain.workspace.ConnectionId, String>();
        for (var h : health.of(who.workspace())) {
            names.put(h.connection().id(), h.connection().name());
        }
        var items = new ArrayList<Paused>();
        for (var f : flows.list(who.workspace())) {
            if (f.paused().isEmpty()) {
                continue;
            }
            String route = names.getOrDefault(f.source(), "?") + " → " + names.getOrDefault(f.destination(), "?");
            items.add(new Paused(f.id().toString(), route,
                    io.ledgerbridge.engine.events.EventView.pausedLabel(f.paused().get(), layout.zone()),
                    Layout.plural(flows.waitingSyncs(f.id()), "sync waits", "syncs wait"),
                    who.can(io.ledgerbridge.dashboard.people.Role.Permission.CHANGE) ? who.csrf() : null));
        }
        return items;
    }

    private List<Health> connectionHealth(SignedIn who) {
        var items = new ArrayList<Health>();
        for (var h : health.of(who.workspace())) {
            var c = h.connection();
            items.add(new Health(c.name(), h.systemName(), c.status(),
                    h.waiting() == 0 ? null : Layout.plural(h.waiting(), "sync", "syncs")));
        }
        return items;
    }

    private List<Failure> recentFailures(SignedIn who) {
        var items = new ArrayList<Failure>();
        for (var e : events.list(who.workspace(), EventFilter.all().withStatus(SyncStatus.FAILED).withLimit(5))) {
            items.add(new Failure(RecordPages.recordPath(e), Layout.capitalised(e.type().singular()), RecordPages.label(e),
                    e.status(), e.error() == null ? "" : e.error().title(), layout.when(e.updatedAt())));
        }
        return items;
    }
}
