package io.ledgerbridge.dashboard.audit;

import io.javalin.http.Context;
import io.ledgerbridge.dashboard.Html;
import io.ledgerbridge.dashboard.Layout;
import io.ledgerbridge.dashboard.Templates;
import io.ledgerbridge.dashboard.signin.SignedIn;
import io.ledgerbridge.store.audit.PostgresAuditLog;
import java.util.ArrayList;
import java.util.List;
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
        var rows = new ArrayList<Entry>();
        for (var e : entries) {
            boolean changed = e.before() != null || e.after() != null;
            rows.add(new Entry(String.valueOf(e.id()), layout.when(e.at()), e.actor(), e.action(), e.summary(),
                    !changed ? null : e.before() == null ? "—" : e.before(), !changed ? null : e.after() == null ? "—" : e.after()));
        }
        String older = entries.size() == PAGE
                ? "/audit?" + action.map(a -> "action=" + Layout.url(a) + "&").orElse("")
                        + actor.map(a -> "actor=" + Layout.url(a) + "&").orElse("") + "before=" + entries.getLast().id()
                : null;
        layout.render(ctx, who, "Audit log", "/audit", Templates.render("audit/audit.jte", new View(action.orElse(""),
                actor.orElse(""), action.isPresent() || actor.isPresent(), rows, older)));
    }

    /** What {@code audit/audit.jte} shows; {@code older} is null when there are no older entries. */
    public record View(String action, String actor, boolean filtered, List<Entry> entries, String older) {
    }

    /** One entry; {@code before} and {@code after} are null when it changed no value. */
    public record Entry(String id, Html when, String actor, String action, String summary, String before, String after) {
    }

    private static Optional<String> text(String s) {
        return Optional.ofNullable(s).map(String::strip).filter(v -> !v.isEmpty()).map(v -> v.length() > 120 ? v.substring(0, 120) : v);
    }
}
