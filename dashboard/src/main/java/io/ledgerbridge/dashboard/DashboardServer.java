package io.ledgerbridge.dashboard;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.ledgerbridge.dashboard.audit.AuditPage;
import io.ledgerbridge.dashboard.audit.AuditTrail;
import io.ledgerbridge.dashboard.connections.ConnectionHealth;
import io.ledgerbridge.dashboard.connections.ConnectionsPage;
import io.ledgerbridge.dashboard.connections.ConsentRoundTrip;
import io.ledgerbridge.dashboard.connections.PostgresOAuthStates;
import io.ledgerbridge.dashboard.diagnostics.DiagnosticsPage;
import io.ledgerbridge.dashboard.diagnostics.PostgresFailureGroups;
import io.ledgerbridge.dashboard.events.EventsPage;
import io.ledgerbridge.dashboard.flows.FlowsSection;
import io.ledgerbridge.dashboard.events.PostgresAttemptLog;
import io.ledgerbridge.dashboard.home.HomePage;
import io.ledgerbridge.dashboard.imports.ImportPages;
import io.ledgerbridge.dashboard.keys.ApiKeysPage;
import io.ledgerbridge.dashboard.people.PeoplePage;
import io.ledgerbridge.dashboard.people.PostgresInvites;
import io.ledgerbridge.dashboard.people.Role;
import io.ledgerbridge.dashboard.home.PostgresSyncTotals;
import io.ledgerbridge.dashboard.records.PostgresRecordViews;
import io.ledgerbridge.dashboard.records.RecordPages;
import io.ledgerbridge.dashboard.settings.SyncSettingsPage;
import io.ledgerbridge.dashboard.signin.PostgresSessions;
import io.ledgerbridge.dashboard.signin.PostgresUsers;
import io.ledgerbridge.dashboard.signin.SignIn;
import io.ledgerbridge.dashboard.signin.SignedIn;
import io.ledgerbridge.engine.connection.ConnectionStore;
import io.ledgerbridge.engine.connection.Consents;
import io.ledgerbridge.engine.events.SyncEvents;
import io.ledgerbridge.engine.history.HistoricalImports;
import io.ledgerbridge.engine.history.ImportPlanner;
import io.ledgerbridge.store.apikey.PostgresApiKeys;
import io.ledgerbridge.store.audit.PostgresAuditLog;
import io.ledgerbridge.store.db.Database;
import io.ledgerbridge.store.flow.PostgresFlows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard: server-rendered pages on Javalin (Jetty, virtual threads), beside the REST API. Every route is
 * declared in {@link #endpoints()}; all but sign-in and the two static files need a signed-in person, and every
 * form needs its session's CSRF token. Pages read the workspace only from the session, so another workspace's
 * record, connection or flow is "not found".
 *
 * <pre>
 * var dashboard = new DashboardServer(DashboardConfig.defaults(), database, connections, flows, events,
 *         Ledgerbridge.SYSTEM_NAMES, clock, node::wake, registry::authorization, newConnectionDefaults).start();
 * dashboard.users().create(workspace, "office@acme.example", "a long password", clock.instant());
 * ...
 * dashboard.close();
 * </pre>
 *
 * <p>Progressive enhancement: every page works without script; {@code dashboard.js} only makes statuses follow
 * the engine without a reload (it polls {@code /status.json} and a record page's {@code /live} part) and asks
 * before a disconnect.
 */
public final class DashboardServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DashboardServer.class);

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    /** A route as declared: its method and its Javalin path. */
    public record Route(HandlerType method, String path) {}

    /** A handler of a page for signed-in people. */
    @FunctionalInterface
    interface Page {
        void handle(Context ctx, SignedIn who) throws Exception;
    }

    private record Endpoint(HandlerType method, String path, Handler handler) {}

    private final DashboardConfig config;
    private final PostgresUsers users;
    private final SignIn signIn;
    private final Layout layout;
    private final HomePage home;
    private final RecordPages records;
    private final EventsPage events;
    private final DiagnosticsPage diagnostics;
    private final SyncSettingsPage settings;
    private final ConnectionsPage connections;
    private final ConsentRoundTrip consent;
    private final FlowsSection flows;
    private final AuditTrail audit;
    private final AuditPage auditPage;
    private final ApiKeysPage keys;
    private final PeoplePage people;
    private final Map<String, byte[]> assets;
    private final java.util.function.BiFunction<ImportPlanner, HistoricalImports, ImportPages> newImports;
    private ImportPages imports;
    private List<Endpoint> endpoints;
    private Javalin app;
    private volatile boolean publicUrlSet;

    /**
     * @param systemNames  system id → the name people read ("quickbooks" → "QuickBooks Online")
     * @param queueChanged called after a person queued syncs (retry, reconnect), to wake the local node at once
     */
    public DashboardServer(DashboardConfig config, Database database, ConnectionStore connectionStore, PostgresFlows flows,
            SyncEvents syncEvents, Map<String, String> systemNames, Clock clock, Runnable queueChanged) {
        this(config, database, connectionStore, flows, syncEvents, systemNames, clock, queueChanged, system -> java.util.Optional.empty());
    }

    /**
     * @param authorizations system id → how its connections are authorised through the vendor's consent page
     *                       (connectors' {@link io.ledgerbridge.connector.Connector#authorization()})
     */
    public DashboardServer(DashboardConfig config, Database database, ConnectionStore connectionStore, PostgresFlows flows,
            SyncEvents syncEvents, Map<String, String> systemNames, Clock clock, Runnable queueChanged,
            java.util.function.Function<String, java.util.Optional<io.ledgerbridge.connector.Authorization>> authorizations) {
        this(config, database, connectionStore, flows, syncEvents, systemNames, clock, queueChanged, authorizations,
                NewConnectionDefaults.none());
    }

    /**
     * @param authorizations system id → how its connections are authorised through the vendor's consent page
     *                       (connectors' {@link io.ledgerbridge.connector.Connector#authorization()})
     * @param newConnections the systems Settings → Connections can connect, and the vendor endpoints new connections use
     */
    public DashboardServer(DashboardConfig config, Database database, ConnectionStore connectionStore, PostgresFlows flows,
            SyncEvents syncEvents, Map<String, String> systemNames, Clock clock, Runnable queueChanged,
            java.util.function.Function<String, java.util.Optional<io.ledgerbridge.connector.Authorization>> authorizations,
            NewConnectionDefaults newConnections) {
        this.config = config;
        var jdbi = database.jdbi();
        this.users = new PostgresUsers(jdbi, config.bcryptCost());
        var sessions = new PostgresSessions(jdbi);
        var health = new ConnectionHealth(connectionStore, jdbi, systemNames);
        this.signIn = new SignIn(config, users, sessions, clock);
        this.layout = new Layout(sessions, health, config.zone());
        this.home = new HomePage(new PostgresSyncTotals(jdbi), syncEvents, health, layout, clock, flows);
        var auditLog = new PostgresAuditLog(jdbi);
        this.audit = new AuditTrail(auditLog, clock);
        this.records = new RecordPages(syncEvents, new PostgresRecordViews(jdbi), sessions, layout, clock, queueChanged, audit);
        this.events = new EventsPage(new PostgresAttemptLog(jdbi), layout);
        this.diagnostics = new DiagnosticsPage(new PostgresFailureGroups(jdbi), syncEvents, layout);
        this.settings = new SyncSettingsPage(flows, connectionStore, health, sessions, layout, jdbi, clock, audit);
        this.consent = new ConsentRoundTrip(connectionStore, health, new PostgresOAuthStates(jdbi), sessions, layout, clock,
                queueChanged, authorizations, newConnections, audit);
        this.flows = new FlowsSection(flows, connectionStore, health, sessions, layout, clock);
        this.auditPage = new AuditPage(auditLog, layout);
        this.keys = new ApiKeysPage(new PostgresApiKeys(jdbi), sessions, layout, clock);
        this.people = new PeoplePage(users, new PostgresInvites(jdbi, users), sessions, layout, audit, clock);
        this.connections = new ConnectionsPage(connectionStore, health, sessions, layout, clock, queueChanged, audit, consent,
                this.flows);
        this.newImports = (planner, store) -> new ImportPages(planner, store, flows, connectionStore, sessions, layout, audit,
                clock);
        this.assets = Map.of("dashboard.css", asset("dashboard.css"), "dashboard.js", asset("dashboard.js"));
        this.endpoints = endpoints();
    }

    /**
     * Every route of the dashboard, in one place, with what it needs: a page anyone signed in may see ({@link #member}),
     * a change an admin or the owner may make ({@link #change}), or people managed by the owner ({@link #owner}).
     */
    private List<Endpoint> endpoints() {
        var list = new ArrayList<Endpoint>();
        list.add(new Endpoint(GET, "/signin", signIn::page));
        list.add(new Endpoint(POST, "/signin", signIn::submit));
        list.add(new Endpoint(GET, "/assets/{file}", this::asset));
        list.add(new Endpoint(GET, "/invite/{token}", people::invitation));
        list.add(new Endpoint(POST, "/invite/{token}", people::accept));
        list.add(member(POST, "/signout", signIn::signOut));

        list.add(member(GET, "/", home::show));

        list.add(member(GET, "/data/{type}", records::list));
        list.add(change(POST, "/data/{type}/retry-all", records::retryAll));
        list.add(member(GET, "/data/{type}/{id}", records::show));
        list.add(background(GET, "/data/{type}/{id}/live", records::live));
        list.add(change(POST, "/data/{type}/{id}/retry", records::retry));
        list.add(change(POST, "/data/{type}/{id}/skip", records::skip));
        list.add(change(POST, "/data/{type}/{id}/mark-synced", records::markSynced));
        list.add(background(GET, "/status.json", records::statuses));

        list.add(member(GET, "/events", events::show));
        list.add(member(GET, "/diagnostics", diagnostics::show));
        list.add(member(GET, "/diagnostics/{type}", diagnostics::show));
        list.add(member(GET, "/audit", auditPage::show));

        list.add(member(GET, "/settings/sync/{section}", settings::show));
        list.add(change(POST, "/settings/sync/{section}", settings::save));
        list.add(member(GET, "/settings/connections", connections::list));
        list.add(member(GET, "/settings/connections/{id}/reconnect", connections::reconnectPage));
        list.add(change(POST, "/settings/connections/{id}/reconnect", connections::reconnect));
        list.add(change(POST, "/settings/connections/{id}/disconnect", connections::disconnect));
        list.add(change(POST, "/settings/connections/connect", consent::connect));
        list.add(change(GET, "/settings/connections/{id}/authorize", consent::reconnect));
        // The vendor's answer: a consent request's (API, command line) is finished without a sign-in; a person's needs theirs.
        var personsAnswer = change(GET, "/oauth/callback", consent::callback).handler();
        list.add(new Endpoint(GET, "/oauth/callback", ctx -> {
            if (!consent.answerRequest(ctx)) {
                personsAnswer.handle(ctx);
            }
        }));
        list.add(change(POST, "/settings/flows", flows::create));
        list.add(change(POST, "/settings/flows/{id}/pause", flows::pause));
        list.add(change(POST, "/settings/flows/{id}/resume", flows::resume));
        list.add(member(GET, "/settings/flows/{id}/delete", flows::confirmDelete));
        list.add(change(POST, "/settings/flows/{id}/delete", flows::delete));
        if (imports != null) {
            list.add(change(GET, "/flows/{flowId}/imports/new", imports::form));
            list.add(change(POST, "/flows/{flowId}/imports", imports::submit));
            list.add(background(GET, "/imports/{id}.json", imports::figures));
            list.add(member(GET, "/imports/{id}", imports::show));
            list.add(change(POST, "/imports/{id}/pause", imports::pause));
            list.add(change(POST, "/imports/{id}/resume", imports::resume));
            list.add(change(POST, "/imports/{id}/cancel", imports::cancel));
        }
        list.add(member(GET, "/settings/keys", keys::show));
        list.add(change(POST, "/settings/keys", keys::create));
        list.add(change(POST, "/settings/keys/{id}/revoke", keys::revoke));
        list.add(member(GET, "/settings/people", people::show));
        list.add(owner(POST, "/settings/people/invite", people::invite));
        list.add(owner(POST, "/settings/people/{id}/role", people::changeRole));
        list.add(owner(POST, "/settings/people/{id}/remove", people::remove));
        return List.copyOf(list);
    }

    /** A page or action any signed-in person of the workspace may use. */
    private Endpoint member(HandlerType method, String path, Page page) {
        return guarded(method, path, Role.Permission.VIEW, page);
    }

    /** An action that changes something: refused to viewers. */
    private Endpoint change(HandlerType method, String path, Page page) {
        return guarded(method, path, Role.Permission.CHANGE, page);
    }

    /** An action on the workspace's people: the owner's only. */
    private Endpoint owner(HandlerType method, String path, Page page) {
        return guarded(method, path, Role.Permission.MANAGE_PEOPLE, page);
    }

    private Endpoint guarded(HandlerType method, String path, Role.Permission needs, Page page) {
        return new Endpoint(method, path, ctx -> {
            var who = signIn.admit(ctx, false);
            if (who == null) {
                return;
            }
            if (!who.can(needs)) {
                log.info("dashboard refused {} {} workspace={} role={}", ctx.method(), ctx.path(), who.workspace(), who.role());
                problem(ctx, 403, who.role().refusal(needs));
                return;
            }
            page.handle(ctx, who);
        });
    }

    /** A route the page's script calls: without a session it answers 401 instead of sending to the sign-in page. */
    private Endpoint background(HandlerType method, String path, Page page) {
        return new Endpoint(method, path, ctx -> {
            var who = signIn.admit(ctx, true);
            if (who != null) {
                page.handle(ctx, who);
            }
        });
    }

    /** The routes this server answers. */
    public List<Route> routes() {
        return endpoints.stream().map(e -> new Route(e.method(), e.path())).toList();
    }

    /**
     * Turns on historical imports (issue 12): "Import the past" and each flow's imports under Settings → Connections,
     * the form that checks their cost and starts them, and each import's page. Without it none of these exist. Called
     * before {@link #start()}.
     */
    public synchronized DashboardServer imports(ImportPlanner planner, HistoricalImports store) {
        if (app != null) {
            throw new IllegalStateException("imports are turned on before the dashboard starts");
        }
        this.imports = newImports.apply(planner, store);
        this.flows.imports(imports);
        this.endpoints = endpoints();
        return this;
    }

    /** The people who can sign in; the command line and the demo add them here. */
    public PostgresUsers users() {
        return users;
    }

    /** Starts listening; returns once the port is bound. */
    public synchronized DashboardServer start() {
        if (app != null) {
            throw new IllegalStateException("the dashboard is already started");
        }
        app = Javalin.create(cfg -> {
            cfg.useVirtualThreads = true;
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.http.maxRequestSize = 256 * 1024;
            cfg.jetty.modifyHttpConfiguration(http -> http.setSendServerVersion(false));
            cfg.requestLogger.http((ctx, ms) -> {
                SignedIn who = ctx.attribute(SignIn.ATTRIBUTE);
                log.info("dashboard {} {} status={} workspace={} ms={}", ctx.method(), ctx.path(), ctx.statusCode(),
                        who == null ? null : who.workspace(), Math.round(ms));
            });
            cfg.router.mount(router -> {
                router.before(DashboardServer::headers);
                for (var e : endpoints) {
                    router.addHttpHandler(e.method(), e.path(), e.handler());
                }
                router.exception(HttpResponseException.class, (e, ctx) -> problem(ctx, e.getStatus(), e.getMessage()));
                router.exception(Exception.class, (e, ctx) -> {
                    String ref = UUID.randomUUID().toString().substring(0, 8);
                    log.error("dashboard request failed: {} {} ref={}", ctx.method(), ctx.path(), ref, e);
                    problem(ctx, 500, "Something went wrong on our side (reference " + ref
                            + "). Nothing you did is at fault; try again, and if it persists, contact support with the reference.");
                });
            });
        }).start(config.host(), config.port());
        log.info("dashboard listening host={} port={}", config.host(), app.port());
        if (!publicUrlSet) {
            consent.publicUrl("http://" + ("0.0.0.0".equals(config.host()) ? "127.0.0.1" : config.host()) + ":" + app.port());
        }
        return this;
    }

    /**
     * Consent requests (connecting QuickBooks, Xero or HubSpot over the API or the command line), answered by this
     * dashboard's {@code /oauth/callback}.
     */
    public Consents consents() {
        return consent;
    }

    /**
     * The address people reach this dashboard at, for the vendor's redirect of consent requests (e.g.
     * {@code https://lb.example.com}); by default this node's own host and port once started.
     */
    public DashboardServer publicUrl(String url) {
        consent.publicUrl(url);
        publicUrlSet = true;
        return this;
    }

    /** The port listened on (the one picked, when the configuration said 0). */
    public int port() {
        if (app == null) {
            throw new IllegalStateException("the dashboard is not started");
        }
        return app.port();
    }

    /** Stops listening; requests in flight are finished first. */
    public synchronized void stop() {
        if (app != null) {
            app.stop();
            app = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static void headers(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "same-origin");
        if (!ctx.path().startsWith("/assets/")) {
            ctx.header("Cache-Control", "no-store");
        }
    }

    private void asset(Context ctx) {
        String file = ctx.pathParam("file");
        byte[] body = assets.get(file);
        if (body == null) {
            throw new io.javalin.http.NotFoundResponse("There is no such file.");
        }
        ctx.header("Cache-Control", "public, max-age=300")
                .contentType(file.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8")
                .result(body);
    }

    private static byte[] asset(String name) {
        try (var in = DashboardServer.class.getResourceAsStream("assets/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's " + name + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An error as a page: within the signed-in frame when the person is known, else a bare page. */
    private void problem(Context ctx, int status, String message) {
        String title = switch (status) {
            case 404 -> "Not found";
            case 403 -> "Not allowed for your role";
            case 405 -> "Not allowed";
            case 500 -> "Something went wrong";
            default -> "Error " + status;
        };
        String text = status == 404 && (message == null || message.isBlank() || message.startsWith("Endpoint "))
                ? "There is no such page. It may have been moved, or it belongs to another workspace."
                : message;
        ctx.status(status);
        SignedIn who = ctx.attribute(SignIn.ATTRIBUTE);
        boolean framed = who != null && status != 500;
        var body = Templates.render("error.jte", java.util.Map.of("title", title, "text", text == null ? "" : text, "framed", framed));
        if (framed) {
            layout.render(ctx, who, title, "", body);
        } else {
            ctx.html(Layout.document(title, body).value());
        }
    }
}
