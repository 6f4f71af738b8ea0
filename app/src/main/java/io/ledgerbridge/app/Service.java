package io.ledgerbridge.app;

import io.ledgerbridge.app.config.AppConfig;
import io.ledgerbridge.app.config.VendorEndpoints;
import io.ledgerbridge.app.webhook.HubSpotWebhookReceiver;
import io.ledgerbridge.app.webhook.QuickBooksWebhookReceiver;
import io.ledgerbridge.connector.Connector;
import io.ledgerbridge.connector.hubspot.HubSpotConnector;
import io.ledgerbridge.connector.quickbooks.QuickBooksConnector;
import io.ledgerbridge.connector.xero.XeroConnector;
import io.ledgerbridge.web.webhook.WebhookEndpoints;
import io.ledgerbridge.dashboard.DashboardConfig;
import io.ledgerbridge.dashboard.DashboardServer;
import io.ledgerbridge.dashboard.NewConnectionDefaults;
import io.ledgerbridge.domain.workspace.ConnectionStatus;
import io.ledgerbridge.engine.retry.RetryPolicy;
import io.ledgerbridge.engine.worker.NodeConfig;
import io.ledgerbridge.store.connection.TokenCipher;
import io.ledgerbridge.store.db.Database;
import io.ledgerbridge.web.ApiConfig;
import io.ledgerbridge.web.ApiServer;
import io.ledgerbridge.web.Operations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running Ledgerbridge process: database, engine node, REST API, health and metrics. */
public final class Service implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Service.class);

    public final AppConfig config;
    public final Database database;
    public final Ledgerbridge lb;
    public final ApiServer api;
    public final DashboardServer dashboard;
    private final AutoCloseable revocations;
    private final java.util.concurrent.ScheduledExecutorService polling;

    private Service(AppConfig config, Database database, Ledgerbridge lb, ApiServer api, DashboardServer dashboard,
            java.util.concurrent.ScheduledExecutorService polling, AutoCloseable revocations) {
        this.polling = polling;
        this.revocations = revocations;
        this.config = config;
        this.database = database;
        this.lb = lb;
        this.api = api;
        this.dashboard = dashboard;
    }

    public static Database openDatabase(AppConfig config) {
        var db = config.embedded()
                ? Database.embedded(config.dataDir().resolve("postgres"), config.dbPool())
                : Database.external(config.jdbcUrl(), config.dbUser(), config.dbPassword(), config.dbPool());
        return db.migrate();
    }

    /** The token keyset: from configuration, or for an embedded database a file kept beside its data. */
    public static String tokenKeyset(AppConfig config) {
        if (config.tokenKeyset() != null && !config.tokenKeyset().isBlank()) {
            return config.tokenKeyset();
        }
        if (!config.embedded()) {
            throw new IllegalArgumentException("LEDGERBRIDGE_TOKEN_KEYSET is required with an external database: every node "
                    + "must encrypt tokens with the same key. Create one with: ledgerbridge keyset");
        }
        var file = config.dataDir().resolve("token-keyset.json");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(config.dataDir());
                Files.writeString(file, TokenCipher.newJsonKeyset());
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                log.warn("created a token keyset at {}; keep it with the data directory (tokens cannot be read without it)", file);
            }
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the token keyset " + file, e);
        }
    }

    public static Service start(AppConfig config) {
        var env = System.getenv();
        return start(config, vendorConnectors(env, Clock.systemUTC()), VendorEndpoints.fromEnvironment(env));
    }

    /** @param newConnections where connections made from the dashboard go (the demo: the sandboxes) */
    public static Service start(AppConfig config, NewConnectionDefaults newConnections) {
        return start(config, vendorConnectors(System.getenv(), Clock.systemUTC()), newConnections);
    }

    /**
     * The QuickBooks, HubSpot and Xero connectors with the operator's OAuth apps ({@code LEDGERBRIDGE_QUICKBOOKS_CLIENT_ID},
     * {@code LEDGERBRIDGE_HUBSPOT_CLIENT_ID}, {@code LEDGERBRIDGE_XERO_CLIENT_ID} and their secrets), or without an app when none is configured.
     */
    public static List<Connector> vendorConnectors(Map<String, String> env, Clock clock) {
        var quickbooks = env.containsKey("LEDGERBRIDGE_QUICKBOOKS_CLIENT_ID")
                ? new QuickBooksConnector(clock, env.get("LEDGERBRIDGE_QUICKBOOKS_CLIENT_ID"),
                        env.get("LEDGERBRIDGE_QUICKBOOKS_CLIENT_SECRET"))
                : new QuickBooksConnector(clock);
        var hubspot = env.containsKey("LEDGERBRIDGE_HUBSPOT_CLIENT_ID")
                ? new HubSpotConnector(clock, env.get("LEDGERBRIDGE_HUBSPOT_CLIENT_ID"),
                        env.get("LEDGERBRIDGE_HUBSPOT_CLIENT_SECRET"))
                : new HubSpotConnector(clock);
        var xero = env.containsKey("LEDGERBRIDGE_XERO_CLIENT_ID")
                ? new XeroConnector(clock, env.get("LEDGERBRIDGE_XERO_CLIENT_ID"), env.get("LEDGERBRIDGE_XERO_CLIENT_SECRET"))
                : new XeroConnector(clock);
        return List.of(quickbooks, hubspot, xero);
    }

    /**
     * Starts a node with these vendor connectors (the reference ledger's is always there); the demo passes connectors
     * whose OAuth apps are its sandboxes' apps. Webhooks are received for the QuickBooks and HubSpot connectors given.
     *
     * @param newConnections where connections made from the dashboard go
     */
    public static Service start(AppConfig config, List<Connector> connectors, NewConnectionDefaults newConnections) {
        return start(config, connectors, newConnections, java.util.function.UnaryOperator.identity());
    }

    /** As above; {@code mappingReads} wraps the pipeline's mapping reads (the demo's store fault switch). */
    public static Service start(AppConfig config, List<Connector> connectors, NewConnectionDefaults newConnections,
            java.util.function.UnaryOperator<io.ledgerbridge.engine.mapping.Mappings> mappingReads) {
        log.info("starting {}", config);
        var db = openDatabase(config);
        var node = new NodeConfig(config.nodeId(), config.workers(), config.batchSize(), config.lease(),
                java.time.Duration.ofMillis(250));
        var lb = new Ledgerbridge(db, tokenKeyset(config), node, RetryPolicy.DEFAULT, Clock.systemUTC(),
                connectors, true, mappingReads);
        var receivers = new LinkedHashMap<String, WebhookEndpoints.Receiver>();
        for (var connector : connectors) {
            switch (connector) {
                case HubSpotConnector hubspot -> receivers.put(HubSpotConnector.SYSTEM,
                        new HubSpotWebhookReceiver(hubspot, lb.registry));
                case QuickBooksConnector quickbooks -> receivers.put(QuickBooksConnector.SYSTEM,
                        new QuickBooksWebhookReceiver(lb.poller));
                case XeroConnector xero -> receivers.put(XeroConnector.SYSTEM,
                        new io.ledgerbridge.app.webhook.XeroWebhookReceiver(xero, lb.registry));
                default -> { }
            }
        }
        var webhooks = new WebhookEndpoints(lb.connections, lb.webhooks, lb.intake, Clock.systemUTC(), receivers,
                java.time.Duration.ofMillis(200), java.time.Duration.ofSeconds(4));
        var ops = new Operations() {
            @Override
            public Map<String, Object> health() {
                var out = new LinkedHashMap<String, Object>();
                boolean dbUp = db.healthy();
                out.put("status", dbUp ? "UP" : "DOWN");
                out.put("node", config.nodeId());
                out.put("database", dbUp ? "UP" : "DOWN");
                if (dbUp) {
                    var connections = new LinkedHashMap<String, Long>();
                    for (var s : ConnectionStatus.values()) {
                        connections.put(s.name(), 0L);
                    }
                    lb.connections.all().forEach(c -> connections.merge(c.status().name(), 1L, Long::sum));
                    out.put("connections", connections);
                    out.put("needsReconnect", lb.connections.all().stream()
                            .filter(c -> c.status() == ConnectionStatus.NEEDS_RECONNECT)
                            .map(c -> Map.of("connection", c.id().toString(), "workspace", c.workspace().toString(),
                                    "name", c.name(), "reason", c.statusReason() == null ? "" : c.statusReason()))
                            .toList());
                }
                return out;
            }

            @Override
            public String prometheus() {
                lb.refreshGauges();
                return lb.metrics.scrape();
            }
        };
        var dashboard = new DashboardServer(new DashboardConfig(config.host(), config.dashboardPort(), false,
                java.time.Duration.ofHours(12), 12, java.time.ZoneId.of("UTC")), db, lb.connections, lb.flows, lb.events,
                Ledgerbridge.SYSTEM_NAMES, lb.clock, lb.node::wake, lb.registry::authorization, newConnections);
        if (config.dashboardUrl() != null && !config.dashboardUrl().isBlank()) {
            dashboard.publicUrl(config.dashboardUrl());
        }
        dashboard.imports(lb.importPlanner, lb.imports);
        dashboard.start();
        // Consent requests made over the API come back to the dashboard's /oauth/callback.
        var api = new ApiServer(new ApiConfig(config.host(), config.port(), ApiConfig.ONE_MB), lb.workspaces,
                lb.connections, lb.flows, lb.records, lb.events, lb.intake, lb.clock, ops, webhooks, dashboard.consents(),
                lb.importPlanner, lb.imports).start();
        lb.start();
        // Sources are polled as a safety net behind webhooks (and as the feed of sources without them).
        var polling = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("lb-poller").factory());
        polling.scheduleWithFixedDelay(lb.poller::pollAll, 5, config.pollSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        // API keys found valid are kept in memory while revocations, made on any node, are heard (LISTEN/NOTIFY).
        var revocations = lb.workspaces.keys().listenForRevocations(db.dataSource());
        return new Service(config, db, lb, api, dashboard, polling, revocations);
    }

    public String url() {
        return "http://" + hostForLinks() + ":" + api.port();
    }

    public String dashboardUrl() {
        return "http://" + hostForLinks() + ":" + dashboard.port();
    }

    private String hostForLinks() {
        return "0.0.0.0".equals(config.host()) ? "127.0.0.1" : config.host();
    }

    @Override
    public void close() {
        polling.shutdownNow();
        try {
            revocations.close();
        } catch (Exception e) {
            log.warn("stopping the revocation listener: {}", e.toString());
        }
        dashboard.close();
        api.close();
        lb.close();
        database.close();
    }
}
