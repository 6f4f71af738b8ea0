package io.ledgerbridge.sandbox.quickbooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.ledgerbridge.sandbox.quickbooks.admin.AdminRoutes;
import io.ledgerbridge.sandbox.quickbooks.api.AccountingApi;
import io.ledgerbridge.sandbox.quickbooks.api.ApiGate;
import io.ledgerbridge.sandbox.quickbooks.entity.EntityType;
import io.ledgerbridge.sandbox.quickbooks.entity.EntityWrites;
import io.ledgerbridge.sandbox.quickbooks.fault.Fault;
import io.ledgerbridge.sandbox.quickbooks.oauth.OAuthApp;
import io.ledgerbridge.sandbox.quickbooks.oauth.OAuthRoutes;
import io.ledgerbridge.sandbox.quickbooks.oauth.TokenLifetimes;
import io.ledgerbridge.sandbox.quickbooks.oauth.TokenPair;
import io.ledgerbridge.sandbox.quickbooks.oauth.TokenStore;
import io.ledgerbridge.sandbox.quickbooks.query.QueryRunner;
import io.ledgerbridge.sandbox.quickbooks.realm.Realm;
import io.ledgerbridge.sandbox.quickbooks.realm.Realms;
import io.ledgerbridge.sandbox.quickbooks.webhook.RetrySchedule;
import io.ledgerbridge.sandbox.quickbooks.webhook.WebhookDelivery;
import io.ledgerbridge.sandbox.quickbooks.webhook.WebhookDispatcher;
import io.ledgerbridge.sandbox.quickbooks.webhook.WebhookFormat;
import io.ledgerbridge.sandbox.quickbooks.wire.Envelope;
import io.ledgerbridge.sandbox.quickbooks.wire.Json;
import io.ledgerbridge.sandbox.quickbooks.wire.QboTime;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A QuickBooks Online Accounting API v3 look-alike on a real HTTP port, for tests, the demo and benchmarks. Several
 * companies (realms) at once, OAuth 2.0, limits, requestid idempotency, batch, CDC, webhooks and fault switches; see
 * README.md for each behaviour and its source.
 *
 * <p>Thread-safe. The Java API below seeds and inspects state directly (no token, no limits); everything it returns is
 * a copy. {@link #close()} stops the server and the webhook senders.
 */
public final class QuickBooksSandbox implements AutoCloseable {
    private final Javalin server;
    private final QboTime time;
    private final Realms realms;
    private final TokenStore tokens;
    private final EntityWrites writes;
    private final WebhookDispatcher webhooks;
    private final ApiGate gate;

    private QuickBooksSandbox(Builder b) {
        this.time = new QboTime(b.clock);
        this.tokens = new TokenStore(b.clock, b.tokenLifetimes);
        this.writes = new EntityWrites(time);
        this.webhooks = new WebhookDispatcher(tokens, b.clock, b.retrySchedule);
        this.realms = new Realms(time, b.limits, writes, webhooks::changed);
        this.gate = new ApiGate(realms, tokens, time, b.requireAccessToken, b.gatewayFaultsAsXml);
        AccountingApi api = new AccountingApi(writes, time, b.limits);
        OAuthRoutes oauth = new OAuthRoutes(tokens, realms);
        AdminRoutes admin = new AdminRoutes(realms, tokens, writes, time, gate::throttledTotal);
        this.server = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.useVirtualThreads = true;
            config.http.defaultContentType = "application/json";
        });
        // Every route of the sandbox, in one place.
        server.get("/v3/company/{realmId}/{resource}", ctx -> gate.handle(ctx, false, false, api::get));
        server.get("/v3/company/{realmId}/{resource}/{id}", ctx -> gate.handle(ctx, false, false, api::read));
        server.post("/v3/company/{realmId}/{resource}",
                ctx -> gate.handle(ctx, true, "batch".equals(ctx.pathParam("resource")), api::post));
        server.get("/connect/oauth2", oauth::authorize);
        server.post("/connect/oauth2/consent", oauth::consent);
        server.post("/oauth2/v1/tokens/bearer", oauth::token);
        server.post("/oauth2/v1/tokens/revoke", oauth::revoke);
        server.get("/_sandbox/console", admin::console);
        server.post("/_sandbox/console/items", admin::createItem);
        server.get("/_sandbox/stats", admin::stats);
        server.post("/_sandbox/realms", admin::createRealm);
        server.post("/_sandbox/realms/{realmId}/{switch}", admin::flip);
        server.exception(Exception.class, (e, ctx) -> {
            LoggerFactory.getLogger(QuickBooksSandbox.class).error("sandbox bug on {} {}", ctx.method(), ctx.path(), e);
            ctx.status(500).contentType("application/json").result(Envelope.of("Fault",
                    Fault.of(500, Fault.SYSTEM, "10000", "An application error has occurred while processing your request",
                            "System Failure Error: " + e.getClass().getSimpleName(), "").toJson(), time.envelopeTime()));
        });
        server.start("127.0.0.1", b.port);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A sandbox with QuickBooks' own limits and lifetimes on {@code port} (0 = any free port). */
    public static QuickBooksSandbox start(int port) {
        return builder().port(port).start();
    }

    /** Settings; every default is QuickBooks' own value. */
    public static final class Builder {
        private int port;
        private Clock clock = Clock.systemUTC();
        private Limits limits = Limits.QUICKBOOKS;
        private TokenLifetimes tokenLifetimes = TokenLifetimes.QUICKBOOKS;
        private RetrySchedule retrySchedule = RetrySchedule.REAL;
        private boolean requireAccessToken = true;
        private boolean gatewayFaultsAsXml;

        private Builder() {}

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Token lifetimes, rate-limit windows, MetaData times and TxnDate defaults read this clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public Builder limits(Limits limits) {
            this.limits = Objects.requireNonNull(limits);
            return this;
        }

        public Builder tokenLifetimes(TokenLifetimes lifetimes) {
            this.tokenLifetimes = Objects.requireNonNull(lifetimes);
            return this;
        }

        /** Webhook retry delays (10s, 20s, 30s, 5m, …) multiplied by {@code scale}; {@code maxAttempts} in all. */
        public Builder webhookRetries(double scale, int maxAttempts) {
            this.retrySchedule = new RetrySchedule(scale, maxAttempts);
            return this;
        }

        /** False lets requests without a bearer token through (benchmarks of a client's non-OAuth paths). */
        public Builder requireAccessToken(boolean require) {
            this.requireAccessToken = require;
            return this;
        }

        /** 401 and 429 gateway faults as XML, as QuickBooks often sends them (API_FACTS A.5 note). */
        public Builder gatewayFaultsAsXml(boolean xml) {
            this.gatewayFaultsAsXml = xml;
            return this;
        }

        public QuickBooksSandbox start() {
            return new QuickBooksSandbox(this);
        }
    }

    // ---- server ----

    public int port() {
        return server.port();
    }

    /** {@code http://127.0.0.1:<port>}; the API is under {@code /v3/company}, OAuth under {@code /oauth2/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        webhooks.close();
        server.stop();
    }

    // ---- realms ----

    public String createRealm(String realmId, String companyName) {
        return realms.create(realmId, companyName).realmId();
    }

    public List<String> realmIds() {
        return realms.all().stream().map(Realm::realmId).toList();
    }

    // ---- apps and tokens ----

    public void registerApp(OAuthApp app) {
        tokens.register(app);
    }

    /** Connects the app to the realm and returns fresh tokens, as a finished consent and code exchange would. */
    public TokenPair issueTokens(String clientId, String realmId) {
        realms.get(realmId);
        return tokens.issue(clientId, realmId);
    }

    public void expireAccessTokens(String realmId) {
        tokens.expireAccessTokens(realms.get(realmId).realmId());
    }

    public void revokeRefreshTokens(String realmId) {
        tokens.revokeRefreshTokens(realms.get(realmId).realmId());
    }

    // ---- fault switches ----

    public void throttleNext(String realmId, int requests) {
        realms.get(realmId).switches().throttleNext(requests);
    }

    public void throttleFor(String realmId, Duration duration) {
        realms.get(realmId).switches().throttleUntil(time.now().plus(duration));
    }

    public void unavailableNext(String realmId, int requests) {
        realms.get(realmId).switches().unavailableNext(requests);
    }

    public void unavailableFor(String realmId, Duration duration) {
        realms.get(realmId).switches().unavailableUntil(time.now().plus(duration));
    }

    /** Sets Preferences.AccountingInfoPrefs.BookCloseDate; null reopens the books. */
    public void closeBooksThrough(String realmId, LocalDate closingDate) {
        Realm realm = realms.get(realmId);
        realm.books().locked(() -> realm.books().closingDate(closingDate));
    }

    /** Sets Preferences.SalesFormsPrefs.CustomTxnNumbers (on by default in this sandbox). */
    public void customTransactionNumbers(String realmId, boolean on) {
        Realm realm = realms.get(realmId);
        realm.books().locked(() -> realm.books().customTxnNumbers(on));
    }

    /**
     * The next {@code writes} API writes to an existing entity (updates, voids, deletes) find it saved by another user
     * just before they arrive, as when a bookkeeper edits the record in QuickBooks while a client holds its SyncToken:
     * QuickBooks refuses them as stale (5010 Stale Object Error). Writes through this Java API are not affected.
     */
    public void concurrentEditNext(String realmId, int writes) {
        realms.get(realmId).switches().concurrentEditNext(writes);
    }

    public void latency(String realmId, Duration perRequest) {
        realms.get(realmId).switches().latency(perRequest);
    }

    /** Clears throttle, unavailability and latency switches of the realm. */
    public void resetSwitches(String realmId) {
        realms.get(realmId).switches().reset();
    }

    /** 429 responses returned so far, all realms. */
    public long throttledCount() {
        return gate.throttledTotal();
    }

    public long throttledCount(String realmId) {
        return realms.get(realmId).throttled().get();
    }

    // ---- seeding (through the same business rules as the API; faults surface as FaultException) ----

    /** Creates any writable entity ("Customer", "Item", "Invoice", "Payment") from its JSON; returns it as stored. */
    public ObjectNode create(String realmId, String entityName, JsonNode body) {
        return writes.write(realms.get(realmId).books(), entityType(entityName), "create", body, false);
    }

    /** @return the new customer's Id */
    public String createCustomer(String realmId, String displayName, String email) {
        ObjectNode c = Json.object().put("DisplayName", displayName);
        if (email != null) {
            c.set("PrimaryEmailAddr", Json.object().put("Address", email));
        }
        return Json.text(create(realmId, "Customer", c), "Id");
    }

    /** A Service item on the seeded income account ("Services", Id 1). @return the new item's Id */
    public String createItem(String realmId, String name, String sku, BigDecimal unitPrice) {
        ObjectNode i = Json.object().put("Name", name).put("Type", "Service");
        if (sku != null) {
            i.put("Sku", sku);
        }
        if (unitPrice != null) {
            i.put("UnitPrice", unitPrice);
        }
        i.set("IncomeAccountRef", Json.object().put("value", "1"));
        return Json.text(create(realmId, "Item", i), "Id");
    }

    /** Makes a customer or item inactive (QuickBooks' "delete" for lists). */
    public void deactivate(String realmId, String entityName, String id) {
        ObjectNode existing = find(realmId, entityName, id).orElseThrow(() -> new IllegalArgumentException("no " + entityName + " " + id));
        ObjectNode sparse = Json.object().put("Id", id).put("SyncToken", Json.text(existing, "SyncToken")).put("sparse", true).put("Active", false);
        writes.write(realms.get(realmId).books(), entityType(entityName), "update", sparse, false);
    }

    /** Deletes a transaction ("Invoice", "Payment") as a bookkeeper deleting it in QuickBooks would. */
    public void delete(String realmId, String entityName, String id) {
        ObjectNode existing = find(realmId, entityName, id).orElseThrow(() -> new IllegalArgumentException("no " + entityName + " " + id));
        ObjectNode body = Json.object().put("Id", id).put("SyncToken", Json.text(existing, "SyncToken"));
        writes.write(realms.get(realmId).books(), entityType(entityName), "delete", body, false);
    }

    /**
     * Receives a payment of {@code amount} from the invoice's customer and applies it to the invoice, as a bookkeeper
     * recording it in QuickBooks would. @return the new payment's Id
     */
    public String receivePayment(String realmId, String invoiceId, BigDecimal amount) {
        ObjectNode invoice = find(realmId, "Invoice", invoiceId).orElseThrow(() -> new IllegalArgumentException("no invoice " + invoiceId));
        ObjectNode payment = Json.object();
        payment.set("CustomerRef", Json.object().put("value", Json.refValue(invoice, "CustomerRef")));
        payment.put("TotalAmt", amount);
        ObjectNode line = payment.putArray("Line").addObject();
        line.put("Amount", amount);
        line.putArray("LinkedTxn").addObject().put("TxnId", invoiceId).put("TxnType", "Invoice");
        return Json.text(create(realmId, "Payment", payment), "Id");
    }

    // ---- inspection ----

    public Optional<ObjectNode> find(String realmId, String entityName, String id) {
        Realm realm = realms.get(realmId);
        EntityType type = entityType(entityName);
        return realm.books().locked(() -> Optional.ofNullable(realm.books().get(type, id)).map(ObjectNode::deepCopy));
    }

    public List<ObjectNode> list(String realmId, String entityName) {
        Realm realm = realms.get(realmId);
        EntityType type = entityType(entityName);
        return realm.books().locked(() -> {
            List<ObjectNode> all = new ArrayList<>();
            realm.books().all(type).forEach(e -> all.add(e.deepCopy()));
            return all;
        });
    }

    public List<ObjectNode> invoices(String realmId) {
        return list(realmId, "Invoice");
    }

    public long countInvoicesByDocNumber(String realmId, String docNumber) {
        return invoices(realmId).stream().filter(i -> docNumber.equals(Json.text(i, "DocNumber"))).count();
    }

    /** Runs a query as the API would (without limits or token) and returns the matching entities. */
    public List<ObjectNode> query(String realmId, String query) {
        ObjectNode response = QueryRunner.run(realms.get(realmId).books(), query);
        List<ObjectNode> result = new ArrayList<>();
        response.properties().forEach(e -> {
            if (e.getValue() instanceof ArrayNode list) {
                list.forEach(n -> result.add((ObjectNode) n));
            }
        });
        return result;
    }

    /** Every webhook delivery attempt so far, oldest first. */
    public List<WebhookDelivery> webhookDeliveries() {
        return webhooks.deliveries();
    }

    private static EntityType entityType(String entityName) {
        return EntityType.byName(entityName).orElseThrow(() -> new IllegalArgumentException("unknown entity " + entityName));
    }

    /**
     * Standalone: {@code java -jar ledgerbridge-sandbox-quickbooks.jar [--port=8089] [--realm=…] [--client-id=…]
     * [--client-secret=…] [--redirect-uri=…] [--webhook-url=… --verifier-token=…]}.
     */
    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("logback.configurationFile") == null) {
            // Before the first logger exists: INFO for the sandbox, WARN for Jetty (a library jar ships no logback.xml).
            System.setProperty("logback.configurationFile", "io/ledgerbridge/sandbox/quickbooks/standalone-logback.xml");
        }
        Logger log = LoggerFactory.getLogger(QuickBooksSandbox.class);
        int port = Integer.parseInt(arg(args, "port", "8089"));
        String realmId = arg(args, "realm", "9341453050298126");
        String clientId = arg(args, "client-id", "ledgerbridge-demo");
        String clientSecret = arg(args, "client-secret", "demo-secret");
        String redirectUri = arg(args, "redirect-uri", "http://localhost:8080/connections/quickbooks/callback");
        String webhookUrl = arg(args, "webhook-url", null);
        QuickBooksSandbox sandbox = builder().port(port).start();
        sandbox.createRealm(realmId, arg(args, "company", "Sandbox Company US 1"));
        OAuthApp app = OAuthApp.of(clientId, clientSecret, redirectUri);
        if (webhookUrl != null) {
            app = app.withWebhook(URI.create(webhookUrl), arg(args, "verifier-token", "demo-verifier-token"), WebhookFormat.CLOUD_EVENTS);
        }
        sandbox.registerApp(app);
        log.info("QuickBooks sandbox on {} (realm {}, console {}/_sandbox/console)", sandbox.baseUrl(), realmId, sandbox.baseUrl());
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close));
        Thread.currentThread().join();
    }

    private static String arg(String[] args, String name, String fallback) {
        for (String a : args) {
            if (a.startsWith("--" + name + "=")) {
                return a.substring(name.length() + 3);
            }
        }
        return fallback;
    }
}
