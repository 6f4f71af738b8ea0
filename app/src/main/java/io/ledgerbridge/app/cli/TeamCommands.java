package io.ledgerbridge.app.cli;

import io.ledgerbridge.app.Ledgerbridge;
import io.ledgerbridge.app.Service;
import io.ledgerbridge.dashboard.people.PostgresInvites;
import io.ledgerbridge.dashboard.people.Role;
import io.ledgerbridge.dashboard.signin.PostgresUsers;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.connection.ConnectionRecord;
import io.ledgerbridge.engine.connection.ConnectionRules;
import io.ledgerbridge.engine.connection.Consents;
import io.ledgerbridge.engine.connection.TokenSet;
import io.ledgerbridge.engine.flow.Flow;
import io.ledgerbridge.engine.flow.FlowRules;
import io.ledgerbridge.store.apikey.PostgresApiKeys;
import io.ledgerbridge.store.audit.PostgresAuditLog;
import io.ledgerbridge.store.connection.PostgresConnections;
import io.ledgerbridge.store.connection.TokenCipher;
import io.ledgerbridge.store.db.Database;
import io.ledgerbridge.store.flow.PostgresFlows;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The command line of running Ledgerbridge as a team: connections, flows, API keys, people and the audit log. Every
 * change is in the audit log as "command line (the operating-system user)".
 */
final class TeamCommands {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private TeamCommands() {}

    static String actor() {
        return "command line (" + System.getProperty("user.name", "unknown") + ")";
    }

    static String when(Instant at) {
        return at == null ? "never" : WHEN.format(at);
    }

    /** What every command of this file takes: the database and the workspace. */
    static class Target {
        @CommandLine.Mixin
        Main.DatabaseOptions db = new Main.DatabaseOptions();

        @Option(names = {"-w", "--workspace"}, required = true, description = "Workspace id (ledgerbridge workspace list)")
        String workspace;

        WorkspaceId workspaceId() {
            return WorkspaceId.parse(workspace);
        }

        Database open() {
            return Service.openDatabase(db.config(null));
        }

        /** The token keyset the service uses (configured, or the one kept beside the embedded database). */
        String keyset() {
            return Service.tokenKeyset(db.config(null));
        }
    }

    /** Failures a person can act on end the command with this message and exit code 1. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    // ---- connections ----

    @Command(name = "connections", mixinStandardHelpOptions = true, description = "List and add connections.",
            subcommands = {Connections.ListAll.class, Connections.Create.class, Connections.Connect.class,
                    Connections.Reconnect.class, Connections.Request.class})
    static final class Connections {

        @Command(name = "list", mixinStandardHelpOptions = true, description = "The workspace's connections and their status.")
        static final class ListAll implements Callable<Integer> {
            @CommandLine.Mixin
            Target t = new Target();

            @Override
            public Integer call() {
                try (var db = t.open()) {
                    var all = connections(db).list(t.workspaceId());
                    System.out.printf("%-36s  %-10s  %-16s  %s%n", "CONNECTION", "SYSTEM", "STATUS", "NAME");
                    for (var c : all) {
                        System.out.printf("%-36s  %-10s  %-16s  %s%n", c.id(), c.system(), c.status(), c.name());
                    }
                }
                return 0;
            }
        }

        @Command(name = "create", mixinStandardHelpOptions = true,
                description = "Add your app (--system native) or a reference ledger. QuickBooks, Xero and HubSpot connect "
                        + "through their consent page: see 'connections connect'.")
        static final class Create implements Callable<Integer> {
            @CommandLine.Mixin
            Target t = new Target();

            @Option(names = "--system", required = true, description = "native or reference")
            String system;

            @Option(names = "--name", required = true)
            String name;

            @Option(names = "--setting", description = "A reference ledger's setting, e.g. --setting baseUrl=http://...")
            Map<String, String> settings = Map.of();

            @Option(names = "--access-token", description = "A reference ledger's token (stored encrypted)")
            String accessToken;

            @Override
            public Integer call() {
                ConnectionRules.directRefusal(system).ifPresent(r -> {
                    throw new Refused(r);
                });
                try (var db = t.open()) {
                    var store = accessToken == null ? connections(db) : withTokens(db, t);
                    if (store.list(t.workspaceId()).stream().anyMatch(c -> c.name().equalsIgnoreCase(name.strip()))) {
                        throw new Refused("A connection named \"" + name + "\" already exists; choose another name.");
                    }
                    var now = Instant.now();
                    var id = store.create(t.workspaceId(), system, name.strip(), settings,
                            accessToken == null ? null : new TokenSet(accessToken, null, null), now);
                    new PostgresAuditLog(db.jdbi()).record(new PostgresAuditLog.Entry(t.workspaceId(), actor(),
                            "connection.connect", "connection:" + id, "Connected " + name.strip() + " (" + system + ")",
                            Map.of(), Map.of("status", "CONNECTED", "system", system)), now);
                    System.out.println("connection " + id + "  " + name.strip() + " (" + system + ") is connected");
                }
                return 0;
            }
        }

        /** What connect and reconnect take beyond the workspace: where the running dashboard is, and whether to wait. */
        abstract static class ConsentCommand implements Callable<Integer> {
            @CommandLine.Mixin
            Target t = new Target();

            @Option(names = "--dashboard-url", description = "The running dashboard's address as people reach it; the vendor "
                    + "sends the browser back to its /oauth/callback (default: LEDGERBRIDGE_DASHBOARD_URL, else "
                    + "http://127.0.0.1:LEDGERBRIDGE_DASHBOARD_PORT)")
            String dashboardUrl;

            @Option(names = "--no-wait", description = "Print the consent link and the request id, and return at once")
            boolean noWait;

            abstract Consents.Asked ask(Consents consents, WorkspaceId workspace);

            @Override
            public Integer call() throws InterruptedException {
                try (var db = t.open()) {
                    var consents = consents(db, url());
                    switch (ask(consents, t.workspaceId())) {
                        case Consents.Asked.Refused r -> throw new Refused(r.message());
                        case Consents.Asked.Started s -> {
                            var request = s.request();
                            System.out.println("Open this link in a browser, sign in to " + Ledgerbridge.SYSTEM_NAMES
                                    .getOrDefault(request.system(), request.system()) + " and choose the account (it works until "
                                    + when(request.expiresAt()) + ", once):");
                            System.out.println(request.consentUrl().orElseThrow());
                            System.out.println("request " + request.id());
                            return noWait ? 0 : await(consents, request);
                        }
                    }
                }
            }

            private int await(Consents consents, Consents.Request request) throws InterruptedException {
                System.err.println("waiting for the answer (Ctrl-C stops waiting; 'connections request " + request.id()
                        + "' tells later)...");
                while (true) {
                    var now = consents.find(t.workspaceId(), request.id()).orElseThrow();
                    switch (now.status()) {
                        case WAITING -> Thread.sleep(1000);
                        case CONNECTED -> {
                            System.out.println("connection " + now.connection().map(Object::toString).orElse("?") + "  "
                                    + (now.reconnect() ? "is reconnected" : now.name() + " is connected"));
                            return 0;
                        }
                        case FAILED, EXPIRED -> throw new Refused(now.status() + ": " + now.reason().orElse(""));
                    }
                }
            }

            private String url() {
                if (dashboardUrl != null) {
                    return dashboardUrl;
                }
                var env = System.getenv();
                String configured = env.get("LEDGERBRIDGE_DASHBOARD_URL");
                return configured != null && !configured.isBlank() ? configured
                        : "http://127.0.0.1:" + env.getOrDefault("LEDGERBRIDGE_DASHBOARD_PORT", "8081");
            }
        }

        /**
         * Consent requests as the running dashboard answers them: its {@code /oauth/callback} finishes what this command
         * starts (the state is in the shared database). The dashboard is built here, never started.
         */
        static Consents consents(Database db, String dashboardUrl) {
            var env = System.getenv();
            var connectors = Service.vendorConnectors(env, java.time.Clock.systemUTC());
            Function<String, Optional<io.ledgerbridge.connector.Authorization>> authorizations = system -> connectors.stream()
                    .filter(c -> c.system().equals(system)).findFirst().flatMap(io.ledgerbridge.connector.Connector::authorization);
            var store = connections(db);
            return new io.ledgerbridge.dashboard.DashboardServer(io.ledgerbridge.dashboard.DashboardConfig.defaults(), db, store,
                    new PostgresFlows(db.jdbi()), new io.ledgerbridge.store.events.PostgresSyncEvents(db.jdbi()),
                    Ledgerbridge.SYSTEM_NAMES, java.time.Clock.systemUTC(), () -> {}, authorizations,
                    io.ledgerbridge.app.config.VendorEndpoints.fromEnvironment(env)).publicUrl(dashboardUrl).consents();
        }

        @Command(name = "connect", mixinStandardHelpOptions = true,
                description = "Connect QuickBooks Online, Xero or HubSpot: prints the vendor's consent link for a person to "
                        + "open in a browser, then waits until the running dashboard has made the connection.")
        static final class Connect extends ConsentCommand {
            @Option(names = "--system", required = true, description = "quickbooks, xero or hubspot")
            String system;

            @Option(names = "--name", required = true, description = "What Ledgerbridge calls it, e.g. \"Acme Books\"")
            String name;

            @Override
            Consents.Asked ask(Consents consents, WorkspaceId workspace) {
                ConnectionRules.directRefusal(system).filter(r -> !ConnectionRules.needsConsent(system)).ifPresent(r -> {
                    throw new Refused(r);
                });
                if (!ConnectionRules.needsConsent(system)) {
                    throw new Refused(system + " connects directly: use 'connections create --system " + system + "'.");
                }
                return consents.connect(workspace, system, name, actor());
            }
        }

        @Command(name = "reconnect", mixinStandardHelpOptions = true,
                description = "Reconnect a QuickBooks Online, Xero or HubSpot connection through its consent page; the syncs "
                        + "waiting for it resume once it is connected.")
        static final class Reconnect extends ConsentCommand {
            @Parameters(index = "0", description = "Connection id (connections list)")
            String connection;

            @Override
            Consents.Asked ask(Consents consents, WorkspaceId workspace) {
                return consents.reconnect(workspace, new ConnectionId(UUID.fromString(connection)), actor());
            }
        }

        @Command(name = "request", mixinStandardHelpOptions = true, description = "Where a consent request stands.")
        static final class Request implements Callable<Integer> {
            @CommandLine.Mixin
            Target t = new Target();

            @Parameters(index = "0", description = "Request id, as connect or reconnect printed it")
            String request;

            @Override
            public Integer call() {
                try (var db = t.open()) {
                    var found = new io.ledgerbridge.dashboard.connections.PostgresOAuthStates(db.jdbi())
                            .request(t.workspaceId(), UUID.fromString(request), Instant.now())
                            .orElseThrow(() -> new Refused("There is no consent request " + request
                                    + " in this workspace (requests are kept for a day)."));
                    System.out.println(found.status() + "  " + found.system() + "  " + (found.reconnect() ? "reconnect" : found.name())
                            + found.connection().map(c -> "  connection " + c).orElse("")
                            + found.reason().map(r -> "  " + r).orElse(""));
                }
                return 0;
            }
        }

        /** Connections' names and states: no token is read or written, so no keyset is needed. */
        static PostgresConnections connections(Database db) {
            return new PostgresConnections(db.jdbi(), TokenCipher.fromJsonKeyset(TokenCipher.newJsonKeyset()));
        }

        /** Connections as the service stores them, tokens encrypted with its keyset. */
        static PostgresConnections withTokens(Database db, Target t) {
            return new PostgresConnections(db.jdbi(), TokenCipher.fromJsonKeyset(t.keyset()));
        }
    }

    // ---- flows ----

    @Command(name = "flows", mixinStandardHelpOptions = true, description = "Create, list, show, pause, resume and delete flows.",
            subcommands = {Flows.ListAll.class, Flows.Show.class, Flows.Create.class, Flows.Pause.class, Flows.Resume.class,
                    Flows.Delete.class})
    static final class Flows {

        static String describe(Flow f, Function<ConnectionId, String> name, int waiting) {
            String state = f.paused().map(p -> "paused by " + p.by() + " at " + when(p.at())).orElse("active");
            return f.id() + "  " + name.apply(f.source()) + " → " + name.apply(f.destination()) + "  " + state + "  "
                    + waiting + " waiting";
        }

        static Function<ConnectionId, String> names(Database db, WorkspaceId workspace) {
            var byId = new java.util.HashMap<ConnectionId, String>();
            Connections.connections(db).list(workspace).forEach(c -> byId.put(c.id(), c.name()));
            return id -> byId.getOrDefault(id, "(a removed connection)");
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "The workspace's flows (deleted ones left out).")
        static final class ListAll implements Callable<Integer> {
            @CommandLine.Mixin
            Target t = new Target();

            @Override
            public Integer call() {
                try (var db = t.open()) {
                    var flows = new PostgresFlows(db.jdbi());
                    var names = names(db, t.workspaceId());
                    var all = flows.list(t.workspaceId());
                    if (all.isEmpty()) {
                        System.out.println("No flow yet: create one with `ledgerbridge flows create`.");
                    }
                    for (var f : all) {
                        System.out.println(describe(f, names, flows.waitingSyncs(f.id())));
                    }
                }
                return 0;
            }
        }

        abstract static class OneFlow implements Callable<Integer> {
            @CommandLine.Mixin
            Target t = new Target();

            @Parameters(index = "0", description = "Flow id (ledgerbridge flows list)")
            String flow;

            FlowId flowId() {
                try {
                    return new FlowId(UUID.fromString(flow));
                } catch (IllegalArgumentException e) {
                    throw new Refused("'" + flow + "' is not a flow id; `ledgerbridge flows list` shows them.");
                }
            }
        }

        @Command(name = "show", mixinStandardHelpOptions = true, description = "One flow: its state, waiting syncs and settings.")
        static final class Show extends OneFlow {
            @Override
            public Integer call() {
                try (var db = t.open()) {
                    var flows = new PostgresFlows(db.jdbi());
                    var f = flows.find(flowId()).filter(x -> x.workspace().equals(t.workspaceId()) && !x.isDeleted())
                            .orElseThrow(() -> new Refused("There is no flow " + flow + " in this workspace."));
                    System.out.println(describe(f, names(db, t.workspaceId()), flows.waitingSyncs(f.id())));
                    System.out.println("settings " + io.ledgerbridge.store.json.Json.write(f.settings()));
                }
                return 0;
            }
        }

        @Command(name = "create", mixinStandardHelpOptions = true,
                description = "A flow from one connection to another, with every record type on (change it under Settings → Sync).")
        static final class Create implements Callable<Integer> {
            @CommandLine.Mixin
            Target t = new Target();

            @Option(names = "--from", required = true, description = "Source connection id")
            String from;

            @Option(names = "--to", required = true, description = "Destination connection id")
            String to;

            @Override
            public Integer call() {
                try (var db = t.open()) {
                    var store = Connections.connections(db);
                    var source = connection(store, from);
                    var destination = connection(store, to);
                    var flows = new PostgresFlows(db.jdbi());
                    FlowRules.refusal(source, destination, flows.list(t.workspaceId()),
                            s -> Ledgerbridge.SYSTEM_NAMES.getOrDefault(s, s)).ifPresent(r -> {
                                throw new Refused(r);
                            });
                    var id = flows.create(t.workspaceId(), source.id(), destination.id(), FlowSettings.defaults(),
                            Optional.of(actor()), Instant.now());
                    System.out.println("flow " + id + "  " + source.name() + " → " + destination.name() + " created");
                }
                return 0;
            }

            private ConnectionRecord connection(PostgresConnections store, String raw) {
                try {
                    return store.find(ConnectionId.parse(raw)).filter(c -> c.workspace().equals(t.workspaceId()))
                            .orElseThrow(IllegalArgumentException::new);
                } catch (IllegalArgumentException e) {
                    throw new Refused("There is no connection " + raw + " in this workspace; `ledgerbridge connections list` shows them.");
                }
            }
        }

        abstract static class Change extends OneFlow {
            abstract PostgresFlows.Change apply(PostgresFlows flows, FlowId id);

            abstract String done(int syncs);

            @Override
            public Integer call() {
                try (var db = t.open()) {
                    var flows = new PostgresFlows(db.jdbi());
                    return switch (apply(flows, flowId())) {
                        case PostgresFlows.Change.Done d -> {
                            System.out.println(done(d.syncs()));
                            yield 0;
                        }
                        case PostgresFlows.Change.Unchanged u -> throw new Refused(u.why());
                        case PostgresFlows.Change.NotFound n -> throw new Refused("There is no flow " + flow + " in this workspace.");
                    };
                }
            }
        }

        @Command(name = "pause", mixinStandardHelpOptions = true,
                description = "Pause a flow: records still come in, their syncs wait until it is resumed.")
        static final class Pause extends Change {
            PostgresFlows.Change apply(PostgresFlows flows, FlowId id) {
                return flows.pause(t.workspaceId(), id, actor(), Instant.now());
            }

            String done(int syncs) {
                return "flow " + flow + " paused; " + syncs + " waiting syncs wait until it is resumed";
            }
        }

        @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused flow; its waiting syncs go in order.")
        static final class Resume extends Change {
            PostgresFlows.Change apply(PostgresFlows flows, FlowId id) {
                return flows.resume(t.workspaceId(), id, actor(), Instant.now());
            }

            String done(int syncs) {
                return "flow " + flow + " resumed; " + syncs + " waiting syncs go now";
            }
        }

        @Command(name = "delete", mixinStandardHelpOptions = true,
                description = "Delete a flow: its waiting syncs end Skipped (flow deleted); nothing is deleted in the destination; "
                        + "its mappings are kept for a flow made again between the same connections.")
        static final class Delete extends Change {
            @Option(names = "--yes", description = "Delete without asking (the command asks otherwise, saying how many syncs wait)")
            boolean yes;

            @Override
            public Integer call() {
                if (!yes) {
                    try (var db = t.open()) {
                        int waiting = new PostgresFlows(db.jdbi()).waitingSyncs(flowId());
                        throw new Refused(waiting + " syncs of flow " + flow + " are waiting; deleting it ends them as Skipped "
                                + "(flow deleted). Nothing is deleted in the destination. Run again with --yes to delete it.");
                    }
                }
                return super.call();
            }

            PostgresFlows.Change apply(PostgresFlows flows, FlowId id) {
                return flows.delete(t.workspaceId(), id, actor(), Instant.now());
            }

            String done(int syncs) {
                return "flow " + flow + " deleted; " + syncs + " waiting syncs were skipped (flow deleted), nothing was "
                        + "deleted in the destination";
            }
        }
    }

    // ---- API keys ----

    @Command(name = "keys", mixinStandardHelpOptions = true, description = "List, create and revoke API keys.",
            subcommands = {Keys.ListAll.class, Keys.Create.class, Keys.Revoke.class})
    static final class Keys {

        @Command(name = "list", mixinStandardHelpOptions = true, description = "Name, prefix, created, last used, revoked.")
        static final class ListAll implements Callable<Integer> {
            @CommandLine.Mixin
            Target t = new Target();

            @Override
            public Integer call() {
                try (var db = t.open()) {
                    System.out.printf("%-36s  %-10s  %-20s  %-10s  %-20s  %-20s  %s%n", "KEY", "PREFIX", "NAME", "CAN",
                            "CREATED", "LAST USED", "REVOKED");
                    for (var k : new PostgresApiKeys(db.jdbi()).list(t.workspaceId())) {
                        System.out.printf("%-36s  %-10s  %-20s  %-10s  %-20s  %-20s  %s%n", k.id(), k.prefix() + "…",
                                k.label() == null ? "" : k.label(), k.readOnly() ? "read-only" : "read-write",
                                when(k.createdAt()), when(k.lastUsedAt().orElse(null)),
                                k.revokedAt().map(at -> when(at) + " by " + k.revokedBy().orElse("?")).orElse(""));
                    }
                }
                return 0;
            }
        }

        @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a key; it is printed once.")
        static final class Create implements Callable<Integer> {
            @CommandLine.Mixin
            Target t = new Target();

            @Option(names = "--name", required = true, description = "What uses it, e.g. \"Web shop\"")
            String name;

            @Option(names = "--read-only", description = "The key can only read (GET)")
            boolean readOnly;

            @Override
            public Integer call() {
                try (var db = t.open()) {
                    var created = new PostgresApiKeys(db.jdbi()).create(t.workspaceId(), name, readOnly, Optional.of(actor()),
                            Instant.now());
                    System.out.println("api key " + created.key() + "   (shown once" + (readOnly ? "; read-only" : "") + ")");
                }
                return 0;
            }
        }

        @Command(name = "revoke", mixinStandardHelpOptions = true,
                description = "Revoke a key (by id or prefix): the next request with it is refused.")
        static final class Revoke implements Callable<Integer> {
            @CommandLine.Mixin
            Target t = new Target();

            @Parameters(index = "0", description = "Key id or prefix (ledgerbridge keys list)")
            String key;

            @Override
            public Integer call() {
                try (var db = t.open()) {
                    var keys = new PostgresApiKeys(db.jdbi());
                    var found = keys.find(t.workspaceId(), key.replace("…", ""))
                            .orElseThrow(() -> new Refused("There is no API key " + key + " in this workspace; `ledgerbridge keys list` shows them."));
                    if (found.revokedAt().isPresent()) {
                        throw new Refused("The key " + found.name() + " is already revoked.");
                    }
                    keys.revoke(t.workspaceId(), found.id(), actor(), Instant.now());
                    System.out.println("key " + found.name() + " revoked: the next request with it is refused");
                }
                return 0;
            }
        }
    }

    // ---- people ----

    @Command(name = "people", mixinStandardHelpOptions = true, description = "The workspace's people: list, invite, change role, remove.",
            subcommands = {People.ListAll.class, People.Invite.class, People.ChangeRole.class, People.Remove.class})
    static final class People {

        static PostgresUsers users(Database db) {
            return new PostgresUsers(db.jdbi(), 12);
        }

        static PostgresUsers.Person person(PostgresUsers users, WorkspaceId workspace, String email) {
            return users.people(workspace).stream().filter(p -> p.email().equalsIgnoreCase(email.strip())).findFirst()
                    .orElseThrow(() -> new Refused("No one with the email " + email + " is in this workspace."));
        }

        static void record(Database db, WorkspaceId workspace, String action, String email, String summary, Map<String, ?> before,
                Map<String, ?> after) {
            new PostgresAuditLog(db.jdbi()).record(new PostgresAuditLog.Entry(workspace, actor(), action, "person:" + email,
                    summary, before, after), Instant.now());
        }

        /** Changes a person of the workspace, records it with the role before and {@code after}, prints what it came to. */
        static int change(Target t, String email, String action,
                java.util.function.BiFunction<PostgresUsers, PostgresUsers.Person, PostgresUsers.PeopleChange> change,
                Map<String, ?> after) {
            try (var db = t.open()) {
                var users = users(db);
                var p = person(users, t.workspaceId(), email);
                switch (change.apply(users, p)) {
                    case PostgresUsers.PeopleChange.Done d -> {
                        record(db, t.workspaceId(), action, p.email(), d.summary(), Map.of("role", p.role().name()), after);
                        System.out.println(d.summary());
                    }
                    case PostgresUsers.PeopleChange.Refused refused -> throw new Refused(refused.reason());
                }
            }
            return 0;
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "Who can sign in, with which role.")
        static final class ListAll implements Callable<Integer> {
            @CommandLine.Mixin
            Target t = new Target();

            @Override
            public Integer call() {
                try (var db = t.open()) {
                    for (var p : users(db).people(t.workspaceId())) {
                        System.out.printf("%-36s  %-7s  last signed in %s%n", p.email(), p.role().label().toLowerCase(),
                                when(p.lastSignedInAt().orElse(null)));
                    }
                }
                return 0;
            }
        }

        @Command(name = "invite", mixinStandardHelpOptions = true,
                description = "Invite by email: prints the one-time link (no mail server is set up), valid 7 days.")
        static final class Invite implements Callable<Integer> {
            @CommandLine.Mixin
            Target t = new Target();

            @Option(names = "--email", required = true)
            String email;

            @Option(names = "--role", required = true, description = "owner, admin or viewer")
            String role;

            @Option(names = "--dashboard-url", defaultValue = "http://localhost:8081",
                    description = "Where the dashboard is reached (default: ${DEFAULT-VALUE})")
            String dashboardUrl;

            @Override
            public Integer call() {
                var r = Role.parse(role).orElseThrow(() -> new Refused("The role must be owner, admin or viewer, not '" + role + "'."));
                try (var db = t.open()) {
                    PostgresInvites.Created created;
                    try {
                        created = new PostgresInvites(db.jdbi(), users(db)).invite(t.workspaceId(), email, r, actor(), Instant.now());
                    } catch (IllegalArgumentException e) {
                        throw new Refused(e.getMessage());
                    }
                    record(db, t.workspaceId(), "person.invite", created.email(), "Invited " + created.email() + " as "
                            + r.label().toLowerCase(), Map.of(), Map.of("role", r.name()));
                    System.out.println("invited " + created.email() + " as " + r.label().toLowerCase() + "; send them this link "
                            + "(it works once, for 7 days):");
                    System.out.println(dashboardUrl.replaceAll("/+$", "") + "/invite/" + created.token());
                }
                return 0;
            }
        }

        @Command(name = "role", mixinStandardHelpOptions = true, description = "Change a person's role.")
        static final class ChangeRole implements Callable<Integer> {
            @CommandLine.Mixin
            Target t = new Target();

            @Option(names = "--email", required = true)
            String email;

            @Option(names = "--role", required = true, description = "owner, admin or viewer")
            String role;

            @Override
            public Integer call() {
                var r = Role.parse(role).orElseThrow(() -> new Refused("The role must be owner, admin or viewer, not '" + role + "'."));
                return change(t, email, "person.role", (users, p) -> users.changeRole(t.workspaceId(), p.id(), r),
                        Map.of("role", r.name()));
            }
        }

        @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a person; their sessions end.")
        static final class Remove implements Callable<Integer> {
            @CommandLine.Mixin
            Target t = new Target();

            @Option(names = "--email", required = true)
            String email;

            @Override
            public Integer call() {
                return change(t, email, "person.remove", (users, p) -> users.remove(t.workspaceId(), p.id()), Map.of());
            }
        }
    }

    // ---- audit ----

    @Command(name = "audit", mixinStandardHelpOptions = true, description = "Who changed what, newest first.")
    static final class Audit implements Callable<Integer> {
        @CommandLine.Mixin
        Target t = new Target();

        @Option(names = "--action", description = "An action (flow.pause) or a prefix with its dot (flow.)")
        String action;

        @Option(names = "--actor", description = "Part of who acted (an email, \"API key\", \"command line\")")
        String actor;

        @Option(names = "--limit", defaultValue = "50")
        int limit;

        @Override
        public Integer call() {
            try (var db = t.open()) {
                var entries = new PostgresAuditLog(db.jdbi()).list(t.workspaceId(), new PostgresAuditLog.Filter(
                        Optional.ofNullable(action), Optional.ofNullable(actor), Optional.empty(), Optional.empty(),
                        Optional.empty(), limit));
                for (var e : entries) {
                    System.out.printf("%s  %-30s  %-20s  %s%s%n", when(e.at()), e.actor(), e.action(), e.summary(),
                            e.before() == null && e.after() == null ? "" : "  (" + (e.before() == null ? "—" : e.before())
                                    + " → " + (e.after() == null ? "—" : e.after()) + ")");
                }
            }
            return 0;
        }
    }
}
