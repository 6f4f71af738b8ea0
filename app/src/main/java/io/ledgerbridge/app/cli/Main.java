package io.ledgerbridge.app.cli;

import io.ledgerbridge.app.Service;
import io.ledgerbridge.app.config.AppConfig;
import io.ledgerbridge.app.demo.Demo;
import io.ledgerbridge.app.demo.DemoSandboxes;
import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncAction;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.events.Diagnostics;
import io.ledgerbridge.engine.events.EventFilter;
import io.ledgerbridge.engine.events.SyncEvents;
import io.ledgerbridge.store.connection.TokenCipher;
import io.ledgerbridge.store.db.Database;
import io.ledgerbridge.store.events.PostgresSyncEvents;
import io.ledgerbridge.store.workspace.PostgresWorkspaces;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code ledgerbridge} command line. Configuration comes from environment variables; options override them. */
@Command(name = "ledgerbridge", mixinStandardHelpOptions = true, version = "Ledgerbridge 0.1",
        description = "Keeps invoices, customers, products and payments in sync between sales and accounting systems.",
        subcommands = {Main.Start.class, Main.Migrate.class, Main.Keyset.class, Main.WorkspaceCommands.class,
                Main.UserCommands.class, Main.Events.class, Main.Diagnose.class, Main.Sandbox.class,
                TeamCommands.Connections.class, TeamCommands.Flows.class, TeamCommands.Keys.class, TeamCommands.People.class,
                TeamCommands.Audit.class, ImportCommands.Imports.class})
public final class Main {

    public static void main(String[] args) {
        if (args.length > 0 && !args[0].equals("start") && System.getProperty("logback.configurationFile") == null) {
            // Before the first logger exists: stdout carries what the command prints (for sandbox, the line to eval;
            // for the others, what a script reads), so logs go to stderr. A node's logs stay on stdout.
            System.setProperty("logback.configurationFile", "io/ledgerbridge/app/sandbox/standalone-logback.xml");
        }
        int code = new CommandLine(new Main())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println(e instanceof TeamCommands.Refused ? e.getMessage() : "error: " + e.getMessage());
                    return e instanceof IllegalArgumentException ? 2 : 1;
                })
                .execute(args);
        if (code != 0 || !keepsRunning(args)) {
            System.exit(code);
        }
    }

    private static boolean keepsRunning(String[] args) {
        return args.length > 0 && (args[0].equals("start") || args[0].equals("sandbox"));
    }

    /** Options every command shares: where the database is. */
    public static class DatabaseOptions {
        @Option(names = "--jdbc-url", description = "External PostgreSQL (default: LEDGERBRIDGE_JDBC_URL, else embedded)")
        String jdbcUrl;

        @Option(names = "--data-dir", description = "Data directory of the embedded database (default: LEDGERBRIDGE_DATA_DIR or ./data)")
        Path dataDir;

        AppConfig config(Integer port) {
            return AppConfig.fromEnvironment(System.getenv()).with(jdbcUrl, port, dataDir);
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start a node: database, sync workers, REST API, /health and /metrics.")
    static final class Start implements Callable<Integer> {
        @CommandLine.Mixin
        DatabaseOptions db = new DatabaseOptions();

        @Option(names = "--port", description = "HTTP port (default: LEDGERBRIDGE_PORT or 8080; 0 picks a free one)")
        Integer port;

        @Option(names = "--demo", description = "Start fresh with every sandbox (reference ledger, QuickBooks Online, "
                + "HubSpot, Xero) and a seeded demo workspace (uses <data-dir>/demo, wiped at each start)")
        boolean demo;

        @Option(names = "--sandbox-port", description = "Port of the demo's reference ledger sandbox (default 8091)")
        int sandboxPort = DemoSandboxes.Ports.DEFAULT.reference();

        @Option(names = "--quickbooks-port", description = "Port of the demo's QuickBooks Online sandbox (default 8092)")
        int quickbooksPort = DemoSandboxes.Ports.DEFAULT.quickbooks();

        @Option(names = "--hubspot-port", description = "Port of the demo's HubSpot sandbox (default 8093)")
        int hubspotPort = DemoSandboxes.Ports.DEFAULT.hubspot();

        @Option(names = "--xero-port", description = "Port of the demo's Xero sandbox (default 8094)")
        int xeroPort = DemoSandboxes.Ports.DEFAULT.xero();

        @Override
        public Integer call() throws Exception {
            var config = db.config(port);
            AutoCloseable running;
            if (demo) {
                running = startDemo(config, new DemoSandboxes.Ports(sandboxPort, quickbooksPort, hubspotPort, xeroPort), System.out);
            } else {
                var service = Service.start(config);
                printService(service, System.out);
                running = service;
            }
            System.out.println("Stop with Ctrl-C.");
            var stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    running.close();
                } catch (Exception e) {
                    System.err.println("error while stopping: " + e);
                }
                stopped.countDown();
            }));
            stopped.await();
            return 0;
        }
    }

    private static void printService(Service service, PrintStream out) {
        out.println();
        out.println("Ledgerbridge is running.");
        out.println("  Dashboard:   " + service.dashboardUrl());
        out.println("  REST API:    " + service.url() + "/api/v1   (OpenAPI: " + service.url() + "/api/v1/openapi.json)");
        out.println("  Health:      " + service.url() + "/health   Metrics: " + service.url() + "/metrics");
    }

    /**
     * {@code start --demo}: wipes {@code <data-dir>/demo}, starts the demo (every sandbox, the node, the seeded
     * workspace) and prints what a newcomer needs: the dashboard and its sign-in, the API key, each sandbox's console,
     * and a fix to try. Prints again when the demo has settled.
     */
    public static Demo.Running startDemo(AppConfig config, DemoSandboxes.Ports ports, PrintStream out) throws IOException {
        var demoDir = config.dataDir().resolve("demo");
        wipe(demoDir);
        var running = Demo.start(config.with(null, null, demoDir), ports);
        var service = running.service;
        var systems = running.systems();
        printService(service, out);
        out.println("  Sign in to the dashboard as " + Demo.USER_EMAIL + " with password " + Demo.USER_PASSWORD);
        out.println("  Demo workspace " + running.workspace.workspace + " with an API key (shown once):");
        out.println("    export LB_KEY=" + running.workspace.apiKey);
        out.println("    curl -H \"Authorization: Bearer $LB_KEY\" '" + service.url() + "/api/v1/events?status=FAILED'");
        out.println("  The sandboxes, each with a console page for its data:");
        out.println("    Reference ledger:   " + systems.reference().consoleUrl() + "   (ledger \"" + DemoSandboxes.LEDGER + "\")");
        out.println("    QuickBooks Online:  " + systems.quickbooks().consoleUrl()
                + "   (companies Demo Company (US), (Canada), (UK))");
        out.println("    HubSpot:            " + systems.hubspot().consoleUrl() + "   (portal \"Demo portal\")");
        out.println("    Xero:               " + systems.xero().consoleUrl()
                + "   (organisations Demo Company (Global), (Wholesale), (NZ), (Group), (Sydney), (Melbourne), (Brisbane))");
        out.println("  Try a fix: HubSpot invoice INV-2002 failed with \"SKU not found\" (GADGET-PRO) in QuickBooks. Create");
        out.println("    the product in the QuickBooks console (company Demo Company (US), SKU GADGET-PRO), then press");
        out.println("    Retry Sync on its page in the dashboard (Data → Invoices).");
        out.println("  The demo goes on for about half a minute: QuickBooks throttles, goes down, and a record is edited");
        out.println("  in two places at once, on purpose; then every error of the catalogue shows in the dashboard.");
        running.announce((problems, failure) -> {
            if (failure != null) {
                out.println("The demo stopped before it settled: " + failure);
            } else if (problems.isEmpty()) {
                out.println("The demo has settled: every error of the catalogue is on show "
                        + "(Data, Events, Diagnostics, Settings → Connections).");
            } else {
                out.println("The demo has settled, but these steps did not show their error in time: " + problems);
            }
        });
        return running;
    }

    private static void wipe(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (var p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Command(name = "sandbox", mixinStandardHelpOptions = true, description = "Start one sandbox on its own with a little seed data (xero, quickbooks, "
            + "hubspot, reference), print one line of VAR=value for a shell's eval, then serve until stopped.")
    static final class Sandbox implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "xero, quickbooks, hubspot or reference")
        String name;

        @Option(names = "--port", description = "Port to listen on (default: xero 9094, quickbooks 9092, hubspot 9093, "
                + "reference 9091; 0 picks a free one)")
        Integer port;

        @Override
        public Integer call() throws Exception {
            int p = port != null ? port : switch (name) {
                case "xero" -> 9094;
                case "quickbooks", "qbo" -> 9092;
                case "hubspot" -> 9093;
                default -> 9091;
            };
            var sandbox = io.ledgerbridge.app.sandbox.StandaloneSandbox.start(name, p);
            System.out.println(sandbox.envLine());
            System.out.flush();
            System.err.println("The " + name + " sandbox is serving; console " + sandbox.consoleUrl() + ". Stop with Ctrl-C.");
            var stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    sandbox.close();
                } catch (Exception e) {
                    System.err.println("error while stopping: " + e);
                }
                stopped.countDown();
            }));
            stopped.await();
            return 0;
        }
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true, description = "Bring the database schema up to date and exit.")
    static final class Migrate implements Callable<Integer> {
        @CommandLine.Mixin
        DatabaseOptions db = new DatabaseOptions();

        @Override
        public Integer call() {
            try (var database = Service.openDatabase(db.config(null))) {
                System.out.println("database " + database.description() + " is up to date");
            }
            return 0;
        }
    }

    @Command(name = "keyset", mixinStandardHelpOptions = true, description = "Print a new token encryption keyset for LEDGERBRIDGE_TOKEN_KEYSET.")
    static final class Keyset implements Callable<Integer> {
        @Override
        public Integer call() {
            System.out.println(TokenCipher.newJsonKeyset().replace("\n", ""));
            return 0;
        }
    }

    @Command(name = "workspace", mixinStandardHelpOptions = true, description = "Workspaces and their API keys.",
            subcommands = {WorkspaceCommands.Create.class, WorkspaceCommands.List.class, WorkspaceCommands.Limits.class})
    static final class WorkspaceCommands {
        @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a workspace and print its first API key.")
        static final class Create implements Callable<Integer> {
            @CommandLine.Mixin
            DatabaseOptions db = new DatabaseOptions();

            @Option(names = "--name", required = true)
            String name;

            @Override
            public Integer call() {
                try (var database = Service.openDatabase(db.config(null))) {
                    var workspaces = new PostgresWorkspaces(database.jdbi());
                    var id = workspaces.create(name, Instant.now());
                    System.out.println("workspace " + id);
                    System.out.println("api key   " + workspaces.createApiKey(id, "cli", Instant.now()) + "   (shown once)");
                }
                return 0;
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List workspaces.")
        static final class List implements Callable<Integer> {
            @CommandLine.Mixin
            DatabaseOptions db = new DatabaseOptions();

            @Override
            public Integer call() {
                try (var database = Service.openDatabase(db.config(null))) {
                    new PostgresWorkspaces(database.jdbi()).list()
                            .forEach(w -> System.out.println(w.id() + "  " + w.name()));
                }
                return 0;
            }
        }

        @Command(name = "limits", mixinStandardHelpOptions = true,
                description = "Show or set how the nodes are shared with this workspace: its weight in every claim (its "
                        + "share of a batch is its weight over the weights of all workspaces with syncs waiting) and at "
                        + "most how many of its syncs are in flight at once across all nodes.")
        static final class Limits implements Callable<Integer> {
            @CommandLine.Mixin
            DatabaseOptions db = new DatabaseOptions();

            @Option(names = {"-w", "--workspace"}, required = true, description = "Workspace id")
            String workspace;

            @Option(names = "--weight", description = "1 to 1000 (default 1)")
            Integer weight;

            @Option(names = "--max-in-flight", description = "at most this many syncs in flight at once")
            Integer maxInFlight;

            @Option(names = "--no-max-in-flight", description = "remove the maximum in flight")
            boolean noMax;

            @Override
            public Integer call() {
                var id = WorkspaceId.parse(workspace);
                try (var database = Service.openDatabase(db.config(null))) {
                    var workspaces = new PostgresWorkspaces(database.jdbi());
                    var current = workspaces.limits(id);
                    if (current.isEmpty()) {
                        System.err.println("no workspace " + workspace);
                        return 1;
                    }
                    if (weight == null && maxInFlight == null && !noMax) {
                        System.out.println(current.get());
                        return 0;
                    }
                    PostgresWorkspaces.ClaimLimits next;
                    try {
                        next = new PostgresWorkspaces.ClaimLimits(weight != null ? weight : current.get().weight(),
                                noMax ? java.util.OptionalInt.empty()
                                        : maxInFlight != null ? java.util.OptionalInt.of(maxInFlight) : current.get().maxInFlight());
                    } catch (IllegalArgumentException refused) {
                        System.err.println(refused.getMessage());
                        return 1;
                    }
                    workspaces.setLimits(id, next, TeamCommands.actor(), Instant.now());
                    System.out.println(next);
                }
                return 0;
            }
        }
    }

    @Command(name = "user", mixinStandardHelpOptions = true, description = "Dashboard users.", subcommands = {UserCommands.Create.class})
    static final class UserCommands {
        @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a dashboard user of a workspace.")
        static final class Create implements Callable<Integer> {
            @CommandLine.Mixin
            DatabaseOptions db = new DatabaseOptions();

            @Option(names = {"-w", "--workspace"}, required = true)
            String workspace;

            @Option(names = "--email", required = true)
            String email;

            @Option(names = "--password", interactive = true, arity = "0..1", required = true,
                    description = "Asked for when not given")
            char[] password;

            @Option(names = "--role", defaultValue = "owner", description = "owner, admin or viewer (default: ${DEFAULT-VALUE})")
            String role;

            @Override
            public Integer call() {
                try (var database = Service.openDatabase(db.config(null))) {
                    var r = io.ledgerbridge.dashboard.people.Role.parse(role).orElseThrow(() ->
                            new IllegalArgumentException("the role must be owner, admin or viewer, not '" + role + "'"));
                    new io.ledgerbridge.dashboard.signin.PostgresUsers(database.jdbi(), 12)
                            .create(WorkspaceId.parse(workspace), email, new String(password), r, Instant.now());
                    new io.ledgerbridge.store.audit.PostgresAuditLog(database.jdbi()).record(
                            new io.ledgerbridge.store.audit.PostgresAuditLog.Entry(WorkspaceId.parse(workspace),
                                    TeamCommands.actor(), "person.create", "person:" + email, "Created the sign-in of " + email
                                            + " as " + r.label().toLowerCase(), java.util.Map.of(), java.util.Map.of("role", r.name())),
                            Instant.now());
                    System.out.println("user " + email + " (" + r.label().toLowerCase() + ") can sign in to workspace " + workspace);
                } finally {
                    java.util.Arrays.fill(password, ' ');
                }
                return 0;
            }
        }
    }

    /** Filters shared by the event commands. */
    static class FilterOptions {
        @Option(names = {"-w", "--workspace"}, required = true, description = "Workspace id")
        String workspace;

        @Option(names = "--status", description = "PENDING, PROCESSING, SUCCESS, FAILED or SKIPPED")
        SyncStatus status;

        @Option(names = "--type", description = "CUSTOMER, PRODUCT, INVOICE or PAYMENT")
        RecordType type;

        @Option(names = "--error", description = "Error code, e.g. SKU_NOT_FOUND")
        ErrorCode error;

        @Option(names = {"-q", "--query"}, description = "Text in the record id, number, error or details (e.g. a SKU)")
        String query;

        @Option(names = "--limit", defaultValue = "50")
        int limit;

        EventFilter filter() {
            return new EventFilter(status, type, error, query, null, null, null, null, limit);
        }

        WorkspaceId workspaceId() {
            return WorkspaceId.parse(workspace);
        }
    }

    @Command(name = "events", mixinStandardHelpOptions = true, description = "List, retry and skip sync events.",
            subcommands = {Events.ListEvents.class, Events.Retry.class, Events.Skip.class})
    static final class Events {

        @Command(name = "list", mixinStandardHelpOptions = true, description = "Newest first.")
        static final class ListEvents implements Callable<Integer> {
            @CommandLine.Mixin
            DatabaseOptions db = new DatabaseOptions();

            @CommandLine.Mixin
            FilterOptions f = new FilterOptions();

            @Override
            public Integer call() {
                try (var database = Service.openDatabase(db.config(null))) {
                    var events = new PostgresSyncEvents(database.jdbi()).list(f.workspaceId(), f.filter());
                    System.out.printf("%-8s %-9s %-14s %-11s %-7s %s%n", "EVENT", "TYPE", "RECORD", "STATUS", "RETRIES", "WHY");
                    for (var e : events) {
                        String why = e.error() != null ? e.error().title() + ": " + e.error().message()
                                : e.skipReason() != null ? e.skipReason()
                                : e.waitReason() != null ? e.waitLabel(java.time.ZoneOffset.UTC) : "";
                        System.out.printf("%-8d %-9s %-14s %-11s %-7d %s%n", e.id(), e.type().singular(), e.sourceId(),
                                e.status().label(), e.retryCount(), why);
                    }
                }
                return 0;
            }
        }

        abstract static class Act implements Callable<Integer> {
            @CommandLine.Mixin
            DatabaseOptions db = new DatabaseOptions();

            @CommandLine.Mixin
            FilterOptions f = new FilterOptions();

            @Parameters(arity = "0..1", description = "Event id (or use --all with filters)")
            Long eventId;

            @Option(names = "--all", description = "Every event matching the filters")
            boolean all;

            abstract SyncAction action();

            private void audit(Database database, String suffix, String target, String summary) {
                new io.ledgerbridge.store.audit.PostgresAuditLog(database.jdbi()).record(
                        io.ledgerbridge.store.audit.PostgresAuditLog.Entry.of(f.workspaceId(), TeamCommands.actor(),
                                "sync." + action().name().toLowerCase() + suffix, target, summary), Instant.now());
            }

            @Override
            public Integer call() {
                if ((eventId == null) == !all) {
                    throw new IllegalArgumentException("give one event id, or --all with filters");
                }
                try (Database database = Service.openDatabase(db.config(null))) {
                    var events = new PostgresSyncEvents(database.jdbi());
                    if (all) {
                        var result = events.actOnAll(f.workspaceId(), f.filter().withLimit(1000), action(), Instant.now());
                        if (result.changed() > 0) {
                            audit(database, "-all", "events", (action() == SyncAction.RETRY ? "Retried " : "Skipped ")
                                    + result.changed() + " syncs matching a filter");
                        }
                        System.out.println(action().name().toLowerCase() + ": " + result.changed() + " changed, "
                                + result.refused() + " refused");
                        return 0;
                    }
                    return switch (events.act(f.workspaceId(), eventId, action(), null, Instant.now())) {
                        case SyncEvents.ActionResult.Done d -> {
                            audit(database, "", "event:" + eventId, (action() == SyncAction.RETRY ? "Retried" : "Skipped")
                                    + " sync " + eventId);
                            System.out.println("event " + d.event().id() + " is now " + d.event().status().label());
                            yield 0;
                        }
                        case SyncEvents.ActionResult.Refused r -> {
                            System.err.println(r.reason());
                            yield 1;
                        }
                        case SyncEvents.ActionResult.NotFound n -> {
                            System.err.println("no event " + eventId + " in workspace " + f.workspace);
                            yield 1;
                        }
                    };
                }
            }
        }

        @Command(name = "retry", mixinStandardHelpOptions = true, description = "Retry one event, or all matching filters.")
        static final class Retry extends Act {
            SyncAction action() {
                return SyncAction.RETRY;
            }
        }

        @Command(name = "skip", mixinStandardHelpOptions = true, description = "Skip one event, or all matching filters.")
        static final class Skip extends Act {
            SyncAction action() {
                return SyncAction.SKIP;
            }
        }
    }

    @Command(name = "diagnose", mixinStandardHelpOptions = true, description = "Failures grouped by cause, with the fix.")
    static final class Diagnose implements Callable<Integer> {
        @CommandLine.Mixin
        DatabaseOptions db = new DatabaseOptions();

        @Option(names = {"-w", "--workspace"}, required = true)
        String workspace;

        @Override
        public Integer call() {
            try (var database = Service.openDatabase(db.config(null))) {
                var failed = new PostgresSyncEvents(database.jdbi()).list(WorkspaceId.parse(workspace),
                        EventFilter.all().withStatus(SyncStatus.FAILED).withLimit(1000));
                var groups = Diagnostics.of(failed);
                if (groups.isEmpty()) {
                    System.out.println("No failed syncs.");
                }
                for (var g : groups) {
                    System.out.println(g.summary());
                    System.out.println("  fix: " + g.fix());
                    System.out.println("  retry them: ledgerbridge events retry --all -w " + workspace + " --status FAILED --error "
                            + g.code() + (g.cause().isEmpty() ? "" : " -q '" + g.cause() + "'"));
                }
            }
            return 0;
        }
    }
}
