package io.ledgerbridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.sandbox.reference.ReferenceSandbox;
import io.ledgerbridge.store.db.Database;
import io.ledgerbridge.store.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * In the style of db-scheduler's cluster test: three nodes, each with its own connection pool, share one
 * PostgreSQL (the machine's external server when it answers, else the embedded one) and drain 10,000 events.
 */
class ClusterIT {

    @Test
    void three_nodes_drain_ten_thousand_events_each_synced_once_and_never_twice_at_the_same_time() throws Exception {
        String url = TestDatabase.externalUrl();
        System.out.println("cluster test database: " + (url != null ? "external server " + url : "embedded"));
        if (url == null) {
            url = TestDatabase.freshUrl();
        }
        try (var sandbox = ReferenceSandbox.start(0)) {
            var result = DrainBenchmark.run(sandbox, url, 3, 10_000, 3, 100);
            System.out.println("cluster test: " + result);
            var ledger = sandbox.ledger(result.ledger());
            assertThat(ledger.count("customer")).isEqualTo(100);
            assertThat(ledger.count("invoice")).isEqualTo(9_900);
            assertThat(ledger.writeCalls()).as("every record written exactly once, no replay needed").isEqualTo(10_000);
            assertThat(ledger.duplicateInvoiceNumbers()).isEmpty();
            assertThat(ledger.overlappingWrites()).as("never the same record in two calls at once").isZero();
            try (var db = Database.external(url, "postgres", null, 2)) {
                var perEvent = db.jdbi().withHandle(h -> h.createQuery("""
                                SELECT count(*) FROM (SELECT event_id FROM sync_attempt WHERE outcome = 'SYNCED'
                                                       GROUP BY event_id HAVING count(*) <> 1) x""")
                        .mapTo(Long.class).one());
                assertThat(perEvent).as("events with other than one successful attempt").isZero();
                var nodes = db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT count(DISTINCT node) FROM sync_attempt").mapTo(Long.class).one());
                assertThat(nodes).as("all three nodes took work").isEqualTo(3);
            }
        }
    }
}
