package io.ledgerbridge.app.demo;

import static io.ledgerbridge.app.demo.DemoSandboxes.LEDGER;
import static io.ledgerbridge.app.demo.DemoSandboxes.LEDGER_TOKEN;
import static io.ledgerbridge.app.demo.DemoSandboxes.QUICKBOOKS_CLIENT_ID;
import static io.ledgerbridge.app.demo.DemoSandboxes.REALM_CANADA;
import static io.ledgerbridge.app.demo.DemoSandboxes.REALM_UK;
import static io.ledgerbridge.app.demo.DemoSandboxes.REALM_US;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerbridge.app.Service;
import io.ledgerbridge.connector.hubspot.HubSpotConnector;
import io.ledgerbridge.connector.quickbooks.QuickBooksConnector;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.connector.xero.XeroConnector;
import io.ledgerbridge.sandbox.xero.XeroSandbox;
import io.ledgerbridge.domain.record.Customer;
import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.InvoiceLine;
import io.ledgerbridge.domain.record.InvoiceStatus;
import io.ledgerbridge.domain.record.Payment;
import io.ledgerbridge.domain.record.Product;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.record.SourceRecord;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.domain.workspace.Route;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.connection.TokenSet;
import io.ledgerbridge.engine.intake.RecordIntake;
import io.ledgerbridge.sandbox.hubspot.crm.ObjectType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo workspace "Demo Company" and what every system holds when the demo starts. Ledgerbridge's side is made
 * through its own stores and the real intake; the sandboxes' side through their own APIs, as a person using those
 * systems would. Four flows:
 *
 * <ul>
 *   <li>your app (REST API) → the reference ledger, with product sync: the native source's errors;</li>
 *   <li>HubSpot → QuickBooks Online (Demo Company (US)), customers and invoices, through signed webhooks and the real
 *       connectors: QuickBooks' own errors;</li>
 *   <li>a Canada web shop → Demo Company (Canada), whose refresh token QuickBooks revoked ("Unable to refresh tokens");</li>
 *   <li>a UK web shop → Demo Company (UK), connected with tokens QuickBooks issued for another company ("Unauthorized");</li>
 *   <li>a web shop (REST API) → Xero: Demo Company (Global), with product sync: Xero's own errors (symbols in a product
 *       name, an overpayment, the period lock date, a duplicate contact name, an invoice paid in Xero);</li>
 *   <li>wholesale orders → Xero: Demo Company (Wholesale), whose day of API calls is used up ("Daily rate limit hit",
 *       the syncs wait until the day resets);</li>
 *   <li>an NZ web shop → Xero: Demo Company (NZ), whose refresh token Xero revoked ("Unable to refresh tokens");</li>
 *   <li>a routed flow, the group → satellite sync: Xero: Demo Company (Group), read through Xero's signed webhooks,
 *       into Demo Company (Sydney), (Melbourne) and (Brisbane), three flows routed on the invoice lines' tracking
 *       Region with the number prefixes SYD-, MEL-, BNE-: invoices land where their Region points, with their contact;
 *       one re-tagged is voided where it was and created where it points now; an untagged one fails as "No
 *       destination for this invoice"; Brisbane's used-up day holds only Brisbane's invoice.</li>
 * </ul>
 *
 * Which record shows which error of the catalogue is listed in docs/demo.md.
 */
public final class DemoWorkspace {

    private static final Logger log = LoggerFactory.getLogger(DemoWorkspace.class);
    public static final String WORKSPACE_NAME = "Demo Company";
    /** The item codes of the group's invoices, in the group's item list and in each satellite's. */
    static final String GROUP_SERVICE = "SVC-1";
    static final String GROUP_PART = "PART-7";

    public final WorkspaceId workspace;
    public final String apiKey;
    public final ConnectionId app;
    public final ConnectionId books;
    public final ConnectionId hub;
    public final ConnectionId quickbooks;
    public final ConnectionId canadaShop;
    public final ConnectionId canada;
    public final ConnectionId ukShop;
    public final ConnectionId uk;
    public final FlowId appToBooks;
    public final FlowId hubToQuickBooks;
    public final FlowId canadaShopToCanada;
    public final FlowId ukShopToUk;
    public final ConnectionId webShop;
    public final ConnectionId xeroGlobal;
    public final ConnectionId wholesaleShop;
    public final ConnectionId xeroWholesale;
    public final ConnectionId nzShop;
    public final ConnectionId xeroNz;
    public final FlowId webShopToXero;
    public final FlowId wholesaleToXero;
    public final FlowId nzShopToXero;
    /** The routed flow: the group (a Xero source through its signed webhooks) and its three satellites. */
    public final ConnectionId xeroGroup;
    public final ConnectionId xeroSydney;
    public final ConnectionId xeroMelbourne;
    public final ConnectionId xeroBrisbane;
    public final FlowId groupToSydney;
    public final FlowId groupToMelbourne;
    public final FlowId groupToBrisbane;
    /** The group's invoices by number → their InvoiceID in the group (the source id of their sync events). */
    public final Map<String, String> groupInvoices = new LinkedHashMap<>();
    /** The group's contacts by name → their ContactID. */
    final Map<String, String> groupContacts = new LinkedHashMap<>();
    /** The group connection's webhook key, as Xero's developer portal shows it for the app's subscription. */
    private final String webhookKey = "demo-group-" + UUID.randomUUID();
    /** HubSpot contacts and products by what the demo calls them (the SKU for products). */
    public final Map<String, String> contacts = new LinkedHashMap<>();
    public final Map<String, String> products = new LinkedHashMap<>();
    /** HubSpot invoices by number → their HubSpot id (the source id of their sync events). */
    public final Map<String, String> invoices = new LinkedHashMap<>();

    private final Service service;
    private final DemoSandboxes sandboxes;
    private final LocalDate today;
    /** The books of last year are closed in the reference ledger and in QuickBooks. */
    private final LocalDate closedThrough;
    /** Xero: Demo Company (Global)'s period lock date, the last day of last month. */
    final LocalDate xeroLockDate;

    private DemoWorkspace(Service service, DemoSandboxes sandboxes) {
        this.service = service;
        this.sandboxes = sandboxes;
        var lb = service.lb;
        var now = lb.clock.instant();
        this.today = LocalDate.now(lb.clock);
        this.closedThrough = LocalDate.of(today.getYear() - 1, 12, 31);
        this.xeroLockDate = today.withDayOfMonth(1).minusDays(1);
        var systems = sandboxes.systems();

        this.workspace = lb.workspaces.create(WORKSPACE_NAME, now);
        this.apiKey = lb.workspaces.createApiKey(workspace, "demo", now);

        this.app = lb.connections.create(workspace, "native", "Your app (REST API)", Map.of(), null, now);
        this.books = lb.connections.create(workspace, "reference", "Demo books (reference ledger)",
                Map.of("baseUrl", systems.reference().baseUrl(), "ledger", LEDGER, "timeoutMillis", "5000"),
                new TokenSet(LEDGER_TOKEN, null, null), now);
        this.appToBooks = lb.flows.create(workspace, app, books, FlowSettings.defaults()
                .withTaxMapping(Map.of("VAT20", "TAX-20")).withProductSync(true), now);

        var hubspot = sandboxes.hubspot;
        var hubTokens = hubspot.issueTokens(sandboxes.hubspotApp.appId(), sandboxes.portal);
        this.hub = lb.connections.create(workspace, HubSpotConnector.SYSTEM, "HubSpot: Demo portal", Map.of(
                        "baseUrl", systems.hubspot().baseUrl(), "tokenUrl", systems.hubspot().tokenUrl(),
                        "authorizeUrl", systems.hubspot().authorizeUrl(),
                        "appId", String.valueOf(sandboxes.hubspotApp.appId()), "portalId", String.valueOf(sandboxes.portal),
                        "timeoutMillis", "5000"),
                new TokenSet(hubTokens.accessToken(), hubTokens.refreshToken(), now.plusSeconds(hubTokens.expiresInSeconds())),
                now);
        this.quickbooks = quickBooksConnection("QuickBooks: Demo Company (US)", REALM_US, REALM_US);
        // QuickBooks' own item list is the bookkeeper's: products are not synced, a missing SKU is "SKU not found".
        this.hubToQuickBooks = lb.flows.create(workspace, hub, quickbooks, new FlowSettings(
                EnumSet.of(RecordType.CUSTOMER, RecordType.INVOICE),
                EnumSet.of(InvoiceStatus.OPEN, InvoiceStatus.PAID, InvoiceStatus.VOID), true,
                Map.of("CA-8", "2", "NY-4", "7"), false, null), now);

        this.canadaShop = lb.connections.create(workspace, "native", "Canada web shop (REST API)", Map.of(), null, now);
        this.canada = quickBooksConnection("QuickBooks: Demo Company (Canada)", REALM_CANADA, REALM_CANADA);
        this.canadaShopToCanada = lb.flows.create(workspace, canadaShop, canada, FlowSettings.defaults(), now);
        this.ukShop = lb.connections.create(workspace, "native", "UK web shop (REST API)", Map.of(), null, now);
        // Connected with the tokens of the US company: QuickBooks refuses them for the UK company's data.
        this.uk = quickBooksConnection("QuickBooks: Demo Company (UK)", REALM_UK, REALM_US);
        this.ukShopToUk = lb.flows.create(workspace, ukShop, uk, FlowSettings.defaults(), now);

        // Xero: items are the web shop's products (product sync on), so a name Xero refuses is the item's own error.
        this.webShop = lb.connections.create(workspace, "native", "Web shop (REST API)", Map.of(), null, now);
        this.xeroGlobal = xeroConnection("Xero: Demo Company (Global)", sandboxes.xeroGlobal);
        this.webShopToXero = lb.flows.create(workspace, webShop, xeroGlobal, FlowSettings.defaults().withProductSync(true),
                now);
        this.wholesaleShop = lb.connections.create(workspace, "native", "Wholesale orders (REST API)", Map.of(), null, now);
        this.xeroWholesale = xeroConnection("Xero: Demo Company (Wholesale)", sandboxes.xeroBusy);
        this.wholesaleToXero = lb.flows.create(workspace, wholesaleShop, xeroWholesale,
                FlowSettings.defaults().withProductSync(true), now);
        this.nzShop = lb.connections.create(workspace, "native", "NZ web shop (REST API)", Map.of(), null, now);
        this.xeroNz = xeroConnection("Xero: Demo Company (NZ)", sandboxes.xeroRevoked);
        this.nzShopToXero = lb.flows.create(workspace, nzShop, xeroNz, FlowSettings.defaults().withProductSync(true), now);

        // The group → satellite sync: one source, three destinations, each invoice where its tracking Region points.
        // The flows are made Sydney first: an invoice no satellite takes fails in the first one, with the fix. "First"
        // is the oldest by creation time, then by id: made in one instant, the first would be whichever id sorts first,
        // so each is made a millisecond after the one before.
        this.xeroGroup = xeroConnection("Xero: Demo Company (Group)", sandboxes.xeroGroup, Map.of("webhookKey", webhookKey));
        this.xeroSydney = xeroConnection("Xero: Demo Company (Sydney)", sandboxes.xeroSydney);
        this.xeroMelbourne = xeroConnection("Xero: Demo Company (Melbourne)", sandboxes.xeroMelbourne);
        this.xeroBrisbane = xeroConnection("Xero: Demo Company (Brisbane)", sandboxes.xeroBrisbane);
        var routed = FlowSettings.defaults().withTaxMapping(Map.of("OUTPUT", "OUTPUT"));
        this.groupToSydney = lb.flows.create(workspace, xeroGroup, xeroSydney,
                routed.withRoute(new Route(REGION, "Sydney", "SYD-")), now);
        this.groupToMelbourne = lb.flows.create(workspace, xeroGroup, xeroMelbourne,
                routed.withRoute(new Route(REGION, "Melbourne", "MEL-")), now.plusMillis(1));
        this.groupToBrisbane = lb.flows.create(workspace, xeroGroup, xeroBrisbane,
                routed.withRoute(new Route(REGION, "Brisbane", "BNE-")), now.plusMillis(2));
    }

    /** The field the group's invoices are routed on: the lines' tracking category Region. */
    static final String REGION = "tracking:Region";

    /** A Xero connection to the organisation {@code tenant}, with the tokens Xero issued for it to the demo's app. */
    private ConnectionId xeroConnection(String name, String tenant) {
        return xeroConnection(name, tenant, Map.of());
    }

    /** As above, with more settings (the group's {@code webhookKey}). */
    private ConnectionId xeroConnection(String name, String tenant, Map<String, String> more) {
        var lb = service.lb;
        var now = lb.clock.instant();
        var xero = sandboxes.xero;
        var tokens = xero.issueTokens(DemoSandboxes.XERO_CLIENT_ID, tenant);
        var settings = new LinkedHashMap<String, String>(Map.of(
                "baseUrl", xero.apiBase(), "tenantId", tenant, "tenantName", xero.organisation(tenant).name(),
                "tokenUrl", xero.tokenUrl(), "connectionsUrl", xero.connectionsUrl(),
                "authorizeUrl", xero.authorizeUrl(), "salesAccountCode", "200", "paymentAccountCode", "090",
                "timeoutMillis", "5000"));
        settings.putAll(more);
        return lb.connections.create(workspace, XeroConnector.SYSTEM, name, settings,
                new TokenSet(tokens.accessToken(), tokens.refreshToken(), tokens.accessExpiresAt()), now);
    }

    /** A QuickBooks connection to {@code realm} with tokens QuickBooks issued for {@code tokensOf}. */
    private ConnectionId quickBooksConnection(String name, String realm, String tokensOf) {
        var lb = service.lb;
        var now = lb.clock.instant();
        var systems = sandboxes.systems();
        var tokens = sandboxes.quickbooks.issueTokens(QUICKBOOKS_CLIENT_ID, tokensOf);
        return lb.connections.create(workspace, QuickBooksConnector.SYSTEM, name, Map.of(
                        "baseUrl", systems.quickbooks().baseUrl(), "realmId", realm,
                        "tokenUrl", systems.quickbooks().tokenUrl(), "authorizeUrl", systems.quickbooks().authorizeUrl(),
                        "timeoutMillis", "5000", "throttleWaitSeconds", "5"),
                new TokenSet(tokens.accessToken(), tokens.refreshToken(), now.plusSeconds(tokens.expiresIn())), now);
    }

    /**
     * Seeds the sandboxes and the workspace, and starts the records flowing: pushes to the native sources, and the
     * contacts, products and invoices made in HubSpot (which reach Ledgerbridge by signed webhooks).
     */
    public static DemoWorkspace seed(Service service, DemoSandboxes sandboxes) {
        var demo = new DemoWorkspace(service, sandboxes);
        demo.seedReferenceLedger();
        demo.seedQuickBooks();
        demo.seedXero();
        demo.pushFromYourApp();
        demo.pushFromTheShops();
        demo.pushFromTheXeroShops();
        sandboxes.hubspot.configureWebhooks(sandboxes.hubspotApp.appId(), service.url() + "/webhooks/" + demo.hub.value());
        demo.workInHubSpot();
        demo.subscribeXeroWebhooks();
        demo.workInTheGroup();
        return demo;
    }

    // ---- the books, before Ledgerbridge writes to them -------------------------------------------------------

    private void seedReferenceLedger() {
        var ledger = sandboxes.reference.createLedger(LEDGER, LEDGER_TOKEN);
        ledger.createItem("PROD-001", "Widget");
        ledger.createItem("PROD-002", "Gadget");
        ledger.closeBooksThrough(closedThrough);
        // An invoice typed into the books by hand, with a number the app will also use.
        var json = new ObjectMapper();
        var someone = ledger.apply(null, "create", "customer", null,
                json.createObjectNode().put("name", "Walk-in customer").put("email", "walkin@example.com"));
        var manual = json.createObjectNode().put("number", "INV-0999")
                .put("customerId", someone.body().get("id").asText()).put("date", today.toString());
        manual.putArray("lines").addObject().put("itemId", ledger.lookup("item", "sku", List.of("PROD-001")).get("PROD-001"))
                .put("quantity", "1").put("unitPrice", "99.00");
        ledger.apply(null, "create", "invoice", null, manual);
    }

    private void seedQuickBooks() {
        var qbo = sandboxes.quickbooks;
        String hour = qbo.createItem(REALM_US, "Consulting hour", "CONS-1", new BigDecimal("150"));
        qbo.createItem(REALM_US, "Starter kit", "KIT-9", new BigDecimal("12.50"));
        // A customer of the same name as a HubSpot contact, with another email: not the same customer.
        String alan = qbo.createCustomer(REALM_US, "Alan Turing", "alan.turing@bletchley.example");
        // An invoice typed in QuickBooks by hand, with a number HubSpot will also use.
        var manual = new ObjectMapper().createObjectNode().put("DocNumber", "INV-2007").put("TxnDate", today.toString());
        manual.putObject("CustomerRef").put("value", alan);
        var line = manual.putArray("Line").addObject().put("Amount", new BigDecimal("150.00"))
                .put("DetailType", "SalesItemLineDetail");
        var detail = line.putObject("SalesItemLineDetail").put("Qty", 1).put("UnitPrice", new BigDecimal("150"));
        detail.putObject("ItemRef").put("value", hour);
        qbo.create(REALM_US, "Invoice", manual);
        qbo.closeBooksThrough(REALM_US, closedThrough);
        // Someone disconnected Ledgerbridge in the Canada company: its tokens are dead.
        qbo.expireAccessTokens(REALM_CANADA);
        qbo.revokeRefreshTokens(REALM_CANADA);
    }

    private void seedXero() {
        var xero = sandboxes.xero;
        // A contact of the same name as a web shop customer, with another email: not the same customer.
        xero.createContact(sandboxes.xeroGlobal, "Riverside Bakery", "office@riverside-bakery.example");
        // The accountant locked last month: nothing can be dated on or before its last day.
        xero.setLockDates(sandboxes.xeroGlobal, xeroLockDate, null);
        // The wholesale organisation's 5,000 calls of the day are used up (by another app, say).
        xero.exhaustDay(sandboxes.xeroBusy);
        // Someone disconnected Ledgerbridge in the NZ organisation: its tokens are dead.
        xero.expireAccessTokens(sandboxes.xeroRevoked);
        xero.revokeRefreshTokens(sandboxes.xeroRevoked);

        // The group and its satellites sell the same items; the group's customers are its own (they follow their
        // invoices into the satellites).
        for (String org : List.of(sandboxes.xeroGroup, sandboxes.xeroSydney, sandboxes.xeroMelbourne,
                sandboxes.xeroBrisbane)) {
            xero.createItem(org, GROUP_SERVICE, "Service call", new BigDecimal("120.00"));
            xero.createItem(org, GROUP_PART, "Spare part", new BigDecimal("15.00"));
        }
        for (var c : List.of(List.of("Bondi Surf Club", "office@bondi-surf.example"),
                List.of("Fitzroy Coffee Roasters", "accounts@fitzroy-coffee.example"),
                List.of("Southbank Books", "orders@southbank-books.example"),
                List.of("Parramatta Plumbing", "admin@parramatta-plumbing.example"),
                List.of("Manly Ferries Cafe", "hello@manly-ferries.example"))) {
            groupContacts.put(c.get(0), xero.createContact(sandboxes.xeroGroup, c.get(0), c.get(1)));
        }
        // Brisbane's 5,000 calls of the day are used up: its invoices wait for the day to reset, the others sync.
        xero.exhaustDay(sandboxes.xeroBrisbane);
    }

    /**
     * Subscribes the Xero sandbox's webhooks (one subscription per app, as in Xero's developer portal; every
     * organisation's events, each connection reading only its own tenant's) to the group connection's endpoint on
     * the service's REST port, with the group connection's webhook key, and waits for Xero's intent to receive.
     */
    private void subscribeXeroWebhooks() {
        var xero = sandboxes.xero;
        xero.subscribeWebhooks(service.url() + "/webhooks/" + xeroGroup.value(), webhookKey);
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (xero.webhookStatus() == io.ledgerbridge.sandbox.xero.webhook.WebhookDispatcher.Status.PENDING
                && System.nanoTime() < end) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while Xero's intent to receive ran", e);
            }
        }
        if (xero.webhookStatus() != io.ledgerbridge.sandbox.xero.webhook.WebhookDispatcher.Status.OK) {
            log.warn("Xero's intent to receive did not pass ({}): the group's invoices reach Ledgerbridge only by the "
                    + "poll; deliveries {}", xero.webhookStatus(), xero.webhookDeliveries());
        }
    }

    // ---- the native sources ----------------------------------------------------------------------------------

    private void pushFromYourApp() {
        push(app, List.of(
                new Customer("c-amy", "Amy's Bird Sanctuary", "amy@example.com", "Amy's Bird Sanctuary", null, null),
                new Customer("c-bill", "Bill's Windsurf Shop", "bill@example.com", null, null, null),
                new Customer("c-cool", "Cool Cars", null, "Cool Cars", null, null),
                new Product("p-cable", "CBL-2", "Cable: 2 m", "Charging cable", new BigDecimal("9.00"), "USD", null)));
        push(app, List.of(
                invoice("INV-1001", "c-amy", today, "PROD-001", null),
                invoice("INV-1002", "c-amy", today, "PROD-404", null),
                invoice("INV-1003", "c-cool", today, "PROD-001", null),
                invoice("INV-1004", "c-bill", today, "PROD-002", "VAT5"),
                invoice("INV-1005", "c-bill", closedThrough.minusMonths(6), "PROD-001", null),
                invoice("INV-0999", "c-bill", today, "PROD-002", null),
                new Invoice("INV-1006", "INV-1006", InvoiceStatus.DRAFT, "c-amy", "USD", today, today.plusDays(30),
                        List.of(new InvoiceLine("PROD-001", "Widget", BigDecimal.ONE, new BigDecimal("25.00"), null)), null, null),
                invoice("INV-1007", "c-bill", today, "CBL-2", null)));
        push(app, List.of(
                new Payment("pay-1", "INV-1001", new BigDecimal("20.00"), "USD", today, "card", null),
                new Payment("pay-2", "INV-1001", new BigDecimal("500.00"), "USD", today, "transfer", null),
                new Payment("pay-3", "INV-1002", new BigDecimal("50.00"), "USD", today, "card", null)));
    }

    private void pushFromTheShops() {
        push(canadaShop, List.of(new Customer("c-maple", "Maple Leaf Supplies", "orders@maple.example", null, null, null)));
        push(canadaShop, List.of(invoice("CA-1001", "c-maple", today, "CONS-1", null)));
        push(ukShop, List.of(new Customer("c-thames", "Thames Tea Rooms", "accounts@thames.example", null, null, null)));
        push(ukShop, List.of(invoice("UK-1001", "c-thames", today, "CONS-1", null)));
    }

    private void pushFromTheXeroShops() {
        push(webShop, List.of(
                new Customer("c-harbour", "Harbour Lights Ltd", "accounts@harbour-lights.example", null, null, null),
                // Xero has another "Riverside Bakery" (another email): "Duplicate name".
                new Customer("c-riverside", "Riverside Bakery", "orders@riverside-bakery.example", null, null, null),
                new Product("p-towel", "TOWEL-1", "Tea towel", "Linen tea towel", new BigDecimal("8.00"), "GBP", null),
                // Xero refuses < and > in an item's name: "Please remove the incorrect symbols from the product name".
                new Product(GIFT_BOX, "GIFT-L", "Gift box <Large>", "Gift box, large", new BigDecimal("15.00"), "GBP", null)));
        push(webShop, List.of(
                xeroInvoice("WS-1001", "c-harbour", today, "TOWEL-1"),
                xeroInvoice("WS-1002", "c-harbour", today, "GIFT-L"),
                // Dated in last month, which the accountant locked in Xero: "Closed period".
                xeroInvoice("WS-1003", "c-harbour", xeroLockDate.minusDays(14), "TOWEL-1"),
                // Synced, then paid in Xero, then edited here (the story): "Invoice paid, cannot be updated".
                xeroInvoice("WS-1004", "c-harbour", today, "TOWEL-1"),
                // Its customer is the duplicate name: "Customer not synced".
                xeroInvoice("WS-1005", "c-riverside", today, "TOWEL-1")));
        // 50.00 on a 16.00 invoice: "Payment exceeds amount outstanding".
        push(webShop, List.of(new Payment("ws-pay-1", "WS-1001", new BigDecimal("50.00"), "GBP", today, "card", null)));

        push(wholesaleShop, List.of(new Customer("c-corner", "Corner Deli", "buying@corner-deli.example", null, null, null),
                new Product("p-towel", "TOWEL-1", "Tea towel", "Linen tea towel", new BigDecimal("6.00"), "GBP", null)));
        push(wholesaleShop, List.of(xeroInvoice("WH-1001", "c-corner", today, "TOWEL-1"),
                xeroInvoice("WH-1002", "c-corner", today, "TOWEL-1")));
        push(nzShop, List.of(new Customer("c-kiwi", "Kiwi Surf Co", "accounts@kiwisurf.example", null, null, null),
                new Product("p-towel", "TOWEL-1", "Tea towel", "Linen tea towel", new BigDecimal("12.00"), "NZD", null)));
        push(nzShop, List.of(new Invoice("NZ-1001", "NZ-1001", InvoiceStatus.OPEN, "c-kiwi", "NZD", today,
                today.plusDays(20), List.of(new InvoiceLine("TOWEL-1", "Tea towel", BigDecimal.ONE, new BigDecimal("12.00"),
                        null)), null, null)));
    }

    /** The web shop's product whose name Xero refuses; renamed at the source, it syncs. */
    static final String GIFT_BOX = "p-giftbox";

    static Invoice xeroInvoice(String id, String customer, LocalDate date, String sku) {
        return new Invoice(id, id, InvoiceStatus.OPEN, customer, "GBP", date, date.plusDays(30),
                List.of(new InvoiceLine(sku, "Line for " + sku, new BigDecimal("2"), new BigDecimal("8.00"), null)),
                null, null);
    }

    /** What the web shop pushes later (the demo's story, or someone fixing a record at the source). */
    void pushFromWebShop(SourceRecord record) {
        push(webShop, List.of(record));
    }

    /** What "Your app" pushes later (the demo's story). */
    void push(SourceRecord record) {
        push(app, List.of(record));
    }

    static Invoice invoice(String id, String customer, LocalDate date, String sku, String tax) {
        return new Invoice(id, id, InvoiceStatus.OPEN, customer, "USD", date, date.plusDays(30),
                List.of(new InvoiceLine(sku, "Line for " + sku, new BigDecimal("2"), new BigDecimal("25.00"), tax)),
                null, null);
    }

    private void push(ConnectionId source, List<? extends SourceRecord> records) {
        for (var r : records) {
            if (service.lb.intake.receive(source, r) instanceof RecordIntake.Result.Invalid invalid) {
                throw new IllegalStateException("demo record " + r.id() + " refused: " + invalid.problems());
            }
        }
    }

    // ---- HubSpot, as a sales team uses it --------------------------------------------------------------------

    private void workInHubSpot() {
        var hubspot = sandboxes.hubspot;
        long portal = sandboxes.portal;
        contacts.put("ada", hubspot.createContact(portal, "ada@example.com", "Ada", "Lovelace"));
        contacts.put("grace", hubspot.createContact(portal, "grace@example.com", "Grace", "Hopper"));
        // QuickBooks has another "Alan Turing" (another email): "Duplicate name".
        contacts.put("alan", hubspot.createContact(portal, "alan@example.com", "Alan", "Turing"));
        // QuickBooks refuses a colon in a name: "Invalid characters in name".
        contacts.put("charles", hubspot.createContact(portal, "charles@example.com", "Charles", "Babbage: Engines"));
        products.put("CONS-1", hubspot.createProduct(portal, "Consulting hour", "CONS-1", "150"));
        products.put("KIT-9", hubspot.createProduct(portal, "Starter kit", "KIT-9", "12.50"));
        // Sold in HubSpot, never created in QuickBooks: "SKU not found", the fix a newcomer walks through.
        products.put("GADGET-PRO", hubspot.createProduct(portal, "Gadget Pro", "GADGET-PRO", "99"));

        invoice("INV-2001", today, "ada", "CONS-1", null);
        invoice("INV-2002", today, "grace", "GADGET-PRO", null);
        invoice("INV-2003", today, "alan", "CONS-1", null);
        invoice("INV-2004", today, "charles", "KIT-9", null);
        // Mapped to tax code 7, which this QuickBooks company does not have: "Tax mismatch".
        invoice("INV-2005", today, "ada", "KIT-9", "NY-4");
        invoice("INV-2006", closedThrough.minusDays(16), "grace", "CONS-1", null);
        invoice("INV-2007", today, "ada", "CONS-1", null);
        invoice("INV-2008", today, "grace", "KIT-9", "CA-8");
        invoice("INV-2009", today, "ada", "CONS-1", null);
    }

    /**
     * An invoice as HubSpot's guide makes one: the invoice, its contact, then one line item of the product, quantity 2
     * (each association a change HubSpot tells webhooks about). @return its HubSpot id
     */
    String invoice(String number, LocalDate date, String contact, String sku, String taxRate) {
        var hubspot = sandboxes.hubspot;
        long portal = sandboxes.portal;
        String id = hubspot.createObject(portal, ObjectType.INVOICES, Map.of("hs_currency", "USD", "hs_number", number,
                "hs_invoice_status", "open", "hs_invoice_date", date.toString(), "hs_due_date", date.plusDays(30).toString()));
        hubspot.associate(portal, ObjectType.INVOICES, id, ObjectType.CONTACTS, contacts.get(contact));
        var line = new LinkedHashMap<String, String>(Map.of("hs_product_id", products.get(sku), "quantity", "2"));
        if (taxRate != null) {
            line.put("hs_tax_rate_group_id", taxRate);
        }
        String lineId = hubspot.createObject(portal, ObjectType.LINE_ITEMS, line);
        hubspot.associate(portal, ObjectType.INVOICES, id, ObjectType.LINE_ITEMS, lineId);
        invoices.put(number, id);
        return id;
    }

    // ---- Xero: Demo Company (Group), as its bookkeeper uses it ---------------------------------------------------

    private void workInTheGroup() {
        enterInGroup("G-1001", "Bondi Surf Club", GROUP_SERVICE, 1, "Sydney");
        enterInGroup("G-1002", "Fitzroy Coffee Roasters", GROUP_PART, 4, "Melbourne");
        // Brisbane's day of calls is used up: it waits there, with the time the day resets.
        enterInGroup("G-1003", "Southbank Books", GROUP_SERVICE, 2, "Brisbane");
        // No Region: no satellite takes it, "No destination for this invoice".
        enterInGroup("G-1004", "Parramatta Plumbing", GROUP_PART, 3, null);
        // Synced to Sydney, then re-tagged Melbourne (the story): voided in Sydney, created in Melbourne.
        enterInGroup("G-1005", "Manly Ferries Cafe", GROUP_SERVICE, 1, "Sydney");
    }

    private void enterInGroup(String number, String contact, String item, int quantity, String region) {
        groupInvoices.put(number, sandboxes.xero.enterInvoice(sandboxes.xeroGroup, XeroSandbox.salesInvoice(number,
                groupContacts.get(contact), today, groupLine(item, quantity, region))));
    }

    /** A line of the group's invoice: its item, tagged with the tracking category Region (null: untagged). */
    private static ObjectNode groupLine(String item, int quantity, String region) {
        boolean service = GROUP_SERVICE.equals(item);
        return XeroSandbox.salesLine(item, service ? "Service call" : "Spare part", quantity,
                new BigDecimal(service ? "120.00" : "15.00"), region == null ? null : "Region", region);
    }

    /** The group's bookkeeper re-tags an invoice's line with another Region (the story's re-tag of G-1005). */
    void retagInGroup(String number, String item, int quantity, String region) {
        var changes = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        changes.putArray("LineItems").add(groupLine(item, quantity, region));
        sandboxes.xero.editInvoice(sandboxes.xeroGroup, groupInvoices.get(number), changes);
    }

    LocalDate today() {
        return today;
    }
}
