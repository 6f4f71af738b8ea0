package io.ledgerbridge.app.demo;

import io.ledgerbridge.connector.Connector;
import io.ledgerbridge.connector.hubspot.HubSpotConnector;
import io.ledgerbridge.connector.quickbooks.QuickBooksConnector;
import io.ledgerbridge.connector.xero.XeroConnector;
import io.ledgerbridge.sandbox.hubspot.HubSpotSandbox;
import io.ledgerbridge.sandbox.hubspot.SandboxSettings;
import io.ledgerbridge.sandbox.hubspot.oauth.OAuthApp;
import io.ledgerbridge.sandbox.quickbooks.QuickBooksSandbox;
import io.ledgerbridge.sandbox.reference.ReferenceSandbox;
import io.ledgerbridge.sandbox.xero.XeroSandbox;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The demo's four sandboxes, started in this process: the reference ledger, a QuickBooks Online sandbox with three
 * companies (realms), a HubSpot sandbox with one portal and a Xero sandbox with seven organisations (three the web
 * shops sync into; a group and its three satellites for the routed flow), each knowing Ledgerbridge's OAuth app. What
 * each one holds
 * is seeded by {@link DemoWorkspace}.
 */
public final class DemoSandboxes implements AutoCloseable {

    /** Where the sandboxes listen; 0 picks a free port. */
    public record Ports(int reference, int quickbooks, int hubspot, int xero) {
        public static final Ports DEFAULT = new Ports(8091, 8092, 8093, 8094);

        /** Xero's on a free port. */
        public Ports(int reference, int quickbooks, int hubspot) {
            this(reference, quickbooks, hubspot, 0);
        }

        public Ports {
            for (int p : new int[] {reference, quickbooks, hubspot, xero}) {
                if (p < 0 || p > 65535) {
                    throw new IllegalArgumentException("a sandbox port must be from 0 to 65535, got " + p);
                }
            }
        }
    }

    public static final String LEDGER = "demo";
    public static final String LEDGER_TOKEN = "demo-token";
    public static final String QUICKBOOKS_CLIENT_ID = "ledgerbridge-demo";
    public static final String QUICKBOOKS_CLIENT_SECRET = "demo-secret";
    public static final String HUBSPOT_CLIENT_ID = "ledgerbridge-demo-client";
    public static final String HUBSPOT_CLIENT_SECRET = "ledgerbridge-demo-secret";
    /** The QuickBooks companies: the one HubSpot syncs into, and two whose connections need a reconnect. */
    public static final String REALM_US = "9341453050298126";
    public static final String REALM_CANADA = "9341453050298127";
    public static final String REALM_UK = "9341453050298128";
    public static final String XERO_CLIENT_ID = "ledgerbridge-demo-xero";
    public static final String XERO_CLIENT_SECRET = "demo-xero-secret";

    public final ReferenceSandbox reference;
    public final QuickBooksSandbox quickbooks;
    public final HubSpotSandbox hubspot;
    public final XeroSandbox xero;
    /**
     * The Xero organisations (tenant ids): the one the online store syncs into, one whose day of calls is used up, one
     * whose connection Xero revoked.
     */
    public final String xeroGlobal;
    public final String xeroBusy;
    public final String xeroRevoked;
    /**
     * The routed flow's organisations (AU, AUD): the group, the single source of truth whose invoices are entered by its
     * bookkeeper, and its three satellites, each receiving the invoices tagged with its region (Brisbane's day of calls
     * is used up).
     */
    public final String xeroGroup;
    public final String xeroSydney;
    public final String xeroMelbourne;
    public final String xeroBrisbane;
    /** The HubSpot portal (account) the demo workspace reads from. */
    public final long portal;
    /** Ledgerbridge's app in the HubSpot sandbox. */
    public final OAuthApp hubspotApp;
    private final DemoSystems systems;

    private DemoSandboxes(ReferenceSandbox reference, QuickBooksSandbox quickbooks, HubSpotSandbox hubspot,
            XeroSandbox xero) {
        this.reference = reference;
        this.quickbooks = quickbooks;
        this.hubspot = hubspot;
        this.xero = xero;
        this.xeroGlobal = xero.createOrganisation("Demo Company (Global)", "GB", "GBP");
        this.xeroBusy = xero.createOrganisation("Demo Company (Wholesale)", "GB", "GBP");
        this.xeroRevoked = xero.createOrganisation("Demo Company (NZ)", "NZ", "NZD");
        this.xeroGroup = xero.createOrganisation("Demo Company (Group)", "AU", "AUD");
        this.xeroSydney = xero.createOrganisation("Demo Company (Sydney)", "AU", "AUD");
        this.xeroMelbourne = xero.createOrganisation("Demo Company (Melbourne)", "AU", "AUD");
        this.xeroBrisbane = xero.createOrganisation("Demo Company (Brisbane)", "AU", "AUD");
        quickbooks.createRealm(REALM_US, "Demo Company (US)");
        quickbooks.createRealm(REALM_CANADA, "Demo Company (Canada)");
        quickbooks.createRealm(REALM_UK, "Demo Company (UK)");
        allowRedirects();
        this.portal = hubspot.createPortal("Demo portal");
        this.hubspotApp = hubspot.registerApp("Ledgerbridge", HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET, null);
        String qbo = quickbooks.baseUrl();
        String hs = hubspot.baseUrl();
        this.systems = new DemoSystems(
                new DemoSystems.Sandbox("reference", "Reference ledger", reference.baseUrl(),
                        reference.baseUrl() + "/_sandbox/console", null, null, null, null),
                new DemoSystems.Sandbox(QuickBooksConnector.SYSTEM, "QuickBooks Online sandbox", qbo,
                        qbo + "/_sandbox/console", qbo + "/connect/oauth2", qbo + "/oauth2/v1/tokens/bearer",
                        QUICKBOOKS_CLIENT_ID, QUICKBOOKS_CLIENT_SECRET),
                new DemoSystems.Sandbox(HubSpotConnector.SYSTEM, "HubSpot sandbox", hs, hs + "/_sandbox/console",
                        hs + "/oauth/authorize", hs + "/oauth/v1/token", HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET),
                new DemoSystems.Sandbox(XeroConnector.SYSTEM, "Xero sandbox", xero.apiBase(),
                        xero.baseUrl() + "/_sandbox/console", xero.authorizeUrl(), xero.tokenUrl(), XERO_CLIENT_ID,
                        XERO_CLIENT_SECRET));
    }

    /** Starts the four sandboxes; a port already in use stops the start with a sentence naming the option. */
    public static DemoSandboxes start(Ports ports) {
        var started = new ArrayList<AutoCloseable>();
        try {
            var reference = listening("reference ledger", ports.reference(), "--sandbox-port",
                    () -> ReferenceSandbox.start(ports.reference()));
            started.add(reference);
            var quickbooks = listening("QuickBooks", ports.quickbooks(), "--quickbooks-port",
                    () -> QuickBooksSandbox.start(ports.quickbooks()));
            started.add(quickbooks);
            var hubspot = listening("HubSpot", ports.hubspot(), "--hubspot-port",
                    () -> HubSpotSandbox.start(SandboxSettings.defaults().withPort(ports.hubspot())));
            started.add(hubspot);
            var xero = listening("Xero", ports.xero(), "--xero-port", () -> XeroSandbox.start(ports.xero()));
            started.add(xero);
            return new DemoSandboxes(reference, quickbooks, hubspot, xero);
        } catch (RuntimeException e) {
            for (var s : started.reversed()) {
                try {
                    s.close();
                } catch (Exception ignored) {
                    // the start failed already; that is the error to report
                }
            }
            throw e;
        }
    }

    private static <T> T listening(String what, int port, String option, Supplier<T> start) {
        try {
            return start.get();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the " + what + " sandbox could not listen on port " + port
                    + " (in use?); choose another with " + option + " (0 picks a free one)", e);
        }
    }

    public DemoSystems systems() {
        return systems;
    }

    /**
     * The QuickBooks and HubSpot connectors with the sandboxes' apps as their OAuth apps, so that token refreshes (and
     * HubSpot's webhook signatures) go to and come from the sandboxes.
     */
    public List<Connector> connectors(Clock clock) {
        return List.of(new QuickBooksConnector(clock, QUICKBOOKS_CLIENT_ID, QUICKBOOKS_CLIENT_SECRET),
                new HubSpotConnector(clock, HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET),
                new XeroConnector(clock, XERO_CLIENT_ID, XERO_CLIENT_SECRET));
    }

    /**
     * Registers Ledgerbridge's QuickBooks app with the redirect URIs it may use: the dashboard's OAuth callback, so that
     * a connection can be reconnected through the sandbox's consent page.
     */
    public void allowRedirects(String... redirectUris) {
        quickbooks.registerApp(io.ledgerbridge.sandbox.quickbooks.oauth.OAuthApp.of(QUICKBOOKS_CLIENT_ID,
                QUICKBOOKS_CLIENT_SECRET, redirectUris));
        // Xero's app takes one redirect URI in the sandbox: the dashboard's, as the browser names the host first.
        xero.registerApp(XERO_CLIENT_ID, XERO_CLIENT_SECRET, redirectUris.length == 0 ? null : redirectUris[0]);
    }

    @Override
    public void close() {
        xero.close();
        hubspot.close();
        quickbooks.close();
        reference.close();
    }
}
