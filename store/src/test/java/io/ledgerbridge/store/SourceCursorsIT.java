package io.ledgerbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.engine.connection.TokenSet;
import io.ledgerbridge.store.connection.PostgresConnections;
import io.ledgerbridge.store.connection.TokenCipher;
import io.ledgerbridge.store.flow.PostgresFlows;
import io.ledgerbridge.store.records.PostgresSourceCursors;
import io.ledgerbridge.store.testing.TestDatabase;
import io.ledgerbridge.store.workspace.PostgresWorkspaces;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class SourceCursorsIT {

    @Test
    void one_node_polls_a_source_at_a_time_and_the_cursor_is_kept() throws Exception {
        try (var db = TestDatabase.fresh(6)) {
            var now = Instant.now();
            var ws = new PostgresWorkspaces(db.jdbi()).create("Acme", now);
            var connections = new PostgresConnections(db.jdbi(), TokenCipher.fromJsonKeyset(TokenCipher.newJsonKeyset()));
            var hub = connections.create(ws, "hubspot", "CRM", Map.of(), new TokenSet("a", "r", null), now);
            var pushed = connections.create(ws, "native", "app", Map.of(), null, now);
            var books = connections.create(ws, "quickbooks", "Books", Map.of(), new TokenSet("a", "r", null), now);
            var flows = new PostgresFlows(db.jdbi());
            flows.create(ws, hub, books, FlowSettings.defaults(), now);
            flows.create(ws, pushed, books, FlowSettings.defaults(), now);
            var cursors = new PostgresSourceCursors(db.jdbi(), Clock.systemUTC());

            assertThat(cursors.polledSources()).containsExactly(hub);

            var inside = new CountDownLatch(1);
            var release = new CountDownLatch(1);
            try (var pool = Executors.newFixedThreadPool(1)) {
                var first = pool.submit(() -> cursors.whilePolling(hub, cursor -> {
                    assertThat(cursor).isNull();
                    inside.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return "page-2";
                }));
                inside.await();
                assertThat(cursors.whilePolling(hub, cursor -> "other")).as("a second node meanwhile").isEmpty();
                release.countDown();
                assertThat(first.get()).contains("page-2");
            }
            assertThat(cursors.whilePolling(hub, cursor -> cursor + "+3")).isEqualTo(Optional.of("page-2+3"));
        }
    }
}
