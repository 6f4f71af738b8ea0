package io.ledgerbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerbridge.engine.connection.TokenSet;
import io.ledgerbridge.store.connection.PostgresConnections;
import io.ledgerbridge.store.connection.TokenCipher;
import io.ledgerbridge.store.testing.TestDatabase;
import io.ledgerbridge.store.webhook.PostgresWebhookInbox;
import io.ledgerbridge.store.workspace.PostgresWorkspaces;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConnectionStoreIT {

    @Test
    void tokens_are_stored_encrypted_and_read_back_only_with_the_same_key() {
        try (var db = TestDatabase.fresh()) {
            var keyset = TokenCipher.newJsonKeyset();
            var connections = new PostgresConnections(db.jdbi(), TokenCipher.fromJsonKeyset(keyset));
            var ws = new PostgresWorkspaces(db.jdbi()).create("Acme", Instant.now());
            var id = connections.create(ws, "quickbooks", "Books", Map.of("realmId", "1"),
                    new TokenSet("access-SECRET-123", "refresh-SECRET-456", null), Instant.now());
            byte[] stored = db.jdbi().withHandle(h -> h.createQuery("SELECT token_ciphertext FROM connection WHERE id = :id")
                    .bind("id", id.value()).mapTo(byte[].class).one());
            assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("SECRET");
            assertThat(connections.tokens(id).orElseThrow().tokens().refreshToken()).isEqualTo("refresh-SECRET-456");
            assertThat(connections.tokens(id).orElseThrow().tokens().toString()).doesNotContain("SECRET");

            var otherKey = new PostgresConnections(db.jdbi(), TokenCipher.fromJsonKeyset(TokenCipher.newJsonKeyset()));
            assertThatThrownBy(() -> otherKey.tokens(id)).hasMessageContaining("cannot be decrypted")
                    .hasMessageNotContaining("SECRET");
        }
    }

    @Test
    void concurrent_refreshes_of_one_connection_call_the_vendor_once_and_all_get_the_new_token() throws Exception {
        try (var db = TestDatabase.fresh(12)) {
            var connections = new PostgresConnections(db.jdbi(), TokenCipher.fromJsonKeyset(TokenCipher.newJsonKeyset()));
            var ws = new PostgresWorkspaces(db.jdbi()).create("Acme", Instant.now());
            var id = connections.create(ws, "quickbooks", "Books", Map.of(), new TokenSet("a1", "r1", null), Instant.now());
            int seen = connections.tokens(id).orElseThrow().version();
            var vendorCalls = new AtomicInteger();
            var start = new CountDownLatch(1);
            var answers = new java.util.concurrent.ConcurrentLinkedQueue<String>();
            try (var pool = Executors.newFixedThreadPool(8)) {
                for (int i = 0; i < 8; i++) {
                    pool.submit(() -> {
                        start.await();
                        answers.add(connections.refresh(id, seen, old -> {
                            vendorCalls.incrementAndGet();
                            assertThat(old.refreshToken()).isEqualTo("r1");
                            return new TokenSet("a2", "r2", null);
                        }, Instant.now()).tokens().accessToken());
                        return null;
                    });
                }
                start.countDown();
            }
            assertThat(vendorCalls).hasValue(1);
            assertThat(answers).hasSize(8).containsOnly("a2");
            assertThat(connections.tokens(id).orElseThrow().tokens().refreshToken()).isEqualTo("r2");
        }
    }

    @Test
    void the_same_webhook_delivery_twice_is_stored_once() {
        try (var db = TestDatabase.fresh()) {
            var connections = new PostgresConnections(db.jdbi(), TokenCipher.fromJsonKeyset(TokenCipher.newJsonKeyset()));
            var ws = new PostgresWorkspaces(db.jdbi()).create("Acme", Instant.now());
            var id = connections.create(ws, "hubspot", "CRM", Map.of(), null, Instant.now());
            var inbox = new PostgresWebhookInbox(db.jdbi());
            assertThat(inbox.accept(id, "evt-1", "{}", Instant.now())).isTrue();
            assertThat(inbox.accept(id, "evt-1", "{}", Instant.now())).isFalse();
            assertThat(inbox.accept(id, "evt-2", "{}", Instant.now())).isTrue();
        }
    }
}
