package io.ledgerbridge.app.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerbridge.connector.hubspot.HubSpotSource;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.domain.sync.WaitReason;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.sandbox.hubspot.HubSpotSandbox;
import io.ledgerbridge.sandbox.hubspot.SandboxSettings;
import io.ledgerbridge.sandbox.quickbooks.QuickBooksSandbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's historical import, HubSpot into QuickBooks, through the REST API a client uses: the estimate before it
 * starts, the import read page by page from HubSpot's search, paused and resumed, a live invoice that does not wait
 * behind it, and the verification report at the end, with every invoice once in the company.
 */
class HistoricalImportIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static HubSpotSandbox hubspot;
    private static QuickBooksSandbox qbo;
    private HubSpotHarness h;
    private final HttpClient http = HttpClient.newHttpClient();
    private String key;

    @BeforeAll
    static void startSandboxes() {
        hubspot = HubSpotSandbox.start(SandboxSettings.defaults());
        qbo = QuickBooksSandbox.start(0);
    }

    @AfterAll
    static void stopSandboxes() {
        hubspot.close();
        qbo.close();
    }

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void three_thousand_hubspot_invoices_import_into_quickbooks_with_their_report_paused_and_resumed_live_first()
            throws Exception {
        h = new HubSpotHarness(hubspot, qbo, false);
        var flow = h.flow(h.hub, h.books, FlowSettings.defaults().withProductSync(true));
        key = h.lb.workspaces.keys().create(h.workspace, "it", false, Optional.empty(), Instant.now()).key();
        var contacts = new ArrayList<String>();
        for (int c = 0; c < 40; c++) {
            contacts.add(h.contact("buyer" + c + "@example.com", "Buyer", "No" + c));
        }
        var products = new ArrayList<String>();
        for (int p = 0; p < 5; p++) {
            products.add(h.product("Widget " + p, "W-" + p, "12.50"));
        }
        LocalDate start = LocalDate.of(2025, 1, 1);
        for (int i = 1; i <= 2_999; i++) {
            h.invoiceDated(start.plusDays(i % 365).toString(), String.format("H-%04d", i), "open",
                    contacts.get(i % contacts.size()), products.get(i % products.size()));
        }
        // One invoice of the range has no lines: intake refuses it, and the report says so.
        String empty = h.invoiceDated("2025-06-30", "H-EMPTY", "open", contacts.getFirst());
        // Outside the range: never read by the import.
        for (int i = 1; i <= 20; i++) {
            h.invoiceDated("2026-11-02", "LATER-" + i, "open", contacts.getFirst(), products.getFirst());
        }
        h.start();

        // The estimate first: nothing started.
        var estimate = post("flows/" + flow + "/imports",
                "{\"from\":\"2025-01-01\",\"to\":\"2025-12-31\",\"estimateOnly\":true}", 200).path("estimate");
        assertThat(estimate.path("invoices").asLong()).isEqualTo(3_000);
        assertThat(estimate.path("batchSize").asInt()).isEqualTo(30);
        assertThat(estimate.path("calls").asLong()).isEqualTo(200);
        assertThat(estimate.path("summary").asText()).startsWith("3,000 invoices: about 200 calls to QuickBooks Online (batches of 30)");
        assertThat(get("flows/" + flow + "/imports").path("imports")).isEmpty();

        var started = post("flows/" + flow + "/imports", "{\"from\":\"2025-01-01\",\"to\":\"2025-12-31\"}", 201);
        String id = started.path("importRun").path("id").asText();
        assertThat(started.path("importRun").path("status").asText()).isEqualTo("running");
        assertThat(started.path("importRun").path("expected").asLong()).isEqualTo(3_000);

        awaitImport(id, i -> i.path("progress").path("done").asLong() >= 300, Duration.ofMinutes(2), "300 records done");
        post("imports/" + id + "/pause", "", 200);
        // What a worker held when it paused finishes (a claimed batch writes its chunks as QuickBooks' batch budget allows)
        HubSpotHarness.awaitTrue(() -> h.count("SELECT count(*) FROM sync_event WHERE import_id = '" + id
                + "' AND status = 'PROCESSING'") == 0, Duration.ofSeconds(30), () -> "the paused import's syncs in flight to end");
        Thread.sleep(500);
        long donePaused = get("imports/" + id).path("progress").path("done").asLong();
        Thread.sleep(2_000);
        var paused = get("imports/" + id);
        assertThat(paused.path("status").asText()).isEqualTo("paused");
        assertThat(paused.path("progress").path("done").asLong()).as("nothing moves while paused").isEqualTo(donePaused);
        assertThat(h.count("SELECT count(*) FROM sync_event WHERE import_id = '" + id
                + "' AND status = 'PENDING' AND wait_reason <> 'IMPORT_PAUSED'")).isZero();
        assertThat(post("imports/" + id + "/pause", "", 409).path("message").asText()).contains("is paused");
        post("imports/" + id + "/resume", "", 200);

        // A live invoice while the import runs: claimed before every import event, it syncs in seconds.
        var source = (HubSpotSource) h.lb.registry.source(h.hub).orElseThrow();
        String live = h.invoiceDated(LocalDate.now().toString(), "LIVE-1", "open", contacts.get(1), products.get(1));
        Instant pushed = Instant.now();
        h.lb.intake.receiveAll(h.hub, source.read(new HubSpotSource.Changed(Set.of(live), Set.of(), Set.of(), Set.of())));
        h.await(flow, RecordType.INVOICE, live, SyncStatus.SUCCESS, Duration.ofSeconds(30));
        var liveTook = Duration.between(pushed, Instant.now());
        assertThat(get("imports/" + id).path("status").asText()).as("the import was still going").isEqualTo("running");
        assertThat(liveTook).as("a live invoice does not wait behind 3,000 historical ones").isLessThan(Duration.ofSeconds(15));

        var done = awaitImport(id, i -> !i.path("status").asText().equals("running"), Duration.ofMinutes(6), "the end");
        assertThat(done.path("status").asText()).as("%s", done).isEqualTo("completed");
        var report = done.path("report");
        assertThat(report.path("mismatch").isNull()).isTrue();
        assertThat(report.path("expected").asLong()).isEqualTo(3_000);
        assertThat(report.path("invoicesRead").asLong()).isEqualTo(3_000);
        // 2,999 invoices, 40 customers, 5 products synced; the empty invoice failed with what intake said
        assertThat(report.path("synced").asLong()).isEqualTo(2_999 + 40 + 5);
        assertThat(report.path("failed")).hasSize(1);
        assertThat(report.path("failed").get(0).path("sourceId").asText()).isEqualTo(empty);
        assertThat(report.path("failed").get(0).path("errorCode").asText()).startsWith("INVALID_RECORD").contains("lines");
        assertThat(done.path("progress").path("waiting").asLong()).isZero();

        var numbers = new ArrayList<String>();
        h.qbo.invoices(h.realm).forEach(i -> numbers.add(i.path("DocNumber").asText()));
        assertThat(numbers).as("every invoice once, the live one included").hasSize(3_000)
                .doesNotHaveDuplicates().contains("H-0001", "H-2999", "LIVE-1").noneMatch(n -> n.startsWith("LATER-"));
        assertThat(h.count("SELECT count(*) FROM sync_event WHERE status = 'FAILED'")).isZero();
        var audit = get("audit");
        assertThat(audit.toString()).contains("import.start").contains("import.pause").contains("import.resume");
    }

    private JsonNode awaitImport(String id, java.util.function.Predicate<JsonNode> condition, Duration timeout, String what) {
        JsonNode[] last = {null};
        HubSpotHarness.awaitTrue(() -> {
            try {
                last[0] = get("imports/" + id);
                return condition.test(last[0]);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, timeout, () -> "the import to reach " + what + ": " + last[0]);
        return last[0];
    }

    private JsonNode get(String path) throws Exception {
        var r = http.send(HttpRequest.newBuilder(URI.create(base() + path)).header("Authorization", "Bearer " + key).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private JsonNode post(String path, String body, int status) throws Exception {
        var r = http.send(HttpRequest.newBuilder(URI.create(base() + path)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("POST %s: %s", path, r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    private String base() {
        return "http://127.0.0.1:" + h.api.port() + "/api/v1/";
    }
}
