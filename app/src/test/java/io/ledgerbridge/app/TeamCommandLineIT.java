package io.ledgerbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.app.cli.Main;
import io.ledgerbridge.store.db.Database;
import io.ledgerbridge.store.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A workspace set up and run from the command line alone, as an operator without the dashboard would. */
class TeamCommandLineIT {

    record Run(int code, String out, String err) {}

    private String url;
    private Database db;

    @BeforeEach
    void database() {
        url = TestDatabase.freshUrl();
        db = Database.external(url, "postgres", null, 4).migrate();
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static Run run(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new StringWriter();
        var original = System.out;
        System.setOut(new java.io.PrintStream(out, true));
        try {
            var cmd = new CommandLine(new Main());
            cmd.setErr(new PrintWriter(err, true));
            cmd.setExecutionExceptionHandler((e, c, parsed) -> {
                c.getErr().println(e.getMessage());
                return 1;
            });
            int code = cmd.execute(args);
            return new Run(code, out.toString(), err.toString());
        } finally {
            System.setOut(original);
        }
    }

    private Run ok(String... args) {
        var all = new ArrayList<>(List.of(args));
        all.add("--jdbc-url");
        all.add(url);
        var r = run(all.toArray(String[]::new));
        assertThat(r.code()).as("%s: %s %s", String.join(" ", args), r.out(), r.err()).isZero();
        return r;
    }

    private Run refused(String... args) {
        var all = new ArrayList<>(List.of(args));
        all.add("--jdbc-url");
        all.add(url);
        var r = run(all.toArray(String[]::new));
        assertThat(r.code()).as("%s: %s", String.join(" ", args), r.out()).isNotZero();
        return r;
    }

    private static String match(String text, String regex) {
        var m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("/%s/ in %s", regex, text).isTrue();
        return m.group(1);
    }

    @Test
    void every_command_answers_help_with_its_usage() {
        var soft = new SoftAssertions();
        var commands = new ArrayList<List<String>>();
        walk(new CommandLine(new Main()), new ArrayList<>(), commands);
        assertThat(commands).hasSizeGreaterThan(30);
        for (var path : commands) {
            var args = new ArrayList<>(path);
            args.add("--help");
            var r = run(args.toArray(String[]::new));
            soft.assertThat(r.code()).as("exit of %s --help: %s", String.join(" ", path), r.err()).isZero();
            soft.assertThat(r.out()).as("usage of %s", String.join(" ", path)).contains("Usage: ledgerbridge");
        }
        soft.assertAll();
    }

    private static void walk(CommandLine cmd, List<String> path, List<List<String>> out) {
        out.add(List.copyOf(path));
        for (var e : cmd.getSubcommands().entrySet()) {
            var next = new ArrayList<>(path);
            next.add(e.getKey());
            walk(e.getValue(), next, out);
        }
    }

    /** The command line in its own process, with the environment an operator's service has (the QuickBooks app). */
    private Run process(Map<String, String> env, String... args) throws Exception {
        String jvm = ProcessHandle.current().info().command().orElse("java");
        var command = new ArrayList<>(List.of(jvm, "--sun-misc-unsafe-memory-access=allow", "-cp",
                System.getProperty("java.class.path"), "io.ledgerbridge.app.cli.Main"));
        command.addAll(List.of(args));
        command.addAll(List.of("--jdbc-url", url));
        var pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        var p = pb.start();
        var out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        var err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out, err);
    }

    @Test
    void quickbooks_is_connected_from_the_command_line_through_a_consent_link_the_running_dashboard_answers() throws Exception {
        String ws = match(ok("workspace", "create", "--name", "Linked Co").out(), "workspace (\\S+)");
        assertThat(refused("connections", "connect", "-w", ws, "--system", "quickbooks", "--name", "Linked Books",
                "--no-wait").err()).contains("QuickBooks Online cannot be connected: no QuickBooks OAuth app is configured "
                + "(LEDGERBRIDGE_QUICKBOOKS_CLIENT_ID and _SECRET)");

        var r = process(Map.of("LEDGERBRIDGE_QUICKBOOKS_CLIENT_ID", "lb-linked", "LEDGERBRIDGE_QUICKBOOKS_CLIENT_SECRET", "s"),
                "connections", "connect", "-w", ws, "--system", "quickbooks", "--name", "Linked Books", "--no-wait",
                "--dashboard-url", "https://lb.linked.example");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Open this link in a browser, sign in to QuickBooks Online and choose the account");
        String link = match(r.out(), "(https://appcenter\\.intuit\\.com/connect/oauth2\\?\\S+)");
        assertThat(java.net.URLDecoder.decode(link, java.nio.charset.StandardCharsets.UTF_8)).contains("client_id=lb-linked")
                .contains("redirect_uri=https://lb.linked.example/oauth/callback").contains("response_type=code");
        String request = match(r.out(), "request (\\S+)");
        assertThat(ok("connections", "request", "-w", ws, request).out()).contains("WAITING  quickbooks  Linked Books");
        assertThat(refused("connections", "connect", "-w", ws, "--system", "native", "--name", "X", "--no-wait").err())
                .contains("native connects directly: use 'connections create --system native'");
        assertThat(ok("connections", "list", "-w", ws).out()).doesNotContain("Linked Books");
    }

    @Test
    void a_workspace_is_set_up_and_run_from_the_command_line_and_every_change_is_in_its_audit_log() {
        String ws = match(ok("workspace", "create", "--name", "Hooli").out(), "workspace (\\S+)");
        String app = match(ok("connections", "create", "-w", ws, "--system", "native", "--name", "Hooli app").out(),
                "connection (\\S+)");
        String books = match(ok("connections", "create", "-w", ws, "--system", "reference", "--name", "Hooli books").out(),
                "connection (\\S+)");
        assertThat(refused("connections", "create", "-w", ws, "--system", "xero", "--name", "X").err())
                .contains("through its consent page");
        assertThat(ok("connections", "list", "-w", ws).out()).contains("Hooli app").contains("Hooli books").contains("CONNECTED");

        assertThat(refused("flows", "create", "-w", ws, "--from", books, "--to", app).err())
                .contains("only receives records; it cannot be a source");
        String flow = match(ok("flows", "create", "-w", ws, "--from", app, "--to", books).out(), "flow (\\S+)");
        assertThat(ok("flows", "list", "-w", ws).out()).contains(flow + "  Hooli app → Hooli books  active  0 waiting");

        assertThat(ok("flows", "pause", "-w", ws, flow).out()).contains("paused");
        assertThat(ok("flows", "show", "-w", ws, flow).out()).contains("paused by command line (");
        assertThat(refused("flows", "pause", "-w", ws, flow).err()).contains("The flow is already paused.");
        assertThat(ok("flows", "resume", "-w", ws, flow).out()).contains("resumed");
        assertThat(refused("flows", "delete", "-w", ws, flow).err()).contains("0 syncs of flow " + flow + " are waiting")
                .contains("--yes");
        assertThat(ok("flows", "delete", "-w", ws, flow, "--yes").out()).contains("deleted");
        assertThat(ok("flows", "list", "-w", ws).out()).contains("No flow yet");

        String key = match(ok("keys", "create", "-w", ws, "--name", "Reports", "--read-only").out(), "api key (lb_\\S+)");
        String prefix = key.substring(0, 8);
        assertThat(ok("keys", "list", "-w", ws).out()).contains(prefix + "…").contains("Reports").contains("read-only");
        assertThat(ok("keys", "revoke", "-w", ws, prefix).out()).contains("revoked");
        assertThat(refused("keys", "revoke", "-w", ws, prefix).err()).contains("already revoked");

        ok("user", "create", "-w", ws, "--email", "owner@hooli.example", "--password", "correct horse battery");
        var invite = ok("people", "invite", "-w", ws, "--email", "dana@hooli.example", "--role", "viewer",
                "--dashboard-url", "https://books.hooli.example/").out();
        assertThat(invite).contains("invited dana@hooli.example as viewer").containsPattern("https://books\\.hooli\\.example/invite/[A-Za-z0-9_-]{20,}");
        ok("user", "create", "-w", ws, "--email", "sam@hooli.example", "--password", "correct horse battery", "--role", "admin");
        assertThat(ok("people", "role", "-w", ws, "--email", "sam@hooli.example", "--role", "viewer").out())
                .contains("sam@hooli.example is now viewer (was admin)");
        assertThat(refused("people", "role", "-w", ws, "--email", "owner@hooli.example", "--role", "admin").err())
                .contains("is the only owner");
        assertThat(ok("people", "remove", "-w", ws, "--email", "sam@hooli.example").out()).contains("Removed sam@hooli.example");
        assertThat(ok("people", "list", "-w", ws).out()).contains("owner@hooli.example").doesNotContain("sam@hooli.example");

        var audit = ok("audit", "-w", ws, "--limit", "100").out();
        assertThat(audit).contains("command line (");
        for (var action : List.of("connection.connect", "flow.create", "flow.pause", "flow.resume", "flow.delete", "key.create",
                "key.revoke", "person.create", "person.invite", "person.role", "person.remove")) {
            assertThat(audit).as("audit entry %s", action).contains(action);
        }
        assertThat(ok("audit", "-w", ws, "--action", "flow.").out().lines().filter(l -> l.contains("command line (")).toList())
                .as("flow entries").hasSize(4).allMatch(l -> l.contains(" flow."));
    }
}
