package io.ledgerbridge.connector.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.connector.ConnectionContext;
import io.ledgerbridge.connector.IdempotencyKey;
import io.ledgerbridge.connector.Outbound;
import io.ledgerbridge.connector.Sink;
import io.ledgerbridge.connector.TokenAccess;
import io.ledgerbridge.connector.Write;
import io.ledgerbridge.connector.WriteResult;
import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.record.Customer;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.sandbox.reference.ReferenceSandbox;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReferenceSinkFailuresIT {

    private static ReferenceSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = ReferenceSandbox.start(0);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private Sink sink(String ledger, int timeoutMillis) {
        sandbox.createLedger(ledger, "t");
        return new ReferenceConnector(Clock.systemUTC()).openSink(new ConnectionContext(ConnectionId.random(),
                Map.of("baseUrl", sandbox.baseUrl(), "ledger", ledger, "timeoutMillis", String.valueOf(timeoutMillis)),
                TokenAccess.fixed("t")));
    }

    private static Write customer(String key) {
        return new Write(new IdempotencyKey(key), Write.Operation.CREATE, null, new Outbound.OutboundCustomer(
                new Customer("c1", "Amy", "amy-" + key + "@example.com", null, null, null)));
    }

    @Test
    void an_answer_lost_after_the_write_is_uncertain_and_the_replay_returns_the_first_result() {
        String ledger = "lost-" + UUID.randomUUID();
        var sink = sink(ledger, 300);
        sandbox.stallAfterWriting(ledger, 1, Duration.ofMillis(1500));
        var first = sink.write(List.of(customer("k1"))).getFirst();
        assertThat(first).isInstanceOf(WriteResult.Uncertain.class);
        var again = sink.write(List.of(customer("k1"))).getFirst();
        assertThat(again).isInstanceOf(WriteResult.Written.class);
        assertThat(sandbox.ledger(ledger).count("customer")).isEqualTo(1);
    }

    @Test
    void a_429_is_a_rate_limit_with_the_wait_the_ledger_asked_for() {
        String ledger = "busy-" + UUID.randomUUID();
        var sink = sink(ledger, 5000);
        sandbox.failNext(ledger, 1, 429, Duration.ofSeconds(7));
        var r = sink.write(List.of(customer("k2"))).getFirst();
        assertThat(r).isInstanceOfSatisfying(WriteResult.Rejected.class, rej -> {
            assertThat(rej.error().code()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(rej.retryAfter()).isNotNull();
        });
    }

    @Test
    void a_503_is_temporarily_unavailable() {
        String ledger = "down-" + UUID.randomUUID();
        var sink = sink(ledger, 5000);
        sandbox.failNext(ledger, 1, 503, Duration.ZERO);
        assertThat(sink.write(List.of(customer("k3"))).getFirst()).isInstanceOfSatisfying(WriteResult.Rejected.class,
                rej -> assertThat(rej.error().code()).isEqualTo(ErrorCode.TEMPORARILY_UNAVAILABLE));
    }
}
