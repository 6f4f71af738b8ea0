package io.ledgerbridge.app.quickbooks;

import static io.ledgerbridge.app.quickbooks.QuickBooksHarness.customer;
import static io.ledgerbridge.app.quickbooks.QuickBooksHarness.invoice;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.bench.figures.Figures;
import io.ledgerbridge.engine.retry.RetryPolicy;
import io.ledgerbridge.engine.worker.NodeConfig;
import io.ledgerbridge.sandbox.quickbooks.Limits;
import io.ledgerbridge.sandbox.quickbooks.QuickBooksSandbox;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Syncs 3,000 invoices of one customer into one QuickBooks company under QuickBooks' own limits (500 requests and
 * 40 batch calls a minute, 10 at once, 30 items a batch) through the whole engine, and prints invoices a minute,
 * API calls an invoice and the 429s QuickBooks answered. Takes about three minutes, so it runs only when asked:
 *
 * <pre>
 * mvn -B -ntp -pl connectors/quickbooks,app -am verify \
 *   -Dit.test=QuickBooksBenchmark -Dbenchmark=true -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
 * </pre>
 * ({@code -Dbenchmark.invoices=N} for another count.) Or {@code ./lb bench quickbooks}, which also writes the figures to
 * {@code bench/results/}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class QuickBooksBenchmark {

    @Test
    void three_thousand_invoices_into_one_company_under_quickbooks_limits() {
        int invoices = Integer.getInteger("benchmark.invoices", 3000);
        try (var qbo = QuickBooksSandbox.builder().port(0).limits(Limits.QUICKBOOKS).start();
                var h = new QuickBooksHarness(qbo, new NodeConfig("bench", 4, 200, Duration.ofSeconds(30),
                        Duration.ofMillis(100)), RetryPolicy.DEFAULT, Map.of())) {
            h.item("Widget", "A");
            h.push(customer("c1"));
            for (int i = 0; i < invoices; i++) {
                h.push(invoice("b" + i, "c1", "A"));
            }
            long started = System.nanoTime();
            h.start();
            QuickBooksHarness.awaitTrue(() -> {
                var counts = h.lb.events.countsByStatus(h.workspace);
                return counts.getOrDefault("SUCCESS", 0L) == invoices + 1 || counts.getOrDefault("FAILED", 0L) > 0;
            }, Duration.ofMinutes(20), () -> "the benchmark to finish: " + h.lb.events.countsByStatus(h.workspace));
            double minutes = (System.nanoTime() - started) / 60e9;
            long calls = h.connector.requestsSent();
            System.out.printf("%nQuickBooks benchmark: %d invoices in %.2f min = %.0f invoices/minute; %d API calls "
                            + "(%.3f per invoice); %d HTTP 429 from QuickBooks; statuses %s%n%n", invoices, minutes,
                    invoices / minutes, calls, (double) calls / invoices, qbo.throttledCount(h.realm),
                    h.lb.events.countsByStatus(h.workspace));
            // target: at least 1,100 a minute (40 batch calls a minute of 30 allow 1,200), no 429
            Figures.of("quickbooks").atLeast("invoices a minute", invoices / minutes, "invoices/min", 1100)
                    .measured("API calls an invoice", (double) calls / invoices, "calls")
                    .atMost("HTTP 429 from QuickBooks", qbo.throttledCount(h.realm), "responses", 0).report();
            assertThat(h.lb.events.countsByStatus(h.workspace)).containsEntry("FAILED", 0L);
            assertThat(qbo.invoices(h.realm)).hasSize(invoices);
        }
    }
}
