package io.ledgerbridge.dashboard;

import io.javalin.http.Context;
import io.ledgerbridge.dashboard.connections.ConnectionHealth;
import io.ledgerbridge.dashboard.signin.PostgresSessions;
import io.ledgerbridge.dashboard.signin.SignedIn;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.domain.workspace.ConnectionStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The frame around every page: the navigation the help articles walk (Data → Invoices, Settings → Connections...),
 * the reconnect banner, the message left by the last form, and the small pieces every page uses (status badges,
 * dates, forms with their CSRF token).
 */
public final class Layout {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private final PostgresSessions sessions;
    private final ConnectionHealth health;
    private final ZoneId zone;

    public Layout(PostgresSessions sessions, ConnectionHealth health, ZoneId zone) {
        this.sessions = sessions;
        this.health = health;
        this.zone = zone;
    }

    /** Sends a full page; {@code current} is the address of the navigation entry to mark as the current page. */
    public void render(Context ctx, SignedIn who, String title, String current, Html main) {
        render(ctx, who, title, current, Html.EMPTY, main);
    }

    /** A page whose {@code above} (a breadcrumb) goes before its heading. */
    public void render(Context ctx, SignedIn who, String title, String current, Html above, Html main) {
        var flash = sessions.takeFlash(who.sessionKey()).map(Layout::flash).orElse(Html.EMPTY);
        ctx.html(document(title + " · " + who.workspaceName(), Html.of("""
                <header class="top">
                  <a class="brand" href="/">Ledgerbridge</a>
                  <span class="workspace" title="Workspace">{}</span>
                  <form class="signout" method="post" action="/signout">{}<span class="who">{} <span class="role">({})</span></span>
                    <button type="submit" class="link">Sign out</button></form>
                </header>
                <div class="shell">
                  {}
                  <main id="main" tabindex="-1">
                    {}{}{}
                    <h1>{}</h1>
                    {}
                  </main>
                </div>""", who.workspaceName(), csrf(who), who.email(), who.role().label().toLowerCase(Locale.ROOT), nav(current),
                banner(who), flash, above, title, main)).value());
    }

    /** A page without the signed-in frame: sign-in, errors before sign-in. */
    public static Html document(String title, Html body) {
        return Html.of("""
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>{} · Ledgerbridge</title>
                <link rel="icon" href="data:,">
                <link rel="stylesheet" href="/assets/dashboard.css">
                <script src="/assets/dashboard.js" defer></script>
                </head>
                <body>
                <a class="skip" href="#main">Skip to content</a>
                {}
                </body>
                </html>
                """, title, body);
    }

    private static Html nav(String current) {
        var data = new ArrayList<Html>();
        data.add(link("/data/all", "All records", current));
        for (var t : List.of(RecordType.INVOICE, RecordType.CUSTOMER, RecordType.PRODUCT, RecordType.PAYMENT)) {
            data.add(link("/data/" + t.plural(), capitalised(t.plural()), current));
        }
        var sync = new ArrayList<Html>();
        for (var s : List.of("invoices", "customers", "products", "payments", "tax", "routing")) {
            sync.add(link("/settings/sync/" + s, capitalised(s), current));
        }
        return Html.of("""
                <nav class="side" aria-label="Main">
                  <ul>
                    {}
                    <li><span class="group" id="nav-data">Data</span><ul aria-labelledby="nav-data">{}</ul></li>
                    {}
                    {}
                    {}
                    <li><span class="group" id="nav-settings">Settings</span>
                      <ul aria-labelledby="nav-settings">
                        <li><span class="group" id="nav-sync">Sync</span><ul aria-labelledby="nav-sync">{}</ul></li>
                        {}
                        {}
                        {}
                      </ul></li>
                  </ul>
                </nav>""", link("/", "Dashboard", current), Html.join(data), link("/events", "Events", current),
                link("/diagnostics", "Diagnostics", current), link("/audit", "Audit log", current), Html.join(sync),
                link("/settings/connections", "Connections", current), link("/settings/keys", "API keys", current),
                link("/settings/people", "People", current));
    }

    private static Html link(String href, String label, String current) {
        return href.equals(current)
                ? Html.of("<li><a href=\"{}\" aria-current=\"page\">{}</a></li>", href, label)
                : Html.of("<li><a href=\"{}\">{}</a></li>", href, label);
    }

    /** One banner for a connection that needs reconnecting, however many syncs wait on it. */
    private Html banner(SignedIn who) {
        var parts = new ArrayList<Html>();
        for (var h : health.of(who.workspace())) {
            if (h.connection().status() != ConnectionStatus.NEEDS_RECONNECT) {
                continue;
            }
            String reason = h.connection().statusReason();
            parts.add(Html.of("""
                    <div class="banner" role="alert" id="reconnect-banner">
                      <p><strong>{} ({}) needs reconnecting.</strong> {}</p>
                      {}
                      <p><a class="button primary" href="/settings/connections/{}/reconnect">Reconnect {}</a></p>
                    </div>""", h.connection().name(), h.systemName(),
                    h.waiting() == 0 ? "Syncs to it wait until you reconnect it."
                            : plural(h.waiting(), "sync waits", "syncs wait") + " and will resume by themselves after you reconnect.",
                    reason == null || reason.isBlank() ? Html.EMPTY
                            : Html.of("<p class=\"reason\">Why: {}</p>", capitalised(reason)),
                    h.connection().id(), h.connection().name()));
        }
        return Html.join(parts);
    }

    private static Html flash(Flash f) {
        return f.kind() == Flash.Kind.NOTICE
                ? Html.of("<div class=\"flash notice\" role=\"status\">{}</div>", f.text())
                : Html.of("<div class=\"flash refusal\" role=\"alert\"><strong>Not done:</strong> {}</div>", f.text());
    }

    /** The hidden field that every form of a signed-in page carries. */
    public static Html csrf(SignedIn who) {
        return Html.of("<input type=\"hidden\" name=\"_csrf\" value=\"{}\">", who.csrf());
    }

    /** A form with one button posting to {@code action}; {@code hidden} are extra name/value pairs. */
    public static Html button(SignedIn who, String action, String label, String cssClass, String... hidden) {
        return button(who, action, Html.of("{}", label), cssClass, hidden);
    }

    /** A one-button form whose label is markup (e.g. with words only screen readers read). */
    public static Html button(SignedIn who, String action, Html label, String cssClass, String... hidden) {
        var fields = new ArrayList<Html>();
        for (int i = 0; i + 1 < hidden.length; i += 2) {
            fields.add(Html.of("<input type=\"hidden\" name=\"{}\" value=\"{}\">", hidden[i], hidden[i + 1]));
        }
        return Html.of("<form method=\"post\" action=\"{}\" class=\"inline\">{}{}<button type=\"submit\" class=\"{}\">{}</button></form>",
                action, csrf(who), Html.join(fields), cssClass, label);
    }

    public static Html badge(SyncStatus status) {
        return Html.of("<span class=\"badge status-{}\" data-status=\"{}\">{}</span>",
                status.name().toLowerCase(Locale.ROOT), status.name(), status.label());
    }

    public static Html connectionBadge(ConnectionStatus status) {
        return Html.of("<span class=\"badge connection-{}\">{}</span>",
                status.name().toLowerCase(Locale.ROOT).replace('_', '-'), status.label());
    }

    /** A date and time in the dashboard's zone, machine-readable too. */
    public Html when(Instant at) {
        if (at == null) {
            return Html.of("<span class=\"muted\">never</span>");
        }
        return Html.of("<time datetime=\"{}\">{} {}</time>", at.toString(), WHEN.format(at.atZone(zone)), zoneLabel());
    }

    public ZoneId zone() {
        return zone;
    }

    private String zoneLabel() {
        return zone.getId().equals("Z") || zone.getId().equals("UTC") ? "UTC" : zone.getId();
    }

    public static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    public static String plural(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    public static String url(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
