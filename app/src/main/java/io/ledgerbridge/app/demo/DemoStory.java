package io.ledgerbridge.app.demo;

import static io.ledgerbridge.app.demo.DemoSandboxes.LEDGER;
import static io.ledgerbridge.app.demo.DemoSandboxes.REALM_US;

import io.ledgerbridge.app.Ledgerbridge;
import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.domain.sync.WaitReason;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.ConnectionStatus;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.engine.events.AttemptView;
import io.ledgerbridge.engine.events.EventFilter;
import io.ledgerbridge.engine.events.EventView;
import io.ledgerbridge.sandbox.hubspot.crm.ObjectType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens in the systems after the demo starts, one step at a time: errors that need an earlier sync (a paid
 * invoice, a deleted one) and the transient errors, each made by a sandbox's fault switch or by what a person does in
 * a system, then waited for until Ledgerbridge shows it. Steps run one after another because a switch such as "throttle
 * the next call" acts on whichever call comes next; a step that does not settle in time is reported and the next one
 * runs anyway. Runs once, on its own thread.
 */
final class DemoStory {

    private static final Logger log = LoggerFactory.getLogger(DemoStory.class);
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(90);
    /** The reference ledger's answer to INV-1008 comes after the connection's timeout (5 s). */
    private static final Duration LATE_ANSWER = Duration.ofSeconds(8);

    /** How the story went: the steps that did not settle in time (empty when every error is on show). */
    record Result(List<String> problems) {
        boolean settled() {
            return problems.isEmpty();
        }
    }

    private final Ledgerbridge lb;
    private final DemoSandboxes sandboxes;
    private final DemoWorkspace demo;
    private final List<String> problems = new ArrayList<>();
    private final StoreFaults storeFaults;

    DemoStory(Ledgerbridge lb, DemoSandboxes sandboxes, DemoWorkspace demo, StoreFaults storeFaults) {
        this.storeFaults = storeFaults;
        this.lb = lb;
        this.sandboxes = sandboxes;
        this.demo = demo;
    }

    Result play() throws InterruptedException {
        var hub = demo.hubToQuickBooks;
        var qbo = sandboxes.quickbooks;
        var hubspot = sandboxes.hubspot;
        step("the first syncs finish", () -> {
        }, () -> synced(hub, hubspotId("INV-2001")) && synced(hub, hubspotId("INV-2008"))
                && synced(hub, hubspotId("INV-2009")) && synced(demo.appToBooks, "INV-1001")
                && synced(demo.webShopToXero, "WS-1001") && synced(demo.webShopToXero, "WS-1004")
                && met("G-1001 synced to Sydney", synced(demo.groupToSydney, group("G-1001")))
                && met("G-1002 synced to Melbourne", synced(demo.groupToMelbourne, group("G-1002")))
                && met("G-1005 synced to Sydney", synced(demo.groupToSydney, group("G-1005")))
                && met("G-1004 failed as NO_ROUTE in the routed flow's first flow (to Sydney)",
                        failed(demo.groupToSydney, group("G-1004"), ErrorCode.NO_ROUTE))
                && met("G-1003 waiting for Brisbane's day to reset", waitingForTheDay(demo.groupToBrisbane, group("G-1003")))
                && met("quiet for a second", quietForASecond()));

        step("INV-2008 is paid in QuickBooks, then edited in HubSpot: \"Invoice paid, cannot be updated\"", () -> {
            String invoice = newest(hub, hubspotId("INV-2008")).orElseThrow().destinationId();
            qbo.receivePayment(REALM_US, invoice, qbo.find(REALM_US, "Invoice", invoice).orElseThrow().path("TotalAmt").decimalValue());
            hubspot.updateObject(sandboxes.portal, ObjectType.INVOICES, hubspotId("INV-2008"), Map.of("hs_comments", "PO 7781"));
        }, () -> failed(hub, hubspotId("INV-2008"), ErrorCode.INVOICE_PAID));

        step("WS-1004 is paid in Xero, then edited at the web shop: \"Current invoice has been paid in Xero and cannot be "
                + "updated\"", () -> {
            String invoice = newest(demo.webShopToXero, "WS-1004").orElseThrow().destinationId();
            var xero = sandboxes.xero;
            var owed = xero.find(sandboxes.xeroGlobal, "Invoices", invoice).orElseThrow().path("AmountDue").decimalValue();
            xero.payInvoice(sandboxes.xeroGlobal, invoice, owed, "090");
            var paid = DemoWorkspace.xeroInvoice("WS-1004", "c-harbour", demo.today(), "TOWEL-1");
            demo.pushFromWebShop(new io.ledgerbridge.domain.record.Invoice(paid.id(), paid.number(), paid.status(),
                    paid.customerId(), paid.currency(), paid.issueDate(), paid.dueDate(), paid.lines(), "PO 4471", null));
        }, () -> failed(demo.webShopToXero, "WS-1004", ErrorCode.INVOICE_PAID));

        step("G-1005 is re-tagged from Sydney to Melbourne in Xero: Demo Company (Group): voided in Sydney, created in "
                + "Melbourne", () -> demo.retagInGroup("G-1005", DemoWorkspace.GROUP_SERVICE, 1, "Melbourne"),
                () -> met("G-1005 synced to Melbourne", synced(demo.groupToMelbourne, group("G-1005")))
                        && met("G-1005's second sync to Sydney done", synced(demo.groupToSydney, group("G-1005"))
                                && events(demo.groupToSydney, group("G-1005")) >= 2)
                        && met("SYD-G-1005 voided in Sydney", sandboxes.xero.invoices(sandboxes.xeroSydney).stream()
                                .anyMatch(i -> "SYD-G-1005".equals(i.path("InvoiceNumber").asText())
                                        && "VOIDED".equals(i.path("Status").asText()))));

        step("INV-2009 is deleted in QuickBooks, then edited in HubSpot: \"Destination error\"", () -> {
            qbo.delete(REALM_US, "Invoice", newest(hub, hubspotId("INV-2009")).orElseThrow().destinationId());
            hubspot.updateObject(sandboxes.portal, ObjectType.INVOICES, hubspotId("INV-2009"), Map.of("hs_comments", "Net 15"));
        }, () -> failed(hub, hubspotId("INV-2009"), ErrorCode.VENDOR_ERROR));

        step("a bookkeeper saves INV-2001 in QuickBooks while Ledgerbridge writes HubSpot's edit: \"Stale object\", retried",
                () -> {
                    qbo.concurrentEditNext(REALM_US, 1);
                    hubspot.updateObject(sandboxes.portal, ObjectType.INVOICES, hubspotId("INV-2001"),
                            Map.of("hs_comments", "Thank you for your business"));
                }, () -> syncedAfter(hub, hubspotId("INV-2001"), ErrorCode.STALE_OBJECT));

        step("QuickBooks throttles the next call (INV-2010): \"Rate limited\", retried when the limit resets", () -> {
            qbo.throttleNext(REALM_US, 1);
            demo.invoice("INV-2010", demo.today(), "ada", "CONS-1", null);
        }, () -> syncedAfter(hub, hubspotId("INV-2010"), ErrorCode.RATE_LIMITED));

        step("QuickBooks is down for one call (INV-2011): \"Temporarily unavailable\", retried with backoff", () -> {
            qbo.unavailableNext(REALM_US, 1);
            demo.invoice("INV-2011", demo.today(), "grace", "KIT-9", null);
        }, () -> syncedAfter(hub, hubspotId("INV-2011"), ErrorCode.TEMPORARILY_UNAVAILABLE));

        step("HubSpot's and QuickBooks' access tokens expire (INV-2012): refreshed at the sandboxes' token endpoints", () -> {
            hubspot.expireAccessTokens(sandboxes.portal);
            qbo.expireAccessTokens(REALM_US);
            demo.invoice("INV-2012", demo.today(), "ada", "KIT-9", null);
        }, () -> synced(hub, hubspotId("INV-2012")) && refreshed(demo.hub) && refreshed(demo.quickbooks));

        step("the reference ledger writes INV-1008 but answers too late: \"Timeout\", then found by its number", () -> {
            sandboxes.reference.stallAfterWriting(LEDGER, 1, LATE_ANSWER);
            demo.push(DemoWorkspace.invoice("INV-1008", "c-amy", demo.today(), "PROD-001", null));
        }, () -> syncedAfter(demo.appToBooks, "INV-1008", ErrorCode.TIMEOUT));

        step("Ledgerbridge's own mapping store does not answer one read (INV-1009): \"Could not get or create mapping\", "
                + "retried", () -> {
                    storeFaults.failMappingReads(demo.appToBooks, 1);
                    demo.push(DemoWorkspace.invoice("INV-1009", "c-bill", demo.today(), "PROD-002", null));
                }, () -> syncedAfter(demo.appToBooks, "INV-1009", ErrorCode.MAPPING_UNAVAILABLE));

        log.info("demo workspace={} settled={}{}", demo.workspace, problems.isEmpty(),
                problems.isEmpty() ? "" : " unsettled=" + problems);
        return new Result(List.copyOf(problems));
    }

    /** What the step's check last found missing (see {@link #met}), for the log of a step that did not settle. */
    private String waitingFor;

    /** {@code ok}; when not, remembers {@code what} as what the step still waits for. */
    private boolean met(String what, boolean ok) {
        if (!ok) {
            waitingFor = what;
        }
        return ok;
    }

    private void step(String what, Runnable action, BooleanSupplier done) throws InterruptedException {
        log.info("demo: {}", what);
        waitingFor = null;
        try {
            action.run();
        } catch (RuntimeException e) {
            problems.add(what + ": " + e);
            log.warn("demo step failed: {}", what, e);
            return;
        }
        long end = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                problems.add(what + ": not shown within " + STEP_TIMEOUT.toSeconds() + " s");
                log.warn("demo step did not settle within {} s: {}; waiting for: {}; still due: {}",
                        STEP_TIMEOUT.toSeconds(), what, waitingFor == null ? "(see the step)" : waitingFor, due());
                return;
            }
            Thread.sleep(100);
        }
    }

    private String hubspotId(String number) {
        String id = demo.invoices.get(number);
        if (id == null) {
            throw new IllegalStateException("no HubSpot invoice " + number + " in the demo");
        }
        return id;
    }

    /** The InvoiceID in Xero: Demo Company (Group) of the group's invoice {@code number}. */
    private String group(String number) {
        String id = demo.groupInvoices.get(number);
        if (id == null) {
            throw new IllegalStateException("no invoice " + number + " in the group");
        }
        return id;
    }

    private long events(FlowId flow, String sourceId) {
        return lb.events.ofRecord(demo.workspace, RecordType.INVOICE, sourceId).stream()
                .filter(e -> e.flowId().equals(flow.toString())).count();
    }

    /** The invoice's sync waits for the destination's day of calls to reset (Xero's daily limit), later than a step. */
    private boolean waitingForTheDay(FlowId flow, String sourceId) {
        var horizon = lb.clock.instant().plus(STEP_TIMEOUT);
        return newest(flow, sourceId).filter(e -> e.status() == SyncStatus.PENDING
                && e.waitReason() == WaitReason.RATE_LIMIT && e.nextAttemptAt() != null
                && e.nextAttemptAt().isAfter(horizon)).isPresent();
    }

    private Optional<EventView> newest(FlowId flow, String sourceId) {
        return lb.events.ofRecord(demo.workspace, RecordType.INVOICE, sourceId).stream()
                .filter(e -> e.flowId().equals(flow.toString())).findFirst();
    }

    private boolean synced(FlowId flow, String sourceId) {
        return newest(flow, sourceId).filter(e -> e.status() == SyncStatus.SUCCESS).isPresent();
    }

    private boolean refreshed(ConnectionId connection) {
        return lb.connections.find(connection).map(c -> c.tokenRefreshedAt() != null).orElse(false);
    }

    private boolean failed(FlowId flow, String sourceId, ErrorCode code) {
        return newest(flow, sourceId).filter(e -> e.status() == SyncStatus.FAILED && e.error() != null
                && e.error().code() == code).isPresent();
    }

    /** The record's newest event synced, and an attempt of one of its events failed with {@code code} on the way. */
    private boolean syncedAfter(FlowId flow, String sourceId, ErrorCode code) {
        return synced(flow, sourceId) && lb.events.ofRecord(demo.workspace, RecordType.INVOICE, sourceId).stream()
                .filter(e -> e.flowId().equals(flow.toString()))
                .flatMap(e -> lb.events.attempts(demo.workspace, e.id()).stream())
                .map(AttemptView::errorCode).anyMatch(code.name()::equals);
    }

    private long quietSince = -1;

    private boolean quietForASecond() {
        if (!quiet()) {
            quietSince = -1;
            return false;
        }
        if (quietSince < 0) {
            quietSince = System.nanoTime();
        }
        return System.nanoTime() - quietSince >= 1_000_000_000L;
    }

    /**
     * Nothing of the workspace is being written or due to be (see {@link #due()}), and HubSpot has delivered its
     * webhooks.
     */
    private boolean quiet() {
        return sandboxes.hubspot.awaitWebhooks(Duration.ofMillis(10)) && due().isEmpty();
    }

    /**
     * The events that are being written or will be while the story waits: every event Processing, and the Pending
     * ones except those waiting by design, which nothing in the story makes move: for another record, for a
     * connection that needs a reconnect (read from the connection too, not only from the wait reason), or for a time
     * after the longest a step waits (Xero: Demo Company (Wholesale)'s and (Brisbane)'s syncs wait for their day of
     * calls to reset, tomorrow). Described, for the log of a step that did not settle.
     */
    private List<String> due() {
        var filter = EventFilter.all().withLimit(1000);
        var paused = new java.util.HashMap<String, Boolean>();
        var horizon = lb.clock.instant().plus(STEP_TIMEOUT);
        var out = new ArrayList<String>();
        for (var status : List.of(SyncStatus.PROCESSING, SyncStatus.PENDING)) {
            for (var e : lb.events.list(demo.workspace, filter.withStatus(status))) {
                boolean waitingByDesign = status == SyncStatus.PENDING && (e.waitReason() == WaitReason.RECONNECT
                        || e.waitReason() == WaitReason.DEPENDENCY
                        || (e.nextAttemptAt() != null && e.nextAttemptAt().isAfter(horizon))
                        || paused.computeIfAbsent(e.flowId(), this::destinationNeedsReconnect));
                if (!waitingByDesign) {
                    out.add(e.type().singular() + " " + e.sourceId() + " " + e.status() + " " + e.waitReason()
                            + " next " + e.nextAttemptAt() + (e.error() == null ? "" : " " + e.error().code()));
                }
            }
        }
        return out;
    }

    private boolean destinationNeedsReconnect(String flow) {
        var destination = lb.flows.flow(FlowId.parse(flow)).destination();
        return lb.connections.find(destination).map(c -> c.status() == ConnectionStatus.NEEDS_RECONNECT).orElse(false);
    }
}
