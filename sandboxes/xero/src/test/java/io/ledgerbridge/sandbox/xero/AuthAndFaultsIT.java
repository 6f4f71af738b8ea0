package io.ledgerbridge.sandbox.xero;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AuthAndFaultsIT extends SandboxFixture {
    @Test
    void an_expired_access_token_gets_xero_401_body() {
        sandbox.expireAccessTokens(tenantId);
        var a = client.get("/Invoices");
        assertThat(a.status()).isEqualTo(401);
        JsonNode body = a.json();
        assertThat(body.get("Type").isNull()).isTrue();
        assertThat(body.get("Title").asText()).isEqualTo("Unauthorized");
        assertThat(body.get("Status").asInt()).isEqualTo(401);
        assertThat(body.get("Detail").asText()).matches("TokenExpired: token expired at \\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d:\\d\\d");
        assertThat(body.get("Instance").asText()).isNotBlank();
        assertThat(body.get("Extensions").isObject()).isTrue();
    }

    @Test
    void access_tokens_live_thirty_minutes() {
        sandbox.advanceClock(Duration.ofMinutes(29));
        assertThat(client.get("/Invoices").status()).isEqualTo(200);
        sandbox.advanceClock(Duration.ofMinutes(1));
        assertThat(client.get("/Invoices").status()).isEqualTo(401);
    }

    @Test
    void no_token_or_an_unknown_one_is_authentication_unsuccessful() {
        client.accessToken = null;
        assertThat(client.get("/Invoices").json().get("Detail").asText()).isEqualTo("AuthenticationUnsuccessful");
        client.accessToken = "eyJnot.a.token";
        assertThat(client.get("/Invoices").status()).isEqualTo(401);
    }

    @Test
    void a_tenant_the_token_cannot_reach_or_no_tenant_header_is_403() {
        String other = sandbox.createOrganisation("Other Ltd", "GB", "GBP");
        client.tenantId = other;
        var a = client.get("/Invoices");
        assertThat(a.status()).isEqualTo(403);
        assertThat(a.json().get("Title").asText()).isEqualTo("Forbidden");
        assertThat(a.json().get("Status").asInt()).isEqualTo(403);
        client.tenantId = null;
        assertThat(client.get("/Invoices").status()).isEqualTo(403);
    }

    @Test
    void connections_list_the_tenants_of_the_token_and_a_deleted_connection_stops_access() {
        String second = sandbox.createOrganisation("Second Ltd", "AU", "AUD");
        TokenPair both = sandbox.issueTokens(CLIENT_ID, tenantId, second);
        var r = client.raw(HttpRequest.newBuilder(URI.create(sandbox.connectionsUrl())).header("Authorization", "Bearer " + both.accessToken()).build());
        assertThat(r.status()).isEqualTo(200);
        JsonNode list = r.json();
        assertThat(list).hasSize(2);
        JsonNode first = list.get(0);
        assertThat(first.get("tenantId").asText()).isEqualTo(tenantId);
        assertThat(first.get("tenantType").asText()).isEqualTo("ORGANISATION");
        assertThat(first.get("tenantName").asText()).isEqualTo("Demo Company (UK)");
        assertThat(first.get("authEventId").asText()).isEqualTo(list.get(1).get("authEventId").asText());
        assertThat(first.get("createdDateUtc").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}");
        assertThat(first.has("id") && first.has("updatedDateUtc")).isTrue();
        var del = client.raw(HttpRequest.newBuilder(URI.create(sandbox.connectionsUrl() + "/" + list.get(1).get("id").asText()))
                .header("Authorization", "Bearer " + both.accessToken()).DELETE().build());
        assertThat(del.status()).isEqualTo(204);
        XeroClient secondClient = new XeroClient(sandbox, both.accessToken(), second);
        assertThat(secondClient.get("/Invoices").status()).isEqualTo(403);
    }

    @Test
    void offline_switches_answer_503_in_plain_text() {
        sandbox.offlineNext(tenantId, 1);
        var a = client.get("/Invoices");
        assertThat(a.status()).isEqualTo(503);
        assertThat(a.body()).isEqualTo("Organisation offline");
        assertThat(client.get("/Invoices").status()).isEqualTo(200);
        sandbox.offlineFor(tenantId, Duration.ofMinutes(10));
        var b = client.get("/Invoices");
        assertThat(b.status()).isEqualTo(503);
        assertThat(b.body()).isEqualTo("The Xero API is currently offline for maintenance");
        sandbox.advanceClock(Duration.ofMinutes(10));
        assertThat(client.get("/Invoices").status()).isEqualTo(200);
    }

    @Test
    void failing_writes_answer_500_and_save_nothing() {
        sandbox.failNextWrites(tenantId, 1);
        var a = client.put("/Contacts", "{\"Contacts\":[{\"Name\":\"A\"}]}");
        assertThat(a.status()).isEqualTo(500);
        assertThat(sandbox.contacts(tenantId)).isEmpty();
        assertThat(client.get("/Contacts").status()).as("reads still work").isEqualTo(200);
        assertThat(client.put("/Contacts", "{\"Contacts\":[{\"Name\":\"A\"}]}").status()).isEqualTo(200);
    }

    @Test
    void reset_clears_the_switches_of_the_tenant() {
        sandbox.offlineNext(tenantId, 5);
        sandbox.throttleNext(tenantId, 5);
        sandbox.resetSwitches(tenantId);
        assertThat(client.get("/Invoices").status()).isEqualTo(200);
    }

    @Test
    void switches_are_reachable_over_http() {
        var r = client.raw(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/_sandbox/tenants/" + tenantId + "/offline?next=1"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(r.status()).isEqualTo(204);
        assertThat(client.get("/Invoices").status()).isEqualTo(503);
        client.raw(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/_sandbox/tenants/" + tenantId + "/lock-dates?period=2026-01-31"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(client.get("/Organisation").json().get("Organisations").get(0).has("PeriodLockDate")).isTrue();
        var stats = client.raw(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/_sandbox/stats")).build());
        assertThat(stats.json().get(tenantId).get("requests").asLong()).isEqualTo(2);
    }
}
