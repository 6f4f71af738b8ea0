package io.ledgerbridge.app.cli;

import io.ledgerbridge.app.Ledgerbridge;
import io.ledgerbridge.app.Service;
import io.ledgerbridge.app.cli.TeamCommands.Refused;
import io.ledgerbridge.app.cli.TeamCommands.Target;
import io.ledgerbridge.connector.Connector;
import io.ledgerbridge.connector.reference.ReferenceConnector;
import io.ledgerbridge.dashboard.imports.ImportFigures;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.engine.connection.ConnectorRegistry;
import io.ledgerbridge.engine.history.HistoricalImport;
import io.ledgerbridge.engine.history.HistoricalImports;
import io.ledgerbridge.engine.history.ImportPlanner;
import io.ledgerbridge.store.audit.PostgresAuditLog;
import io.ledgerbridge.store.db.Database;
import io.ledgerbridge.store.flow.PostgresFlows;
import io.ledgerbridge.store.history.PostgresImports;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ledgerbridge imports}: historical imports (issue 12) from the command line, as the dashboard and the API make
 * them: the same {@link ImportPlanner} checks and estimates, the same store, the same audit log entries (as "command
 * line (the operating-system user)"). Times are UTC.
 */
final class ImportCommands {

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private ImportCommands() {}

    @Command(name = "imports", mixinStandardHelpOptions = true,
            description = "Import a flow's past (records of a date range read from its source), and follow, pause, resume "
                    + "or cancel imports.",
            subcommands = {Start.class, ListAll.class, Show.class, Pause.class, Resume.class, Cancel.class})
    static final class Imports {
    }

    static HistoricalImports store(Database db) {
        return new PostgresImports(db.jdbi());
    }

    /**
     * The planner as the service builds it: the reference connector and the vendor connectors with the operator's OAuth
     * apps (the same environment variables as the service), reading tokens with the service's keyset, since counting
     * what a range holds asks the source.
     */
    static ConnectorRegistry registry(Database db, Target t, Clock clock) {
        var connectors = new ArrayList<Connector>(List.of(new ReferenceConnector(clock)));
        connectors.addAll(Service.vendorConnectors(System.getenv(), clock));
        return new ConnectorRegistry(connectors, Ledgerbridge.SYSTEM_NAMES, TeamCommands.Connections.withTokens(db, t), clock);
    }

    static void audit(Database db, Target t, String action, UUID id, String summary, Map<String, ?> before,
            Map<String, ?> after) {
        new PostgresAuditLog(db.jdbi()).record(new PostgresAuditLog.Entry(t.workspaceId(), TeamCommands.actor(), action,
                "import:" + id, summary, before, after), Instant.now());
    }

    static String types(Set<RecordType> types) {
        return types.stream().sorted().map(RecordType::plural).collect(Collectors.joining(", "));
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Check what importing a date range costs (records found, destination calls, days, expected end), "
                    + "print it, then start the import.")
    static final class Start implements Callable<Integer> {
        @CommandLine.Mixin
        Target t = new Target();

        @Option(names = "--flow", required = true, description = "Flow id (ledgerbridge flows list)")
        String flow;

        @Option(names = "--from", paramLabel = "DATE", description = "First day, e.g. 2025-01-01 (default: the flow's historical cut-off date)")
        LocalDate from;

        @Option(names = "--to", paramLabel = "DATE", description = "Last day (default: today, UTC)")
        LocalDate to;

        @Option(names = "--types", split = ",", paramLabel = "TYPE",
                description = "invoice (always), customer, product (default: all three)")
        List<String> types = List.of();

        @Option(names = "--share", paramLabel = "PERCENT",
                description = "Percent of the destination's daily calls the import may use; the rest stays for live syncs (default: 80)")
        Integer share;

        @Option(names = "--estimate-only", description = "Print what it would cost and start nothing")
        boolean estimateOnly;

        @Override
        public Integer call() {
            FlowId flowId;
            try {
                flowId = FlowId.parse(flow);
            } catch (IllegalArgumentException e) {
                throw new Refused("'" + flow + "' is not a flow id; `ledgerbridge flows list` shows them.");
            }
            var chosen = types.stream().map(s -> RecordType.fromPlural(s.strip().toLowerCase(java.util.Locale.ROOT)))
                    .collect(Collectors.toSet());
            var request = new ImportPlanner.Request(flowId, from, to, chosen, share);
            try (var db = t.open()) {
                var clock = Clock.systemUTC();
                var registry = registry(db, t, clock);
                var flows = new PostgresFlows(db.jdbi());
                flows.find(flowId).filter(f -> f.workspace().equals(t.workspaceId()) && !f.isDeleted())
                        .orElseThrow(() -> new Refused("There is no flow " + flow + " in this workspace."));
                var planner = new ImportPlanner(flows, registry, store(db), clock);
                try {
                    var plan = planner.plan(t.workspaceId(), request);
                    System.out.println(plan.estimate().summary(plan.destination()));
                    if (estimateOnly) {
                        return 0;
                    }
                    var started = planner.start(t.workspaceId(), request, TeamCommands.actor());
                    audit(db, t, "import.start", started.id(), "Started an import of " + types(started.types()) + " from "
                            + started.from() + " to " + started.to() + " through flow " + flowId + ", within "
                            + started.budgetShare() + " % of the destination's daily calls", Map.of(),
                            Map.of("flow", flowId.toString(), "from", started.from().toString(), "to", started.to().toString(),
                                    "types", types(started.types()), "budgetShare", started.budgetShare()));
                    System.out.println("import " + started.id() + " started; follow it with: ledgerbridge imports show "
                            + started.id() + " -w " + t.workspace + " --watch");
                } catch (ImportPlanner.Refused e) {
                    throw new Refused(e.getMessage());
                }
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The workspace's imports, newest first.")
    static final class ListAll implements Callable<Integer> {
        @CommandLine.Mixin
        Target t = new Target();

        @Option(names = "--flow", description = "Only this flow's imports")
        String flow;

        @Override
        public Integer call() {
            try (var db = t.open()) {
                var all = store(db).list(t.workspaceId(), flow == null ? null : FlowId.parse(flow));
                if (all.isEmpty()) {
                    System.out.println("No import yet: start one with `ledgerbridge imports start --flow ID`.");
                    return 0;
                }
                var now = Instant.now();
                System.out.printf("%-36s  %-9s  %-36s  %-23s  %-15s  %s%n", "IMPORT", "STATUS", "FLOW", "RANGE", "DONE", "STARTED");
                for (var i : all) {
                    var f = ImportFigures.of(i, now, ZoneOffset.UTC);
                    System.out.printf("%-36s  %-9s  %-36s  %-23s  %-15s  %s by %s%n", i.id(), i.status(), i.flow(),
                            i.from() + " – " + i.to(), ImportFigures.number(f.done()) + "/" + ImportFigures.number(f.max()),
                            TeamCommands.when(i.createdAt()), i.createdBy());
                }
            }
            return 0;
        }
    }

    abstract static class OneImport implements Callable<Integer> {
        @CommandLine.Mixin
        Target t = new Target();

        @Parameters(index = "0", paramLabel = "ID", description = "Import id (ledgerbridge imports list)")
        String id;

        UUID importId() {
            try {
                return UUID.fromString(id);
            } catch (IllegalArgumentException e) {
                throw new Refused("'" + id + "' is not an import id; `ledgerbridge imports list` shows them.");
            }
        }

        HistoricalImport find(HistoricalImports imports) {
            return imports.find(t.workspaceId(), importId())
                    .orElseThrow(() -> new Refused("There is no import " + id + " in this workspace."));
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "One import: its range, status, progress and, once finished, its report.")
    static final class Show extends OneImport {
        @Option(names = "--watch", description = "Redraw a progress line every second until the import is finished")
        boolean watch;

        @Override
        public Integer call() throws InterruptedException {
            try (var db = t.open()) {
                var imports = store(db);
                var i = find(imports);
                System.out.println("import " + i.id() + "  " + i.status() + "  flow " + i.flow() + "  " + i.from() + " – "
                        + i.to() + "  " + types(i.types()) + "  share " + i.budgetShare() + " %");
                System.out.println("started by " + i.createdBy() + " at " + TeamCommands.when(i.createdAt())
                        + (i.statusReason() == null || i.statusReason().isBlank() ? "" : "; " + i.statusReason()));
                if (watch) {
                    while (!i.status().finished()) {
                        System.out.print("\r" + line(i, Instant.now()) + "\u001b[K");
                        System.out.flush();
                        Thread.sleep(1000);
                        i = find(imports);
                    }
                    System.out.print("\r");
                }
                System.out.println(line(i, Instant.now()) + (watch ? "\u001b[K" : ""));
                if (i.status().finished()) {
                    System.out.println(i.status() + (i.statusReason() == null || i.statusReason().isBlank() ? ""
                            : ": " + i.statusReason()));
                }
                i.report().ifPresent(r -> report(r).forEach(System.out::println));
            }
            return 0;
        }
    }

    /** {@code [#####-----] 1,234/3,000 synced 1,200 failed 3 skipped 31 · 410/min · ends ~16:42} */
    static String line(HistoricalImport i, Instant now) {
        var f = ImportFigures.of(i, now, ZoneOffset.UTC);
        int filled = (int) Math.min(10, f.done() * 10 / f.max());
        var out = new StringBuilder("[").append("#".repeat(filled)).append("-".repeat(10 - filled)).append("] ")
                .append(ImportFigures.number(f.done())).append('/').append(ImportFigures.number(f.max()))
                .append(" synced ").append(ImportFigures.number(f.synced()))
                .append(" failed ").append(ImportFigures.number(f.failed()))
                .append(" skipped ").append(ImportFigures.number(f.skipped()))
                .append(" · ").append(ImportFigures.number(f.perMinute())).append("/min");
        if (i.status() == HistoricalImport.Status.PAUSED) {
            out.append(" · paused");
        } else if (!i.status().finished()) {
            ImportFigures.expectedEnd(i, now).ifPresent(at -> out.append(" · ends ~").append(clock(at, now)));
            if (i.progress().heldUntil() != null) {
                out.append(" · waiting for tomorrow's budget until ").append(clock(i.progress().heldUntil(), now));
            }
        }
        return out.toString();
    }

    /** "16:42" today (UTC), else "2026-03-03 00:00". */
    private static String clock(Instant at, Instant now) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC).equals(LocalDate.ofInstant(now, ZoneOffset.UTC)) ? HOUR.format(at)
                : DAY_HOUR.format(at);
    }

    static List<String> report(HistoricalImport.Report r) {
        var lines = new ArrayList<String>();
        if (r.mismatch() != null) {
            lines.add("FAILED: the count does not match the source's: " + r.mismatch());
        }
        lines.add("report: " + ImportFigures.number(r.synced()) + " synced; invoices counted by the source "
                + (r.expected() < 0 ? "not known" : ImportFigures.number(r.expected())) + ", read "
                + ImportFigures.number(r.invoicesRead()));
        new TreeMap<>(r.skipped()).forEach((reason, n) -> lines.add("  skipped " + ImportFigures.number(n) + "  " + reason));
        for (var item : r.failed()) {
            lines.add("  failed  " + item.type().singular() + " " + item.sourceId() + "  " + item.errorCode() + "  event "
                    + item.eventId());
        }
        return lines;
    }

    abstract static class Change extends OneImport {
        abstract HistoricalImports.Status to();

        abstract String done();

        @Override
        public Integer call() {
            try (var db = t.open()) {
                var imports = store(db);
                var before = find(imports);
                var after = imports.change(t.workspaceId(), before.id(), to(), TeamCommands.actor(), Instant.now())
                        .orElseThrow(() -> new Refused("The import is " + before.status().name().toLowerCase(java.util.Locale.ROOT)
                                + ": it cannot be " + done() + "."));
                audit(db, t, "import." + name(), before.id(), Character.toUpperCase(done().charAt(0)) + done().substring(1)
                        + " the import of " + before.from() + " to " + before.to(), Map.of("status", before.status().name()),
                        Map.of("status", after.status().name()));
                System.out.println("import " + before.id() + " " + done() + "; " + after.status());
            }
            return 0;
        }

        private String name() {
            return switch (to()) {
                case PAUSED -> "pause";
                case RUNNING -> "resume";
                case CANCELLED -> "cancel";
            };
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Pause an import: nothing more is read or synced until it is resumed; live syncs go on.")
    static final class Pause extends Change {
        HistoricalImports.Status to() {
            return HistoricalImports.Status.PAUSED;
        }

        String done() {
            return "paused";
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused import where it stopped.")
    static final class Resume extends Change {
        HistoricalImports.Status to() {
            return HistoricalImports.Status.RUNNING;
        }

        String done() {
            return "resumed";
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancel an import for good: its waiting syncs are skipped; what it synced stays in the destination.")
    static final class Cancel extends Change {
        HistoricalImports.Status to() {
            return HistoricalImports.Status.CANCELLED;
        }

        String done() {
            return "cancelled";
        }
    }
}
