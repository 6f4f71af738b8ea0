package io.ledgerbridge.sandbox.xero;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.ledgerbridge.sandbox.xero.admin.AdminRoutes;
import io.ledgerbridge.sandbox.xero.admin.ConsolePage;
import io.ledgerbridge.sandbox.xero.api.AccountingApi;
import io.ledgerbridge.sandbox.xero.api.ApiGate;
import io.ledgerbridge.sandbox.kit.clock.MovableClock;
import io.ledgerbridge.sandbox.xero.contact.ContactRules;
import io.ledgerbridge.sandbox.xero.idempotency.IdempotencyCache;
import io.ledgerbridge.sandbox.xero.item.ItemRules;
import io.ledgerbridge.sandbox.xero.oauth.OAuthRoutes;
import io.ledgerbridge.sandbox.xero.oauth.TokenStore;
import io.ledgerbridge.sandbox.xero.organisation.Organisation;
import io.ledgerbridge.sandbox.xero.organisation.Organisations;
import io.ledgerbridge.sandbox.xero.organisation.Resource;
import io.ledgerbridge.sandbox.xero.ratelimit.RateLimits;
import io.ledgerbridge.sandbox.xero.webhook.WebhookDelivery;
import io.ledgerbridge.sandbox.xero.webhook.WebhookDispatcher;
import io.ledgerbridge.sandbox.xero.wire.XeroError;
import io.ledgerbridge.sandbox.xero.wire.XeroJson;
import io.ledgerbridge.sandbox.xero.write.Mode;
import io.ledgerbridge.sandbox.xero.write.Writes;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Xero look-alike on a real HTTP port, for tests, the demo and benchmarks: the Accounting API 2.0 under
 * {@code /api.xro/2.0}, Xero's identity server (consent page, tokens, connections), limits, idempotency keys, signed
 * webhooks and fault switches. See README.md for each behaviour and its source.
 *
 * <p>Thread-safe. The Java API below seeds and inspects state directly (no token, no limits) through the same business
 * rules as the API (a refusal surfaces as {@link io.ledgerbridge.sandbox.xero.write.Invalid}); what it returns are copies.
 */
public final class XeroSandbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(XeroSandbox.class);
    private static final String DEFAULT_SCOPE = "openid profile email accounting.transactions accounting.contacts accounting.settings offline_access";

    private final Clock clock;
    private final Javalin server;
    private final Organisations organisations;
    private final TokenStore tokens;
    private final RateLimits limits;
    private final Writes writes;
    private final WebhookDispatcher webhooks;
    private final ApiGate gate;

    private XeroSandbox(Builder b) {
        this.clock = b.clock;
        this.organisations = new Organisations(clock);
        this.tokens = new TokenStore(clock, b.accessTokenLifetime);
        this.limits = new RateLimits(b.limits, clock);
        this.server = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.useVirtualThreads = true;
            config.http.defaultContentType = "application/json";
            config.router.caseInsensitiveRoutes = true;
        });
        server.start("127.0.0.1", b.port);
        this.webhooks = new WebhookDispatcher(clock, b.webhookRetryScale, apiBase());
        this.writes = new Writes(clock, webhooks::changed);
        this.gate = new ApiGate(tokens, organisations, limits, new IdempotencyCache(clock), clock);
        AccountingApi api = new AccountingApi(writes, clock);
        OAuthRoutes oauth = new OAuthRoutes(tokens, organisations, clock);
        AdminRoutes admin = new AdminRoutes(this);
        ConsolePage console = new ConsolePage(this);
        // Every route of the sandbox, in one place.
        String a = "/api.xro/2.0";
        server.get(a + "/{resource}", ctx -> gate.handle(ctx, false, api::list));
        server.get(a + "/{resource}/{id}", ctx -> gate.handle(ctx, false, api::one));
        server.put(a + "/{resource}", ctx -> gate.handle(ctx, true, api::put));
        server.post(a + "/{resource}", ctx -> gate.handle(ctx, true, api::post));
        server.post(a + "/{resource}/{id}", ctx -> gate.handle(ctx, true, api::postOne));
        server.delete(a + "/{resource}/{id}", ctx -> gate.handle(ctx, true, api::delete));
        server.get("/identity/connect/authorize", oauth::authorize);
        server.post("/identity/connect/authorize", oauth::consent);
        server.post("/connect/token", oauth::token);
        server.post("/connect/revocation", oauth::revoke);
        server.get("/connections", oauth::connections);
        server.delete("/connections/{id}", oauth::disconnect);
        server.get("/_sandbox/console", console::show);
        server.post("/_sandbox/console/items/rename", admin::renameItem);
        server.post("/_sandbox/console/contacts/rename", admin::renameContact);
        server.post("/_sandbox/organisations", admin::createOrganisation);
        server.post("/_sandbox/apps", admin::registerApp);
        server.post("/_sandbox/tenants/{tenantId}/{switch}", admin::flip);
        server.post("/_sandbox/clock/advance", admin::advanceClock);
        server.post("/_sandbox/webhooks", admin::subscribe);
        server.get("/_sandbox/webhooks/deliveries", admin::deliveries);
        server.get("/_sandbox/stats", admin::stats);
        server.exception(Exception.class, (e, ctx) -> {
            LOG.error("sandbox bug on {} {}", ctx.method(), ctx.path(), e);
            var answer = XeroError.serverError().answer();
            ctx.status(500).contentType(answer.contentType()).result(answer.body());
        });
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A sandbox with Xero's own limits and lifetimes on {@code port} (0 = any free port). */
    public static XeroSandbox start(int port) {
        return builder().port(port).start();
    }

    /** Settings; every default is Xero's own value. */
    public static final class Builder {
        private int port;
        private Clock clock = MovableClock.system();
        private XeroLimits limits = XeroLimits.XERO;
        private Duration accessTokenLifetime = Duration.ofMinutes(30);
        private double webhookRetryScale = 1.0;

        private Builder() {}

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Windows, token lifetimes, idempotency expiry and default dates read this clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public Builder limits(XeroLimits limits) {
            this.limits = Objects.requireNonNull(limits);
            return this;
        }

        public Builder accessTokenLifetime(Duration lifetime) {
            this.accessTokenLifetime = Objects.requireNonNull(lifetime);
            return this;
        }

        /** Multiplies the webhook retry delays (15 minutes); 0.001 makes them 0.9 s. */
        public Builder webhookRetryScale(double scale) {
            if (scale < 0) {
                throw new IllegalArgumentException("scale must not be negative");
            }
            this.webhookRetryScale = scale;
            return this;
        }

        public XeroSandbox start() {
            return new XeroSandbox(this);
        }
    }

    // ---- server ----

    public int port() {
        return server.port();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public String apiBase() {
        return baseUrl() + "/api.xro/2.0";
    }

    public String authorizeUrl() {
        return baseUrl() + "/identity/connect/authorize";
    }

    public String tokenUrl() {
        return baseUrl() + "/connect/token";
    }

    public String connectionsUrl() {
        return baseUrl() + "/connections";
    }

    public String revocationUrl() {
        return baseUrl() + "/connect/revocation";
    }

    public String consoleUrl() {
        return baseUrl() + "/_sandbox/console";
    }

    @Override
    public void close() {
        webhooks.close();
        server.stop();
    }

    public Clock clock() {
        return clock;
    }

    /** Moves the default clock forward; {@link IllegalStateException} when the builder was given another clock. */
    public void advanceClock(Duration by) {
        if (!(clock instanceof MovableClock movable)) {
            throw new IllegalStateException("advanceClock needs the default movable clock; move the clock given to the builder instead");
        }
        movable.advance(by);
    }

    // ---- organisations ----

    /** A new organisation with its chart of accounts and its country's tax rates. @return its tenant id */
    public String createOrganisation(String name, String countryCode, String baseCurrency) {
        return organisations.create(name, countryCode, baseCurrency).tenantId();
    }

    public List<Organisation> organisations() {
        return organisations.all();
    }

    public Organisation organisation(String tenantId) {
        return organisations.get(tenantId);
    }

    // ---- apps and tokens ----

    public void registerApp(String clientId, String clientSecret, String redirectUri) {
        tokens.register(Objects.requireNonNull(clientId, "clientId"), Objects.requireNonNull(clientSecret, "clientSecret"), redirectUri);
    }

    /** Connects the app to the organisations and returns fresh tokens, as a finished consent and code exchange would. */
    public TokenPair issueTokens(String clientId, String... tenantIds) {
        if (tokens.app(clientId).isEmpty()) {
            throw new IllegalArgumentException("no app " + clientId + ": registerApp first");
        }
        Arrays.stream(tenantIds).forEach(organisations::get);
        Map<String, String> names = organisations.all().stream().collect(Collectors.toMap(Organisation::tenantId, Organisation::name));
        List<String> ids = Arrays.stream(tenantIds).map(t -> organisations.get(t).tenantId()).toList();
        return tokens.pair(tokens.grant(clientId, DEFAULT_SCOPE, ids, names));
    }

    public void expireAccessTokens(String tenantId) {
        tokens.expireAccessTokens(organisations.get(tenantId).tenantId());
    }

    public void revokeRefreshTokens(String tenantId) {
        tokens.revokeRefreshTokens(organisations.get(tenantId).tenantId());
    }

    // ---- fault switches ----

    /** The next {@code requests} API calls get 429 minute (with Retry-After). */
    public void throttleNext(String tenantId, int requests) {
        organisations.get(tenantId).switches().throttleNext(requests);
    }

    /**
     * Counts {@code calls} of the tenant's day as made (by another app of the organisation): the day's remaining calls
     * ({@code X-DayLimit-Remaining}, API_FACTS B.6) drop to {@code 5,000 - calls} until the window rolls over.
     */
    public void spendDay(String tenantId, int calls) {
        limits.spendDay(organisations.get(tenantId).tenantId(), calls);
    }

    /** Uses up the tenant's day: 429 day with Retry-After until its day window rolls over. */
    public void exhaustDay(String tenantId) {
        limits.exhaustDay(organisations.get(tenantId).tenantId());
    }

    /** The next {@code requests} API calls get 503 "Organisation offline". */
    public void offlineNext(String tenantId, int requests) {
        organisations.get(tenantId).switches().offlineNext(requests);
    }

    /** API calls get 503 "The Xero API is currently offline for maintenance" for {@code d} of sandbox time. */
    public void offlineFor(String tenantId, Duration d) {
        organisations.get(tenantId).switches().offlineUntil(clock.instant().plus(d));
    }

    /** The next {@code writes} PUT/POST calls get 500 and save nothing. */
    public void failNextWrites(String tenantId, int writes) {
        organisations.get(tenantId).switches().failNextWrites(writes);
    }

    /** Organisation.PeriodLockDate and EndOfYearLockDate; null clears. */
    public void setLockDates(String tenantId, LocalDate periodLock, LocalDate endOfYearLock) {
        Organisation o = organisations.get(tenantId);
        o.books().locked(() -> o.books().lockDates(periodLock, endOfYearLock));
    }

    /** Clears throttle, offline and write-failure switches (lock dates and the day's usage stay). */
    public void resetSwitches(String tenantId) {
        organisations.get(tenantId).switches().reset();
    }

    public long requestCount(String tenantId) {
        return organisations.get(tenantId).requests().get();
    }

    public long throttledCount(String tenantId) {
        return organisations.get(tenantId).throttled().get();
    }

    /** 429s returned, all organisations. */
    public long throttledCount() {
        return gate.throttledTotal();
    }

    public long dayCallsUsed(String tenantId) {
        return limits.dayCallsUsed(organisations.get(tenantId).tenantId());
    }

    // ---- seeding ----

    /** Writes any element through the rules as a PUT would ({@code POST} when it names an existing id). */
    public ObjectNode create(String tenantId, String collection, ObjectNode element) {
        Resource r = Resource.byPath(collection).orElseThrow(() -> new IllegalArgumentException("no collection " + collection));
        return writes.writeOne(organisations.get(tenantId), r, Mode.UPSERT, element, null);
    }

    /** @return the new contact's ContactID */
    public String createContact(String tenantId, String name, String email) {
        ObjectNode c = XeroJson.object().put("Name", name);
        if (email != null) {
            c.put("EmailAddress", email);
        }
        return writes.writeOne(organisations.get(tenantId), Resource.CONTACTS, Mode.CREATE, c, null).get("ContactID").asText();
    }

    /** A sold item on account 200 at {@code unitPrice}. @return the new item's ItemID */
    public String createItem(String tenantId, String code, String name, BigDecimal unitPrice) {
        ObjectNode i = XeroJson.object().put("Code", code).put("Name", name);
        ObjectNode sales = i.putObject("SalesDetails").put("AccountCode", "200");
        if (unitPrice != null) {
            sales.put("UnitPrice", unitPrice);
        }
        return writes.writeOne(organisations.get(tenantId), Resource.ITEMS, Mode.CREATE, i, null).get("ItemID").asText();
    }

    /** Renames the item with this Code, as a user fixing it in Xero would (the same rules: symbols are refused). */
    public void renameItem(String tenantId, String code, String newName) {
        Organisation o = organisations.get(tenantId);
        ObjectNode item = o.books().locked(() -> ItemRules.byCode(o.books(), code)).orElseThrow(() -> new IllegalArgumentException("no item with code " + code));
        writes.writeOne(o, Resource.ITEMS, Mode.UPDATE_ONE, XeroJson.object().put("Name", newName), item.get("ItemID").asText());
    }

    /** Deletes the item with this Code, as {@code DELETE /Items/{ItemID}} does (a user removing it in Xero). */
    public void deleteItem(String tenantId, String code) {
        Organisation o = organisations.get(tenantId);
        o.books().locked(() -> {
            ObjectNode item = ItemRules.byCode(o.books(), code).orElseThrow(() -> new IllegalArgumentException("no item with code " + code));
            o.books().remove(Resource.ITEMS, item.get("ItemID").asText());
        });
    }

    public void renameContact(String tenantId, String contactId, String newName) {
        writes.writeOne(organisations.get(tenantId), Resource.CONTACTS, Mode.UPDATE_ONE, XeroJson.object().put("Name", newName), contactId);
    }

    /**
     * A sales invoice entered by a person in Xero (its web app): the same rules as {@code PUT /Invoices} (API_FACTS
     * B.2, B.3), and the same INVOICE webhook event. {@link Invalid} when Xero would refuse it.
     *
     * @param invoice one element of {@code Invoices}, e.g. {@code {"Type":"ACCREC","Contact":{…},"LineItems":[…]}}
     * @return the new InvoiceID
     */
    public String enterInvoice(String tenantId, ObjectNode invoice) {
        return writes.writeOne(organisations.get(tenantId), Resource.INVOICES, Mode.CREATE, invoice, null)
                .get("InvoiceID").asText();
    }

    /** An invoice edited by a person, as {@code POST /Invoices/{InvoiceID}} (lines sent replace the lines). */
    public void editInvoice(String tenantId, String invoiceId, ObjectNode changes) {
        writes.writeOne(organisations.get(tenantId), Resource.INVOICES, Mode.UPDATE_ONE, changes, invoiceId);
    }

    /**
     * One sales line on account 200 for an item, tagged with a tracking category's option when {@code trackingName}
     * is not null (API_FACTS B.3 LineItems[].Tracking {Name, Option}).
     */
    public static ObjectNode salesLine(String itemCode, String description, int quantity, BigDecimal unitAmount,
            String trackingName, String option) {
        ObjectNode line = XeroJson.object().put("ItemCode", itemCode).put("Description", description)
                .put("Quantity", quantity).put("UnitAmount", unitAmount).put("AccountCode", "200");
        if (trackingName != null) {
            line.putArray("Tracking").addObject().put("Name", trackingName).put("Option", option);
        }
        return line;
    }

    /** An approved sales invoice for the contact, dated {@code date}, due 30 days later, with these lines. */
    public static ObjectNode salesInvoice(String number, String contactId, java.time.LocalDate date, ObjectNode... lines) {
        ObjectNode inv = XeroJson.object().put("Type", "ACCREC").put("InvoiceNumber", number).put("Status", "AUTHORISED")
                .put("Date", date.toString()).put("DueDate", date.plusDays(30).toString()).put("LineAmountTypes", "Exclusive");
        inv.putObject("Contact").put("ContactID", contactId);
        var items = inv.putArray("LineItems");
        for (ObjectNode l : lines) {
            items.add(l);
        }
        return inv;
    }

    /** Records a payment against the invoice into the bank account with this code. @return the new PaymentID */
    public String payInvoice(String tenantId, String invoiceId, BigDecimal amount, String bankAccountCode) {
        ObjectNode p = XeroJson.object();
        p.putObject("Invoice").put("InvoiceID", invoiceId);
        p.putObject("Account").put("Code", bankAccountCode);
        p.put("Amount", amount);
        return writes.writeOne(organisations.get(tenantId), Resource.PAYMENTS, Mode.CREATE, p, null).get("PaymentID").asText();
    }

    // ---- inspection ----

    public List<ObjectNode> list(String tenantId, String collection) {
        Resource r = Resource.byPath(collection).orElseThrow(() -> new IllegalArgumentException("no collection " + collection));
        Organisation o = organisations.get(tenantId);
        return o.books().locked(() -> o.books().all(r).stream().map(ObjectNode::deepCopy).toList());
    }

    public Optional<ObjectNode> find(String tenantId, String collection, String id) {
        Resource r = Resource.byPath(collection).orElseThrow(() -> new IllegalArgumentException("no collection " + collection));
        Organisation o = organisations.get(tenantId);
        return o.books().locked(() -> o.books().get(r, id).map(ObjectNode::deepCopy));
    }

    public List<ObjectNode> invoices(String tenantId) {
        return list(tenantId, "Invoices");
    }

    public List<ObjectNode> contacts(String tenantId) {
        return list(tenantId, "Contacts");
    }

    public List<ObjectNode> items(String tenantId) {
        return list(tenantId, "Items");
    }

    public List<ObjectNode> payments(String tenantId) {
        return list(tenantId, "Payments");
    }

    /** Invoices with this number that are not DELETED. */
    public long countInvoicesByNumber(String tenantId, String invoiceNumber) {
        return invoices(tenantId).stream().filter(i -> invoiceNumber.equalsIgnoreCase(XeroJson.text(i, "InvoiceNumber")))
                .filter(i -> !"DELETED".equals(XeroJson.text(i, "Status"))).count();
    }

    public Optional<ObjectNode> contactByName(String tenantId, String name) {
        Organisation o = organisations.get(tenantId);
        return o.books().locked(() -> ContactRules.activeByName(o.books(), name, null).map(ObjectNode::deepCopy));
    }

    // ---- webhooks ----

    /** Sets the webhook URL and key; the intent-to-receive handshake starts at once. */
    public void subscribeWebhooks(String url, String webhookKey) {
        webhooks.subscribe(Objects.requireNonNull(url, "url"), Objects.requireNonNull(webhookKey, "webhookKey"));
    }

    public WebhookDispatcher.Status webhookStatus() {
        return webhooks.status();
    }

    /** Every webhook POST so far, oldest first. */
    public List<WebhookDelivery> webhookDeliveries() {
        return webhooks.deliveries();
    }

    /**
     * Standalone: {@code --port N} (default 8094), {@code --client-id}, {@code --client-secret}, {@code --redirect-uri},
     * {@code --webhook-url} and {@code --webhook-key}. Seeds "Demo Company (UK)".
     */
    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "io/ledgerbridge/sandbox/xero/standalone-logback.xml");
        }
        int port = Integer.parseInt(arg(args, "port", "8094"));
        XeroSandbox sandbox = builder().port(port).start();
        String tenantId = sandbox.createOrganisation(arg(args, "organisation", "Demo Company (UK)"), "GB", "GBP");
        sandbox.registerApp(arg(args, "client-id", "ledgerbridge-demo"), arg(args, "client-secret", "demo-secret"),
                arg(args, "redirect-uri", "http://localhost:8081/connections/xero/callback"));
        String webhookUrl = arg(args, "webhook-url", null);
        if (webhookUrl != null) {
            sandbox.subscribeWebhooks(webhookUrl, arg(args, "webhook-key", "demo-webhook-key"));
        }
        LoggerFactory.getLogger(XeroSandbox.class).info("Xero sandbox on {} (tenant {}, console {})", sandbox.baseUrl(), tenantId, sandbox.consoleUrl());
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close));
        Thread.currentThread().join();
    }

    /** {@code --name value} or {@code --name=value}. */
    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--" + name) && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith("--" + name + "=")) {
                return args[i].substring(name.length() + 3);
            }
        }
        return fallback;
    }
}
