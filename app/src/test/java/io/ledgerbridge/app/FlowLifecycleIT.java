package io.ledgerbridge.app;

import static io.ledgerbridge.app.Harness.customer;
import static io.ledgerbridge.app.Harness.invoice;
import static io.ledgerbridge.domain.sync.SyncStatus.PENDING;
import static io.ledgerbridge.domain.sync.SyncStatus.SKIPPED;
import static io.ledgerbridge.domain.sync.SyncStatus.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.InvoiceLine;
import io.ledgerbridge.domain.record.InvoiceStatus;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.WaitReason;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.store.audit.PostgresAuditLog;
import io.ledgerbridge.store.flow.PostgresFlows.Change;
import io.ledgerbridge.sandbox.reference.ReferenceSandbox;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A flow paused, resumed and deleted while a real node syncs into the reference ledger: what a person sees, what the
 * ledger holds, and what the audit log says.
 */
class FlowLifecycleIT {

    private static ReferenceSandbox sandbox;
    private Harness h;

    @BeforeAll
    static void startSandbox() {
        sandbox = ReferenceSandbox.start(0);
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @BeforeEach
    void harness() {
        h = new Harness(sandbox);
        h.ledger.createItem("PROD-1", "Widget");
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void a_paused_flow_takes_records_in_and_holds_their_syncs_until_it_is_resumed_then_they_go_in_order() {
        h.start();
        var paused = h.lb.flows.pause(h.workspace, h.flow, "ann@acme.example", Instant.now());
        assertThat(paused).isInstanceOf(Change.Done.class);

        h.push(customer("c1"));
        for (int i = 1; i <= 5; i++) {
            h.push(invoice("i" + i, "c1", "PROD-1"));
        }
        // A node keeps claiming: nothing of the paused flow goes.
        sleep(Duration.ofMillis(600));
        assertThat(h.ledger.count("invoice")).isZero();
        assertThat(h.ledger.count("customer")).isZero();
        var waiting = h.latest(RecordType.INVOICE, "i3");
        assertThat(waiting.status()).isEqualTo(PENDING);
        assertThat(waiting.waitReason()).isEqualTo(WaitReason.PAUSED);
        assertThat(waiting.waitLabel(ZoneOffset.UTC)).startsWith("Paused by ann@acme.example at ").endsWith(" UTC");
        assertThat(h.lb.flows.flow(h.flow).paused()).hasValueSatisfying(p -> assertThat(p.by()).isEqualTo("ann@acme.example"));
        assertThat(h.lb.flows.pause(h.workspace, h.flow, "bob@acme.example", Instant.now()))
                .isInstanceOfSatisfying(Change.Unchanged.class, u -> assertThat(u.why()).isEqualTo("The flow is already paused."));

        var resumed = h.lb.flows.resume(h.workspace, h.flow, "bob@acme.example", Instant.now());
        assertThat(resumed).isInstanceOfSatisfying(Change.Done.class, d -> assertThat(d.syncs()).isEqualTo(6));
        h.lb.node.wake();
        for (int i = 1; i <= 5; i++) {
            h.await(RecordType.INVOICE, "i" + i, SUCCESS);
        }
        assertThat(h.ledger.count("invoice")).isEqualTo(5);
        assertThat(h.ledger.count("customer")).isEqualTo(1);
        // In the order they came: the customer before its invoices, the invoices oldest first.
        var order = h.db.jdbi().withHandle(x -> x.createQuery("""
                        SELECT e.source_id FROM sync_event e JOIN sync_attempt a ON a.event_id = e.id
                         WHERE e.flow_id = :f AND a.outcome = 'SYNCED' ORDER BY a.id""")
                .bind("f", h.flow.value()).mapTo(String.class).list());
        assertThat(order).containsExactly("c1", "i1", "i2", "i3", "i4", "i5");

        var audit = h.lb.workspaces.audit().list(h.workspace, PostgresAuditLog.Filter.newest(10));
        assertThat(audit).extracting(PostgresAuditLog.Recorded::action).containsExactly("flow.resume", "flow.pause");
        assertThat(audit.getFirst().actor()).isEqualTo("bob@acme.example");
        assertThat(audit.getFirst().summary()).isEqualTo("Resumed the flow; 6 waiting syncs go now");
        assertThat(audit.getFirst().before()).contains("\"pausedBy\": \"ann@acme.example\"");
        assertThat(audit.get(1).actor()).isEqualTo("ann@acme.example");
    }

    @Test
    void deleting_a_flow_skips_its_waiting_syncs_deletes_nothing_in_the_books_and_a_new_flow_updates_what_it_wrote() {
        h.start();
        h.push(customer("c1"));
        h.push(invoice("i1", "c1", "PROD-1"));
        var synced = h.await(RecordType.INVOICE, "i1", SUCCESS);
        h.lb.flows.pause(h.workspace, h.flow, "ann@acme.example", Instant.now());
        h.push(invoice("i2", "c1", "PROD-1"));
        h.push(invoice("i3", "c1", "PROD-1"));
        assertThat(h.lb.flows.waitingSyncs(h.flow)).isEqualTo(2);

        var deleted = h.lb.flows.delete(h.workspace, h.flow, "ann@acme.example", Instant.now());

        assertThat(deleted).isInstanceOfSatisfying(Change.Done.class, d -> assertThat(d.syncs()).isEqualTo(2));
        for (var id : List.of("i2", "i3")) {
            var e = h.latest(RecordType.INVOICE, id);
            assertThat(e.status()).isEqualTo(SKIPPED);
            assertThat(e.skipReason()).isEqualTo("flow deleted");
        }
        assertThat(h.ledger.count("invoice")).isEqualTo(1);
        assertThat(h.ledger.get("invoice", synced.destinationId()).get("voided").asBoolean()).isFalse();
        assertThat(h.lb.flows.list(h.workspace)).isEmpty();
        // A deleted flow takes nothing in: a change of i1 now makes no sync.
        var edited = edited("i1", "c1", "25.00");
        h.push(edited);
        assertThat(h.lb.events.ofRecord(h.workspace, RecordType.INVOICE, "i1")).hasSize(1);

        // The same pair again: the new flow starts with the old one's mappings, so i1 is updated, not written twice.
        var again = h.lb.flows.create(h.workspace, h.source, h.destination, FlowSettings.defaults(),
                java.util.Optional.of("bob@acme.example"), Instant.now());
        h.push(edited("i1", "c1", "30.00"));
        h.lb.node.wake();
        Harness.awaitTrue(() -> h.lb.events.ofRecord(h.workspace, RecordType.INVOICE, "i1").stream()
                        .anyMatch(e -> e.flowId().equals(again.toString()) && e.status() == SUCCESS),
                Duration.ofSeconds(20), () -> "i1 to sync through the new flow: " + h.lb.events.ofRecord(h.workspace,
                        RecordType.INVOICE, "i1"));
        assertThat(h.ledger.count("invoice")).isEqualTo(1);
        assertThat(h.ledger.count("customer")).isEqualTo(1);
        assertThat(h.ledger.get("invoice", synced.destinationId()).get("total").decimalValue()).isEqualByComparingTo("30.00");

        var audit = h.lb.workspaces.audit().list(h.workspace, PostgresAuditLog.Filter.newest(10));
        assertThat(audit).extracting(PostgresAuditLog.Recorded::action).containsExactly("flow.create", "flow.delete", "flow.pause");
        assertThat(audit.get(1).summary()).isEqualTo("Deleted the flow; 2 waiting syncs were skipped (flow deleted), "
                + "nothing was deleted in the destination and the mappings are kept");
        assertThat(audit.getFirst().summary()).startsWith("Created the flow, with the ")
                .endsWith(" mappings of the deleted flow between the same connections");
    }

    @Test
    void a_sync_in_flight_when_its_flow_is_deleted_and_sent_back_to_wait_ends_skipped_too() {
        var lb = h.lb; // no node runs: the test claims as a node that then dies
        h.push(customer("c9"));
        var now = Instant.now();
        var claimed = lb.queue.claim("node-x", 10, now, now.plusSeconds(1));
        assertThat(claimed).hasSize(1);
        lb.flows.delete(h.workspace, h.flow, "ann@acme.example", now);
        // The node died with it: its lease runs out, the sweep puts it back to wait, and being of a deleted flow, skips it.
        lb.queue.releaseExpired(now.plusSeconds(2));
        lb.queue.releaseExpired(now.plusSeconds(3));
        var e = h.latest(RecordType.CUSTOMER, "c9");
        assertThat(e.status()).isEqualTo(SKIPPED);
        assertThat(e.skipReason()).isEqualTo("flow deleted");
    }

    private static Invoice edited(String id, String customerId, String price) {
        return new Invoice(id, "N-" + id, InvoiceStatus.OPEN, customerId, "USD", LocalDate.of(2026, 11, 2),
                LocalDate.of(2026, 12, 2), List.of(new InvoiceLine("PROD-1", "Item PROD-1", BigDecimal.ONE, new BigDecimal(price), null)),
                null, null);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
