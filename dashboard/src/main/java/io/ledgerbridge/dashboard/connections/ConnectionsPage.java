package io.ledgerbridge.dashboard.connections;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.ledgerbridge.dashboard.Flash;
import io.ledgerbridge.dashboard.Html;
import io.ledgerbridge.dashboard.Layout;
import io.ledgerbridge.dashboard.Templates;
import io.ledgerbridge.dashboard.flows.FlowsSection;
import io.ledgerbridge.dashboard.signin.PostgresSessions;
import io.ledgerbridge.dashboard.signin.SignedIn;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.ConnectionStatus;
import io.ledgerbridge.engine.connection.ConnectionRecord;
import io.ledgerbridge.engine.connection.ConnectionStore;
import io.ledgerbridge.engine.connection.TokenSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings → Connections: each connection's status and why, its last token refresh, how many syncs wait for it,
 * Reconnect and Disconnect; the Connect form ({@link ConsentRoundTrip}) and the workspace's flows ({@link FlowsSection}).
 * Reconnecting makes the connection Connected again and its waiting syncs resume.
 */
public final class ConnectionsPage {

    private final ConnectionStore connections;
    private final ConnectionHealth health;
    private final PostgresSessions sessions;
    private final Layout layout;
    private final Clock clock;
    private final Runnable queueChanged;
    private final ConsentRoundTrip consent;
    private final FlowsSection flows;

    private final io.ledgerbridge.dashboard.audit.AuditTrail audit;

    public ConnectionsPage(ConnectionStore connections, ConnectionHealth health, PostgresSessions sessions, Layout layout,
            Clock clock, Runnable queueChanged, io.ledgerbridge.dashboard.audit.AuditTrail audit, ConsentRoundTrip consent,
            FlowsSection flows) {
        this.audit = audit;
        this.consent = consent;
        this.flows = flows;
        this.connections = connections;
        this.health = health;
        this.sessions = sessions;
        this.layout = layout;
        this.clock = clock;
        this.queueChanged = queueChanged;
    }

    /** GET /settings/connections */
    public void list(Context ctx, SignedIn who) {
        var cards = new ArrayList<Card>();
        for (var h : health.of(who.workspace())) {
            var c = h.connection();
            var how = Reconnection.forSystem(c.system(), h.systemName());
            cards.add(new Card(c.id().toString(), c.name(), h.systemName(), c.status(), c.statusReason(),
                    !(how instanceof Reconnection.NotNeeded), layout.when(c.tokenRefreshedAt()),
                    h.waiting() == 0 ? null : Layout.plural(h.waiting(), "sync", "syncs")));
        }
        layout.render(ctx, who, "Connections", "/settings/connections", Templates.render("connections/connections.jte",
                new View(who.csrf(), cards, consent.connectForm(who), flows.render(who))));
    }

    /** What {@code connections/connections.jte} shows: the connections, then the Connect form and the flows. */
    public record View(String csrf, List<Card> connections, Html connect, Html flows) {
    }

    /**
     * One connection; {@code tokens} is false for one that pushes with an API key (nothing to reconnect),
     * {@code reason} and {@code waiting} are null when there is none.
     */
    public record Card(String id, String name, String systemName, ConnectionStatus status, String reason, boolean tokens,
            Html refreshed, String waiting) {
    }

    private ConnectionRecord connection(Context ctx, SignedIn who) {
        return named(connections, ctx, who);
    }

    /** The connection named in the path ({@code {id}}), if it is the signed-in person's workspace's; else 404. */
    static ConnectionRecord named(ConnectionStore connections, Context ctx, SignedIn who) {
        ConnectionId id;
        try {
            id = ConnectionId.parse(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw new NotFoundResponse("There is no such connection.");
        }
        return connections.find(id).filter(c -> c.workspace().equals(who.workspace()))
                .orElseThrow(() -> new NotFoundResponse("There is no such connection."));
    }

    /** GET /settings/connections/{id}/reconnect */
    public void reconnectPage(Context ctx, SignedIn who) {
        var c = connection(ctx, who);
        String name = health.systemName(c.system());
        // OAuth: a link, not a form: the page's form-action 'self' would stop a form's redirect to the vendor. The state
        // the callback must bring back is bound to this session, which is what protects the round trip.
        var how = Reconnection.forSystem(c.system(), name);
        String tokenHint = how instanceof Reconnection.PasteToken p ? p.hint() : null;
        String vendor = how instanceof Reconnection.OAuthRedirect o ? o.vendor() : null;
        var crumbs = Layout.crumbs("/settings/connections", "Connections", c.name());
        var main = Templates.render("connections/reconnect.jte", new Reconnect(c.id().toString(), c.name(), name, c.status(),
                c.statusReason(), layout.when(c.tokenRefreshedAt()), who.csrf(), tokenHint, vendor,
                vendor != null && consent.reconnects(c.system())));
        layout.render(ctx, who, "Reconnect " + c.name(), "/settings/connections", crumbs, main);
    }

    /**
     * What {@code connections/reconnect.jte} shows: a pasted token's form when {@code tokenHint} is set, a link to the
     * vendor's consent when {@code vendor} is (disabled unless {@code canRedirect}), else that nothing needs doing.
     */
    public record Reconnect(String id, String name, String systemName, ConnectionStatus status, String reason, Html refreshed,
            String csrf, String tokenHint, String vendor, boolean canRedirect) {
    }

    /** POST /settings/connections/{id}/reconnect (a pasted token) */
    public void reconnect(Context ctx, SignedIn who) {
        var c = connection(ctx, who);
        if (!(Reconnection.forSystem(c.system(), health.systemName(c.system())) instanceof Reconnection.PasteToken)) {
            throw new NotFoundResponse("This connection does not reconnect with a pasted token.");
        }
        String token = ctx.formParam("accessToken");
        if (token == null || token.isBlank()) {
            sessions.flash(who.sessionKey(), Flash.refusal("Paste the new access token to reconnect."));
            ctx.redirect("/settings/connections/" + c.id() + "/reconnect", HttpStatus.SEE_OTHER);
            return;
        }
        connections.reconnect(c.id(), new TokenSet(token.trim(), null, null), clock.instant());
        audit.record(who, "connection.reconnect", "connection:" + c.id(), "Reconnected " + c.name() + " with a new access token",
                java.util.Map.of("status", c.status().name()), java.util.Map.of("status", "CONNECTED"));
        queueChanged.run();
        sessions.flash(who.sessionKey(), Flash.notice(c.name() + " is reconnected. Syncs that waited for it resume now."));
        ctx.redirect("/settings/connections", HttpStatus.SEE_OTHER);
    }

    /** POST /settings/connections/{id}/disconnect */
    public void disconnect(Context ctx, SignedIn who) {
        var c = connection(ctx, who);
        if (Reconnection.forSystem(c.system(), health.systemName(c.system())) instanceof Reconnection.NotNeeded) {
            throw new NotFoundResponse("This connection cannot be disconnected here.");
        }
        connections.disconnect(c.id(), clock.instant());
        audit.record(who, "connection.disconnect", "connection:" + c.id(), "Disconnected " + c.name() + "; its tokens are deleted",
                java.util.Map.of("status", c.status().name()), java.util.Map.of("status", "DISCONNECTED"));
        sessions.flash(who.sessionKey(), Flash.notice(c.name() + " is disconnected; its tokens are deleted. Reconnect it to sync again."));
        ctx.redirect("/settings/connections", HttpStatus.SEE_OTHER);
    }
}
