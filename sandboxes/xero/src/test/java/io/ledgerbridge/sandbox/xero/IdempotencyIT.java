package io.ledgerbridge.sandbox.xero;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IdempotencyIT extends SandboxFixture {
    private static final String BODY = "{\"Contacts\":[{\"Name\":\"Once Only\"}]}";

    @Test
    void a_replay_with_the_same_key_and_request_gets_the_first_answer_and_writes_nothing() {
        client.extraHeaders.put("Idempotency-Key", "key-1");
        var first = client.put("/Contacts", BODY);
        var second = client.put("/Contacts", BODY);
        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(sandbox.contacts(tenantId)).hasSize(1);
        assertThat(sandbox.dayCallsUsed(tenantId)).as("replays count against the limits").isEqualTo(2);
    }

    @Test
    void errors_are_replayed_too() {
        contactId("Once Only");
        client.extraHeaders.put("Idempotency-Key", "key-2");
        var first = client.put("/Contacts", BODY);
        assertThat(first.status()).isEqualTo(400);
        sandbox.renameContact(tenantId, sandbox.contacts(tenantId).getFirst().get("ContactID").asText(), "Renamed");
        var second = client.put("/Contacts", BODY);
        assertThat(second.status()).isEqualTo(400);
        assertThat(second.body()).isEqualTo(first.body());
    }

    @Test
    void the_same_key_with_a_different_request_is_a_400() {
        client.extraHeaders.put("Idempotency-Key", "key-3");
        client.put("/Contacts", BODY);
        var other = client.put("/Contacts", "{\"Contacts\":[{\"Name\":\"Someone Else\"}]}");
        assertThat(other.status()).isEqualTo(400);
        assertThat(other.body()).contains("Idempotency Key 'key-3' is used with a different request");
        assertThat(sandbox.contacts(tenantId)).hasSize(1);
    }

    @Test
    void a_key_longer_than_128_characters_is_a_400() {
        client.extraHeaders.put("Idempotency-Key", "k".repeat(129));
        var a = client.put("/Contacts", BODY);
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body()).contains("128 characters");
        client.extraHeaders.put("Idempotency-Key", "k".repeat(128));
        assertThat(client.put("/Contacts", BODY).status()).isEqualTo(200);
    }

    @Test
    void answers_are_kept_six_minutes() {
        client.extraHeaders.put("Idempotency-Key", "key-4");
        client.put("/Contacts", BODY);
        sandbox.advanceClock(Duration.ofMinutes(6));
        var after = client.put("/Contacts", BODY);
        assertThat(after.status()).as("runs again: the name is now taken").isEqualTo(400);
    }

    @Test
    void a_server_error_is_not_kept_so_the_retry_can_succeed() {
        sandbox.failNextWrites(tenantId, 1);
        client.extraHeaders.put("Idempotency-Key", "key-5");
        assertThat(client.put("/Contacts", BODY).status()).isEqualTo(500);
        assertThat(client.put("/Contacts", BODY).status()).isEqualTo(200);
        assertThat(sandbox.contacts(tenantId)).hasSize(1);
    }
}
