package io.ledgerbridge.dashboard;

import io.javalin.http.Context;
import io.ledgerbridge.dashboard.connections.ConnectionHealth;
import io.ledgerbridge.dashboard.signin.PostgresSessions;
import io.ledgerbridge.dashboard.signin.SignedIn;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.workspace.ConnectionStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The frame around every page: the navigation the help articles walk (Data → Invoices, Settings → Connections...),
 * the reconnect banner, the message left by the last form, and the small pieces pages use (dates, breadcrumbs);
 * status badges and one-button forms with their CSRF field are the tags under {@code tag/}.
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
        var flash = sessions.takeFlash(who.sessionKey()).orElse(null);
        ctx.html(Templates.render("layout.jte", new Frame(title, who.workspaceName(), who.csrf(), who.email(),
                who.role().label().toLowerCase(Locale.ROOT), link("/", "Dashboard", current), dataLinks(current),
                link("/events", "Events", current), link("/diagnostics", "Diagnostics", current),
                link("/audit", "Audit log", current), syncLinks(current), link("/settings/connections", "Connections", current),
                link("/settings/keys", "API keys", current), link("/settings/people", "People", current), banners(who), flash,
                above, main)).value());
    }

    /** What {@code layout.jte} shows around a page: who is signed in, the navigation, banners, the last form's message. */
    public record Frame(String title, String workspaceName, String csrf, String email, String role, NavLink home,
            List<NavLink> data, NavLink events, NavLink diagnostics, NavLink audit, List<NavLink> sync, NavLink connections,
            NavLink keys, NavLink people, List<Banner> banners, Flash flash, Html above, Html main) {
    }

    /** One entry of the navigation; {@code current} marks the page being shown. */
    public record NavLink(String href, String label, boolean current) {
    }

    /** A connection that needs reconnecting: {@code waiting} says what waits on it, {@code reason} is null when none is known. */
    public record Banner(String name, String systemName, String waiting, String reason, String id) {
    }

    /** A page without the signed-in frame: sign-in, errors before sign-in. */
    public static Html document(String title, Html body) {
        return Templates.render("document.jte", Map.of("title", title, "body", body));
    }

    private static List<NavLink> dataLinks(String current) {
        var data = new ArrayList<NavLink>();
        data.add(link("/data/all", "All records", current));
        for (var t : List.of(RecordType.INVOICE, RecordType.CUSTOMER, RecordType.PRODUCT, RecordType.PAYMENT)) {
            data.add(link("/data/" + t.plural(), capitalised(t.plural()), current));
        }
        return data;
    }

    private static List<NavLink> syncLinks(String current) {
        var sync = new ArrayList<NavLink>();
        for (var s : List.of("invoices", "customers", "products", "payments", "tax", "routing")) {
            sync.add(link("/settings/sync/" + s, capitalised(s), current));
        }
        return sync;
    }

    private static NavLink link(String href, String label, String current) {
        return new NavLink(href, label, href.equals(current));
    }

    /** One banner for a connection that needs reconnecting, however many syncs wait on it. */
    private List<Banner> banners(SignedIn who) {
        var parts = new ArrayList<Banner>();
        for (var h : health.of(who.workspace())) {
            if (h.connection().status() != ConnectionStatus.NEEDS_RECONNECT) {
                continue;
            }
            String reason = h.connection().statusReason();
            parts.add(new Banner(h.connection().name(), h.systemName(),
                    h.waiting() == 0 ? "Syncs to it wait until you reconnect it."
                            : plural(h.waiting(), "sync waits", "syncs wait") + " and will resume by themselves after you reconnect.",
                    reason == null || reason.isBlank() ? null : capitalised(reason), h.connection().id().toString()));
        }
        return parts;
    }

    /** The trail above a page's title: its parent page, then where the person is. */
    public static Html crumbs(String parentHref, String parentLabel, String here) {
        return Templates.render("tag/crumbs.jte", Map.of("parentHref", parentHref, "parentLabel", parentLabel, "here", here));
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
