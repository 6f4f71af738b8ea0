package io.ledgerbridge.app;

import io.ledgerbridge.connector.Connector;
import io.ledgerbridge.connector.reference.ReferenceConnector;
import io.ledgerbridge.engine.connection.ConnectorRegistry;
import io.ledgerbridge.engine.intake.RecordIntake;
import io.ledgerbridge.engine.intake.SourcePoller;
import io.ledgerbridge.engine.mapping.Mappings;
import io.ledgerbridge.store.records.PostgresSourceCursors;
import io.ledgerbridge.engine.pipeline.SyncPipeline;
import io.ledgerbridge.engine.ratelimit.Throttle;
import io.ledgerbridge.engine.retry.RetryPolicy;
import io.ledgerbridge.engine.worker.Node;
import io.ledgerbridge.engine.worker.NodeConfig;
import io.ledgerbridge.store.connection.PostgresConnections;
import io.ledgerbridge.store.connection.TokenCipher;
import io.ledgerbridge.store.db.Database;
import io.ledgerbridge.store.events.PostgresSyncEvents;
import io.ledgerbridge.store.flow.PostgresFlows;
import io.ledgerbridge.store.queue.PostgresSyncQueue;
import io.ledgerbridge.store.ratelimit.PostgresThrottle;
import io.ledgerbridge.store.records.PostgresSourceRecords;
import io.ledgerbridge.store.webhook.PostgresWebhookInbox;
import io.ledgerbridge.store.workspace.PostgresWorkspaces;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The one place where Ledgerbridge is put together, by hand, with constructors: store, engine, connectors,
 * one worker node. Everything a process runs hangs off one instance.
 */
public final class Ledgerbridge implements AutoCloseable {

    /** System id → the name users read. */
    public static final Map<String, String> SYSTEM_NAMES = Map.of(
            "native", "your app (REST API)",
            ReferenceConnector.SYSTEM, "the reference ledger",
            "quickbooks", "QuickBooks Online",
            "xero", "Xero",
            "hubspot", "HubSpot");

    public final Database database;
    public final Clock clock;
    public final PostgresWorkspaces workspaces;
    public final PostgresConnections connections;
    public final PostgresFlows flows;
    public final PostgresSourceRecords records;
    public final PostgresSyncQueue queue;
    public final PostgresSyncEvents events;
    public final PostgresWebhookInbox webhooks;
    public final ConnectorRegistry registry;
    public final RecordIntake intake;
    public final SourcePoller poller;
    /** Historical imports: kept in PostgreSQL, planned for people, read page by page by every node's runner. */
    public final io.ledgerbridge.store.history.PostgresImports imports;
    public final io.ledgerbridge.engine.history.ImportPlanner importPlanner;
    public final io.ledgerbridge.engine.history.ImportRunner importRunner;
    public final Node node;
    public final PrometheusMeterRegistry metrics;
    private final AtomicReference<Map<String, Long>> statusCounts = new AtomicReference<>(Map.of());

    /**
     * @param throttleShared true: limits kept in PostgreSQL for all nodes; false: no limits (benchmarks of the
     *                       engine alone)
     */
    public Ledgerbridge(Database database, String tokenKeyset, NodeConfig nodeConfig, RetryPolicy retry, Clock clock,
            List<Connector> extraConnectors, boolean throttleShared) {
        this(database, tokenKeyset, nodeConfig, retry, clock, extraConnectors, throttleShared, UnaryOperator.identity());
    }

    /**
     * @param mappingReads wraps the pipeline's reads of mappings; the demo puts a fault switch there to show what a
     *                     failing store looks like ("Could not get or create mapping"), everything else the identity
     */
    public Ledgerbridge(Database database, String tokenKeyset, NodeConfig nodeConfig, RetryPolicy retry, Clock clock,
            List<Connector> extraConnectors, boolean throttleShared, UnaryOperator<Mappings> mappingReads) {
        this.database = database;
        this.clock = clock;
        var jdbi = database.jdbi();
        this.metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.workspaces = new PostgresWorkspaces(jdbi);
        this.connections = new PostgresConnections(jdbi, TokenCipher.fromJsonKeyset(tokenKeyset));
        this.flows = new PostgresFlows(jdbi);
        this.records = new PostgresSourceRecords(jdbi);
        this.queue = new PostgresSyncQueue(jdbi);
        this.events = new PostgresSyncEvents(jdbi);
        this.webhooks = new PostgresWebhookInbox(jdbi);
        var connectors = new java.util.ArrayList<Connector>(List.of(new ReferenceConnector(clock)));
        connectors.addAll(extraConnectors);
        this.registry = new ConnectorRegistry(connectors, SYSTEM_NAMES, connections, clock);
        Throttle throttle = throttleShared ? new PostgresThrottle(database.dataSource(), jdbi, clock) : Throttle.NONE;
        var pipeline = new SyncPipeline(flows, registry, mappingReads.apply(records), records, queue, throttle, retry, clock,
                new SplittableRandom(), d -> Thread.sleep(d));
        this.imports = new io.ledgerbridge.store.history.PostgresImports(jdbi);
        pipeline.importBudget(imports::takeBudget);
        this.node = new Node(nodeConfig, queue, pipeline, clock, metrics);
        this.intake = new RecordIntake(records, clock, node::wake);
        this.poller = new SourcePoller(new PostgresSourceCursors(jdbi, clock), registry::source, intake);
        this.importPlanner = new io.ledgerbridge.engine.history.ImportPlanner(flows, registry, imports, clock);
        this.importRunner = new io.ledgerbridge.engine.history.ImportRunner(imports, registry::source, node::wake, clock,
                nodeConfig.nodeId());
        for (var status : io.ledgerbridge.domain.sync.SyncStatus.values()) {
            Gauge.builder("ledgerbridge.events", statusCounts, c -> c.get().getOrDefault(status.name(), 0L))
                    .tag("status", status.name().toLowerCase()).description("sync events by status, all workspaces")
                    .register(metrics);
        }
        Gauge.builder("ledgerbridge.queue.depth", statusCounts, c -> c.get().getOrDefault("DUE", 0L))
                .description("Pending events due now").register(metrics);
    }

    /** Refreshes the event gauges; called before each scrape. */
    public void refreshGauges() {
        statusCounts.set(database.jdbi().withHandle(h -> {
            var m = new java.util.HashMap<String, Long>();
            h.createQuery("SELECT status, count(*) AS n FROM sync_event GROUP BY status")
                    .map((rs, ctx) -> Map.entry(rs.getString("status"), rs.getLong("n")))
                    .forEach(e -> m.put(e.getKey(), e.getValue()));
            m.put("DUE", h.createQuery("""
                            SELECT count(*) FROM sync_event WHERE status = 'PENDING' AND blocked_by IS NULL
                               AND next_attempt_at <= now()""").mapTo(Long.class).one());
            return m;
        }));
    }

    private java.util.concurrent.ScheduledExecutorService importing;

    /** Starts the node's workers, and its part in historical imports (a round every second). */
    public synchronized Ledgerbridge start() {
        node.start();
        importing = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("lb-imports").factory());
        importing.scheduleWithFixedDelay(importRunner::step, 200, 1000, java.util.concurrent.TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public synchronized void close() {
        if (importing != null) {
            importing.shutdownNow();
            try {
                importing.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        node.close();
    }
}
