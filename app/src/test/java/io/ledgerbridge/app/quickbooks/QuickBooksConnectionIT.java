package io.ledgerbridge.app.quickbooks;

import static io.ledgerbridge.app.quickbooks.QuickBooksHarness.customer;
import static io.ledgerbridge.app.quickbooks.QuickBooksHarness.invoice;
import static io.ledgerbridge.domain.sync.SyncStatus.PENDING;
import static io.ledgerbridge.domain.sync.SyncStatus.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.WaitReason;
import io.ledgerbridge.domain.workspace.ConnectionStatus;
import io.ledgerbridge.engine.connection.TokenSet;
import io.ledgerbridge.engine.events.EventFilter;
import io.ledgerbridge.engine.worker.NodeConfig;
import io.ledgerbridge.sandbox.quickbooks.QuickBooksSandbox;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The connection's health end to end: tokens that expire or die, and QuickBooks throttling or going down. None of
 * these may fail an event; they wait and complete.
 */
class QuickBooksConnectionIT {

    private static QuickBooksSandbox qbo;
    private QuickBooksHarness h;

    @BeforeAll
    static void startSandbox() {
        qbo = QuickBooksSandbox.start(0);
    }

    @AfterAll
    static void stopSandbox() {
        qbo.close();
    }

    @BeforeEach
    void harness() {
        // These tests make their own faults and assert the exact attempt history and error of each sync. A slow machine
        // must not add faults of its own: with the harness's 3 s call timeout a slow token refresh or write becomes
        // "Temporarily unavailable" or a Timeout, and a heartbeat later than the 2 s lease makes "Lease expired"
        // attempts. Nothing here tests timeouts or takeovers, so the deadlines are generous.
        h = new QuickBooksHarness(qbo, new NodeConfig("node-" + UUID.randomUUID().toString().substring(0, 6), 2, 50,
                Duration.ofSeconds(30), Duration.ofMillis(50)), QuickBooksHarness.FAST_RETRY, Map.of("timeoutMillis", "30000"));
        h.item("Widget", "A");
    }

    @AfterEach
    void close() {
        h.close();
    }

    private void syncFirstCustomer() {
        h.push(customer("c1"));
        h.start();
        h.await(RecordType.CUSTOMER, "c1", SUCCESS);
    }

    @Test
    void an_access_token_expiring_mid_run_is_refreshed_once_nothing_fails_and_the_rotated_refresh_token_is_stored() {
        syncFirstCustomer();
        var before = h.lb.connections.find(h.destination).orElseThrow().tokenRefreshedAt();
        assertThat(h.storedTokens().refreshToken()).isEqualTo(h.originalRefreshToken);

        h.qbo.expireAccessTokens(h.realm); // QuickBooks' clock says the hour is up; ours does not know yet
        for (int i = 0; i < 12; i++) {
            h.push(invoice("i" + i, "c1", "A"));
        }
        for (int i = 0; i < 12; i++) {
            var ok = h.await(RecordType.INVOICE, "i" + i, SUCCESS);
            assertThat(h.outcomes(ok)).as("attempts of i%d", i).containsExactly("SYNCED");
        }
        assertThat(h.lb.events.countsByStatus(h.workspace)).containsEntry("FAILED", 0L);
        assertThat(h.storedTokens().refreshToken()).isNotEqualTo(h.originalRefreshToken);
        assertThat(h.lb.connections.find(h.destination).orElseThrow().tokenRefreshedAt()).isAfter(before);
        assertThat(h.lb.connections.find(h.destination).orElseThrow().status()).isEqualTo(ConnectionStatus.CONNECTED);
        assertThat(h.qbo.invoices(h.realm)).hasSize(12);
    }

    @Test
    void a_revoked_refresh_token_pauses_the_connection_events_wait_for_reconnect_and_all_complete_after_it() {
        syncFirstCustomer();
        h.qbo.revokeRefreshTokens(h.realm);
        h.qbo.expireAccessTokens(h.realm);
        for (int i = 0; i < 5; i++) {
            h.push(invoice("i" + i, "c1", "A"));
        }
        QuickBooksHarness.awaitTrue(() -> h.lb.connections.find(h.destination).orElseThrow().status()
                == ConnectionStatus.NEEDS_RECONNECT, Duration.ofSeconds(20), () -> "the connection to need reconnecting");
        QuickBooksHarness.awaitTrue(() -> h.lb.events.list(h.workspace, EventFilter.all().withType(RecordType.INVOICE)).stream()
                        .allMatch(e -> e.status() == PENDING && e.waitReason() == WaitReason.RECONNECT),
                Duration.ofSeconds(20), () -> "invoices waiting for reconnect: " + h.lb.events.list(h.workspace, EventFilter.all()));
        var waiting = h.latest(RecordType.INVOICE, "i0");
        assertThat(waiting.waitReason().label()).isEqualTo("Waiting for reconnect");
        assertThat(waiting.error().code()).isEqualTo(ErrorCode.TOKEN_REFRESH_FAILED);
        assertThat(waiting.error().fix()).contains("Reconnect QuickBooks Online under Settings → Connections");
        assertThat(h.lb.events.countsByStatus(h.workspace)).containsEntry("FAILED", 0L);
        var connection = h.lb.connections.find(h.destination).orElseThrow();
        assertThat(connection.statusReason()).contains("Reconnect").doesNotContain(h.originalRefreshToken);
        assertThat(h.qbo.invoices(h.realm)).isEmpty();

        // A person reconnects: new tokens from QuickBooks' consent, the connection is Connected, the invoices sync.
        var issued = h.qbo.issueTokens(QuickBooksHarness.CLIENT_ID, h.realm);
        h.lb.connections.reconnect(h.destination, new TokenSet(issued.accessToken(), issued.refreshToken(),
                Instant.now().plusSeconds(issued.expiresIn())), Instant.now());
        for (int i = 0; i < 5; i++) {
            h.await(RecordType.INVOICE, "i" + i, SUCCESS);
        }
        assertThat(h.qbo.invoices(h.realm)).hasSize(5);
        assertThat(h.lb.connections.find(h.destination).orElseThrow().status()).isEqualTo(ConnectionStatus.CONNECTED);
    }

    @Test
    void throttling_makes_events_wait_for_the_limit_and_complete_without_counting_attempts() {
        syncFirstCustomer();
        long throttledBefore = h.qbo.throttledCount(h.realm);
        h.qbo.throttleNext(h.realm, 3);
        for (int i = 0; i < 3; i++) {
            h.push(invoice("i" + i, "c1", "A"));
        }
        for (int i = 0; i < 3; i++) {
            var ok = h.await(RecordType.INVOICE, "i" + i, SUCCESS);
            assertThat(ok.retryCount()).isZero();
        }
        assertThat(h.qbo.throttledCount(h.realm) - throttledBefore).isEqualTo(3);
        var outcomes = h.lb.events.list(h.workspace, EventFilter.all().withType(RecordType.INVOICE)).stream()
                .flatMap(e -> h.outcomes(e).stream()).toList();
        assertThat(outcomes).contains("RATE_LIMITED").doesNotContain("FAILED");
        assertThat(h.lb.events.countsByStatus(h.workspace)).containsEntry("FAILED", 0L);
        assertThat(h.qbo.invoices(h.realm)).hasSize(3);
    }

    @Test
    void quickbooks_down_for_a_moment_is_retried_with_backoff_and_nothing_fails() {
        syncFirstCustomer();
        h.qbo.unavailableNext(h.realm, 2);
        h.push(invoice("i1", "c1", "A"));
        var ok = h.await(RecordType.INVOICE, "i1", SUCCESS);
        assertThat(h.outcomes(ok)).containsExactly("WILL_RETRY", "WILL_RETRY", "SYNCED");
        assertThat(h.lb.events.attempts(h.workspace, ok.id()).getFirst().errorCode())
                .isEqualTo(ErrorCode.TEMPORARILY_UNAVAILABLE.name());
        assertThat(ok.retryCount()).isZero();
        assertThat(h.qbo.countInvoicesByDocNumber(h.realm, "N-i1")).isEqualTo(1);
    }

    @Test
    void throttled_and_unavailable_together_on_a_busy_company_leave_every_invoice_synced_once() {
        syncFirstCustomer();
        h.qbo.throttleNext(h.realm, 2);
        h.qbo.unavailableNext(h.realm, 1);
        for (int i = 0; i < 40; i++) {
            h.push(invoice("b" + i, "c1", "A"));
        }
        for (int i = 0; i < 40; i++) {
            h.await(RecordType.INVOICE, "b" + i, SUCCESS);
            assertThat(h.qbo.countInvoicesByDocNumber(h.realm, "N-b" + i)).isEqualTo(1);
        }
        assertThat(h.lb.events.countsByStatus(h.workspace)).containsEntry("FAILED", 0L);
    }
}
