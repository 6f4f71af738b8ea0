package io.ledgerbridge.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.intake.RecordIntake;
import io.ledgerbridge.store.connection.PostgresConnections;
import io.ledgerbridge.store.connection.TokenCipher;
import io.ledgerbridge.store.db.Database;
import io.ledgerbridge.store.events.PostgresSyncEvents;
import io.ledgerbridge.store.flow.PostgresFlows;
import io.ledgerbridge.store.records.PostgresSourceRecords;
import io.ledgerbridge.store.testing.TestDatabase;
import io.ledgerbridge.store.workspace.PostgresWorkspaces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A real API server on a random port over a fresh PostgreSQL database, with one workspace as a developer would
 * have it: an API key, a native source connection, a reference destination and a flow between them. No worker
 * runs, so events stay where the test puts them.
 */
final class ApiFixture implements AutoCloseable {

    /** Reads answers as a careful client would: decimals as BigDecimal, trailing zeros kept. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    final Database db;
    final ApiServer server;
    final PostgresWorkspaces workspaces;
    final PostgresConnections connections;
    final PostgresFlows flows;
    final WorkspaceId workspace;
    final String key;
    final ConnectionId nativeSource;
    final ConnectionId destination;
    final FlowId flow;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    ApiFixture() {
        db = TestDatabase.fresh(4);
        var jdbi = db.jdbi();
        var clock = Clock.systemUTC();
        workspaces = new PostgresWorkspaces(jdbi);
        connections = new PostgresConnections(jdbi, TokenCipher.fromJsonKeyset(TokenCipher.newJsonKeyset()));
        flows = new PostgresFlows(jdbi);
        var records = new PostgresSourceRecords(jdbi);
        var now = Instant.now();
        workspace = workspaces.create("Acme Field Services", now);
        key = workspaces.createApiKey(workspace, "tests", now);
        nativeSource = connections.create(workspace, "native", "Acme app", Map.of(), null, now);
        destination = connections.create(workspace, "reference", "Reference ledger", Map.of("company", "acme"), null, now);
        flow = flows.create(workspace, nativeSource, destination, FlowSettings.defaults(), now);
        server = new ApiServer(new ApiConfig("127.0.0.1", 0, ApiConfig.ONE_MB), workspaces, connections, flows, records,
                new PostgresSyncEvents(jdbi), new RecordIntake(records, clock, () -> {}), clock).start();
    }

    /** A second workspace with its own key and native source; returns its key. */
    String otherWorkspaceKey() {
        var now = Instant.now();
        var other = workspaces.create("Other Ltd", now);
        var source = connections.create(other, "native", "Other app", Map.of(), null, now);
        var dest = connections.create(other, "reference", "Other ledger", Map.of(), null, now);
        flows.create(other, source, dest, FlowSettings.defaults(), now);
        return workspaces.createApiKey(other, "other", now);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    Response get(String path) {
        return send("GET", path, null, null, key);
    }

    Response put(String path, String json) {
        return send("PUT", path, "application/json", json, key);
    }

    Response post(String path, String json) {
        return send("POST", path, json == null ? null : "application/json", json, key);
    }

    Response send(String method, String path, String contentType, String body, String apiKey) {
        var b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        return send(b.build());
    }

    Response send(HttpRequest request) {
        try {
            var r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(null),
                    r.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    long count(String table) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one());
    }

    /** Every stored row a push could change, as one comparable value. */
    String storedState() {
        return db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT (SELECT count(*) FROM source_record) || '/' || (SELECT coalesce(sum(version), 0) FROM source_record)
                               || '/' || (SELECT count(*) FROM sync_event)""").mapTo(String.class).one());
    }

    /** Moves an event to Failed with a catalogue error, as a worker would have. */
    void fail(long eventId, String errorCode, String detailsJson) {
        db.jdbi().useHandle(h -> h.createUpdate("""
                        UPDATE sync_event SET status = 'FAILED', wait_reason = NULL, attempts = 1, error_code = :code,
                               error_details = CAST(:details AS jsonb), updated_at = now() WHERE id = :id""")
                .bind("code", errorCode).bind("details", detailsJson).bind("id", eventId).execute());
    }

    void succeed(long eventId, String destinationId) {
        db.jdbi().useHandle(h -> h.createUpdate("""
                        UPDATE sync_event SET status = 'SUCCESS', wait_reason = NULL, attempts = 1,
                               destination_id = :dest, updated_at = now() WHERE id = :id""")
                .bind("dest", destinationId).bind("id", eventId).execute());
    }

    @Override
    public void close() {
        server.stop();
        db.close();
    }

    // ---- bodies a developer would send ----

    static String customer(String id, String email) {
        return """
                {"id": "%s", "displayName": "Customer %s", "email": "%s", "companyName": "Co", "phone": "555"}"""
                .formatted(id, id, email);
    }

    static String invoice(String number, String customerId, String sku) {
        return """
                {"number": "%s", "status": "OPEN", "customerId": "%s", "currency": "USD",
                 "issueDate": "2025-03-01", "dueDate": "2025-03-31", "memo": "March visit",
                 "lines": [{"sku": "%s", "description": "Service call", "quantity": 2, "unitPrice": "49.95", "taxCode": null}]}"""
                .formatted(number, customerId, sku);
    }

    record Response(int status, String body, String contentType, Map<String, java.util.List<String>> headers) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + body, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
