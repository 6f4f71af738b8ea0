package io.ledgerbridge.app.xero;

import static io.ledgerbridge.app.xero.XeroHarness.invoice;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.bench.figures.Figures;
import io.ledgerbridge.domain.record.Customer;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.engine.retry.RetryPolicy;
import io.ledgerbridge.engine.worker.NodeConfig;
import io.ledgerbridge.sandbox.xero.XeroSandbox;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Syncs 10,000 invoices (of 100 customers) into one Xero organisation under Xero's own limits (60 calls a minute,
 * 5 at once, 5,000 a day per organisation; API_FACTS B.6), through the whole engine and the real connector, and
 * prints invoices a minute, calls an invoice, the 429s Xero answered and the calls used of the day's 5,000. Target:
 * at least 2,500 invoices a minute (60 calls of 50), no 429, under 250 calls. Takes about four minutes, so it runs
 * only when asked:
 *
 * <pre>
 * ./lb build && mvn -B -ntp -o -pl app verify -Dit.test=XeroBenchmark -Dbenchmark=true \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
 * </pre>
 * ({@code -Dbenchmark.invoices=N} for another count.) Or {@code ./lb bench xero}, which also writes the figures to
 * {@code bench/results/}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class XeroBenchmark {

    @Test
    void ten_thousand_invoices_into_one_organisation_under_xeros_limits() {
        int invoices = Integer.getInteger("benchmark.invoices", 10_000);
        int customers = 100;
        try (var xero = XeroSandbox.builder().port(0).start();
                var h = new XeroHarness(xero, new NodeConfig("bench", 4, 250, Duration.ofSeconds(60),
                        Duration.ofMillis(100)), RetryPolicy.DEFAULT, FlowSettings.defaults())) {
            xero.createItem(h.tenant, "A", "Widget", new BigDecimal("10.00"));
            for (int c = 0; c < customers; c++) {
                h.push(new Customer("c" + c, "Customer " + c, "c" + c + "@example.com", null, null, null));
            }
            for (int i = 0; i < invoices; i++) {
                h.push(invoice("b" + i, "c" + (i % customers), "A"));
            }
            long callsBefore = xero.requestCount(h.tenant);
            long started = System.nanoTime();
            h.start();
            XeroHarness.awaitTrue(() -> {
                var counts = h.lb.events.countsByStatus(h.workspace);
                return counts.getOrDefault("SUCCESS", 0L) == invoices + customers || counts.getOrDefault("FAILED", 0L) > 0;
            }, Duration.ofMinutes(20), () -> "the benchmark to finish: " + h.lb.events.countsByStatus(h.workspace));
            double minutes = (System.nanoTime() - started) / 60e9;
            long calls = xero.requestCount(h.tenant) - callsBefore;
            System.out.printf("%nXero benchmark: %d invoices in %.2f min = %.0f invoices/minute; %d API calls "
                            + "(%.4f per invoice); %d HTTP 429 from Xero; %d of the day's 5,000 calls used; statuses %s%n%n",
                    invoices, minutes, invoices / minutes, calls, (double) calls / invoices, xero.throttledCount(h.tenant),
                    xero.dayCallsUsed(h.tenant), h.lb.events.countsByStatus(h.workspace));
            Figures.of("xero").atLeast("invoices a minute", invoices / minutes, "invoices/min", 2500)
                    .below("API calls", calls, "calls", 250)
                    .measured("API calls an invoice", (double) calls / invoices, "calls")
                    .atMost("HTTP 429 from Xero", xero.throttledCount(h.tenant), "responses", 0).report();
            assertThat(h.lb.events.countsByStatus(h.workspace)).containsEntry("FAILED", 0L);
            assertThat(xero.invoices(h.tenant)).hasSize(invoices);
            assertThat(xero.throttledCount(h.tenant)).isZero();
        }
    }
}
