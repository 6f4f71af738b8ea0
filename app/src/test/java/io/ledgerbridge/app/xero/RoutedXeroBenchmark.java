package io.ledgerbridge.app.xero;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.app.Ledgerbridge;
import io.ledgerbridge.bench.figures.Figures;
import io.ledgerbridge.connector.xero.XeroConnector;
import io.ledgerbridge.domain.record.Customer;
import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.InvoiceLine;
import io.ledgerbridge.domain.record.InvoiceStatus;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.domain.workspace.Route;
import io.ledgerbridge.engine.connection.TokenSet;
import io.ledgerbridge.engine.retry.RetryPolicy;
import io.ledgerbridge.engine.worker.NodeConfig;
import io.ledgerbridge.sandbox.xero.XeroSandbox;
import io.ledgerbridge.store.testing.TestDatabase;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A routed flow under Xero's limits: 30,000 invoices pushed over the native source (as the REST API does), each with
 * {@code attributes.region}, routed evenly to three Xero organisations (satellites) of one sandbox, each with Xero's own
 * limits (60 calls a minute, 5 at once, 5,000 a day per organisation; API_FACTS B.6). Prints invoices a minute per
 * satellite and in total, calls an invoice and the 429s. Target: the satellites written in parallel, each near its own
 * limit (at least 2,500 invoices a minute each), no 429. Opt-in (about 5 minutes):
 *
 * <pre>
 * ./lb build && mvn -B -ntp -o -pl app verify -Dit.test=RoutedXeroBenchmark -Dbenchmark=true \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
 * </pre>
 * ({@code -Dbenchmark.invoices=N} for another count.) Or {@code ./lb bench routed-xero}, which also writes the figures
 * to {@code bench/results/}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class RoutedXeroBenchmark {

    private static final String CLIENT_ID = "ledgerbridge-routed-bench";

    @Test
    void thirty_thousand_invoices_routed_to_three_satellites_under_each_ones_limits() {
        int invoices = Integer.getInteger("benchmark.invoices", 30_000);
        int customers = 300;
        var regions = List.of("Sydney", "Melbourne", "Brisbane");
        try (var xero = XeroSandbox.builder().port(0).start(); var db = TestDatabase.fresh(30)) {
            xero.registerApp(CLIENT_ID, "bench-secret", "http://localhost/cb");
            var lb = new Ledgerbridge(db, XeroHarness.KEYSET, new NodeConfig("bench", 8, 250, Duration.ofSeconds(60),
                    Duration.ofMillis(100)), RetryPolicy.DEFAULT, Clock.systemUTC(),
                    List.of(new XeroConnector(Clock.systemUTC(), CLIENT_ID, "bench-secret")), true);
            try {
                var now = Instant.now();
                var workspace = lb.workspaces.create("Acme", now);
                var source = lb.connections.create(workspace, "native", "Acme orders", Map.of(), null, now);
                var tenants = new LinkedHashMap<String, String>();
                var flows = new LinkedHashMap<String, FlowId>();
                for (String region : regions) {
                    String tenant = xero.createOrganisation("Acme " + region, "GB", "GBP");
                    xero.createItem(tenant, "A", "Widget", new BigDecimal("10.00"));
                    var t = xero.issueTokens(CLIENT_ID, tenant);
                    var destination = lb.connections.create(workspace, XeroConnector.SYSTEM, "Xero: Acme " + region,
                            XeroHarness.settings(xero, tenant), new TokenSet(t.accessToken(), t.refreshToken(),
                                    t.accessExpiresAt()), now);
                    tenants.put(region, tenant);
                    flows.put(region, lb.flows.create(workspace, source, destination, FlowSettings.defaults()
                            .withRoute(new Route("region", region, region.substring(0, 3).toUpperCase() + "-")), now));
                }
                for (int c = 0; c < customers; c++) {
                    lb.intake.receive(source, new Customer("c" + c, "Customer " + c, "c" + c + "@example.com", null,
                            null, null));
                }
                for (int i = 0; i < invoices; i++) {
                    lb.intake.receive(source, new Invoice("b" + i, "N-" + i, InvoiceStatus.OPEN, "c" + (i % customers),
                            "GBP", XeroHarness.DATE, XeroHarness.DATE.plusDays(30),
                            List.of(new InvoiceLine("A", "Widget", new BigDecimal("2"), new BigDecimal("10.00"), null)),
                            null, null, Map.of("region", regions.get(i % regions.size()))));
                }
                var callsBefore = new LinkedHashMap<String, Long>();
                tenants.forEach((r, t) -> callsBefore.put(r, xero.requestCount(t)));
                long started = System.nanoTime();
                var finished = new LinkedHashMap<String, Double>();
                lb.start();
                XeroHarness.awaitTrue(() -> {
                    double at = (System.nanoTime() - started) / 60e9;
                    tenants.forEach((r, t) -> {
                        if (!finished.containsKey(r) && xero.invoices(t).size() >= invoices / regions.size()) {
                            finished.put(r, at);
                        }
                    });
                    var counts = lb.events.countsByStatus(workspace);
                    return finished.size() == regions.size() || counts.getOrDefault("FAILED", 0L) > 0;
                }, Duration.ofMinutes(30), () -> "the benchmark to finish: " + lb.events.countsByStatus(workspace));
                double minutes = (System.nanoTime() - started) / 60e9;
                var lines = new ArrayList<String>();
                var figures = Figures.of("routed-xero");
                long calls = 0;
                for (String region : regions) {
                    String t = tenants.get(region);
                    long used = xero.requestCount(t) - callsBefore.get(region);
                    calls += used;
                    int written = xero.invoices(t).size();
                    lines.add(String.format("  %-9s %6d invoices in %.2f min = %.0f/minute; %d calls (%.4f per invoice); "
                                    + "%d HTTP 429", region, written, finished.get(region), written / finished.get(region),
                            used, (double) used / written, xero.throttledCount(t)));
                    figures.atLeast("invoices a minute, " + region, written / finished.get(region), "invoices/min", 2500);
                }
                System.out.printf("%nRouted Xero benchmark: %d invoices to %d satellites in %.2f min = %.0f invoices/minute "
                                + "in total; %d API calls (%.4f per invoice); %d HTTP 429 from Xero%n%s%n%n", invoices,
                        regions.size(), minutes, invoices / minutes, calls, (double) calls / invoices,
                        xero.throttledCount(), String.join("\n", lines));
                figures.measured("invoices a minute, in total", invoices / minutes, "invoices/min")
                        .measured("API calls an invoice", (double) calls / invoices, "calls")
                        .atMost("HTTP 429 from Xero", xero.throttledCount(), "responses", 0).report();
                assertThat(lb.events.countsByStatus(workspace)).containsEntry("FAILED", 0L);
                tenants.values().forEach(t -> assertThat(xero.invoices(t)).hasSize(invoices / regions.size()));
                assertThat(xero.throttledCount()).isZero();
            } finally {
                lb.close();
            }
        }
    }
}
