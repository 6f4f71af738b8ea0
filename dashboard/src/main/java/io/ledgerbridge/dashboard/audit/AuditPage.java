package io.ledgerbridge.dashboard.audit;

import io.javalin.http.Context;
import io.ledgerbridge.dashboard.Html;
import io.ledgerbridge.dashboard.Layout;
import io.ledgerbridge.dashboard.signin.SignedIn;
import io.ledgerbridge.store.audit.PostgresAuditLog;
import java.util.ArrayList;
import java.util.Optional;

/**
 * The audit log page ({@code /audit}): every change a person, an API key or the command line made, newest first, with
 * the values before and after; filtered by action and by who, 50 to a page.
 */
public final class AuditPage {

    private static final int PAGE = 50;

    private final PostgresAuditLog log;
    private final Layout layout;

    public AuditPage(PostgresAuditLog log, Layout layout) {
        this.log = log;
        this.layout = layout;
    }

    /** GET /audit?action=&actor=&before= */
    public void show(Context ctx, SignedIn who) {
        var action = text(ctx.queryParam("action"));
        var actor = text(ctx.queryParam("actor"));
        Optional<Long> before;
        try {
            before = text(ctx.queryParam("before")).map(Long::parseLong);
        } catch (NumberFormatException e) {
            before = Optional.empty();
        }
        var entries = log.list(who.workspace(), new PostgresAuditLog.Filter(action, actor, Optional.empty(), Optional.empty(),
                before, PAGE));
        var rows = new ArrayList<Html>();
        for (var e : entries) {
            rows.add(Html.of("""
                    <tr data-audit-id="{}"><td>{}</td><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>""",
                    e.id(), layout.when(e.at()), e.actor(), e.action(), e.summary(), changes(e)));
        }
        var filter = Html.of("""
                <form method="get" action="/audit" class="filters" role="search" aria-label="Filter the audit log">
                  <label for="audit-action">Action</label>
                  <input id="audit-action" name="action" value="{}" placeholder="flow. or sync.retry" maxlength="60">
                  <label for="audit-actor">Who</label>
                  <input id="audit-actor" name="actor" value="{}" placeholder="an email or a key" maxlength="120">
                  <button type="submit" class="secondary">Filter</button>
                </form>""", action.orElse(""), actor.orElse(""));
        Html table = rows.isEmpty() ? Html.of("<p class=\"empty\" id=\"no-audit\">Nothing recorded{}.</p>",
                action.isPresent() || actor.isPresent() ? " that matches" : " yet")
                : Html.of("""
                        <table class="records" id="audit-log">
                          <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th>
                            <th scope="col">What</th><th scope="col">Before → after</th></tr></thead>
                          <tbody>{}</tbody>
                        </table>""", Html.join(rows));
        Html more = entries.size() == PAGE
                ? Html.of("<p><a href=\"/audit?{}before={}\">Older entries</a></p>",
                        (action.map(a -> "action=" + Layout.url(a) + "&").orElse("")
                                + actor.map(a -> "actor=" + Layout.url(a) + "&").orElse("")), entries.getLast().id())
                : Html.EMPTY;
        layout.render(ctx, who, "Audit log", "/audit", Html.of("""
                <p class="hint">Every change made in this workspace: by a person here, by an API key, or on the command line.</p>
                {}{}{}""", filter, table, more));
    }

    private static Html changes(PostgresAuditLog.Recorded e) {
        if (e.before() == null && e.after() == null) {
            return Html.EMPTY;
        }
        return Html.of("<span class=\"before\">{}</span> → <span class=\"after\">{}</span>",
                e.before() == null ? "—" : e.before(), e.after() == null ? "—" : e.after());
    }

    private static Optional<String> text(String s) {
        return Optional.ofNullable(s).map(String::strip).filter(v -> !v.isEmpty()).map(v -> v.length() > 120 ? v.substring(0, 120) : v);
    }
}
