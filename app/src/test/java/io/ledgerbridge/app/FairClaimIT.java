package io.ledgerbridge.app;

import static io.ledgerbridge.app.Harness.customer;
import static io.ledgerbridge.app.Harness.invoice;
import static io.ledgerbridge.domain.sync.SyncStatus.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.record.SourceRecord;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.connection.TokenSet;
import io.ledgerbridge.engine.queue.ClaimedEvent;
import io.ledgerbridge.sandbox.reference.ReferenceSandbox;
import io.ledgerbridge.store.workspace.PostgresWorkspaces.ClaimLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The claim shares the nodes between workspaces: a workspace with a large backlog takes the batch alone only while
 * nobody else waits, weights divide each batch, and a maximum in flight caps a workspace across claims.
 */
class FairClaimIT {

    private static ReferenceSandbox sandbox;
    private Harness h;
    /** The workspace with the backlog is the harness's; this is a second one on the same node and database. */
    private WorkspaceId other;
    private ConnectionId otherSource;

    @BeforeAll
    static void startSandbox() {
        sandbox = ReferenceSandbox.start(0);
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @BeforeEach
    void twoWorkspaces() {
        h = new Harness(sandbox);
        var now = Instant.now();
        other = h.lb.workspaces.create("Bistro", now);
        String ledgerId = "ledger-" + UUID.randomUUID();
        sandbox.createLedger(ledgerId, "token-2").createItem("A", "Widget");
        otherSource = h.lb.connections.create(other, "native", "Bistro app", Map.of(), null, now);
        var books = h.lb.connections.create(other, "reference", "Bistro books",
                Map.of("baseUrl", sandbox.baseUrl(), "ledger", ledgerId, "timeoutMillis", "1000"),
                new TokenSet("token-2", null, null), now);
        h.lb.flows.create(other, otherSource, books, FlowSettings.defaults(), now);
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void another_workspaces_customer_is_in_the_next_claim_however_long_the_first_workspaces_backlog() {
        pushCustomers(h.source, "big", 2_000);
        pushCustomers(otherSource, "small", 1);

        var claimed = claim(50);

        assertThat(claimed).hasSize(50);
        assertThat(perWorkspace(claimed)).containsEntry(other, 1L).containsEntry(h.workspace, 49L);
        assertThat(claimed).filteredOn(e -> e.workspace().equals(other)).extracting(ClaimedEvent::sourceId)
                .containsExactly("small-0");
    }

    @Test
    void weights_divide_a_batch_between_workspaces_that_both_have_a_backlog() {
        pushCustomers(h.source, "big", 300);
        pushCustomers(otherSource, "small", 300);
        h.lb.workspaces.setLimits(h.workspace, new ClaimLimits(3, OptionalInt.empty()), "operator", Instant.now());

        var claimed = claim(40);

        assertThat(perWorkspace(claimed)).containsEntry(h.workspace, 30L).containsEntry(other, 10L);
        assertThat(h.count("SELECT count(*) FROM audit_entry WHERE action = 'workspace.limits'")).isEqualTo(1);
    }

    @Test
    void a_maximum_in_flight_holds_across_claims_and_leaves_the_rest_of_the_batch_to_others() {
        pushCustomers(h.source, "big", 300);
        pushCustomers(otherSource, "small", 300);
        h.lb.workspaces.setLimits(h.workspace, new ClaimLimits(1, OptionalInt.of(5)), "operator", Instant.now());

        var first = claim(50);
        var second = claim(50);

        assertThat(perWorkspace(first)).containsEntry(h.workspace, 5L).containsEntry(other, 45L);
        assertThat(perWorkspace(second)).doesNotContainKey(h.workspace).containsEntry(other, 50L);
    }

    @Test
    void a_workspace_alone_with_a_backlog_still_gets_whole_batches() {
        pushCustomers(h.source, "big", 300);
        pushCustomers(otherSource, "small", 2);

        var first = claim(50);
        var second = claim(50);

        assertThat(perWorkspace(first)).containsEntry(other, 2L).containsEntry(h.workspace, 48L);
        assertThat(perWorkspace(second)).containsOnlyKeys(h.workspace).containsEntry(h.workspace, 50L);
    }

    @Test
    void with_workers_running_a_small_workspaces_invoice_syncs_while_a_big_backlog_still_waits() {
        pushCustomers(h.source, "big", 12_000);
        h.start();
        Harness.awaitTrue(() -> h.count("SELECT count(*) FROM sync_event WHERE status = 'SUCCESS'") > 0,
                Duration.ofSeconds(20), () -> "the backlog to start syncing");
        var pushed = Instant.now();
        h.lb.intake.receiveAll(otherSource, List.of(customer("bistro-c"), invoice("bistro-i", "bistro-c", "A")));
        Harness.awaitTrue(() -> h.lb.events.ofRecord(other, RecordType.INVOICE, "bistro-i").stream()
                        .anyMatch(e -> e.status() == SUCCESS),
                Duration.ofSeconds(20), () -> "the second workspace's invoice to sync: "
                        + h.lb.events.ofRecord(other, RecordType.INVOICE, "bistro-i"));
        var took = Duration.between(pushed, Instant.now());
        long stillWaiting = h.count("SELECT count(*) FROM sync_event WHERE status = 'PENDING'");

        assertThat(stillWaiting).as("the first workspace's syncs still waiting when the invoice synced").isGreaterThan(1_000);
        assertThat(took).as("push to Success of the second workspace's invoice").isLessThan(Duration.ofSeconds(5));
    }

    private List<ClaimedEvent> claim(int limit) {
        var now = Instant.now();
        return h.lb.queue.claim("test-node", limit, now, now.plusSeconds(60));
    }

    private static Map<WorkspaceId, Long> perWorkspace(List<ClaimedEvent> claimed) {
        return claimed.stream().collect(Collectors.groupingBy(ClaimedEvent::workspace, Collectors.counting()));
    }

    private void pushCustomers(ConnectionId source, String prefix, int count) {
        var batch = new ArrayList<SourceRecord>();
        for (int i = 0; i < count; i++) {
            batch.add(customer(prefix + "-" + i));
            if (batch.size() == 500 || i == count - 1) {
                h.lb.intake.receiveAll(source, batch);
                batch.clear();
            }
        }
    }
}
