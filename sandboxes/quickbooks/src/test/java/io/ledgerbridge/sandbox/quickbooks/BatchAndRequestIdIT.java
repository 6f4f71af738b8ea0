package io.ledgerbridge.sandbox.quickbooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerbridge.sandbox.quickbooks.oauth.OAuthApp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** requestid replay (API_FACTS A.7) and the batch endpoint (API_FACTS A.4). */
class BatchAndRequestIdIT {
    static final String REALM = "4620816365000003";
    static QuickBooksSandbox sandbox;
    static ApiClient api;

    @BeforeAll
    static void start() {
        sandbox = QuickBooksSandbox.builder().port(0).clock(new MutableClock(Instant.parse("2026-06-15T17:00:00Z"))).start();
        sandbox.createRealm(REALM, "Batch Test Co");
        sandbox.registerApp(OAuthApp.of("app", "secret", "http://localhost/cb"));
        api = new ApiClient(sandbox.baseUrl(), REALM, sandbox.issueTokens("app", REALM).accessToken());
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void the_same_requestid_replays_the_first_response_without_creating_anything() {
        String customer = sandbox.createCustomer(REALM, "Replay Customer", null);
        String body = """
                {"DocNumber":"R-1","CustomerRef":{"value":"%s"},"Line":[{"Amount":12,"DetailType":"SalesItemLineDetail",
                 "SalesItemLineDetail":{"ItemRef":{"value":"1"}}}]}""".formatted(customer);
        ApiClient.Response first = api.post("/invoice?requestid=req-0001&minorversion=75", body);
        ApiClient.Response again = api.post("/invoice?requestid=req-0001&minorversion=75", body);
        assertThat(first.status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(sandbox.countInvoicesByDocNumber(REALM, "R-1")).isEqualTo(1);

        ApiClient.Response other = api.post("/invoice?requestid=req-0002", body);
        assertThat(other.error().path("code").asText()).isEqualTo("6140");
        ApiClient.Response otherAgain = api.post("/invoice?requestid=req-0002", body.replace("R-1", "R-2"));
        assertThat(otherAgain.status()).isEqualTo(400);
        assertThat(otherAgain.body()).isEqualTo(other.body());
        assertThat(sandbox.countInvoicesByDocNumber(REALM, "R-2")).isZero();
    }

    @Test
    void concurrent_retries_with_one_requestid_create_one_invoice() throws Exception {
        String customer = sandbox.createCustomer(REALM, "Concurrent Customer", null);
        String body = """
                {"DocNumber":"C-1","CustomerRef":{"value":"%s"},"Line":[{"Amount":3,"DetailType":"SalesItemLineDetail",
                 "SalesItemLineDetail":{"ItemRef":{"value":"1"}}}]}""".formatted(customer);
        List<Future<ApiClient.Response>> sent = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 6; i++) {
                sent.add(pool.submit(() -> {
                    go.await();
                    return api.post("/invoice?requestid=same-retry", body);
                }));
            }
            go.countDown();
            String first = sent.getFirst().get().body();
            for (Future<ApiClient.Response> f : sent) {
                assertThat(f.get().status()).isEqualTo(200);
                assertThat(f.get().body()).isEqualTo(first);
            }
        }
        assertThat(sandbox.countInvoicesByDocNumber(REALM, "C-1")).isEqualTo(1);
    }

    @Test
    void requestids_are_kept_per_realm() {
        String otherRealm = "4620816365000033";
        sandbox.createRealm(otherRealm, "Other Co");
        ApiClient otherApi = new ApiClient(sandbox.baseUrl(), otherRealm, sandbox.issueTokens("app", otherRealm).accessToken());
        assertThat(api.post("/customer?requestid=shared-1", "{\"DisplayName\":\"Per Realm\"}").status()).isEqualTo(200);
        assertThat(otherApi.post("/customer?requestid=shared-1", "{\"DisplayName\":\"Per Realm\"}").status()).isEqualTo(200);
        assertThat(sandbox.query(otherRealm, "select * from Customer where DisplayName = 'Per Realm'")).hasSize(1);
    }

    @Test
    void batch_items_succeed_or_fail_independently() {
        sandbox.createCustomer(REALM, "Batch Existing", null);
        String body = """
                {"BatchItemRequest":[
                  {"bId":"bid1","operation":"create","Customer":{"DisplayName":"Batch New"}},
                  {"bId":"bid2","operation":"create","Customer":{"DisplayName":"Batch Existing"}},
                  {"bId":"bid3","Query":"select * from Customer where DisplayName = 'Batch Existing'"},
                  {"bId":"bid4","operation":"create","Item":{"Name":"Batch Item","Type":"Service","IncomeAccountRef":{"value":"1"}}},
                  {"bId":"bid5","operation":"update","Customer":{"Id":"999999","SyncToken":"0","DisplayName":"Nobody"}}
                ]}""";
        ApiClient.Response r = api.post("/batch?requestid=batch-1", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode items = r.json().path("BatchItemResponse");
        assertThat(items).hasSize(5);
        assertThat(items.path(0).path("bId").asText()).isEqualTo("bid1");
        assertThat(items.path(0).path("Customer").path("Id").asText()).isNotBlank();
        assertThat(items.path(1).path("Fault").path("type").asText()).isEqualTo("ValidationFault");
        assertThat(items.path(1).path("Fault").path("Error").path(0).path("code").asText()).isEqualTo("6240");
        assertThat(items.path(2).path("QueryResponse").path("Customer")).hasSize(1);
        assertThat(items.path(3).path("Item").path("Name").asText()).isEqualTo("Batch Item");
        assertThat(items.path(4).path("Fault").path("Error").path(0).path("code").asText()).isEqualTo("610");

        assertThat(api.post("/batch?requestid=batch-1", body).body()).isEqualTo(r.body());
        assertThat(sandbox.query(REALM, "select * from Customer where DisplayName = 'Batch New'")).hasSize(1);
    }

    @Test
    void more_than_30_items_is_fault_1040() {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 31; i++) {
            items.append(i == 0 ? "" : ",").append("{\"bId\":\"b").append(i).append("\",\"Query\":\"select * from Customer\"}");
        }
        ApiClient.Response r = api.post("/batch", "{\"BatchItemRequest\":[" + items + "]}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error().path("code").asText()).isEqualTo("1040");
        assertThat(r.error().path("Message").asText()).isEqualTo("Batch size exceeds allowed limit");
    }
}
