package io.ledgerbridge.sandbox.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.ledgerbridge.sandbox.hubspot.association.AssociationRoutes;
import io.ledgerbridge.sandbox.hubspot.console.ConsolePage;
import io.ledgerbridge.sandbox.hubspot.crm.BatchRoutes;
import io.ledgerbridge.sandbox.hubspot.crm.CrmRoutes;
import io.ledgerbridge.sandbox.hubspot.crm.ObjectType;
import io.ledgerbridge.sandbox.hubspot.crm.PropertyRoutes;
import io.ledgerbridge.sandbox.hubspot.crm.SandboxObject;
import io.ledgerbridge.sandbox.hubspot.crm.WriteSource;
import io.ledgerbridge.sandbox.hubspot.oauth.Credential;
import io.ledgerbridge.sandbox.hubspot.oauth.OAuthApp;
import io.ledgerbridge.sandbox.hubspot.oauth.OAuthRoutes;
import io.ledgerbridge.sandbox.hubspot.oauth.TokenStore;
import io.ledgerbridge.sandbox.hubspot.ratelimit.RateLimits;
import io.ledgerbridge.sandbox.hubspot.search.SearchRoutes;
import io.ledgerbridge.sandbox.hubspot.webhook.DeliveryAttempt;
import io.ledgerbridge.sandbox.hubspot.webhook.WebhookPublisher;
import io.ledgerbridge.sandbox.hubspot.webhook.WebhookSubscription;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local HTTP server that behaves like HubSpot's CRM API for invoice sync: CRM v3 objects, batch, search,
 * associations v4, properties, OAuth 2, private-app tokens, rate limits and v3-signed webhooks, for several portals
 * at once (the bearer token decides the portal). Every route is declared in {@link #routes}; behaviours cite
 * {@code ../shared/design/API_FACTS.md} part C (see README).
 *
 * <p>Typical test use:
 * <pre>{@code
 * try (var hubspot = HubSpotSandbox.start(SandboxSettings.defaults().withClock(SandboxClock.fixedAt(T0)))) {
 *     long portal = hubspot.createPortal("Acme");
 *     String token = hubspot.createPrivateAppToken(portal);
 *     String invoiceId = hubspot.createInvoice(portal, Map.of("hs_currency", "USD"), List.of(Map.of("name", "Widget", "quantity", "2", "price", "10")));
 *     // point the connector at hubspot.baseUrl() with token ...
 *     hubspot.clock().advance(Duration.ofMinutes(31)); // OAuth access tokens expire
 * }
 * }</pre>
 * Thread-safe: the Java API may be called while requests are served.
 */
public final class HubSpotSandbox implements AutoCloseable {
    private final SandboxSettings settings;
    private final Map<Long, Portal> portals = new ConcurrentSkipListMap<>();
    private final AtomicLong nextPortalId = new AtomicLong(20_000_001);
    private final AtomicLong nextSubscriptionId = new AtomicLong(500_001);
    private final TokenStore tokens;
    private final WebhookPublisher webhooks;
    private final Javalin app;

    private HubSpotSandbox(SandboxSettings settings) {
        this.settings = settings;
        this.tokens = new TokenStore(settings.clock(), settings.accessTokenLifetime(), settings.authCodeLifetime());
        this.webhooks = new WebhookPublisher(settings.clock(), settings.webhooks(), tokens::installed);
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.useVirtualThreads = true;
            config.jsonMapper(new JavalinJackson(Json.MAPPER, true));
            config.router.ignoreTrailingSlashes = true;
        });
        routes(app);
        app.start(settings.host(), settings.port());
    }

    public static HubSpotSandbox start() {
        return start(SandboxSettings.defaults());
    }

    public static HubSpotSandbox start(SandboxSettings settings) {
        return new HubSpotSandbox(settings);
    }

    /** Every route of the sandbox, in one place. */
    private void routes(Javalin app) {
        CrmRoutes crm = new CrmRoutes();
        BatchRoutes batch = new BatchRoutes(settings.batchLimit(), settings.clock());
        SearchRoutes search = new SearchRoutes(settings);
        PropertyRoutes properties = new PropertyRoutes();
        AssociationRoutes associations = new AssociationRoutes(settings.clock());
        OAuthRoutes oauth = new OAuthRoutes(tokens, this::portalNames);
        ConsolePage console = new ConsolePage(this);

        app.before("/crm/*", this::admit);
        app.exception(HubSpotException.class, HubSpotSandbox::renderError);
        app.exception(Exception.class, (e, ctx) -> {
            // Looked up here, not in a static field, so main() can choose the logging configuration first.
            LoggerFactory.getLogger(HubSpotSandbox.class).error("sandbox bug on {} {}", ctx.method(), ctx.path(), e);
            renderError(new HubSpotException(500, ErrorCategory.VALIDATION_ERROR, "Internal error in the HubSpot sandbox: " + e), ctx);
        });

        // CRM v3 objects (API_FACTS C.1)
        app.get("/crm/v3/objects/{objectType}", crm::list);
        app.post("/crm/v3/objects/{objectType}", crm::create);
        app.post("/crm/v3/objects/{objectType}/search", search::search);
        app.post("/crm/v3/objects/{objectType}/batch/read", batch::read);
        app.post("/crm/v3/objects/{objectType}/batch/create", batch::create);
        app.post("/crm/v3/objects/{objectType}/batch/update", batch::update);
        app.post("/crm/v3/objects/{objectType}/batch/upsert", batch::upsert);
        app.post("/crm/v3/objects/{objectType}/batch/archive", batch::archive);
        app.get("/crm/v3/objects/{objectType}/{objectId}", crm::read);
        app.patch("/crm/v3/objects/{objectType}/{objectId}", crm::update);
        app.delete("/crm/v3/objects/{objectType}/{objectId}", crm::archive);
        app.get("/crm/v3/properties/{objectType}", properties::list);
        app.post("/crm/v3/properties/{objectType}", properties::create);

        // Associations v4 (C.1, C.2)
        app.put("/crm/v4/objects/{fromObjectType}/{fromObjectId}/associations/default/{toObjectType}/{toObjectId}", associations::associateDefault);
        app.put("/crm/v4/objects/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}", associations::associateLabelled);
        app.delete("/crm/v4/objects/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}", associations::remove);
        app.get("/crm/v4/objects/{objectType}/{objectId}/associations/{toObjectType}", associations::list);
        app.post("/crm/v4/associations/{fromObjectType}/{toObjectType}/batch/read", associations::batchRead);
        app.post("/crm/v4/associations/{fromObjectType}/{toObjectType}/batch/create", associations::batchCreate);
        app.post("/crm/v4/associations/{fromObjectType}/{toObjectType}/batch/archive", associations::batchArchive);
        app.post("/crm/v4/associations/{fromObjectType}/{toObjectType}/batch/associate/default", associations::batchAssociateDefault);
        app.get("/crm/v4/associations/{fromObjectType}/{toObjectType}/labels", associations::labels);

        // OAuth 2 (C.6)
        app.get("/oauth/authorize", oauth::authorizePage);
        app.post("/oauth/authorize", oauth::authorize);
        app.post("/oauth/v1/token", oauth::token);
        app.post("/oauth/v1/tokens", oauth::token);
        app.post("/oauth/v3/token", oauth::token);
        app.get("/oauth/v1/access-tokens/{token}", oauth::accessTokenInfo);
        app.get("/oauth/v1/refresh-tokens/{token}", oauth::refreshTokenInfo);
        app.delete("/oauth/v1/refresh-tokens/{token}", oauth::revokeRefreshToken);

        // Sandbox administration: seeding, inspection, fault switches, console (not part of HubSpot's API)
        app.get("/_sandbox/portals", ctx -> ctx.json(portalNames()));
        app.post("/_sandbox/portals", ctx -> {
            JsonNode b = ApiRequest.body(ctx);
            long id = b.hasNonNull("portalId") ? createPortal(b.get("portalId").asLong(), b.path("name").asText("Portal"))
                    : createPortal(b.path("name").asText("Portal"));
            ctx.status(201).json(Map.of("portalId", id, "privateAppToken", createPrivateAppToken(id)));
        });
        app.get("/_sandbox/portals/{portalId}/stats", ctx -> {
            long p = portalParam(ctx);
            ctx.json(Map.of("portalId", p, "requests", requestCount(p), "throttled", throttledCount(p)));
        });
        app.post("/_sandbox/portals/{portalId}/faults/expire-access-tokens", ctx -> { expireAccessTokens(portalParam(ctx)); ctx.status(204); });
        app.post("/_sandbox/portals/{portalId}/faults/revoke-refresh-tokens", ctx -> { revokeRefreshTokens(portalParam(ctx)); ctx.status(204); });
        app.post("/_sandbox/portals/{portalId}/faults/throttle", ctx -> {
            JsonNode b = ApiRequest.body(ctx);
            if (b.has("requests")) throttleNextRequests(portalParam(ctx), b.get("requests").asInt());
            if (b.has("seconds")) throttleFor(portalParam(ctx), Duration.ofSeconds(b.get("seconds").asLong()));
            ctx.status(204);
        });
        app.post("/_sandbox/portals/{portalId}/faults/unavailable", ctx -> {
            unavailableFor(portalParam(ctx), Duration.ofSeconds(ApiRequest.body(ctx).path("seconds").asLong(60)));
            ctx.status(204);
        });
        app.post("/_sandbox/portals/{portalId}/faults/latency", ctx -> {
            addLatency(portalParam(ctx), Duration.ofMillis(ApiRequest.body(ctx).path("millis").asLong(0)));
            ctx.status(204);
        });
        app.post("/_sandbox/portals/{portalId}/faults/clear", ctx -> { clearFaults(portalParam(ctx)); ctx.status(204); });
        app.post("/_sandbox/webhooks/fail", ctx -> { failNextWebhookDeliveries(ApiRequest.body(ctx).path("attempts").asInt(1)); ctx.status(204); });
        app.post("/_sandbox/clock/advance", ctx -> {
            clock().advance(Duration.ofSeconds(ApiRequest.body(ctx).path("seconds").asLong()));
            ctx.json(Map.of("now", clock().instant().toString()));
        });
        app.get("/_sandbox/console", console::show);
        app.post("/_sandbox/console/products", console::createProduct);
        app.post("/_sandbox/console/contacts", console::createContact);
        app.post("/_sandbox/console/invoices", console::createInvoice);
        app.post("/_sandbox/console/invoices/{invoiceId}/status", console::changeStatus);
    }

    /**
     * Runs before every {@code /crm/*} request: bearer token → portal (401s, C.3/C.6), added latency, 503 and forced
     * 429 faults, then the portal's rate limits (C.4). Rate-limit headers go on every admitted response.
     */
    private void admit(Context ctx) throws InterruptedException {
        Credential credential = tokens.authenticate(ctx.header("Authorization"));
        Portal portal = portal(credential.portalId());
        portal.limiter().countRequest(ctx.method().name() + " " + ctx.path());
        Duration latency = portal.faults().latency();
        if (!latency.isZero()) Thread.sleep(latency);
        portal.faults().checkAvailable();
        Optional<Duration> forced = portal.faults().throttle();
        if (forced.isPresent()) {
            portal.limiter().countThrottled();
            throw portal.limiter().forcedThrottle(forced.get());
        }
        boolean search = ctx.method().name().equals("POST") && ctx.path().endsWith("/search");
        try {
            portal.limiter().admit(search, credential.token()).forEach(ctx::header);
        } catch (HubSpotException e) {
            portal.limiter().countThrottled();
            LoggerFactory.getLogger(HubSpotSandbox.class).info("portal {}: 429 on {} {}: {}", credential.portalId(),
                    ctx.method(), ctx.path(), e.getMessage());
            throw e;
        }
        ctx.attribute(ApiRequest.PORTAL, portal);
        ctx.attribute(ApiRequest.CREDENTIAL, credential);
    }

    /** API_FACTS C.3: {"status":"error","message","correlationId","category",...}. */
    private static void renderError(HubSpotException e, Context ctx) {
        ObjectNode body = Json.object();
        body.put("status", "error");
        body.put("message", e.getMessage());
        body.put("correlationId", UUID.randomUUID().toString());
        body.put("category", e.category().name());
        if (e.subCategory() != null) body.put("subCategory", e.subCategory());
        if (!e.context().isEmpty()) body.set("context", Json.MAPPER.valueToTree(e.context()));
        e.extra().forEach((k, v) -> body.set(k, Json.MAPPER.valueToTree(v)));
        e.headers().forEach(ctx::header);
        ctx.status(e.status()).json(body);
    }

    // ------------------------------------------------------------------ server

    public String baseUrl() { return "http://" + settings.host() + ":" + app.port(); }
    public int port() { return app.port(); }
    public SandboxClock clock() { return settings.clock(); }
    public SandboxSettings settings() { return settings; }

    @Override
    public void close() {
        webhooks.close();
        app.stop();
    }

    // ------------------------------------------------------------------ portals and credentials

    public long createPortal(String name) {
        return createPortal(nextPortalId.getAndIncrement(), name);
    }

    public long createPortal(long portalId, String name) {
        Portal p = new Portal(portalId, name, settings.clock(), settings.invoiceStatuses(), settings.associationTypes(), settings.rateLimits());
        if (portals.putIfAbsent(portalId, p) != null) throw new IllegalArgumentException("portal exists: " + portalId);
        p.store().onChange(change -> webhooks.publish(portalId, change));
        return portalId;
    }

    public List<Long> portals() { return List.copyOf(portals.keySet()); }

    public Portal portal(long portalId) {
        Portal p = portals.get(portalId);
        if (p == null) throw new IllegalArgumentException("no portal " + portalId);
        return p;
    }

    Map<Long, String> portalNames() {
        Map<Long, String> names = new LinkedHashMap<>();
        portals.values().forEach(p -> names.put(p.id(), p.name()));
        return names;
    }

    /** A private-app token with every scope ({@code pat-na1-...}); it never expires. */
    public String createPrivateAppToken(long portalId) {
        return createPrivateAppToken(portalId, "Private app", null);
    }

    /** @param scopes null = every scope */
    public String createPrivateAppToken(long portalId, String appName, Set<String> scopes) {
        portal(portalId);
        return tokens.createPrivateAppToken(portalId, appName, scopes);
    }

    /** Registers a public app; {@code redirectUri} null accepts any. Default scopes cover all five object types. */
    public OAuthApp registerApp(String name, String clientId, String clientSecret, String redirectUri) {
        Set<String> scopes = new java.util.LinkedHashSet<>();
        for (ObjectType t : ObjectType.values()) {
            scopes.add(t.scope() + ".read");
            scopes.add(t.scope() + ".write");
        }
        return tokens.registerApp(name, clientId, clientSecret, redirectUri, scopes);
    }

    /** Installs the app in the portal and returns tokens, skipping the consent page. */
    public TokenStore.TokenGrant issueTokens(long appId, long portalId) {
        portal(portalId);
        OAuthApp app = tokens.app(appId).orElseThrow(() -> new IllegalArgumentException("no app " + appId));
        return tokens.issue(appId, portalId, app.scopes());
    }

    public void installApp(long appId, long portalId) { tokens.install(appId, portalId); }

    /** The app's webhook target for all events of all object types (signed with the app's client secret). */
    public void configureWebhooks(long appId, String targetUrl) {
        configureWebhooks(appId, targetUrl, WebhookSubscription.everything(nextSubscriptionId.getAndAdd(100)));
    }

    public void configureWebhooks(long appId, String targetUrl, List<WebhookSubscription> subscriptions) {
        OAuthApp app = tokens.app(appId).orElseThrow(() -> new IllegalArgumentException("no app " + appId));
        webhooks.configure(new WebhookPublisher.Target(appId, targetUrl, app.clientSecret(), List.copyOf(subscriptions)));
    }

    public List<DeliveryAttempt> webhookAttempts() { return webhooks.attempts(); }

    /** Waits until every queued webhook was delivered or given up (tests). */
    public boolean awaitWebhooks(Duration timeout) { return webhooks.awaitIdle(timeout); }

    // ------------------------------------------------------------------ seeding and inspection (as a person in HubSpot's UI)

    /** A custom property (a text field), as {@code POST /crm/v3/properties/{objectType}} defines one. */
    public void defineProperty(long portalId, ObjectType type, String name) {
        portal(portalId).store().define(type, new io.ledgerbridge.sandbox.hubspot.crm.ObjectStore.PropertyDefinition(name,
                name, "string", "text", false));
    }

    public String createObject(long portalId, ObjectType type, Map<String, String> properties) {
        return portal(portalId).store().create(type, properties, WriteSource.CRM_UI).id();
    }

    public void updateObject(long portalId, ObjectType type, String id, Map<String, String> properties) {
        portal(portalId).store().update(type, id, properties, WriteSource.CRM_UI);
    }

    public void archiveObject(long portalId, ObjectType type, String id) {
        portal(portalId).store().archive(type, id, WriteSource.CRM_UI);
    }

    public String createContact(long portalId, String email, String firstName, String lastName) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("email", email);
        if (firstName != null) p.put("firstname", firstName);
        if (lastName != null) p.put("lastname", lastName);
        return createObject(portalId, ObjectType.CONTACTS, p);
    }

    public String createCompany(long portalId, String name) {
        return createObject(portalId, ObjectType.COMPANIES, Map.of("name", name));
    }

    public String createProduct(long portalId, String name, String sku, String price) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("name", name);
        if (sku != null) p.put("hs_sku", sku);
        if (price != null) p.put("price", price);
        return createObject(portalId, ObjectType.PRODUCTS, p);
    }

    /** Creates an invoice, one line item per map (associated to it) and returns the invoice id. */
    public String createInvoice(long portalId, Map<String, String> properties, List<Map<String, String>> lines) {
        String invoiceId = createObject(portalId, ObjectType.INVOICES, properties);
        for (Map<String, String> line : lines) {
            String lineId = createObject(portalId, ObjectType.LINE_ITEMS, line);
            associate(portalId, ObjectType.INVOICES, invoiceId, ObjectType.LINE_ITEMS, lineId);
        }
        return invoiceId;
    }

    /** Associates two records with the default (unlabelled) type, both directions. */
    public void associate(long portalId, ObjectType from, String fromId, ObjectType to, String toId) {
        portal(portalId).associations().associateDefault(from, fromId, to, toId, WriteSource.CRM_UI);
    }

    public Optional<SandboxObject> object(long portalId, ObjectType type, String id) {
        return portal(portalId).store().find(type, id);
    }

    /** Live (not archived) records of a type, oldest first. */
    public List<SandboxObject> objects(long portalId, ObjectType type) {
        return portal(portalId).store().list(type, false);
    }

    public List<String> associatedIds(long portalId, ObjectType from, String fromId, ObjectType to) {
        return portal(portalId).associations().linked(from, fromId, to);
    }

    // ------------------------------------------------------------------ counters (benchmarks: "HubSpot calls per invoice")

    /** Authenticated API requests the portal received, including the ones answered 429. */
    public long requestCount(long portalId) { return portal(portalId).limiter().requests(); }

    /**
     * The same requests by method and path ({@code "POST /crm/v4/associations/invoices/line_items/batch/read"}); a path
     * with an id in it counts under that id.
     */
    public java.util.SortedMap<String, Long> requestCountsByPath(long portalId) { return portal(portalId).limiter().requestsByKind(); }

    public long throttledCount(long portalId) { return portal(portalId).limiter().throttled(); }

    public void resetCounters(long portalId) { portal(portalId).limiter().resetCounters(); }

    public void setRateLimits(long portalId, RateLimits limits) { portal(portalId).limiter().limits(limits); }

    // ------------------------------------------------------------------ fault switches

    public void expireAccessTokens(long portalId) { tokens.expireAccessTokens(portalId); }

    public void revokeRefreshTokens(long portalId) { tokens.revokeRefreshTokens(portalId); }

    public void throttleNextRequests(long portalId, int requests) { portal(portalId).faults().throttleNext(requests); }

    public void throttleFor(long portalId, Duration duration) { portal(portalId).faults().throttleFor(duration); }

    public void unavailableFor(long portalId, Duration duration) { portal(portalId).faults().unavailableFor(duration); }

    public void addLatency(long portalId, Duration latency) { portal(portalId).faults().latency(latency); }

    public void clearFaults(long portalId) { portal(portalId).faults().clear(); }

    /** The next N webhook POST attempts fail as if the network dropped them (then retries run). */
    public void failNextWebhookDeliveries(int attempts) { webhooks.failNext(attempts); }

    private long portalParam(Context ctx) {
        long id = Long.parseLong(ctx.pathParam("portalId"));
        portal(id);
        return id;
    }

    // ------------------------------------------------------------------ standalone

    /**
     * Runs the sandbox alone with a demo portal. Args: {@code [port]} (default 8091, or env HUBSPOT_SANDBOX_PORT).
     * Prints the base URL, console URL, a private-app token and the demo OAuth app's client id and secret.
     */
    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("logback.configurationFile") == null) System.setProperty("logback.configurationFile", "hubspot-sandbox-logback.xml");
        int port = args.length > 0 ? Integer.parseInt(args[0])
                : Integer.parseInt(Optional.ofNullable(System.getenv("HUBSPOT_SANDBOX_PORT")).orElse("8091"));
        HubSpotSandbox sandbox = start(SandboxSettings.defaults().withPort(port).withHost("0.0.0.0".equals(System.getenv("HUBSPOT_SANDBOX_HOST")) ? "0.0.0.0" : "127.0.0.1"));
        long portal = sandbox.createPortal("Demo portal");
        String token = sandbox.createPrivateAppToken(portal);
        OAuthApp app = sandbox.registerApp("Ledgerbridge", "ledgerbridge-demo-client", "ledgerbridge-demo-secret", null);
        sandbox.createProduct(portal, "Consulting hour", "CONS-1", "150");
        sandbox.createContact(portal, "ada@example.com", "Ada", "Lovelace");
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close));
        System.out.printf("HubSpot sandbox on %s%n  console: %s/_sandbox/console%n  portal %d, private-app token %s%n  OAuth app %d client_id=%s client_secret=%s%n",
                sandbox.baseUrl(), sandbox.baseUrl(), portal, token, app.appId(), app.clientId(), app.clientSecret());
        Thread.currentThread().join();
    }
}
