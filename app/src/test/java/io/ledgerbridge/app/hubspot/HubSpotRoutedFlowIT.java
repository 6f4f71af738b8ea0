package io.ledgerbridge.app.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.app.QuickBooksCompanies;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.domain.workspace.Route;
import io.ledgerbridge.sandbox.hubspot.HubSpotSandbox;
import io.ledgerbridge.sandbox.hubspot.crm.ObjectType;
import io.ledgerbridge.sandbox.quickbooks.QuickBooksSandbox;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A routed flow from HubSpot: invoices carry a custom property {@code region} (the connection reads it,
 * {@code routeProperties=region}), and go to one of two QuickBooks companies by it, through HubSpot's signed webhooks
 * and the real connectors.
 */
class HubSpotRoutedFlowIT {

    private static HubSpotSandbox hubspot;
    private static QuickBooksSandbox qbo;
    private HubSpotHarness h;
    private String westRealm;
    private FlowId east;
    private FlowId west;

    @BeforeAll
    static void startSandboxes() {
        hubspot = HubSpotSandbox.start();
        qbo = QuickBooksSandbox.start(0);
    }

    @AfterAll
    static void stopSandboxes() {
        hubspot.close();
        qbo.close();
    }

    @BeforeEach
    void twoCompanies() {
        h = new HubSpotHarness(hubspot, qbo, true, Duration.ofMillis(100), Map.of("routeProperties", "region"));
        hubspot.defineProperty(h.portal, ObjectType.INVOICES, "region");
        var westBooks = QuickBooksCompanies.connect(h.lb, h.workspace, qbo, HubSpotHarness.QB_CLIENT_ID, "Acme West");
        westRealm = westBooks.realm();
        var settings = FlowSettings.defaults().withProductSync(true);
        east = h.flow(h.hub, h.books, settings.withRoute(new Route("property:region", "East", "E-")));
        west = h.lb.flows.create(h.workspace, h.hub, westBooks.connection(),
                settings.withRoute(new Route("property:region", "West", "W-")), Instant.now());
        h.start();
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void a_hubspot_invoice_goes_to_the_company_its_region_property_names_and_a_change_of_region_moves_it() {
        String product = h.product("Hour", "CONS-1", "150");
        String invoice = h.invoice("INV-7001", "open", h.contact("zoe@example.com", "Zoe", "Ng"), product);
        hubspot.updateObject(h.portal, ObjectType.INVOICES, invoice, Map.of("region", "West"));

        h.await(west, RecordType.INVOICE, invoice, SyncStatus.SUCCESS, Duration.ofSeconds(30));
        assertThat(qbo.invoices(westRealm)).singleElement()
                .satisfies(i -> assertThat(i.path("DocNumber").asText()).isEqualTo("W-INV-7001"));
        assertThat(qbo.invoices(h.realm)).isEmpty();
        assertThat(qbo.list(westRealm, "Customer")).hasSize(1);

        hubspot.updateObject(h.portal, ObjectType.INVOICES, invoice, Map.of("region", "East"));

        h.await(east, RecordType.INVOICE, invoice, SyncStatus.SUCCESS, Duration.ofSeconds(30));
        assertThat(qbo.invoices(h.realm)).singleElement()
                .satisfies(i -> assertThat(i.path("DocNumber").asText()).isEqualTo("E-INV-7001"));
        h.awaitTrue(() -> qbo.invoices(westRealm).getFirst().path("TotalAmt").decimalValue().signum() == 0,
                Duration.ofSeconds(30), () -> "the West copy to be voided: " + qbo.invoices(westRealm));
        assertThat(qbo.invoices(westRealm).getFirst().path("PrivateNote").asText()).startsWith("Voided");
    }
}
