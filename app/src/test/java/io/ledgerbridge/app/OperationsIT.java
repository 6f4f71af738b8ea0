package io.ledgerbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ledgerbridge.app.config.AppConfig;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.domain.sync.WaitReason;
import io.ledgerbridge.engine.connection.TokenSet;
import io.ledgerbridge.sandbox.reference.ReferenceSandbox;
import io.ledgerbridge.store.connection.TokenCipher;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class OperationsIT {

    @Test
    void health_and_metrics_report_the_database_connections_and_events() throws Exception {
        var env = Map.of("LEDGERBRIDGE_DATA_DIR", Files.createTempDirectory("lb-ops").toString(), "LEDGERBRIDGE_PORT", "0", "LEDGERBRIDGE_DASHBOARD_PORT", "0",
                "LEDGERBRIDGE_TOKEN_KEYSET", TokenCipher.newJsonKeyset());
        try (var service = Service.start(AppConfig.fromEnvironment(env)); var sandbox = ReferenceSandbox.start(0)) {
            var lb = service.lb;
            var ws = lb.workspaces.create("Ops", Instant.now());
            var key = lb.workspaces.createApiKey(ws, "t", Instant.now());
            var source = lb.connections.create(ws, "native", "app", Map.of(), null, Instant.now());
            sandbox.createLedger("ops", "t").createItem("A", "a");
            var books = lb.connections.create(ws, "reference", "books", Map.of("baseUrl", sandbox.baseUrl(), "ledger", "ops"),
                    new TokenSet("t", null, null), Instant.now());
            lb.flows.create(ws, source, books, io.ledgerbridge.domain.workspace.FlowSettings.defaults(), Instant.now());
            var http = HttpClient.newHttpClient();
            var put = http.send(HttpRequest.newBuilder(URI.create(service.url() + "/api/v1/customers/c1"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"displayName\":\"Amy\",\"email\":\"amy@example.com\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).isEqualTo(201);
            Harness.awaitTrue(() -> lb.events.ofRecord(ws, RecordType.CUSTOMER, "c1").getFirst().status() == SyncStatus.SUCCESS,
                    Duration.ofSeconds(20), () -> "customer to sync");

            var health = http.send(HttpRequest.newBuilder(URI.create(service.url() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"database\":\"UP\"").contains("\"CONNECTED\":2");

            var metrics = http.send(HttpRequest.newBuilder(URI.create(service.url() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("ledgerbridge_events{status=\"success\"} 1.0")
                    .contains("ledgerbridge_queue_depth").contains("ledgerbridge_attempt_duration_seconds_count");
        }
    }

    @Test
    void logs_never_contain_a_token_even_when_the_connection_fails() {
        var root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        var logs = new ListAppender<ILoggingEvent>();
        logs.start();
        root.addAppender(logs);
        try (var sandbox = ReferenceSandbox.start(0); var h = new Harness(sandbox)) {
            h.ledger.createItem("A", "a");
            h.push(Harness.customer("c1"));
            h.start();
            h.await(RecordType.CUSTOMER, "c1", SyncStatus.SUCCESS);
            h.ledger.revokeToken();
            h.push(Harness.invoice("i1", "c1", "A"));
            Harness.awaitTrue(() -> h.latest(RecordType.INVOICE, "i1").waitReason() == WaitReason.RECONNECT,
                    Duration.ofSeconds(10), () -> "reconnect wait");
            h.ledger.issueToken("token-SECRET-2");
            h.lb.connections.reconnect(h.destination, new TokenSet("token-SECRET-2", "refresh-SECRET", null), Instant.now());
            h.await(RecordType.INVOICE, "i1", SyncStatus.SUCCESS);
        } finally {
            root.detachAppender(logs);
        }
        assertThat(logs.list).isNotEmpty();
        assertThat(logs.list).allSatisfy(e -> {
            assertThat(e.getFormattedMessage()).doesNotContain("token-1").doesNotContain("SECRET");
            if (e.getThrowableProxy() != null) {
                assertThat(e.getThrowableProxy().getMessage()).doesNotContain("SECRET");
            }
        });
    }
}
