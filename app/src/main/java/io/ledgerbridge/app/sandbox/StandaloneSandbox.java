package io.ledgerbridge.app.sandbox;

import io.ledgerbridge.sandbox.hubspot.HubSpotSandbox;
import io.ledgerbridge.sandbox.hubspot.SandboxSettings;
import io.ledgerbridge.sandbox.quickbooks.QuickBooksSandbox;
import io.ledgerbridge.sandbox.quickbooks.oauth.OAuthApp;
import io.ledgerbridge.sandbox.quickbooks.oauth.TokenLifetimes;
import io.ledgerbridge.sandbox.reference.ReferenceSandbox;
import io.ledgerbridge.sandbox.xero.XeroSandbox;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Map.Entry;
import java.util.stream.Collectors;

/**
 * One sandbox started on its own, for anyone who wants to point an official SDK or their own client at it
 * ({@code ./lb sandbox xero --port 9094}). It holds a little seed data (one company, organisation or portal with a
 * customer and a product), and its credentials are printed as one line of {@code VAR=value} pairs that a shell can
 * {@code eval}. Tokens issued this way live a day, long enough for a test run; everything else (limits, errors,
 * fault switches, the console page) behaves as in the tests and the demo.
 */
public final class StandaloneSandbox implements AutoCloseable {

    /** The sandboxes that can be started alone, by the name the command line takes. */
    public static final List<String> NAMES = List.of("xero", "quickbooks", "hubspot", "reference");

    /** How long printed tokens live: a day, so that a test run never meets an expired one. */
    static final Duration TOKEN_LIFETIME = Duration.ofDays(1);

    /** Demo identities, the same as the demo's so that a reader recognises them. */
    static final String QBO_REALM = "9341453050298126";
    static final String CLIENT_ID = "ledgerbridge-standalone";
    static final String CLIENT_SECRET = "standalone-secret";

    private final AutoCloseable server;
    private final Map<String, String> variables;
    private final String consoleUrl;

    private StandaloneSandbox(AutoCloseable server, Map<String, String> variables, String consoleUrl) {
        this.server = server;
        this.variables = variables;
        this.consoleUrl = consoleUrl;
    }

    /**
     * Starts the sandbox called {@code name} on {@code port} (0 picks a free one) and seeds it.
     *
     * @throws IllegalArgumentException for a name that is not a sandbox, naming the ones there are
     */
    public static StandaloneSandbox start(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be from 0 to 65535, got " + port);
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "xero" -> xero(port);
            case "quickbooks", "qbo" -> quickbooks(port);
            case "hubspot" -> hubspot(port);
            case "reference" -> reference(port);
            default -> throw new IllegalArgumentException("no sandbox called '" + name + "'; there are: "
                    + String.join(", ", NAMES));
        };
    }

    /** Xero: one organisation (GB, GBP) with a contact and an item; API_FACTS B.1 names the variables' parts. */
    private static StandaloneSandbox xero(int port) {
        var sandbox = XeroSandbox.builder().port(port).accessTokenLifetime(TOKEN_LIFETIME).start();
        try {
            String tenant = sandbox.createOrganisation("Demo Company (Global)", "GB", "GBP");
            sandbox.registerApp(CLIENT_ID, CLIENT_SECRET, "http://localhost/callback");
            sandbox.createContact(tenant, "Ridgeway University", "accounts@ridgeway.example");
            sandbox.createItem(tenant, "WIDGET-01", "Widget", new BigDecimal("25.00"));
            var tokens = sandbox.issueTokens(CLIENT_ID, tenant);
            var vars = new LinkedHashMap<String, String>();
            vars.put("XERO_BASE", sandbox.apiBase());
            vars.put("XERO_TENANT", tenant);
            vars.put("XERO_TOKEN", tokens.accessToken());
            vars.put("XERO_SALES_ACCOUNT", "200");
            vars.put("XERO_BANK_ACCOUNT", "090");
            vars.put("XERO_REFRESH_TOKEN", tokens.refreshToken());
            vars.put("XERO_CLIENT_ID", CLIENT_ID);
            vars.put("XERO_CLIENT_SECRET", CLIENT_SECRET);
            vars.put("XERO_TOKEN_URL", sandbox.tokenUrl());
            return new StandaloneSandbox(sandbox, vars, sandbox.baseUrl() + "/_sandbox/console");
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
    }

    /** QuickBooks Online: one company with a customer and a product; QBO_BASE is the address before /v3/company. */
    private static StandaloneSandbox quickbooks(int port) {
        var sandbox = QuickBooksSandbox.builder().port(port)
                .tokenLifetimes(new TokenLifetimes(TOKEN_LIFETIME, Duration.ofDays(100), Duration.ofMinutes(5)))
                .start();
        try {
            sandbox.createRealm(QBO_REALM, "Sandbox Company US 1");
            sandbox.registerApp(OAuthApp.of(CLIENT_ID, CLIENT_SECRET, "http://localhost/callback"));
            sandbox.createCustomer(QBO_REALM, "Ridgeway University", "accounts@ridgeway.example");
            sandbox.createItem(QBO_REALM, "Widget", "WIDGET-01", new BigDecimal("25.00"));
            var tokens = sandbox.issueTokens(CLIENT_ID, QBO_REALM);
            var vars = new LinkedHashMap<String, String>();
            vars.put("QBO_BASE", sandbox.baseUrl());
            vars.put("QBO_REALM", QBO_REALM);
            vars.put("QBO_TOKEN", tokens.accessToken());
            vars.put("QBO_REFRESH_TOKEN", tokens.refreshToken());
            vars.put("QBO_CLIENT_ID", CLIENT_ID);
            vars.put("QBO_CLIENT_SECRET", CLIENT_SECRET);
            return new StandaloneSandbox(sandbox, vars, sandbox.baseUrl() + "/_sandbox/console");
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
    }

    /** HubSpot: one portal with a contact and a product, and a private app token; HS_BASE is the address before /crm. */
    private static StandaloneSandbox hubspot(int port) {
        var sandbox = HubSpotSandbox.start(SandboxSettings.defaults().withPort(port));
        try {
            long portal = sandbox.createPortal("Sandbox portal");
            sandbox.createContact(portal, "accounts@ridgeway.example", "Ridgeway", "University");
            sandbox.createProduct(portal, "Widget", "WIDGET-01", "25.00");
            String token = sandbox.createPrivateAppToken(portal);
            var vars = new LinkedHashMap<String, String>();
            vars.put("HS_BASE", sandbox.baseUrl());
            vars.put("HS_TOKEN", token);
            vars.put("HS_PORTAL", Long.toString(portal));
            return new StandaloneSandbox(sandbox, vars, sandbox.baseUrl() + "/_sandbox/console");
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
    }

    /** The reference ledger: one ledger with a bearer token. */
    private static StandaloneSandbox reference(int port) {
        var sandbox = ReferenceSandbox.start(port);
        try {
            sandbox.createLedger("demo", "demo-token");
            var vars = new LinkedHashMap<String, String>();
            vars.put("LEDGER_BASE", sandbox.baseUrl());
            vars.put("LEDGER_ID", "demo");
            vars.put("LEDGER_TOKEN", "demo-token");
            return new StandaloneSandbox(sandbox, vars, sandbox.baseUrl() + "/_sandbox/console");
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
    }

    /** The variables, in the order printed. */
    public Map<String, String> variables() {
        return variables;
    }

    public String consoleUrl() {
        return consoleUrl;
    }

    /**
     * One line of {@code VAR=value} pairs for a shell's {@code eval}. Values are single-quoted when they hold anything
     * but URL-safe characters, so that no value can run as a command.
     */
    public String envLine() {
        return variables.entrySet().stream().map(StandaloneSandbox::pair).collect(Collectors.joining(" "));
    }

    private static String pair(Entry<String, String> e) {
        String v = e.getValue();
        boolean plain = v.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_.:/@%+=,".indexOf(c) >= 0);
        return e.getKey() + "=" + (plain ? v : "'" + v.replace("'", "'\\''") + "'");
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
