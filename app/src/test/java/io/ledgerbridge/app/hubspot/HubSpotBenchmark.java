package io.ledgerbridge.app.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.bench.figures.Figures;
import io.ledgerbridge.connector.hubspot.HubSpotSource;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.engine.intake.RecordIntake;
import io.ledgerbridge.sandbox.hubspot.HubSpotSandbox;
import io.ledgerbridge.sandbox.hubspot.SandboxSettings;
import io.ledgerbridge.sandbox.hubspot.ratelimit.RateLimits;
import io.ledgerbridge.sandbox.hubspot.webhook.WebhookSettings;
import io.ledgerbridge.sandbox.quickbooks.QuickBooksSandbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * HubSpot calls per invoice when reading 2,000 invoices (two line items each, ten contacts, five products) from the
 * HubSpot sandbox into Ledgerbridge: once through webhooks (signed deliveries of 100 events, read back together), once
 * through the polling cursor. Prints {@code RESULT} lines; target under 0.1 calls an invoice. Opt-in:
 *
 * <pre>
 * mvn -B -ntp -pl connectors/hubspot,app -am verify \
 *   -Dit.test=HubSpotBenchmark -Dbenchmark=true -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
 * </pre>
 * ({@code -Dbenchmark.invoices=N} for another count.) Or {@code ./lb bench hubspot}, which also writes the figures to
 * {@code bench/results/}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class HubSpotBenchmark {

    private static final int INVOICES = Integer.getInteger("benchmark.invoices", 2000);

    private static List<String> seed(HubSpotHarness h) {
        var contacts = new ArrayList<String>();
        for (int c = 0; c < 10; c++) {
            contacts.add(h.contact("buyer" + c + "@example.com", "Buyer", String.valueOf(c)));
        }
        var products = new ArrayList<String>();
        for (int p = 0; p < 5; p++) {
            products.add(h.product("Product " + p, "SKU-" + p, "10"));
        }
        var invoices = new ArrayList<String>();
        for (int i = 0; i < INVOICES; i++) {
            invoices.add(h.invoice("B-" + i, "open", contacts.get(i % 10), products.get(i % 5), products.get((i + 1) % 5)));
        }
        return invoices;
    }

    private static long invoicesReceived(HubSpotHarness h) {
        return h.count("SELECT count(*) FROM source_record WHERE record_type = 'INVOICE' AND connection_id = '"
                + h.hub.value() + "'");
    }

    @Test
    void reading_two_thousand_invoices_takes_under_a_tenth_of_a_call_each() {
        var settings = SandboxSettings.defaults().withRateLimits(RateLimits.unlimited())
                .withWebhooks(new WebhookSettings(100, Duration.ofMillis(200), 4, Duration.ofMillis(50),
                        Duration.ofSeconds(1), Duration.ofSeconds(30)));
        try (var hubspot = HubSpotSandbox.start(settings); var qbo = QuickBooksSandbox.start(0)) {
            double webhookCalls;
            int deliveries;
            try (var h = new HubSpotHarness(hubspot, qbo, true, Duration.ofMillis(500))) {
                h.flow(h.hub, h.books, FlowSettings.defaults());
                long before = h.hubConnector.requestsSent();
                long started = System.nanoTime();
                seed(h);
                HubSpotHarness.awaitTrue(() -> invoicesReceived(h) == INVOICES, Duration.ofMinutes(5),
                        () -> "every invoice to arrive: " + invoicesReceived(h));
                assertThat(hubspot.awaitWebhooks(Duration.ofMinutes(2))).isTrue();
                long calls = h.hubConnector.requestsSent() - before;
                webhookCalls = (double) calls / INVOICES;
                deliveries = hubspot.webhookAttempts().size();
                System.out.printf("%nRESULT hubspot-read path=webhooks invoices=%d calls=%d callsPerInvoice=%.3f "
                                + "deliveries=%d seconds=%.1f%n", INVOICES, calls, webhookCalls, hubspot.webhookAttempts().size(),
                        (System.nanoTime() - started) / 1e9);
                System.out.println("RESULT hubspot-read path=webhooks callsByPath=" + hubspot.requestCountsByPath(h.portal));
            }
            double pollCalls;
            try (var h = new HubSpotHarness(hubspot, qbo, false)) {
                h.flow(h.hub, h.books, FlowSettings.defaults());
                seed(h);
                var source = (HubSpotSource) h.lb.registry.source(h.hub).orElseThrow();
                long before = h.hubConnector.requestsSent();
                long started = System.nanoTime();
                String cursor = null;
                int refused = 0;
                while (true) {
                    var changes = source.changesSince(cursor, 200);
                    for (var record : changes.records()) {
                        if (h.lb.intake.receive(h.hub, record) instanceof RecordIntake.Result.Invalid) {
                            refused++;
                        }
                    }
                    cursor = changes.nextCursor();
                    if (!changes.more()) {
                        break;
                    }
                }
                long calls = h.hubConnector.requestsSent() - before;
                pollCalls = (double) calls / INVOICES;
                System.out.printf("RESULT hubspot-read path=poll invoices=%d calls=%d callsPerInvoice=%.3f refused=%d "
                        + "seconds=%.1f%n%n", INVOICES, calls, pollCalls, refused, (System.nanoTime() - started) / 1e9);
                System.out.println("RESULT hubspot-read path=poll callsByPath=" + hubspot.requestCountsByPath(h.portal));
                assertThat(invoicesReceived(h)).isEqualTo(INVOICES);
            }
            Figures.of("hubspot").below("HubSpot calls an invoice, through webhooks", webhookCalls, "calls", 0.1)
                    .measured("webhook deliveries", deliveries, "deliveries")
                    .below("HubSpot calls an invoice, polling", pollCalls, "calls", 0.1).report();
            assertThat(webhookCalls).isLessThan(0.1);
            assertThat(pollCalls).isLessThan(0.1);
        }
    }
}
