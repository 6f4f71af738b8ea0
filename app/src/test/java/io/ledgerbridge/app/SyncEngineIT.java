package io.ledgerbridge.app;

import static io.ledgerbridge.app.Harness.customer;
import static io.ledgerbridge.app.Harness.invoice;
import static io.ledgerbridge.domain.sync.SyncStatus.FAILED;
import static io.ledgerbridge.domain.sync.SyncStatus.PENDING;
import static io.ledgerbridge.domain.sync.SyncStatus.SKIPPED;
import static io.ledgerbridge.domain.sync.SyncStatus.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.record.Customer;
import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.InvoiceLine;
import io.ledgerbridge.domain.record.InvoiceStatus;
import io.ledgerbridge.domain.record.Payment;
import io.ledgerbridge.domain.record.Product;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncAction;
import io.ledgerbridge.domain.sync.WaitReason;
import io.ledgerbridge.domain.workspace.ConnectionStatus;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.engine.connection.TokenSet;
import io.ledgerbridge.engine.events.EventFilter;
import io.ledgerbridge.engine.events.SyncEvents;
import io.ledgerbridge.engine.intake.RecordIntake;
import io.ledgerbridge.sandbox.reference.ReferenceSandbox;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine end to end: native source → PostgreSQL queue → worker → reference ledger over HTTP. */
class SyncEngineIT {

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
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void an_invoice_syncs_after_its_customer_and_both_are_mapped() {
        h.ledger.createItem("PROD-001", "Widget");
        h.push(customer("c1"));
        h.push(invoice("i1", "c1", "PROD-001"));
        h.start();
        var inv = h.await(RecordType.INVOICE, "i1", SUCCESS);
        var cust = h.latest(RecordType.CUSTOMER, "c1");
        assertThat(cust.status()).isEqualTo(SUCCESS);
        assertThat(h.ledger.count("customer")).isEqualTo(1);
        assertThat(h.ledger.count("invoice")).isEqualTo(1);
        var stored = h.ledger.get("invoice", inv.destinationId());
        assertThat(stored.get("customerId").asText()).isEqualTo(cust.destinationId());
        assertThat(stored.get("total").decimalValue()).isEqualByComparingTo("10.00");
        assertThat(h.count("SELECT count(*) FROM mapping")).isEqualTo(3); // customer, product by SKU, invoice
    }

    @Test
    void sku_not_found_fails_naming_the_sku_then_creating_the_product_and_retrying_syncs_once() {
        h.push(customer("c1"));
        h.push(invoice("i1", "c1", "PROD-001"));
        h.start();
        var failed = h.await(RecordType.INVOICE, "i1", FAILED);
        assertThat(failed.error().code()).isEqualTo(ErrorCode.SKU_NOT_FOUND);
        assertThat(failed.error().message()).contains("\"PROD-001\"").contains("line 1");
        assertThat(failed.error().fix()).contains("Create the product with the exact SKU \"PROD-001\"");

        h.ledger.createItem("PROD-001", "Widget");
        var retried = h.lb.events.act(h.workspace, failed.id(), SyncAction.RETRY, null, Instant.now());
        assertThat(retried).isInstanceOf(SyncEvents.ActionResult.Done.class);
        var ok = h.await(RecordType.INVOICE, "i1", SUCCESS);
        assertThat(ok.retryCount()).isEqualTo(1);
        assertThat(h.ledger.countWhere("invoice", "number", "N-i1")).isEqualTo(1);
        assertThat(h.lb.events.attempts(h.workspace, ok.id())).extracting(a -> a.outcome())
                .containsSubsequence("FAILED", "USER_RETRY", "SYNCED");
    }

    @Test
    void two_workers_completing_each_others_dependencies_at_once_neither_deadlock_nor_leave_an_invoice_blocked()
            throws Exception {
        // Worker A holds customer a and an invoice of customer b; worker B holds customer b and an invoice of
        // customer a. Both complete at the same moment: each must wait for the other's customer, in one order.
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                String a = "a" + round;
                String b = "b" + round;
                h.push(customer(a));
                h.push(customer(b));
                h.push(invoice("ia" + round, b, "A"));
                h.push(invoice("ib" + round, a, "A"));
                var now = Instant.now();
                var lease = now.plusSeconds(30);
                var customerA = h.lb.queue.claim("node-a", 1, now, lease).getFirst();
                var customerB = h.lb.queue.claim("node-b", 1, now, lease).getFirst();
                var invoiceOfB = h.lb.queue.claim("node-a", 1, now, lease).getFirst();
                var invoiceOfA = h.lb.queue.claim("node-b", 1, now, lease).getFirst();
                assertThat(List.of(customerA.sourceId(), customerB.sourceId(), invoiceOfB.sourceId(), invoiceOfA.sourceId()))
                        .containsExactly(a, b, "ia" + round, "ib" + round);
                var batchA = List.of(
                        new io.ledgerbridge.engine.queue.Completion(customerA,
                                new io.ledgerbridge.engine.pipeline.Outcome.Synced(a, "dest-" + a, false)),
                        new io.ledgerbridge.engine.queue.Completion(invoiceOfB,
                                new io.ledgerbridge.engine.pipeline.Outcome.WaitForDependency(customerB.id(), "customer " + b)));
                var batchB = List.of(
                        new io.ledgerbridge.engine.queue.Completion(customerB,
                                new io.ledgerbridge.engine.pipeline.Outcome.Synced(b, "dest-" + b, false)),
                        new io.ledgerbridge.engine.queue.Completion(invoiceOfA,
                                new io.ledgerbridge.engine.pipeline.Outcome.WaitForDependency(customerA.id(), "customer " + a)));
                var start = new java.util.concurrent.CyclicBarrier(2);
                var doneA = pool.submit(() -> {
                    start.await();
                    h.lb.queue.complete("node-a", batchA, Instant.now());
                    return null;
                });
                var doneB = pool.submit(() -> {
                    start.await();
                    h.lb.queue.complete("node-b", batchB, Instant.now());
                    return null;
                });
                doneA.get(10, java.util.concurrent.TimeUnit.SECONDS); // a deadlock aborts one of them: this throws
                doneB.get(10, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(h.latest(RecordType.CUSTOMER, a).status()).isEqualTo(SUCCESS);
                assertThat(h.latest(RecordType.CUSTOMER, b).status()).isEqualTo(SUCCESS);
                // This round's invoices wait on (no worker runs), out of the next round's claims.
                h.lb.database.jdbi().useHandle(x -> x.execute("""
                        UPDATE sync_event SET next_attempt_at = now() + interval '1 hour'
                         WHERE record_type = 'INVOICE' AND status = 'PENDING'"""));
            }
        } finally {
            pool.shutdownNow();
        }
        // Both customers synced, so no invoice may be left waiting for one of them.
        assertThat(h.count("SELECT count(*) FROM sync_event WHERE record_type = 'INVOICE' AND blocked_by IS NOT NULL"))
                .isZero();
        assertThat(h.count("SELECT count(*) FROM sync_event WHERE record_type = 'INVOICE' AND status = 'PENDING'"))
                .isEqualTo(40);
    }

    @Test
    void a_mapping_read_that_fails_retries_the_batch_as_could_not_get_or_create_mapping_then_syncs_once() {
        h.close();
        var failures = new java.util.concurrent.atomic.AtomicInteger(1);
        h = new Harness(sandbox, store -> new io.ledgerbridge.engine.mapping.Mappings() {
            @Override
            public Map<String, String> find(io.ledgerbridge.domain.workspace.FlowId flow, RecordType type,
                    java.util.Collection<String> keys) {
                return store.find(flow, type, keys);
            }

            @Override
            public Map<RecordType, Map<String, String>> findAll(io.ledgerbridge.domain.workspace.FlowId flow,
                    Map<RecordType, ? extends java.util.Collection<String>> keys) {
                if (failures.getAndDecrement() > 0) {
                    throw new IllegalStateException("connection reset by the database");
                }
                return store.findAll(flow, keys);
            }
        });
        h.ledger.createItem("A", "a");
        h.push(customer("c1"));
        h.start();
        h.await(RecordType.CUSTOMER, "c1", SUCCESS);
        h.push(invoice("i1", "c1", "A"));
        var ok = h.await(RecordType.INVOICE, "i1", SUCCESS);
        var attempts = h.lb.events.attempts(h.workspace, ok.id());
        assertThat(attempts).extracting(a -> a.outcome()).containsExactly("WILL_RETRY", "SYNCED");
        assertThat(attempts.getFirst().errorCode()).isEqualTo(ErrorCode.MAPPING_UNAVAILABLE.name());
        assertThat(attempts.getFirst().response()).contains("Could not get invoice mapping: connection reset by the database");
        assertThat(h.ledger.countWhere("invoice", "number", "N-i1")).isEqualTo(1);
    }

    @Test
    void sku_matching_is_case_sensitive() {
        h.ledger.createItem("prod-001", "lower");
        h.push(customer("c1"));
        h.push(invoice("i1", "c1", "PROD-001"));
        h.start();
        assertThat(h.await(RecordType.INVOICE, "i1", FAILED).error().code()).isEqualTo(ErrorCode.SKU_NOT_FOUND);
    }

    @Test
    void one_unmatched_line_fails_the_whole_invoice() {
        h.ledger.createItem("A", "a");
        h.push(customer("c1"));
        h.push(invoice("i1", "c1", "A", "B"));
        h.start();
        var failed = h.await(RecordType.INVOICE, "i1", FAILED);
        assertThat(failed.error().details()).containsEntry("sku", "B").containsEntry("line", "2");
        assertThat(h.ledger.count("invoice")).isZero();
    }

    @Test
    void a_customer_without_email_fails_and_its_invoices_fail_with_a_link_then_fixing_it_retries_them_by_themselves() {
        h.ledger.createItem("A", "a");
        h.push(new Customer("c1", "No Mail Ltd", null, null, null, null));
        h.push(invoice("i1", "c1", "A"));
        h.push(invoice("i2", "c1", "A"));
        h.start();
        var customerFailed = h.await(RecordType.CUSTOMER, "c1", FAILED);
        assertThat(customerFailed.error().code()).isEqualTo(ErrorCode.CUSTOMER_EMAIL_MISSING);
        assertThat(customerFailed.error().message()).contains("No Mail Ltd");
        var invoiceFailed = h.await(RecordType.INVOICE, "i1", FAILED);
        assertThat(invoiceFailed.error().code()).isEqualTo(ErrorCode.CUSTOMER_NOT_SYNCED);
        assertThat(invoiceFailed.causeId()).isEqualTo(customerFailed.id());
        assertThat(invoiceFailed.error().message()).contains("Customer email missing");

        // The fix: the customer gets an email in the source. Its invoices notice and retry by themselves.
        h.push(new Customer("c1", "No Mail Ltd", "ap@nomail.example", null, null, null));
        h.await(RecordType.CUSTOMER, "c1", SUCCESS);
        var i1 = h.await(RecordType.INVOICE, "i1", SUCCESS);
        h.await(RecordType.INVOICE, "i2", SUCCESS);
        assertThat(i1.retryCount()).isEqualTo(1);
        assertThat(h.ledger.count("invoice")).isEqualTo(2);
    }

    @Test
    void a_customer_is_matched_by_exact_email_instead_of_created_again() {
        h.ledger.createItem("A", "a");
        var existing = h.ledger.apply(null, "create", "customer", null,
                io.ledgerbridge.sandbox.reference.ReferenceLedger.item("x", "y").removeAll()
                        .put("name", "Already There").put("email", "c1@example.com"));
        h.push(customer("c1"));
        h.push(invoice("i1", "c1", "A"));
        h.start();
        var cust = h.await(RecordType.CUSTOMER, "c1", SUCCESS);
        assertThat(cust.destinationId()).isEqualTo(existing.body().get("id").asText());
        h.await(RecordType.INVOICE, "i1", SUCCESS);
        assertThat(h.ledger.count("customer")).isEqualTo(1);
    }

    @Test
    void transient_failures_retry_with_backoff_then_succeed_without_reaching_failed() {
        h.ledger.createItem("A", "a");
        h.push(customer("c1"));
        h.start();
        h.await(RecordType.CUSTOMER, "c1", SUCCESS);
        sandbox.failNext(h.ledgerId, 2, 503, Duration.ZERO);
        h.push(invoice("i1", "c1", "A"));
        var ok = h.await(RecordType.INVOICE, "i1", SUCCESS);
        assertThat(h.lb.events.attempts(h.workspace, ok.id())).extracting(a -> a.outcome())
                .containsExactly("WILL_RETRY", "WILL_RETRY", "SYNCED");
        assertThat(ok.retryCount()).isZero();
    }

    @Test
    void transient_failures_fail_once_automatic_retries_are_spent() {
        h.ledger.createItem("A", "a");
        h.push(customer("c1"));
        h.start();
        h.await(RecordType.CUSTOMER, "c1", SUCCESS);
        sandbox.failNext(h.ledgerId, 100, 503, Duration.ZERO);
        h.push(invoice("i1", "c1", "A"));
        var failed = h.await(RecordType.INVOICE, "i1", FAILED);
        assertThat(failed.error().code()).isEqualTo(ErrorCode.TEMPORARILY_UNAVAILABLE);
        assertThat(failed.attempts()).isEqualTo(Harness.FAST_RETRY.maxAttempts());
        sandbox.failNext(h.ledgerId, 0, 503, Duration.ZERO);
    }

    @Test
    void a_rate_limit_makes_events_wait_for_the_reset_without_counting_attempts() {
        h.ledger.createItem("A", "a");
        h.push(customer("c1"));
        h.start();
        h.await(RecordType.CUSTOMER, "c1", SUCCESS);
        sandbox.failNext(h.ledgerId, 1, 429, Duration.ofSeconds(1));
        h.push(invoice("i1", "c1", "A"));
        Harness.awaitTrue(() -> h.latest(RecordType.INVOICE, "i1").waitReason() == WaitReason.RATE_LIMIT
                        || h.latest(RecordType.INVOICE, "i1").status() == SUCCESS, Duration.ofSeconds(5), () -> "rate limit wait");
        var ok = h.await(RecordType.INVOICE, "i1", SUCCESS);
        assertThat(h.lb.events.attempts(h.workspace, ok.id())).extracting(a -> a.outcome())
                .containsExactly("RATE_LIMITED", "SYNCED");
    }

    @Test
    void a_revoked_token_pauses_the_connection_events_wait_and_resume_after_reconnect() {
        h.ledger.createItem("A", "a");
        h.push(customer("c1"));
        h.start();
        h.await(RecordType.CUSTOMER, "c1", SUCCESS);
        h.ledger.revokeToken();
        for (int i = 0; i < 5; i++) {
            h.push(invoice("i" + i, "c1", "A"));
        }
        Harness.awaitTrue(() -> h.lb.connections.find(h.destination).orElseThrow().status() == ConnectionStatus.NEEDS_RECONNECT,
                Duration.ofSeconds(10), () -> "connection to need reconnecting");
        Harness.awaitTrue(() -> h.lb.events.list(h.workspace, EventFilter.all().withType(RecordType.INVOICE)).stream()
                .allMatch(e -> e.status() == PENDING && e.waitReason() == WaitReason.RECONNECT), Duration.ofSeconds(10),
                () -> "invoices waiting for reconnect: " + h.lb.events.list(h.workspace, EventFilter.all()));
        assertThat(h.lb.events.countsByStatus(h.workspace)).containsEntry("FAILED", 0L);
        assertThat(h.lb.connections.find(h.destination).orElseThrow().statusReason()).contains("Reconnect").doesNotContain("token-1");

        // A person reconnects: a new token, the connection is Connected again, the waiting invoices sync.
        h.ledger.issueToken("token-2");
        h.lb.connections.reconnect(h.destination, new TokenSet("token-2", null, null), Instant.now());
        for (int i = 0; i < 5; i++) {
            h.await(RecordType.INVOICE, "i" + i, SUCCESS);
        }
        assertThat(h.ledger.count("invoice")).isEqualTo(5);
    }

    @Test
    void two_connections_that_need_a_reconnect_at_once_each_say_their_own_reason() {
        // A second destination of the same workspace, connected without tokens; the first one's token is revoked.
        var now = Instant.now();
        var other = h.lb.connections.create(h.workspace, "reference", "Other books",
                Map.of("baseUrl", h.sandbox.baseUrl(), "ledger", h.ledgerId, "timeoutMillis", "1000"), null, now);
        var otherSource = h.lb.connections.create(h.workspace, "native", "Other app", Map.of(), null, now);
        h.lb.flows.create(h.workspace, otherSource, other, FlowSettings.defaults(), now);
        h.ledger.revokeToken();
        h.push(customer("c1"));
        assertThat(h.lb.intake.receive(otherSource, customer("c2"))).isInstanceOf(RecordIntake.Result.Accepted.class);
        h.start();
        Harness.awaitTrue(() -> h.lb.connections.find(h.destination).orElseThrow().status() == ConnectionStatus.NEEDS_RECONNECT
                        && h.lb.connections.find(other).orElseThrow().status() == ConnectionStatus.NEEDS_RECONNECT,
                Duration.ofSeconds(10), () -> "both connections to need reconnecting");
        assertThat(h.lb.connections.find(h.destination).orElseThrow().statusReason()).contains("token expired or revoked");
        assertThat(h.lb.connections.find(other).orElseThrow().statusReason()).contains("has no tokens");
    }

    @Test
    void an_answer_lost_after_the_write_is_checked_in_the_destination_and_never_duplicated() {
        h.ledger.createItem("A", "a");
        h.push(customer("c1"));
        h.start();
        h.await(RecordType.CUSTOMER, "c1", SUCCESS);
        sandbox.stallAfterWriting(h.ledgerId, 1, Duration.ofMillis(2500));
        h.push(invoice("i1", "c1", "A"));
        var ok = h.await(RecordType.INVOICE, "i1", SUCCESS);
        assertThat(h.ledger.countWhere("invoice", "number", "N-i1")).isEqualTo(1);
        assertThat(h.lb.events.attempts(h.workspace, ok.id())).extracting(a -> a.outcome())
                .containsExactly("WILL_RETRY", "SYNCED");
        assertThat(h.lb.events.attempts(h.workspace, ok.id()).getLast().operation()).isEqualTo("LOOKUP");
    }

    @Test
    void events_of_a_node_that_stopped_are_taken_over_and_checked_before_writing_again() {
        h.ledger.createItem("A", "a");
        h.push(customer("c1"));
        h.push(invoice("i1", "c1", "A"));
        // A node claims everything and dies without a word.
        var claimed = h.lb.queue.claim("dead-node", 10, Instant.now(), Instant.now().plusMillis(300));
        assertThat(claimed).hasSize(2);
        h.start();
        h.await(RecordType.INVOICE, "i1", SUCCESS);
        var attempts = h.lb.events.attempts(h.workspace, h.latest(RecordType.INVOICE, "i1").id());
        assertThat(attempts.getFirst().outcome()).isEqualTo("LEASE_EXPIRED");
        assertThat(attempts.getFirst().node()).isEqualTo("dead-node");
        assertThat(h.ledger.count("invoice")).isEqualTo(1);
    }

    @Test
    void a_change_while_its_sync_is_pending_makes_one_event_with_the_latest_version() {
        h.ledger.createItem("A", "a");
        h.push(customer("c1"));
        var first = h.push(invoice("i1", "c1", "A"));
        var second = h.push(new Invoice("i1", "N-i1", InvoiceStatus.OPEN, "c1", "USD", LocalDate.of(2026, 11, 2), null,
                List.of(new InvoiceLine("A", "more", new BigDecimal("3"), new BigDecimal("10.00"), null)), null, null));
        var same = h.push(new Invoice("i1", "N-i1", InvoiceStatus.OPEN, "c1", "USD", LocalDate.of(2026, 11, 2), null,
                List.of(new InvoiceLine("A", "more", new BigDecimal("3"), new BigDecimal("10.00"), null)), null, null));
        assertThat(second.events()).isEqualTo(first.events());
        assertThat(second.version()).isEqualTo(2);
        assertThat(same.changed()).isFalse();
        assertThat(same.events()).isEmpty();
        h.start();
        var ok = h.await(RecordType.INVOICE, "i1", SUCCESS);
        assertThat(h.ledger.get("invoice", ok.destinationId()).get("total").decimalValue()).isEqualByComparingTo("30.00");
    }

    @Test
    void an_update_after_success_updates_the_same_destination_invoice_and_a_void_voids_it() {
        h.ledger.createItem("A", "a");
        h.push(customer("c1"));
        h.push(invoice("i1", "c1", "A"));
        h.start();
        var first = h.await(RecordType.INVOICE, "i1", SUCCESS);
        h.push(new Invoice("i1", "N-i1", InvoiceStatus.OPEN, "c1", "USD", LocalDate.of(2026, 11, 2), null,
                List.of(new InvoiceLine("A", "x", new BigDecimal("2"), new BigDecimal("10.00"), null)), "edited", null));
        Harness.awaitTrue(() -> h.ledger.get("invoice", first.destinationId()).get("total").decimalValue()
                .compareTo(new BigDecimal("20.00")) == 0, Duration.ofSeconds(10), () -> "update");
        h.push(new Invoice("i1", "N-i1", InvoiceStatus.VOID, "c1", "USD", LocalDate.of(2026, 11, 2), null,
                List.of(new InvoiceLine("A", "x", new BigDecimal("2"), new BigDecimal("10.00"), null)), "edited", null));
        Harness.awaitTrue(() -> h.ledger.get("invoice", first.destinationId()).get("voided").asBoolean(),
                Duration.ofSeconds(10), () -> "void");
        assertThat(h.ledger.count("invoice")).isEqualTo(1);
        Harness.awaitTrue(() -> h.lb.events.ofRecord(h.workspace, RecordType.INVOICE, "i1").stream()
                .allMatch(e -> e.status() == SUCCESS), Duration.ofSeconds(10), () -> "all three syncs to succeed");
        assertThat(h.lb.events.ofRecord(h.workspace, RecordType.INVOICE, "i1")).hasSize(3)
                .allMatch(e -> e.status() == SUCCESS);
    }

    @Test
    void retry_rules_success_cannot_be_retried_processing_must_wait_failed_counts() {
        h.ledger.createItem("A", "a");
        h.push(customer("c1"));
        h.start();
        var ok = h.await(RecordType.CUSTOMER, "c1", SUCCESS);
        assertThat(h.lb.events.act(h.workspace, ok.id(), SyncAction.RETRY, null, Instant.now()))
                .isInstanceOfSatisfying(SyncEvents.ActionResult.Refused.class,
                        r -> assertThat(r.reason()).contains("cannot be retried"));
        h.close();
        h = new Harness(sandbox);
        h.push(customer("c2"));
        var claimed = h.lb.queue.claim("n", 1, Instant.now(), Instant.now().plusSeconds(30));
        assertThat(h.lb.events.act(h.workspace, claimed.getFirst().id().value(), SyncAction.RETRY, null, Instant.now()))
                .isInstanceOfSatisfying(SyncEvents.ActionResult.Refused.class,
                        r -> assertThat(r.reason()).contains("wait for it to finish"));
    }

    @Test
    void skip_and_bulk_retry_by_error_and_sku() {
        h.push(customer("c1"));
        for (int i = 0; i < 4; i++) {
            h.push(invoice("x" + i, "c1", "PROD-X"));
        }
        h.push(invoice("y1", "c1", "PROD-Y"));
        h.start();
        for (int i = 0; i < 4; i++) {
            h.await(RecordType.INVOICE, "x" + i, FAILED);
        }
        h.await(RecordType.INVOICE, "y1", FAILED);
        var skipped = h.lb.events.act(h.workspace, h.latest(RecordType.INVOICE, "x3").id(), SyncAction.SKIP, null, Instant.now());
        assertThat(skipped).isInstanceOf(SyncEvents.ActionResult.Done.class);
        h.ledger.createItem("PROD-X", "x");
        var bulk = h.lb.events.actOnAll(h.workspace, EventFilter.all().withStatus(FAILED)
                .withErrorCode(ErrorCode.SKU_NOT_FOUND).withText("PROD-X"), SyncAction.RETRY, Instant.now());
        assertThat(bulk.changed()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(h.await(RecordType.INVOICE, "x" + i, SUCCESS).retryCount()).isEqualTo(1);
        }
        assertThat(h.latest(RecordType.INVOICE, "x3").status()).isEqualTo(SKIPPED);
        assertThat(h.latest(RecordType.INVOICE, "y1").status()).isEqualTo(FAILED);
    }

    @Test
    void settings_filters_skip_with_a_reason_and_take_effect_at_once() {
        h.ledger.createItem("A", "a");
        h.lb.flows.updateSettings(h.flow, h.lb.flows.flow(h.flow).settings()
                .withInvoiceStatuses(EnumSet.of(InvoiceStatus.OPEN)), Instant.now());
        h.push(customer("c1"));
        h.push(invoice("draft", InvoiceStatus.DRAFT, "c1", "A"));
        h.push(new Invoice("other", "N-o", InvoiceStatus.OPEN, "c1", "USD", LocalDate.of(2026, 11, 2), null,
                List.of(new InvoiceLine("A", null, BigDecimal.ONE, BigDecimal.TEN, null)), null, "Zapier"));
        h.start();
        assertThat(h.await(RecordType.INVOICE, "draft", SKIPPED).skipReason())
                .isEqualTo("Invoice status Draft is not among the selected statuses [Open].");
        assertThat(h.await(RecordType.INVOICE, "other", SKIPPED).skipReason()).contains("Zapier").contains("Skip Integration Source");
        // Opening the draft makes a new event, which syncs.
        h.push(invoice("draft", InvoiceStatus.OPEN, "c1", "A"));
        h.await(RecordType.INVOICE, "draft", SUCCESS);
        // Turning invoice sync off applies to the next event at once.
        h.lb.flows.updateSettings(h.flow, h.lb.flows.flow(h.flow).settings().withEnabled(RecordType.INVOICE, false), Instant.now());
        h.push(invoice("later", "c1", "A"));
        assertThat(h.await(RecordType.INVOICE, "later", SKIPPED).skipReason()).isEqualTo("Invoice sync is turned off for this flow.");
    }

    @Test
    void tax_code_not_mapped_fails_then_adding_the_mapping_and_retrying_syncs() {
        h.ledger.createItem("A", "a");
        h.push(customer("c1"));
        h.push(new Invoice("t1", "N-t1", InvoiceStatus.OPEN, "c1", "GBP", LocalDate.of(2026, 11, 2), null,
                List.of(new InvoiceLine("A", null, BigDecimal.ONE, BigDecimal.TEN, "VAT20")), null, null));
        h.start();
        var failed = h.await(RecordType.INVOICE, "t1", FAILED);
        assertThat(failed.error().code()).isEqualTo(ErrorCode.TAX_CODE_NOT_MAPPED);
        assertThat(failed.error().message()).contains("\"VAT20\"");
        h.lb.flows.updateSettings(h.flow, h.lb.flows.flow(h.flow).settings().withTaxMapping(Map.of("VAT20", "TAX-20")), Instant.now());
        h.lb.events.act(h.workspace, failed.id(), SyncAction.RETRY, null, Instant.now());
        var ok = h.await(RecordType.INVOICE, "t1", SUCCESS);
        assertThat(h.ledger.get("invoice", ok.destinationId()).get("lines").get(0).get("taxCode").asText()).isEqualTo("TAX-20");
    }

    @Test
    void closed_period_fails_naming_the_dates_and_can_be_marked_synced_manually() {
        h.ledger.createItem("A", "a");
        h.ledger.closeBooksThrough(LocalDate.of(2026, 11, 30));
        h.push(customer("c1"));
        h.push(invoice("i1", "c1", "A"));
        h.start();
        var failed = h.await(RecordType.INVOICE, "i1", FAILED);
        assertThat(failed.error().code()).isEqualTo(ErrorCode.CLOSED_PERIOD);
        assertThat(failed.error().message()).contains("2026-11-02").contains("2026-11-30");
        var marked = h.lb.events.act(h.workspace, failed.id(), SyncAction.MARK_SYNCED, "manual-77", Instant.now());
        assertThat(marked).isInstanceOfSatisfying(SyncEvents.ActionResult.Done.class,
                d -> assertThat(d.event().status()).isEqualTo(SUCCESS));
        assertThat(h.count("SELECT count(*) FROM mapping WHERE destination_id = 'manual-77'")).isEqualTo(1);
    }

    @Test
    void a_duplicate_document_number_not_linked_fails_as_already_synced() {
        var item = h.ledger.createItem("A", "a");
        var cust = h.ledger.apply(null, "create", "customer", null,
                io.ledgerbridge.sandbox.reference.ReferenceLedger.item("x", "y").removeAll().put("name", "Someone").put("email", "s@x.io"));
        var lines = new com.fasterxml.jackson.databind.ObjectMapper().createArrayNode();
        lines.addObject().put("itemId", item).put("quantity", "1").put("unitPrice", "5");
        var manual = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("number", "N-i1")
                .put("customerId", cust.body().get("id").asText()).put("date", "2026-11-01");
        manual.set("lines", lines);
        h.ledger.apply(null, "create", "invoice", null, manual);
        h.push(customer("c1"));
        h.push(invoice("i1", "c1", "A"));
        h.start();
        var failed = h.await(RecordType.INVOICE, "i1", FAILED);
        assertThat(failed.error().code()).isEqualTo(ErrorCode.ALREADY_SYNCED);
        assertThat(failed.error().message()).contains("N-i1");
        assertThat(h.ledger.countWhere("invoice", "number", "N-i1")).isEqualTo(1);
    }

    @Test
    void payments_wait_for_their_invoice_then_a_paid_invoice_cannot_be_updated_and_overpayment_fails() {
        h.ledger.createItem("A", "a");
        h.push(customer("c1"));
        h.push(invoice("i1", "c1", "A"));
        h.push(new Payment("p1", "i1", new BigDecimal("10.00"), "USD", LocalDate.of(2026, 11, 3), "r", null));
        h.start();
        var paid = h.await(RecordType.PAYMENT, "p1", SUCCESS);
        assertThat(h.ledger.get("payment", paid.destinationId()).get("invoiceId").asText())
                .isEqualTo(h.latest(RecordType.INVOICE, "i1").destinationId());
        h.push(new Invoice("i1", "N-i1", InvoiceStatus.OPEN, "c1", "USD", LocalDate.of(2026, 11, 2), null,
                List.of(new InvoiceLine("A", "x", new BigDecimal("3"), new BigDecimal("10.00"), null)), null, null));
        var failed = h.await(RecordType.INVOICE, "i1", FAILED);
        assertThat(failed.error().code()).isEqualTo(ErrorCode.INVOICE_PAID);
        h.push(invoice("i2", "c1", "A"));
        h.push(new Payment("p2", "i2", new BigDecimal("15.00"), "USD", LocalDate.of(2026, 11, 3), "r", null));
        var over = h.await(RecordType.PAYMENT, "p2", FAILED);
        assertThat(over.error().code()).isEqualTo(ErrorCode.PAYMENT_EXCEEDS_OUTSTANDING);
        assertThat(over.error().message()).contains("15.00").contains("10.00");
    }

    @Test
    void with_product_sync_on_a_missing_product_is_created_from_the_source_first() {
        h.lb.flows.updateSettings(h.flow, h.lb.flows.flow(h.flow).settings().withProductSync(true), Instant.now());
        h.push(customer("c1"));
        h.push(new Product("p-1", "NEW-SKU", "New thing", null, new BigDecimal("4.00"), "USD", null));
        h.push(invoice("i1", "c1", "NEW-SKU"));
        h.start();
        h.await(RecordType.INVOICE, "i1", SUCCESS);
        assertThat(h.ledger.countWhere("item", "sku", "NEW-SKU")).isEqualTo(1);
    }

    @Test
    void a_customer_marked_synced_without_a_link_fails_its_invoice_at_once_saying_so_and_linking_it_syncs_the_waiting_records() {
        h.ledger.createItem("A", "a");
        h.push(new Customer("c1", "No Mail Ltd", null, null, null, null));
        h.push(invoice("i1", "c1", "A"));
        h.push(new Payment("p1", "i1", new BigDecimal("10.00"), "USD", LocalDate.of(2026, 11, 3), "r", null));
        h.start();
        var customerFailed = h.await(RecordType.CUSTOMER, "c1", FAILED);
        h.await(RecordType.INVOICE, "i1", FAILED);
        var paymentFailed = h.await(RecordType.PAYMENT, "p1", FAILED);
        assertThat(paymentFailed.error().code()).isEqualTo(ErrorCode.INVOICE_NOT_SYNCED);
        assertThat(paymentFailed.error().message()).contains("\"N-i1\""); // the invoice's number, not its id

        // The bookkeeper marks the customer as synced manually, without naming the destination record.
        var marked = h.lb.events.act(h.workspace, customerFailed.id(), SyncAction.MARK_SYNCED, null, Instant.now());
        assertThat(marked).isInstanceOf(SyncEvents.ActionResult.Done.class);
        // The invoice notices, and fails at once: there is no customer in the books to put on it.
        var invoiceFailed = h.await(RecordType.INVOICE, "i1", FAILED);
        assertThat(invoiceFailed.error().code()).isEqualTo(ErrorCode.CUSTOMER_NOT_SYNCED);
        assertThat(invoiceFailed.error().message()).isEqualTo("The invoice's customer \"No Mail Ltd\" is not in the "
                + "reference ledger: its sync was marked as synced manually without a link to a record there. Open the "
                + "customer's sync and use \"Link to an existing destination record\" with its id in the reference ledger.");
        assertThat(invoiceFailed.error().fix()).contains("link it to the customer in the reference ledger");
        assertThat(invoiceFailed.causeId()).isEqualTo(customerFailed.id());
        assertThat(invoiceFailed.attempts()).isEqualTo(1);
        assertThat(invoiceFailed.retryCount()).isEqualTo(1);
        assertThat(h.lb.events.attempts(h.workspace, invoiceFailed.id())).extracting(a -> a.outcome())
                .endsWith("FAILED", "FAILED").doesNotContain("WILL_RETRY");
        assertThat(h.ledger.count("invoice")).isZero();

        // Linking the customer to the one in the books makes the invoice, then the payment, sync by themselves.
        var existing = h.ledger.apply(null, "create", "customer", null,
                io.ledgerbridge.sandbox.reference.ReferenceLedger.item("x", "y").removeAll()
                        .put("name", "No Mail Ltd").put("email", "ap@nomail.example")).body().get("id").asText();
        var linked = h.lb.events.act(h.workspace, customerFailed.id(), SyncAction.MARK_SYNCED, existing, Instant.now());
        assertThat(linked).isInstanceOfSatisfying(SyncEvents.ActionResult.Done.class,
                d -> assertThat(d.event().destinationId()).isEqualTo(existing));
        var ok = h.await(RecordType.INVOICE, "i1", SUCCESS);
        assertThat(h.ledger.get("invoice", ok.destinationId()).get("customerId").asText()).isEqualTo(existing);
        assertThat(ok.retryCount()).isEqualTo(2);
        h.await(RecordType.PAYMENT, "p1", SUCCESS);
        assertThat(h.ledger.count("customer")).isEqualTo(1);
        // Once linked, it cannot be linked again to something else.
        assertThat(h.lb.events.act(h.workspace, customerFailed.id(), SyncAction.MARK_SYNCED, "other", Instant.now()))
                .isInstanceOf(SyncEvents.ActionResult.Refused.class);
    }

    @Test
    void a_dependency_synced_whose_mapping_is_missing_is_retried_as_mapping_unavailable_then_fails_when_retries_are_spent() {
        h.ledger.createItem("A", "a");
        h.push(customer("c1"));
        h.start();
        h.await(RecordType.CUSTOMER, "c1", SUCCESS);
        h.db.jdbi().useHandle(x -> x.execute("DELETE FROM mapping WHERE record_type = 'CUSTOMER'")); // our store lost it
        h.push(invoice("i1", "c1", "A"));
        var failed = h.await(RecordType.INVOICE, "i1", FAILED);
        assertThat(failed.error().code()).isEqualTo(ErrorCode.MAPPING_UNAVAILABLE);
        assertThat(failed.error().vendorMessage()).startsWith("Unable to get contact mapping: no mapping for synced customer");
        assertThat(failed.attempts()).isEqualTo(Harness.FAST_RETRY.maxAttempts());
        assertThat(h.lb.events.attempts(h.workspace, failed.id())).extracting(a -> a.outcome())
                .containsExactly("WILL_RETRY", "WILL_RETRY", "WILL_RETRY", "FAILED");
        assertThat(h.ledger.count("invoice")).isZero();
    }

    @Test
    void with_products_enabled_and_product_sync_off_an_invoice_waits_for_its_products_own_sync() {
        assertThat(h.lb.flows.flow(h.flow).settings().productSync()).isFalse();
        // The customer is linked to one the books have, so the invoice waits for nothing but its product.
        var existing = h.ledger.apply(null, "create", "customer", null,
                io.ledgerbridge.sandbox.reference.ReferenceLedger.item("x", "y").removeAll()
                        .put("name", "Customer c1").put("email", "c1@example.com")).body().get("id").asText();
        h.push(customer("c1"));
        h.lb.events.act(h.workspace, h.latest(RecordType.CUSTOMER, "c1").id(), SyncAction.MARK_SYNCED, existing, Instant.now());
        h.push(new Product("p-1", "NEW-SKU", "New thing", null, new BigDecimal("4.00"), "USD", null));
        h.push(invoice("i1", "c1", "NEW-SKU"));
        h.start(); // the product and the invoice are taken at once: the product is being written as the invoice is planned
        var ok = h.await(RecordType.INVOICE, "i1", SUCCESS);
        assertThat(h.lb.events.attempts(h.workspace, ok.id())).extracting(a -> a.outcome())
                .doesNotContain("FAILED").endsWith("SYNCED");
        assertThat(h.ledger.countWhere("item", "sku", "NEW-SKU")).isEqualTo(1);
    }

    @Test
    void with_product_sync_off_an_invoice_whose_product_failed_or_was_marked_synced_without_a_link_fails_as_product_not_synced() {
        h.push(customer("c1"));
        h.push(new Product("p-1", "CBL-2", "Cable: 2 m", null, new BigDecimal("4.00"), "USD", null));
        h.push(invoice("i1", "c1", "CBL-2"));
        h.start();
        var productFailed = h.await(RecordType.PRODUCT, "p-1", FAILED);
        assertThat(productFailed.error().code()).isEqualTo(ErrorCode.INVALID_CHARACTERS);
        var invoiceFailed = h.await(RecordType.INVOICE, "i1", FAILED);
        assertThat(invoiceFailed.error().code()).isEqualTo(ErrorCode.PRODUCT_NOT_SYNCED);
        assertThat(invoiceFailed.causeId()).isEqualTo(productFailed.id());
        assertThat(invoiceFailed.error().message()).contains("\"CBL-2\"").contains("Invalid characters");

        h.lb.events.act(h.workspace, productFailed.id(), SyncAction.MARK_SYNCED, null, Instant.now());
        var again = h.await(RecordType.INVOICE, "i1", FAILED);
        assertThat(again.error().code()).isEqualTo(ErrorCode.PRODUCT_NOT_SYNCED);
        assertThat(again.error().message()).contains("marked as synced manually without a link");
        assertThat(again.causeId()).isEqualTo(productFailed.id());

        String item = h.ledger.createItem("CABLE-OTHER", "Cable 2 m");
        h.lb.events.act(h.workspace, productFailed.id(), SyncAction.MARK_SYNCED, item, Instant.now());
        var ok = h.await(RecordType.INVOICE, "i1", SUCCESS);
        assertThat(h.ledger.get("invoice", ok.destinationId()).get("lines").get(0).get("itemId").asText()).isEqualTo(item);
    }

    @Test
    void an_event_made_while_its_connection_is_being_paused_says_waiting_for_reconnect() throws Exception {
        h.push(customer("c1"));
        try (var pause = h.db.jdbi().open()) {
            // A completion pausing the connection (what PostgresSyncQueue.pauseConnections writes), not committed yet
            // while the intake makes an event: the intake reads the connection as Connected, the relabelling does
            // not see the new event.
            pause.begin();
            pause.createUpdate("UPDATE connection SET status = 'NEEDS_RECONNECT', status_reason = 'Revoked.' WHERE id = :id")
                    .bind("id", h.destination.value()).execute();
            pause.createUpdate("""
                    UPDATE sync_event p SET wait_reason = 'RECONNECT'
                      FROM connection c
                     WHERE p.destination_connection_id = c.id AND c.status = 'NEEDS_RECONNECT' AND p.status = 'PENDING'
                       AND p.wait_reason IN ('QUEUED', 'RETRY_BACKOFF', 'RESUMED')""").execute();
            var pushed = java.util.concurrent.CompletableFuture.runAsync(() -> h.push(customer("c2")));
            pushed.get(10, java.util.concurrent.TimeUnit.SECONDS);
            pause.commit();
        }
        assertThat(h.lb.events.list(h.workspace, EventFilter.all())).hasSize(2)
                .allSatisfy(e -> assertThat(e.waitReason()).as("sync %d", e.id()).isEqualTo(WaitReason.RECONNECT));
        var made = h.latest(RecordType.CUSTOMER, "c2");
        assertThat(h.lb.events.get(h.workspace, made.id()).orElseThrow().waitReason().label()).isEqualTo("Waiting for reconnect");

        // Reconnected: it is queued again, and syncs.
        h.lb.connections.reconnect(h.destination, new TokenSet("token-1", null, null), Instant.now());
        assertThat(h.latest(RecordType.CUSTOMER, "c2").waitReason()).isEqualTo(WaitReason.QUEUED);
        h.start();
        h.await(RecordType.CUSTOMER, "c2", SUCCESS);
    }

    @Test
    void a_voided_invoice_that_never_synced_is_skipped_not_created() {
        h.push(customer("c1"));
        h.push(invoice("v1", InvoiceStatus.VOID, "c1", "A"));
        h.start();
        assertThat(h.await(RecordType.INVOICE, "v1", SKIPPED).skipReason()).contains("nothing to void");
        assertThat(h.ledger.count("invoice")).isZero();
    }
}
