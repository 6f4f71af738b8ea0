package io.ledgerbridge.web;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.engine.connection.ConnectionStore;
import io.ledgerbridge.engine.connection.Consents;
import io.ledgerbridge.engine.events.SyncEvents;
import io.ledgerbridge.engine.intake.RecordIntake;
import io.ledgerbridge.engine.mapping.SourceRecords;
import io.ledgerbridge.store.flow.PostgresFlows;
import io.ledgerbridge.store.workspace.PostgresWorkspaces;
import io.ledgerbridge.web.api.ApiError;
import io.ledgerbridge.web.api.ApiJson;
import io.ledgerbridge.web.api.JsonBody;
import io.ledgerbridge.web.audit.AuditEndpoints;
import io.ledgerbridge.web.auth.ApiKeyAuth;
import io.ledgerbridge.web.connection.ConnectionEndpoints;
import io.ledgerbridge.web.flow.FlowEndpoints;
import io.ledgerbridge.web.event.EventEndpoints;
import io.ledgerbridge.web.openapi.OpenApiDocument;
import io.ledgerbridge.web.record.NativeSource;
import io.ledgerbridge.web.record.RecordEndpoints;
import io.ledgerbridge.web.webhook.WebhookEndpoints;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The native source REST API on Javalin (Jetty, virtual threads). Every route is declared in {@link #endpoints()};
 * every route under {@code /api/v1} but the OpenAPI document needs a workspace API key.
 *
 * <pre>
 * var api = new ApiServer(ApiConfig.defaults(), workspaces, connections, flows, records, events, intake, clock).start();
 * ...
 * api.stop();
 * </pre>
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

    public static final String BASE = "/api/v1";

    /** A route as declared: its method and its Javalin path ({@code /api/v1/invoices/{id}}). */
    public record Route(HandlerType method, String path) {}

    private record Endpoint(HandlerType method, String path, boolean needsKey, Handler handler) {
        Route route() {
            return new Route(method, path);
        }
    }

    private final ApiConfig config;
    private final ApiKeyAuth auth;
    private final FlowEndpoints flowEndpoints;
    private final ConnectionEndpoints connectionEndpoints;
    private final AuditEndpoints auditEndpoints;
    private final io.ledgerbridge.web.history.ImportEndpoints importEndpoints;
    private final RecordEndpoints records;
    private final EventEndpoints events;
    private final OpenApiDocument openApi;
    private final WebhookEndpoints webhooks;
    private final List<Endpoint> endpoints;
    private final Set<String> publicPaths;
    private final Operations operations;
    private Javalin app;

    public ApiServer(ApiConfig config, PostgresWorkspaces workspaces, ConnectionStore connections, PostgresFlows flows,
            SourceRecords sourceRecords, SyncEvents syncEvents, RecordIntake intake, Clock clock) {
        this(config, workspaces, connections, flows, sourceRecords, syncEvents, intake, clock, Operations.NONE);
    }

    public ApiServer(ApiConfig config, PostgresWorkspaces workspaces, ConnectionStore connections, PostgresFlows flows,
            SourceRecords sourceRecords, SyncEvents syncEvents, RecordIntake intake, Clock clock, Operations operations) {
        this(config, workspaces, connections, flows, sourceRecords, syncEvents, intake, clock, operations,
                WebhookEndpoints.none());
    }

    /** @param webhooks the public {@code POST /webhooks/{connectionId}} route's receivers */
    public ApiServer(ApiConfig config, PostgresWorkspaces workspaces, ConnectionStore connections, PostgresFlows flows,
            SourceRecords sourceRecords, SyncEvents syncEvents, RecordIntake intake, Clock clock, Operations operations,
            WebhookEndpoints webhooks) {
        this(config, workspaces, connections, flows, sourceRecords, syncEvents, intake, clock, operations, webhooks,
                Consents.NONE);
    }

    /** @param consents how QuickBooks, Xero and HubSpot connect over the API (the dashboard answers their consent pages) */
    public ApiServer(ApiConfig config, PostgresWorkspaces workspaces, ConnectionStore connections, PostgresFlows flows,
            SourceRecords sourceRecords, SyncEvents syncEvents, RecordIntake intake, Clock clock, Operations operations,
            WebhookEndpoints webhooks, Consents consents) {
        this(config, workspaces, connections, flows, sourceRecords, syncEvents, intake, clock, operations, webhooks,
                consents, null, null);
    }

    /**
     * @param planner historical imports' planner and store; when null, the import routes answer 503 (a server set up
     *                without them, e.g. a test of other routes)
     */
    public ApiServer(ApiConfig config, PostgresWorkspaces workspaces, ConnectionStore connections, PostgresFlows flows,
            SourceRecords sourceRecords, SyncEvents syncEvents, RecordIntake intake, Clock clock, Operations operations,
            WebhookEndpoints webhooks, Consents consents, io.ledgerbridge.engine.history.ImportPlanner planner,
            io.ledgerbridge.engine.history.HistoricalImports imports) {
        this.config = config;
        this.webhooks = webhooks;
        this.operations = operations;
        var body = new JsonBody(config.maxBodyBytes());
        this.auth = new ApiKeyAuth(key -> workspaces.keys().authenticate(key, clock.instant()));
        var audit = workspaces.audit();
        this.records = new RecordEndpoints(new NativeSource(connections, flows), intake, sourceRecords, syncEvents, body);
        this.events = new EventEndpoints(syncEvents, body, audit, clock);
        this.flowEndpoints = new FlowEndpoints(flows, connections, body, audit, clock);
        this.connectionEndpoints = new ConnectionEndpoints(connections, body, audit, clock, consents);
        this.auditEndpoints = new AuditEndpoints(audit);
        this.importEndpoints = planner == null ? null
                : new io.ledgerbridge.web.history.ImportEndpoints(planner, imports, body, audit, clock);
        this.openApi = new OpenApiDocument();
        this.endpoints = endpoints();
        this.publicPaths = endpoints.stream().filter(e -> !e.needsKey()).map(Endpoint::path).collect(Collectors.toSet());
    }

    /** Every route of the API, in one place. */
    private List<Endpoint> endpoints() {
        var list = new ArrayList<Endpoint>();
        list.add(new Endpoint(GET, BASE + "/openapi.json", false, openApi::serve));
        list.add(new Endpoint(GET, "/health", false, this::health));
        list.add(new Endpoint(GET, "/metrics", false,
                ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(operations.prometheus())));
        list.add(new Endpoint(POST, "/webhooks/{connectionId}", false, webhooks::receive));

        list.add(new Endpoint(GET, BASE + "/events", true, events::list));
        list.add(new Endpoint(POST, BASE + "/events/retry", true, events::retryAll));
        list.add(new Endpoint(POST, BASE + "/events/skip", true, events::skipAll));
        list.add(new Endpoint(GET, BASE + "/events/{eventId}", true, events::get));
        list.add(new Endpoint(POST, BASE + "/events/{eventId}/retry", true, events::retry));
        list.add(new Endpoint(POST, BASE + "/events/{eventId}/skip", true, events::skip));

        list.add(new Endpoint(GET, BASE + "/connections", true, connectionEndpoints::list));
        list.add(new Endpoint(POST, BASE + "/connections", true, connectionEndpoints::create));
        list.add(new Endpoint(GET, BASE + "/connections/requests/{requestId}", true, connectionEndpoints::request));
        list.add(new Endpoint(POST, BASE + "/connections/{connectionId}/reconnect", true, connectionEndpoints::reconnect));
        list.add(new Endpoint(GET, BASE + "/flows", true, flowEndpoints::list));
        list.add(new Endpoint(POST, BASE + "/flows", true, flowEndpoints::create));
        list.add(new Endpoint(GET, BASE + "/flows/{flowId}", true, flowEndpoints::get));
        list.add(new Endpoint(POST, BASE + "/flows/{flowId}/pause", true, flowEndpoints::pause));
        list.add(new Endpoint(POST, BASE + "/flows/{flowId}/resume", true, flowEndpoints::resume));
        list.add(new Endpoint(DELETE, BASE + "/flows/{flowId}", true, flowEndpoints::delete));
        list.add(new Endpoint(PUT, BASE + "/flows/{flowId}/route", true, flowEndpoints::route));
        list.add(new Endpoint(DELETE, BASE + "/flows/{flowId}/route", true, flowEndpoints::unroute));
        list.add(new Endpoint(GET, BASE + "/audit", true, auditEndpoints::list));
        list.add(new Endpoint(POST, BASE + "/flows/{flowId}/imports", true, imports(e -> e::start)));
        list.add(new Endpoint(GET, BASE + "/flows/{flowId}/imports", true, imports(e -> e::list)));
        list.add(new Endpoint(GET, BASE + "/imports/{importId}", true, imports(e -> e::get)));
        list.add(new Endpoint(POST, BASE + "/imports/{importId}/pause", true, imports(e -> e::pause)));
        list.add(new Endpoint(POST, BASE + "/imports/{importId}/resume", true, imports(e -> e::resume)));
        list.add(new Endpoint(POST, BASE + "/imports/{importId}/cancel", true, imports(e -> e::cancel)));

        for (RecordType type : RecordType.values()) {
            String collection = BASE + "/" + type.plural();
            list.add(new Endpoint(POST, collection, true, ctx -> records.post(ctx, type)));
            list.add(new Endpoint(POST, collection + "/batch", true, ctx -> records.batch(ctx, type)));
            list.add(new Endpoint(PUT, collection + "/{id}", true, ctx -> records.put(ctx, type)));
            list.add(new Endpoint(GET, collection + "/{id}", true, ctx -> records.get(ctx, type)));
            list.add(new Endpoint(GET, collection + "/{id}/events", true, ctx -> records.events(ctx, type)));
        }
        return List.copyOf(list);
    }

    private Handler imports(java.util.function.Function<io.ledgerbridge.web.history.ImportEndpoints, Handler> route) {
        if (importEndpoints == null) {
            return ctx -> {
                throw new ApiError(503, "not_configured", "Historical imports are not set up on this server.");
            };
        }
        return route.apply(importEndpoints);
    }

    private void health(Context ctx) {
        var report = operations.health();
        ctx.status("UP".equals(report.get("status")) ? 200 : 503).json(report);
    }

    /** The routes this server answers, for the test that holds them against the OpenAPI document. */
    public List<Route> routes() {
        return endpoints.stream().map(Endpoint::route).toList();
    }

    /** Starts listening; returns once the port is bound. */
    public synchronized ApiServer start() {
        if (app != null) {
            throw new IllegalStateException("the API server is already started");
        }
        app = Javalin.create(cfg -> {
            cfg.useVirtualThreads = true;
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.http.maxRequestSize = config.maxBodyBytes();
            cfg.http.defaultContentType = "application/json";
            cfg.http.prefer405over404 = true;
            cfg.jsonMapper(new JavalinJackson(ApiJson.MAPPER, true));
            cfg.jetty.modifyHttpConfiguration(http -> http.setSendServerVersion(false));
            cfg.requestLogger.http((ctx, ms) -> log.info("{} {} status={} workspace={} ms={}", ctx.method(), ctx.path(),
                    ctx.statusCode(), ctx.<Object>attribute("ledgerbridge.workspace"), Math.round(ms)));
            cfg.router.mount(router -> {
                router.before(BASE + "/*", this::authenticate);
                for (var e : endpoints) {
                    router.addHttpHandler(e.method(), e.path(), e.handler());
                }
                router.exception(ApiError.class, (e, ctx) -> answer(ctx, e));
                router.exception(HttpResponseException.class, (e, ctx) -> answer(ctx, routing(ctx, e)));
                router.exception(Exception.class, (e, ctx) -> {
                    String ref = UUID.randomUUID().toString().substring(0, 8);
                    log.error("request failed: {} {} ref={}", ctx.method(), ctx.path(), ref, e);
                    answer(ctx, new ApiError(500, "internal", "Something went wrong on our side (reference " + ref
                            + "); nothing you sent is at fault. Try again; if it persists, contact support with the reference."));
                });
            });
        }).start(config.host(), config.port());
        log.info("api listening host={} port={}", config.host(), app.port());
        return this;
    }

    /** The port listened on (the one picked, when the configuration said 0). */
    public int port() {
        if (app == null) {
            throw new IllegalStateException("the API server is not started");
        }
        return app.port();
    }

    /** Stops listening; requests in flight are finished first (Jetty's graceful stop). */
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

    private void authenticate(Context ctx) {
        if (!publicPaths.contains(ctx.path())) {
            auth.admit(ctx);
        }
    }

    private static void answer(Context ctx, ApiError e) {
        if (e.status() == 413) {
            ctx.header("Connection", "close");
        }
        ctx.status(e.status()).json(e.body());
    }

    /** Javalin's own answers (no such route, wrong method) in the API's error shape. */
    private static ApiError routing(Context ctx, HttpResponseException e) {
        return switch (e.getStatus()) {
            case 404 -> notFound(ctx);
            case 405 -> new ApiError(405, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path()
                    + "; see " + BASE + "/openapi.json for the routes.");
            case 413 -> new ApiError(413, "body_too_large", e.getMessage());
            default -> new ApiError(e.getStatus(), "http_" + e.getStatus(), e.getMessage());
        };
    }

    private static ApiError notFound(Context ctx) {
        String path = ctx.path();
        if (path.startsWith(BASE + "/")) {
            String first = path.substring(BASE.length() + 1).split("/", 2)[0];
            boolean known = first.isEmpty() || first.equals("events") || first.equals("openapi.json")
                    || first.equals("flows") || first.equals("audit") || first.equals("connections")
                    || Arrays.stream(RecordType.values()).anyMatch(t -> t.plural().equals(first));
            if (!known) {
                return new ApiError(404, "unknown_record_type", "There is no record type '" + clip(first)
                        + "'; use customers, products, invoices or payments.");
            }
        }
        return ApiError.notFound("There is no route " + ctx.method() + " " + clip(path) + "; see " + BASE
                + "/openapi.json for the routes.");
    }

    private static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
