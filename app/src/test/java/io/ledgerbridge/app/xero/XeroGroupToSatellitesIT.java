package io.ledgerbridge.app.xero;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.app.Await;
import io.ledgerbridge.app.Ledgerbridge;
import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.domain.sync.WaitReason;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.domain.workspace.Route;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.events.EventView;
import io.ledgerbridge.sandbox.xero.XeroSandbox;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The article's group → satellite sync (seeds 002): a Xero "group" organisation is the single source of truth, and
 * each of its invoices, with its contact, is copied into the satellite its tracking option names, as one routed flow
 * (two flows from the group, each routed on tracking Region, each with its number prefix). Invoices are entered in
 * the group as a person does in Xero; Xero's signed webhooks bring them to Ledgerbridge; the real connector writes the
 * satellites. Real HTTP both ways, real PostgreSQL, one node.
 */
class XeroGroupToSatellitesIT {

    private static final String WEBHOOK_KEY = "xero-group-key-" + UUID.randomUUID();
    private XeroWebhookHarness h;
    private XeroSandbox xero;
    private Ledgerbridge lb;
    private String group;
    private String sydney;
    private String melbourne;
    private WorkspaceId workspace;
    private FlowId toSydney;
    private FlowId toMelbourne;
    private String contact;

    @BeforeEach
    void start() {
        h = new XeroWebhookHarness();
        xero = h.xero;
        lb = h.lb;
        workspace = h.workspace;
        group = xero.createOrganisation("Acme Group", "AU", "AUD");
        sydney = xero.createOrganisation("Acme Sydney", "AU", "AUD");
        melbourne = xero.createOrganisation("Acme Melbourne", "AU", "AUD");
        for (String org : List.of(group, sydney, melbourne)) {
            xero.createItem(org, "W-1", "Widget", new BigDecimal("10.00"));
        }
        var groupConnection = h.connect("Xero: Acme Group", group, Map.of("webhookKey", WEBHOOK_KEY));
        var sydneyConnection = h.connect("Xero: Acme Sydney", sydney, Map.of());
        var melbourneConnection = h.connect("Xero: Acme Melbourne", melbourne, Map.of());
        var now = Instant.now();
        var settings = FlowSettings.defaults().withTaxMapping(Map.of("OUTPUT", "OUTPUT"));
        toSydney = lb.flows.create(workspace, groupConnection, sydneyConnection,
                settings.withRoute(new Route("tracking:Region", "Sydney", "SYD-")), now);
        toMelbourne = lb.flows.create(workspace, groupConnection, melbourneConnection,
                settings.withRoute(new Route("tracking:Region", "Melbourne", "MEL-")), now);
        lb.start();
        h.subscribe(groupConnection, WEBHOOK_KEY);
        contact = xero.createContact(group, "Bondi Surf Club", "office@bondi.example");
    }

    @AfterEach
    void stop() {
        h.close();
    }

    // ---- the group's bookkeeper, in Xero ---------------------------------------------------------------------------

    private static ObjectNode line(int quantity, String region) {
        return XeroSandbox.salesLine("W-1", "Widget", quantity, new BigDecimal("10.00"), region == null ? null : "Region",
                region);
    }

    private String enter(String number, String region) {
        return xero.enterInvoice(group, XeroSandbox.salesInvoice(number, contact, XeroHarness.DATE, line(1, region)));
    }

    private void edit(String invoiceId, int quantity, String region) {
        var changes = JsonNodeFactory.instance.objectNode();
        changes.putArray("LineItems").add(line(quantity, region));
        xero.editInvoice(group, invoiceId, changes);
    }

    // ---- what Ledgerbridge and the satellites show -------------------------------------------------------------

    private EventView latest(FlowId flow, String invoiceId) {
        return lb.events.ofRecord(workspace, RecordType.INVOICE, invoiceId).stream()
                .filter(e -> e.flowId().equals(flow.value().toString())).findFirst().orElse(null);
    }

    private EventView await(FlowId flow, String invoiceId, SyncStatus status, long version) {
        Await.until(() -> {
            var e = latest(flow, invoiceId);
            return e != null && e.status() == status && lb.events.ofRecord(workspace, RecordType.INVOICE, invoiceId)
                    .stream().filter(x -> x.flowId().equals(flow.value().toString())).count() >= version;
        }, Duration.ofSeconds(30), () -> invoiceId + " to be " + status + " in flow " + flow + ": "
                + lb.events.ofRecord(workspace, RecordType.INVOICE, invoiceId));
        return latest(flow, invoiceId);
    }

    private List<ObjectNode> numbered(String org, String number) {
        return xero.invoices(org).stream().filter(i -> number.equals(i.path("InvoiceNumber").asText())).toList();
    }

    @Test
    void each_invoice_lands_once_in_the_satellite_its_tracking_option_names_with_its_contact_and_an_edit_follows() {
        String g1 = enter("G-1001", "Sydney");
        String g2 = enter("G-1002", "Melbourne");

        await(toSydney, g1, SyncStatus.SUCCESS, 1);
        await(toMelbourne, g2, SyncStatus.SUCCESS, 1);
        assertThat(numbered(sydney, "SYD-G-1001")).singleElement().satisfies(i -> {
            assertThat(i.path("Contact").path("Name").asText()).isEqualTo("Bondi Surf Club");
            assertThat(i.path("SubTotal").decimalValue()).isEqualByComparingTo("10.00");
        });
        assertThat(numbered(melbourne, "MEL-G-1002")).hasSize(1);
        assertThat(xero.invoices(sydney)).hasSize(1);
        assertThat(xero.invoices(melbourne)).hasSize(1);
        assertThat(latest(toMelbourne, g1)).as("no event for G-1001 in Melbourne's flow").isNull();
        assertThat(xero.contacts(sydney)).extracting(c -> c.path("Name").asText()).containsOnlyOnce("Bondi Surf Club");
        assertThat(xero.contacts(melbourne)).extracting(c -> c.path("Name").asText()).containsOnlyOnce("Bondi Surf Club");

        edit(g1, 4, "Sydney"); // the group wins: its edit overwrites the satellite's copy
        Await.until(() -> numbered(sydney, "SYD-G-1001").getFirst().path("SubTotal").decimalValue()
                .compareTo(new BigDecimal("40.00")) == 0, Duration.ofSeconds(30), () -> "Sydney's copy to be 40.00: "
                + numbered(sydney, "SYD-G-1001"));
        assertThat(numbered(sydney, "SYD-G-1001")).hasSize(1);
    }

    @Test
    void a_retagged_invoice_is_voided_in_the_old_satellite_and_exists_once_in_the_new_one() {
        String g3 = enter("G-1003", "Sydney");
        await(toSydney, g3, SyncStatus.SUCCESS, 1);

        edit(g3, 1, "Melbourne");

        await(toMelbourne, g3, SyncStatus.SUCCESS, 1);
        await(toSydney, g3, SyncStatus.SUCCESS, 2);
        assertThat(numbered(sydney, "SYD-G-1003")).singleElement()
                .satisfies(i -> assertThat(i.path("Status").asText()).isEqualTo("VOIDED"));
        assertThat(numbered(melbourne, "MEL-G-1003")).singleElement()
                .satisfies(i -> assertThat(i.path("Status").asText()).isEqualTo("AUTHORISED"));
    }

    @Test
    void an_invoice_with_no_option_a_satellite_takes_fails_naming_the_option_and_the_fix_then_tagging_it_syncs() {
        String g4 = enter("G-1004", null);

        // One event, in one of the two flows (the routed flow's first destination), fails with the fix
        Await.until(() -> lb.events.ofRecord(workspace, RecordType.INVOICE, g4).stream()
                .anyMatch(e -> e.status() == SyncStatus.FAILED), Duration.ofSeconds(30),
                () -> "G-1004 to fail: " + lb.events.ofRecord(workspace, RecordType.INVOICE, g4));
        assertThat(lb.events.ofRecord(workspace, RecordType.INVOICE, g4)).hasSize(1);
        var failed = lb.events.ofRecord(workspace, RecordType.INVOICE, g4).getFirst();
        assertThat(failed.error().code()).isEqualTo(ErrorCode.NO_ROUTE);
        var shown = failed.error().with("destination", "Xero").with("source", "Xero: Acme Group");
        assertThat(shown.title()).isEqualTo("No destination for this invoice");
        assertThat(shown.message()).startsWith("Invoice G-1004: its tracking Region is not set, and none of this routed "
                + "flow's destinations takes it (they take ").contains("\"Sydney\"").contains("\"Melbourne\"");
        assertThat(shown.fix()).startsWith("Set tracking Region on the invoice in");
        assertThat(xero.invoices(sydney)).isEmpty();
        assertThat(xero.invoices(melbourne)).isEmpty();

        edit(g4, 1, "Melbourne");
        await(toMelbourne, g4, SyncStatus.SUCCESS, 1);
        assertThat(numbered(melbourne, "MEL-G-1004")).hasSize(1);
        assertThat(xero.invoices(sydney)).isEmpty();
    }

    @Test
    void a_satellite_at_its_daily_limit_holds_only_its_own_invoices() {
        xero.exhaustDay(melbourne);
        String toMel = enter("G-1005", "Melbourne");
        String toSyd = enter("G-1006", "Sydney");

        await(toSydney, toSyd, SyncStatus.SUCCESS, 1);
        Await.until(() -> {
            var e = latest(toMelbourne, toMel);
            return e != null && e.status() == SyncStatus.PENDING && e.waitReason() == WaitReason.RATE_LIMIT;
        }, Duration.ofSeconds(30), () -> "Melbourne's invoice to wait for the day: " + latest(toMelbourne, toMel));
        var held = latest(toMelbourne, toMel);
        assertThat(held.error().vendorMessage()).startsWith("Daily rate limit hit");
        assertThat(held.nextAttemptAt()).isAfter(Instant.now().plus(Duration.ofHours(23)));
        assertThat(lb.events.countsByStatus(workspace)).containsEntry("FAILED", 0L);
        assertThat(numbered(sydney, "SYD-G-1006")).hasSize(1);
        assertThat(xero.invoices(melbourne)).isEmpty();
    }
}
