package io.ledgerbridge.dashboard.connections;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.ledgerbridge.connector.Authorization;
import io.ledgerbridge.connector.TokenAccess;
import io.ledgerbridge.dashboard.Flash;
import io.ledgerbridge.dashboard.Html;
import io.ledgerbridge.dashboard.Layout;
import io.ledgerbridge.dashboard.NewConnectionDefaults;
import io.ledgerbridge.dashboard.signin.PostgresSessions;
import io.ledgerbridge.dashboard.signin.SignedIn;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.engine.connection.ConnectionRecord;
import io.ledgerbridge.engine.connection.ConnectionStore;
import io.ledgerbridge.engine.connection.TokenSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connect and Reconnect through the vendor's consent page (OAuth 2.0 authorization code). The person leaves with a
 * random {@code state} stored in PostgreSQL ({@link PostgresOAuthStates}) and comes back to {@code /oauth/callback},
 * on any node; the state is checked (this session, ten minutes, once), the code exchanged for tokens by the system's
 * {@link Authorization}, and the connection created or reconnected.
 *
 * <p>Leaving for the vendor is always a link, never a form: the pages' {@code form-action 'self'} would stop a form's
 * redirect to another site. Connect is therefore a form (with its CSRF token) that answers with a page holding the link.
 */
public final class ConsentRoundTrip {

    private static final Logger log = LoggerFactory.getLogger(ConsentRoundTrip.class);
    static final int MAX_NAME = 100;

    private final ConnectionStore connections;
    private final ConnectionHealth health;
    private final PostgresOAuthStates states;
    private final PostgresSessions sessions;
    private final Layout layout;
    private final Clock clock;
    private final Runnable queueChanged;
    private final Function<String, Optional<Authorization>> authorizations;
    private final NewConnectionDefaults defaults;
    private final io.ledgerbridge.dashboard.audit.AuditTrail audit;

    public ConsentRoundTrip(ConnectionStore connections, ConnectionHealth health, PostgresOAuthStates states,
            PostgresSessions sessions, Layout layout, Clock clock, Runnable queueChanged,
            Function<String, Optional<Authorization>> authorizations, NewConnectionDefaults defaults,
            io.ledgerbridge.dashboard.audit.AuditTrail audit) {
        this.audit = audit;
        this.connections = connections;
        this.health = health;
        this.states = states;
        this.sessions = sessions;
        this.layout = layout;
        this.clock = clock;
        this.queueChanged = queueChanged;
        this.authorizations = authorizations;
        this.defaults = defaults;
    }

    /** A system a person can connect: its id and the name people read. */
    public record Connectable(String system, String name) {}

    /** The systems offered by the Connect form: those with endpoints for new connections and an {@link Authorization}. */
    public List<Connectable> connectable() {
        return defaults.endpoints().keySet().stream()
                .filter(system -> authorizations.apply(system).isPresent())
                .map(system -> new Connectable(system, health.systemName(system)))
                .sorted(Comparator.comparing(Connectable::name))
                .toList();
    }

    /** Whether connections of this system reconnect through a consent page here. */
    public boolean reconnects(String system) {
        return authorizations.apply(system).isPresent();
    }

    /** The Connect form of Settings → Connections; empty when no system can be connected here. */
    public Html connectForm(SignedIn who) {
        var systems = connectable();
        if (systems.isEmpty()) {
            return Html.EMPTY;
        }
        var options = new ArrayList<Html>();
        for (var c : systems) {
            options.add(Html.of("<option value=\"{}\">{}</option>", c.system(), c.name()));
        }
        return Html.of("""
                <section class="connect" aria-labelledby="connect-heading">
                  <h2 id="connect-heading">Connect a system</h2>
                  <form method="post" action="/settings/connections/connect" class="stack narrow">
                    {}
                    <label for="connect-system">System</label>
                    <select id="connect-system" name="system" required><option value="">Choose a system</option>{}</select>
                    <label for="connect-name">Name</label>
                    <input id="connect-name" name="name" required maxlength="{}" autocomplete="off" aria-describedby="connect-hint">
                    <p class="hint" id="connect-hint">What Ledgerbridge calls this connection, e.g. "Acme Books". You will sign
                      in to the system and choose the account to connect.</p>
                    <button type="submit" class="primary">Connect</button>
                  </form>
                </section>""", Layout.csrf(who), Html.join(options), MAX_NAME);
    }

    /** POST /settings/connections/connect: checks the form, then shows the way to the vendor's consent page. */
    public void connect(Context ctx, SignedIn who) {
        String system = ctx.formParam("system");
        String name = ctx.formParam("name") == null ? "" : ctx.formParam("name").strip();
        var offered = connectable().stream().filter(c -> c.system().equals(system)).findFirst();
        if (offered.isEmpty()) {
            refuse(ctx, who, "Choose the system to connect.", "/settings/connections");
            return;
        }
        if (name.isEmpty() || name.length() > MAX_NAME) {
            refuse(ctx, who, "Give the connection a name of 1 to " + MAX_NAME + " characters, e.g. \"Acme Books\".",
                    "/settings/connections");
            return;
        }
        if (connections.list(who.workspace()).stream().anyMatch(c -> c.name().equalsIgnoreCase(name))) {
            refuse(ctx, who, "A connection named \"" + name + "\" already exists; choose another name.", "/settings/connections");
            return;
        }
        var authorization = authorizations.apply(system).orElseThrow();
        var settings = authorization.settingsFor(defaults.endpoints(system).orElseThrow());
        String vendor = offered.get().name();
        String redirectUri = redirectUri(ctx);
        String state = states.begin(new OAuthState(who.workspace(), who.sessionKey(), new OAuthState.Connect(name), system,
                settings, redirectUri), clock.instant());
        java.net.URI consent;
        try {
            consent = authorization.authorizeUrl(settings, redirectUri, state);
        } catch (TokenAccess.ReconnectNeeded cannot) {
            refuse(ctx, who, vendor + " cannot be connected: " + cannot.getMessage() + ".", "/settings/connections");
            return;
        }
        var crumbs = Html.of("<p class=\"crumbs\"><a href=\"/settings/connections\">Connections</a> "
                + "<span aria-hidden=\"true\">›</span> Connect</p>");
        layout.render(ctx, who, "Connect " + name, "/settings/connections", crumbs, Html.of("""
                <dl class="facts">
                  <div><dt>System</dt><dd>{}</dd></div>
                  <div><dt>Name</dt><dd>{}</dd></div>
                </dl>
                <div class="stack narrow">
                  <p>You will sign in to {}, choose the account to connect and allow Ledgerbridge access; {} then sends you
                    back here. This link works for {} minutes.</p>
                  <p class="action-row"><a class="button primary" id="oauth-continue" href="{}">Continue to {}</a>
                    <a class="button" href="/settings/connections">Cancel</a></p>
                </div>""", vendor, name, vendor, vendor, PostgresOAuthStates.LIFETIME.toMinutes(), consent.toString(), vendor));
    }

    /** GET /settings/connections/{id}/authorize: sends the person to the vendor's consent page to reconnect. */
    public void reconnect(Context ctx, SignedIn who) {
        var c = ConnectionsPage.named(connections, ctx, who);
        var authorization = authorizations.apply(c.system())
                .orElseThrow(() -> new NotFoundResponse("This connection does not reconnect through a consent page."));
        String redirectUri = redirectUri(ctx);
        String state = states.begin(new OAuthState(who.workspace(), who.sessionKey(), new OAuthState.Reconnect(c.id()),
                c.system(), Map.of(), redirectUri), clock.instant());
        try {
            ctx.redirect(authorization.authorizeUrl(c.settings(), redirectUri, state).toString(), HttpStatus.SEE_OTHER);
        } catch (TokenAccess.ReconnectNeeded cannot) {
            refuse(ctx, who, c.name() + " cannot be reconnected: " + cannot.getMessage() + ".",
                    "/settings/connections/" + c.id() + "/reconnect");
        }
    }

    /** GET /oauth/callback: the vendor sends the person back with a code (or an error) and the state. */
    public void callback(Context ctx, SignedIn who) {
        switch (states.claim(ctx.queryParam("state"), who.workspace(), who.sessionKey(), clock.instant())) {
            case PostgresOAuthStates.Claim.Claimed c -> finish(ctx, who, c.state());
            case PostgresOAuthStates.Claim.Unknown u -> unusable(ctx, who, "This answer from the consent page is not one "
                    + "Ledgerbridge is waiting for, so nothing was connected or changed. Start again from Settings → Connections.");
            case PostgresOAuthStates.Claim.NotYours n -> unusable(ctx, who, "This answer belongs to a connection started by "
                    + "another sign-in, so nothing was connected or changed. Press Connect or Reconnect again in this window.");
            case PostgresOAuthStates.Claim.AlreadyUsed a -> unusable(ctx, who, "This answer from "
                    + health.systemName(a.state().system()) + " was already used (a page reloaded or sent twice), so nothing "
                    + "more was changed. Settings → Connections shows where things stand.");
            case PostgresOAuthStates.Claim.Expired e -> unusable(ctx, who, "This answer from "
                    + health.systemName(e.state().system()) + " came back more than " + PostgresOAuthStates.LIFETIME.toMinutes()
                    + " minutes after you left for its consent page, so it is no longer accepted and nothing was connected or "
                    + "changed. Press Connect or Reconnect again.");
        }
    }

    private void finish(Context ctx, SignedIn who, OAuthState state) {
        var authorization = authorizations.apply(state.system()).orElse(null);
        if (authorization == null) {
            unusable(ctx, who, "This installation has no " + health.systemName(state.system()) + " connector any more, so "
                    + "nothing was connected or changed.");
            return;
        }
        var callback = new HashMap<String, String>();
        ctx.queryParamMap().forEach((k, v) -> callback.put(k, v.isEmpty() ? "" : v.getFirst()));
        switch (state.purpose()) {
            case OAuthState.Reconnect r -> finishReconnect(ctx, who, r.connection(), authorization, callback, state);
            case OAuthState.Connect c -> finishConnect(ctx, who, c.name(), authorization, callback, state);
        }
    }

    private void finishReconnect(Context ctx, SignedIn who, ConnectionId id, Authorization authorization,
            Map<String, String> callback, OAuthState state) {
        var c = connections.find(id).filter(x -> x.workspace().equals(who.workspace()))
                .orElseThrow(() -> new NotFoundResponse("There is no such connection."));
        String vendor = health.systemName(c.system());
        String back = "/settings/connections/" + c.id() + "/reconnect";
        Authorization.Authorized authorized;
        try {
            authorized = authorization.complete(c.settings(), callback, state.redirectUri());
        } catch (TokenAccess.ReconnectNeeded refused) {
            refuse(ctx, who, vendor + " did not authorise the connection: " + sentence(refused.getMessage()) + " Nothing was changed.", back);
            return;
        } catch (TokenAccess.Unavailable down) {
            refuse(ctx, who, vendor + " could not be reached to finish reconnecting (" + down.getMessage()
                    + "). Nothing was changed; press Reconnect again in a moment.", back);
            return;
        }
        for (var e : authorized.settings().entrySet()) {
            String current = c.settings().get(e.getKey());
            if (current != null && !current.equals(e.getValue())) {
                refuse(ctx, who, "You chose another " + vendor + " account (" + e.getKey() + " " + e.getValue()
                        + ") than this connection's (" + current + "); nothing was changed. Choose the same account, or "
                        + "connect the other one as a new connection.", back);
                return;
            }
        }
        var t = authorized.tokens();
        connections.reconnect(c.id(), new TokenSet(t.accessToken(), t.refreshToken(), t.accessExpiresAt()), clock.instant());
        log.info("connection reconnected workspace={} connection={} system={}", who.workspace(), c.id(), c.system());
        audit.record(who, "connection.reconnect", "connection:" + c.id(), "Reconnected " + c.name() + " through "
                + health.systemName(c.system()) + "'s consent page", Map.of("status", c.status().name()), Map.of("status", "CONNECTED"));
        queueChanged.run();
        sessions.flash(who.sessionKey(), Flash.notice(c.name() + " is reconnected. Syncs that waited for it resume now."));
        ctx.redirect("/settings/connections", HttpStatus.SEE_OTHER);
    }

    private void finishConnect(Context ctx, SignedIn who, String name, Authorization authorization,
            Map<String, String> callback, OAuthState state) {
        String vendor = health.systemName(state.system());
        String back = "/settings/connections";
        Authorization.Authorized authorized;
        try {
            authorized = authorization.complete(state.settings(), callback, state.redirectUri());
        } catch (TokenAccess.ReconnectNeeded refused) {
            refuse(ctx, who, vendor + " did not authorise the connection: " + sentence(refused.getMessage()) + " Nothing was connected.",
                    back);
            return;
        } catch (TokenAccess.Unavailable down) {
            refuse(ctx, who, vendor + " could not be reached to finish connecting (" + down.getMessage()
                    + "). Nothing was connected; press Connect again in a moment.", back);
            return;
        }
        var existing = sameAccount(who, state.system(), authorized.settings());
        if (existing.isPresent()) {
            refuse(ctx, who, "This " + vendor + " account is already connected as \"" + existing.get().name()
                    + "\"; nothing was connected. Reconnect that connection instead.", back);
            return;
        }
        var settings = new HashMap<>(state.settings());
        settings.putAll(authorized.settings());
        var t = authorized.tokens();
        var id = connections.create(who.workspace(), state.system(), name, settings,
                new TokenSet(t.accessToken(), t.refreshToken(), t.accessExpiresAt()), clock.instant());
        log.info("connection created workspace={} connection={} system={}", who.workspace(), id, state.system());
        audit.record(who, "connection.connect", "connection:" + id, "Connected " + name + " (" + vendor + ")", Map.of(),
                Map.of("status", "CONNECTED", "system", state.system()));
        sessions.flash(who.sessionKey(), Flash.notice(name + " is connected to " + vendor
                + ". Create a flow below so that records sync through it."));
        ctx.redirect("/settings/connections", HttpStatus.SEE_OTHER);
    }

    /**
     * A connection of the workspace to the account the person just chose: one sharing the callback's settings (realmId,
     * portalId) and differing in none of them.
     */
    private Optional<ConnectionRecord> sameAccount(SignedIn who, String system, Map<String, String> chosen) {
        return connections.list(who.workspace()).stream()
                .filter(c -> c.system().equals(system))
                .filter(c -> {
                    var shared = chosen.keySet().stream().filter(k -> c.settings().containsKey(k)).toList();
                    return !shared.isEmpty() && shared.stream().allMatch(k -> c.settings().get(k).equals(chosen.get(k)));
                })
                .findFirst();
    }

    /** A vendor's reason as a sentence of its own. */
    private static String sentence(String s) {
        return s == null || s.isBlank() ? "no reason was given." : s.endsWith(".") ? s : s + ".";
    }

    private static String redirectUri(Context ctx) {
        return ctx.scheme() + "://" + ctx.host() + "/oauth/callback";
    }

    private void refuse(Context ctx, SignedIn who, String why, String back) {
        sessions.flash(who.sessionKey(), Flash.refusal(why));
        ctx.redirect(back, HttpStatus.SEE_OTHER);
    }

    /** The page for an answer that cannot be used: 400, what happened, and the way back. */
    private void unusable(Context ctx, SignedIn who, String why) {
        ctx.status(HttpStatus.BAD_REQUEST);
        layout.render(ctx, who, "Nothing was connected", "/settings/connections", Html.of("""
                <div class="stack narrow" id="oauth-problem">
                  <p class="problem-text">{}</p>
                  <p><a class="button primary" href="/settings/connections">Back to Connections</a></p>
                </div>""", why));
    }
}
