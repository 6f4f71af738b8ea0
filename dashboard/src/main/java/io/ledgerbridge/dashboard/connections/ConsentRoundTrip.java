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
import io.ledgerbridge.dashboard.Templates;
import io.ledgerbridge.dashboard.signin.PostgresSessions;
import io.ledgerbridge.dashboard.signin.SignedIn;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.connection.ConnectionRecord;
import io.ledgerbridge.engine.connection.ConnectionStore;
import io.ledgerbridge.engine.connection.Consents;
import io.ledgerbridge.engine.connection.TokenSet;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connect and Reconnect through the vendor's consent page (OAuth 2.0 authorization code). The person leaves with a
 * random {@code state} stored in PostgreSQL ({@link PostgresOAuthStates}) and comes back to {@code /oauth/callback},
 * on any node; the state is checked (this session, ten minutes, once), the code exchanged for tokens by the system's
 * {@link Authorization}, and the connection created or reconnected.
 *
 * <p>The same round trip serves programs ({@link Consents}): a consent request made over the API or the command line
 * gets the consent URL to open in any browser; its callback is finished here without a dashboard sign-in, the request's
 * one-time state being the proof, and the outcome is kept for the program to read.
 *
 * <p>Leaving for the vendor is always a link, never a form: the pages' {@code form-action 'self'} would stop a form's
 * redirect to another site. Connect is therefore a form (with its CSRF token) that answers with a page holding the link.
 */
public final class ConsentRoundTrip implements Consents {

    private static final Logger log = LoggerFactory.getLogger(ConsentRoundTrip.class);
    static final int MAX_NAME = 100;
    static final String CALLBACK = "/oauth/callback";

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
    private volatile String publicUrl = "http://127.0.0.1";

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

    /** The Connect form's view: the systems offered. */
    public record ConnectForm(String csrf, List<Connectable> systems, int maxName) {}

    /** The page between the Connect form and the vendor: what will happen, and the link. */
    public record Continue(String vendor, String name, long minutes, String consentUrl) {}

    /** The page a consent request's callback ends on (API, command line): its outcome, without the dashboard's frame. */
    public record Answered(String title, String text, boolean connected, String request) {}

    /** The Connect form of Settings → Connections; empty when no system can be connected here. */
    public Html connectForm(SignedIn who) {
        var systems = connectable();
        return systems.isEmpty() ? Html.EMPTY : Templates.render("connections/connect-form.jte",
                new ConnectForm(who.csrf(), systems, MAX_NAME));
    }

    /** Why a new connection of {@code system} named {@code name} cannot be started; empty when it can. */
    private Optional<Consents.Asked.Refused> connectRefusal(WorkspaceId workspace, String system, String name) {
        if (connectable().stream().noneMatch(c -> c.system().equals(system))) {
            return Optional.of(new Consents.Asked.Refused(422, "needs_consent", system == null || system.isBlank()
                    ? "Choose the system to connect." : "'" + system + "' is not connected through a consent page here; "
                    + "this installation connects " + String.join(", ", connectable().stream().map(Connectable::system).toList())
                    + " that way."));
        }
        if (name.isEmpty() || name.length() > MAX_NAME) {
            return Optional.of(new Consents.Asked.Refused(400, "invalid_field", "Give the connection a name of 1 to "
                    + MAX_NAME + " characters, e.g. \"Acme Books\"."));
        }
        if (connections.list(workspace).stream().anyMatch(c -> c.name().equalsIgnoreCase(name))) {
            return Optional.of(new Consents.Asked.Refused(409, "name_taken", "A connection named \"" + name
                    + "\" already exists; choose another name."));
        }
        return Optional.empty();
    }

    /** POST /settings/connections/connect: checks the form, then shows the way to the vendor's consent page. */
    public void connect(Context ctx, SignedIn who) {
        String system = ctx.formParam("system");
        String name = ctx.formParam("name") == null ? "" : ctx.formParam("name").strip();
        var refusal = connectRefusal(who.workspace(), system, name);
        if (refusal.isPresent()) {
            refuse(ctx, who, refusal.get().code().equals("needs_consent") ? "Choose the system to connect."
                    : refusal.get().message(), "/settings/connections");
            return;
        }
        var authorization = authorizations.apply(system).orElseThrow();
        var settings = authorization.settingsFor(defaults.endpoints(system).orElseThrow());
        String vendor = health.systemName(system);
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
        var crumbs = Layout.crumbs("/settings/connections", "Connections", "Connect");
        layout.render(ctx, who, "Connect " + name, "/settings/connections", crumbs, Templates.render("connections/continue.jte",
                new Continue(vendor, name, PostgresOAuthStates.LIFETIME.toMinutes(), consent.toString())));
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

    // ---- Consent requests: connecting over the API or the command line ----

    /**
     * Where the vendor sends the browser back for consent requests: the dashboard's public address (set when the
     * dashboard starts, or by the operator). The vendor's app must list {@code <it>/oauth/callback} as a redirect URI.
     */
    public void publicUrl(String url) {
        this.publicUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public Consents.Asked connect(WorkspaceId workspace, String system, String name, String actor) {
        String wanted = name == null ? "" : name.strip();
        var refusal = connectRefusal(workspace, system, wanted);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        var authorization = authorizations.apply(system).orElseThrow();
        var settings = authorization.settingsFor(defaults.endpoints(system).orElseThrow());
        return start(new OAuthState(workspace, null, new OAuthState.Request(UUID.randomUUID(), actor),
                new OAuthState.Connect(wanted), system, settings, publicUrl + CALLBACK), authorization, settings);
    }

    @Override
    public Consents.Asked reconnect(WorkspaceId workspace, ConnectionId id, String actor) {
        var c = connections.find(id).filter(x -> x.workspace().equals(workspace)).orElse(null);
        if (c == null) {
            return new Consents.Asked.Refused(404, "not_found", "There is no connection " + id + " in this workspace.");
        }
        var authorization = authorizations.apply(c.system()).orElse(null);
        if (authorization == null) {
            return new Consents.Asked.Refused(422, "no_consent_page", c.name() + " (" + health.systemName(c.system())
                    + ") does not reconnect through a consent page; it is reconnected by giving it a new token.");
        }
        return start(new OAuthState(workspace, null, new OAuthState.Request(UUID.randomUUID(), actor),
                new OAuthState.Reconnect(c.id()), c.system(), Map.of(), publicUrl + CALLBACK), authorization, c.settings());
    }

    private Consents.Asked start(OAuthState state, Authorization authorization, Map<String, String> vendorSettings) {
        Instant now = clock.instant();
        String value = states.begin(state, now);
        try {
            var url = authorization.authorizeUrl(vendorSettings, state.redirectUri(), value);
            log.info("consent request started workspace={} request={} system={}", state.workspace(), state.request().id(),
                    state.system());
            var reconnect = state.purpose() instanceof OAuthState.Reconnect r ? Optional.of(r.connection())
                    : Optional.<ConnectionId>empty();
            return new Consents.Asked.Started(new Consents.Request(state.request().id(), state.system(),
                    state.purpose() instanceof OAuthState.Connect c ? c.name() : null, reconnect.isPresent(),
                    Consents.Status.WAITING, Optional.of(url), now.plus(PostgresOAuthStates.LIFETIME), reconnect,
                    Optional.empty()));
        } catch (TokenAccess.ReconnectNeeded cannot) {
            states.settle(state.request().id(), Consents.Status.FAILED, null, cannot.getMessage());
            return new Consents.Asked.Refused(422, "cannot_connect", health.systemName(state.system()) + " cannot be connected: "
                    + sentence(cannot.getMessage()));
        }
    }

    @Override
    public Optional<Consents.Request> find(WorkspaceId workspace, UUID request) {
        return states.request(workspace, request, clock.instant());
    }

    // ---- The vendor's answer ----

    /**
     * GET /oauth/callback, first step: when the answer belongs to a consent request, finishes it here, whoever is signed
     * in (or nobody), and returns true; otherwise returns false and the answer is a signed-in person's ({@link #callback}).
     */
    public boolean answerRequest(Context ctx) {
        var claim = states.claimRequest(ctx.queryParam("state"), clock.instant());
        if (claim.isEmpty()) {
            return false;
        }
        String request = "";
        Answered page = switch (claim.get()) {
            case PostgresOAuthStates.Claim.Claimed c -> {
                var state = c.state();
                request = state.request().id().toString();
                var done = finish(state, state.workspace(), state.request().actor() + " (consent link)", callbackOf(ctx));
                switch (done) {
                    case Finished.Done d -> states.settle(state.request().id(), Consents.Status.CONNECTED, d.connection(), null);
                    case Finished.Refused r -> states.settle(state.request().id(), Consents.Status.FAILED, null, r.why());
                }
                yield switch (done) {
                    case Finished.Done d -> new Answered(d.title(), d.notice(), true, request);
                    case Finished.Refused r -> new Answered("Nothing was connected", r.why(), false, request);
                };
            }
            case PostgresOAuthStates.Claim.AlreadyUsed a -> new Answered("Nothing more was changed", "This answer from "
                    + health.systemName(a.state().system()) + " was already used (a page reloaded or sent twice), so nothing "
                    + "more was changed.", false, a.state().request().id().toString());
            case PostgresOAuthStates.Claim.Expired e -> new Answered("Nothing was connected", "This answer from "
                    + health.systemName(e.state().system()) + " came back more than " + PostgresOAuthStates.LIFETIME.toMinutes()
                    + " minutes after the consent link was made, so it is no longer accepted and nothing was connected or "
                    + "changed. Ask for a new consent link.", false, e.state().request().id().toString());
            default -> throw new IllegalStateException("a request's claim is claimed, already used or expired");
        };
        ctx.status(page.connected() ? HttpStatus.OK : HttpStatus.BAD_REQUEST);
        ctx.html(Layout.document(page.title(), Templates.render("connections/requested.jte", page)).toString());
        return true;
    }

    /** GET /oauth/callback: the vendor sends the person back with a code (or an error) and the state. */
    public void callback(Context ctx, SignedIn who) {
        switch (states.claim(ctx.queryParam("state"), who.workspace(), who.sessionKey(), clock.instant())) {
            case PostgresOAuthStates.Claim.Claimed c -> {
                var state = c.state();
                switch (finish(state, who.workspace(), who.email(), callbackOf(ctx))) {
                    case Finished.Done d -> {
                        if (state.purpose() instanceof OAuthState.Reconnect) {
                            queueChanged.run();
                        }
                        sessions.flash(who.sessionKey(), Flash.notice(d.notice()));
                        ctx.redirect("/settings/connections", HttpStatus.SEE_OTHER);
                    }
                    case Finished.Refused r -> {
                        String back = state.purpose() instanceof OAuthState.Reconnect re
                                ? "/settings/connections/" + re.connection() + "/reconnect" : "/settings/connections";
                        refuse(ctx, who, r.why(), back);
                    }
                }
            }
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

    private static Map<String, String> callbackOf(Context ctx) {
        var callback = new HashMap<String, String>();
        ctx.queryParamMap().forEach((k, v) -> callback.put(k, v.isEmpty() ? "" : v.getFirst()));
        return callback;
    }

    /** What came of finishing a round trip: the connection made or reconnected, or why nothing was changed. */
    private sealed interface Finished {
        record Done(ConnectionId connection, String title, String notice) implements Finished {}

        record Refused(String why) implements Finished {}
    }

    /** Finishes a claimed round trip for {@code actor} (the person, or the request's asker): exchanges the code, then connects. */
    private Finished finish(OAuthState state, WorkspaceId workspace, String actor, Map<String, String> callback) {
        var authorization = authorizations.apply(state.system()).orElse(null);
        if (authorization == null) {
            return new Finished.Refused("This installation has no " + health.systemName(state.system()) + " connector any more, "
                    + "so nothing was connected or changed.");
        }
        String again = state.request() != null ? "ask for a new consent link"
                : state.purpose() instanceof OAuthState.Reconnect ? "press Reconnect again" : "press Connect again";
        return switch (state.purpose()) {
            case OAuthState.Reconnect r -> finishReconnect(workspace, actor, r.connection(), authorization, callback, state, again);
            case OAuthState.Connect c -> finishConnect(workspace, actor, c.name(), authorization, callback, state, again);
        };
    }

    private Finished finishReconnect(WorkspaceId workspace, String actor, ConnectionId id, Authorization authorization,
            Map<String, String> callback, OAuthState state, String again) {
        var c = connections.find(id).filter(x -> x.workspace().equals(workspace)).orElse(null);
        if (c == null) {
            return new Finished.Refused("The connection to reconnect is gone, so nothing was changed.");
        }
        String vendor = health.systemName(c.system());
        Authorization.Authorized authorized;
        try {
            authorized = authorization.complete(c.settings(), callback, state.redirectUri());
        } catch (TokenAccess.ReconnectNeeded refused) {
            return new Finished.Refused(vendor + " did not authorise the connection: " + sentence(refused.getMessage())
                    + " Nothing was changed.");
        } catch (TokenAccess.Unavailable down) {
            return new Finished.Refused(vendor + " could not be reached to finish reconnecting (" + down.getMessage()
                    + "). Nothing was changed; " + again + " in a moment.");
        }
        for (var e : authorized.settings().entrySet()) {
            String current = c.settings().get(e.getKey());
            if (current != null && !current.equals(e.getValue())) {
                return new Finished.Refused("You chose another " + vendor + " account (" + e.getKey() + " " + e.getValue()
                        + ") than this connection's (" + current + "); nothing was changed. Choose the same account, or "
                        + "connect the other one as a new connection.");
            }
        }
        var t = authorized.tokens();
        connections.reconnect(c.id(), new TokenSet(t.accessToken(), t.refreshToken(), t.accessExpiresAt()), clock.instant());
        log.info("connection reconnected workspace={} connection={} system={}", workspace, c.id(), c.system());
        audit.record(workspace, actor, "connection.reconnect", "connection:" + c.id(), "Reconnected " + c.name() + " through "
                + vendor + "'s consent page", Map.of("status", c.status().name()), Map.of("status", "CONNECTED"));
        queueChanged.run();
        return new Finished.Done(c.id(), c.name() + " is reconnected",
                c.name() + " is reconnected. Syncs that waited for it resume now.");
    }

    private Finished finishConnect(WorkspaceId workspace, String actor, String name, Authorization authorization,
            Map<String, String> callback, OAuthState state, String again) {
        String vendor = health.systemName(state.system());
        Authorization.Authorized authorized;
        try {
            authorized = authorization.complete(state.settings(), callback, state.redirectUri());
        } catch (TokenAccess.ReconnectNeeded refused) {
            return new Finished.Refused(vendor + " did not authorise the connection: " + sentence(refused.getMessage())
                    + " Nothing was connected.");
        } catch (TokenAccess.Unavailable down) {
            return new Finished.Refused(vendor + " could not be reached to finish connecting (" + down.getMessage()
                    + "). Nothing was connected; " + again + " in a moment.");
        }
        var existing = sameAccount(workspace, state.system(), authorized.settings());
        if (existing.isPresent()) {
            return new Finished.Refused("This " + vendor + " account is already connected as \"" + existing.get().name()
                    + "\"; nothing was connected. Reconnect that connection instead.");
        }
        var settings = new HashMap<>(state.settings());
        settings.putAll(authorized.settings());
        var t = authorized.tokens();
        var id = connections.create(workspace, state.system(), name, settings,
                new TokenSet(t.accessToken(), t.refreshToken(), t.accessExpiresAt()), clock.instant());
        log.info("connection created workspace={} connection={} system={}", workspace, id, state.system());
        audit.record(workspace, actor, "connection.connect", "connection:" + id, "Connected " + name + " (" + vendor + ")",
                Map.of(), Map.of("status", "CONNECTED", "system", state.system()));
        return new Finished.Done(id, name + " is connected to " + vendor, name + " is connected to " + vendor
                + (state.request() == null ? ". Create a flow below so that records sync through it." : "."));
    }

    /**
     * A connection of the workspace to the account the person just chose: one sharing the callback's settings (realmId,
     * portalId) and differing in none of them.
     */
    private Optional<ConnectionRecord> sameAccount(WorkspaceId workspace, String system, Map<String, String> chosen) {
        return connections.list(workspace).stream()
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
        return ctx.scheme() + "://" + ctx.host() + CALLBACK;
    }

    private void refuse(Context ctx, SignedIn who, String why, String back) {
        sessions.flash(who.sessionKey(), Flash.refusal(why));
        ctx.redirect(back, HttpStatus.SEE_OTHER);
    }

    /** The page for an answer that cannot be used: 400, what happened, and the way back. */
    private void unusable(Context ctx, SignedIn who, String why) {
        ctx.status(HttpStatus.BAD_REQUEST);
        layout.render(ctx, who, "Nothing was connected", "/settings/connections",
                Templates.render("connections/unusable.jte", Map.of("why", why)));
    }
}
