package io.ledgerbridge.app.xero;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.app.Await;
import io.ledgerbridge.app.Ledgerbridge;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.domain.workspace.Route;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.history.HistoricalImport;
import io.ledgerbridge.engine.history.ImportPlanner;
import io.ledgerbridge.sandbox.xero.XeroSandbox;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Xero organisation as the source of a historical import (the group → satellite article's first sync): the group's
 * invoices of a past year, entered before Ledgerbridge was connected, are read by date in pages through
 * {@code XeroHistory} and land once each in the satellite their tracking option routes them to.
 */
class XeroGroupImportIT {

    private XeroWebhookHarness h;
    private XeroSandbox xero;
    private Ledgerbridge lb;
    private WorkspaceId workspace;
    private String group;
    private String sydney;
    private String melbourne;
    private FlowId toSydney;
    private FlowId toMelbourne;

    @BeforeEach
    void groupWithAPast() {
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
        String contact = xero.createContact(group, "Bondi Surf Club", "office@bondi.example");
        // Last year's invoices, entered before Ledgerbridge was connected: no webhook brings them.
        for (int i = 1; i <= 150; i++) {
            String region = i % 3 == 0 ? "Melbourne" : "Sydney";
            xero.enterInvoice(group, XeroSandbox.salesInvoice(String.format("G-%04d", i), contact,
                    LocalDate.of(2025, 1 + i % 12, 1 + i % 28), line(region)));
        }
        xero.enterInvoice(group, XeroSandbox.salesInvoice("G-OLDER", contact, LocalDate.of(2024, 12, 31), line("Sydney")));
        var groupConnection = h.connect("Xero: Acme Group", group, Map.of());
        var sydneyConnection = h.connect("Xero: Acme Sydney", sydney, Map.of());
        var melbourneConnection = h.connect("Xero: Acme Melbourne", melbourne, Map.of());
        var now = Instant.now();
        var settings = FlowSettings.defaults().withTaxMapping(Map.of("OUTPUT", "OUTPUT"));
        toSydney = lb.flows.create(workspace, groupConnection, sydneyConnection,
                settings.withRoute(new Route("tracking:Region", "Sydney", "SYD-")), now);
        toMelbourne = lb.flows.create(workspace, groupConnection, melbourneConnection,
                settings.withRoute(new Route("tracking:Region", "Melbourne", "MEL-")), now);
        lb.start();
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode line(String region) {
        return XeroSandbox.salesLine("W-1", "Widget", 1, new BigDecimal("10.00"), "Region", region);
    }

    @Test
    void importing_a_past_year_of_the_group_puts_each_invoice_once_in_the_satellite_it_is_routed_to() {
        var year = new ImportPlanner.Request(toSydney, LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31), null, null);
        assertThat(lb.importPlanner.plan(workspace, year).estimate().invoices()).isEqualTo(150);

        var intoSydney = lb.importPlanner.start(workspace, year, "it@example.com");
        var intoMelbourne = lb.importPlanner.start(workspace, new ImportPlanner.Request(toMelbourne, LocalDate.of(2025, 1, 1),
                LocalDate.of(2025, 12, 31), null, null), "it@example.com");
        for (var started : List.of(intoSydney, intoMelbourne)) {
            Await.until(() -> find(started).status().finished(), Duration.ofSeconds(120),
                    () -> "the import to finish: " + find(started));
            assertThat(find(started).status()).as("%s", find(started)).isEqualTo(HistoricalImport.Status.COMPLETED);
        }

        var sydneyNumbers = xero.invoices(sydney).stream().map(i -> i.path("InvoiceNumber").asText()).toList();
        var melbourneNumbers = xero.invoices(melbourne).stream().map(i -> i.path("InvoiceNumber").asText()).toList();
        assertThat(sydneyNumbers).hasSize(100).doesNotHaveDuplicates().allMatch(n -> n.startsWith("SYD-G-"))
                .doesNotContain("SYD-G-OLDER");
        assertThat(melbourneNumbers).hasSize(50).doesNotHaveDuplicates().allMatch(n -> n.startsWith("MEL-G-"));
        assertThat(find(intoSydney).report().orElseThrow().failed()).isEmpty();
        assertThat(xero.contacts(sydney)).extracting(c -> c.path("Name").asText()).containsOnlyOnce("Bondi Surf Club");
    }

    private HistoricalImport find(HistoricalImport i) {
        return lb.imports.find(workspace, i.id()).orElseThrow();
    }
}
