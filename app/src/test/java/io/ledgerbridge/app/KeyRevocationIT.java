package io.ledgerbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.app.config.AppConfig;
import io.ledgerbridge.dashboard.NewConnectionDefaults;
import io.ledgerbridge.store.apikey.PostgresApiKeys;
import io.ledgerbridge.store.connection.TokenCipher;
import io.ledgerbridge.store.db.Database;
import io.ledgerbridge.store.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one PostgreSQL keep the API keys they found valid in memory, and a key revoked anywhere (here: by the
 * command line's own store, on no node) is refused by both on the next request, because PostgreSQL announces the
 * revocation to every node listening. A node that cannot listen keeps nothing and reads the database every time.
 */
class KeyRevocationIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Service node(String url, String keyset, String id) {
        return Service.start(AppConfig.fromEnvironment(Map.of("LEDGERBRIDGE_JDBC_URL", url, "LEDGERBRIDGE_TOKEN_KEYSET", keyset,
                "LEDGERBRIDGE_PORT", "0", "LEDGERBRIDGE_DASHBOARD_PORT", "0", "LEDGERBRIDGE_NODE_ID", id,
                "LEDGERBRIDGE_DB_POOL", "6", "LEDGERBRIDGE_WORKERS", "1")), List.of(), NewConnectionDefaults.none());
    }

    private static HttpResponse<String> get(Service node, String key) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(node.url() + "/api/v1/connections"))
                .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_key_revoked_elsewhere_is_refused_at_once_by_every_node_that_kept_it() throws Exception {
        String url = TestDatabase.freshUrl();
        String keyset = TokenCipher.newJsonKeyset();
        try (var a = node(url, keyset, "node-a"); var b = node(url, keyset, "node-b")) {
            var now = Instant.now();
            var ws = a.lb.workspaces.create("Revoked Co", now);
            var created = a.lb.workspaces.keys().create(ws, "shop", false, Optional.empty(), now);
            Await.until(() -> a.lb.workspaces.keys().keepsKeys() && b.lb.workspaces.keys().keepsKeys(), Duration.ofSeconds(10),
                    () -> "both nodes to listen for revocations");
            for (int i = 0; i < 3; i++) {
                assertThat(get(a, created.key()).statusCode()).isEqualTo(200);
                assertThat(get(b, created.key()).statusCode()).isEqualTo(200);
            }

            try (var cli = Database.external(url, "postgres", null, 2)) {
                // Kept in memory indeed: revoked behind the nodes' backs (no announcement), the key still works...
                var other = a.lb.workspaces.keys().create(ws, "kept", false, Optional.empty(), now);
                assertThat(get(a, other.key()).statusCode()).isEqualTo(200);
                cli.jdbi().useHandle(h -> h.execute("UPDATE api_key SET revoked_at = now(), revoked_by = 'sql' WHERE id = ?",
                        other.apiKey().id()));
                assertThat(get(a, other.key()).statusCode()).isEqualTo(200);
                // ...until the revocation is announced.
                String hash = cli.jdbi().withHandle(h -> h.createQuery("SELECT key_hash FROM api_key WHERE id = :id")
                        .bind("id", other.apiKey().id()).mapTo(String.class).one());
                cli.jdbi().useHandle(h -> h.createQuery("SELECT pg_notify('api_key_revoked', :hash)").bind("hash", hash)
                        .mapTo(String.class).one());
                Await.until(() -> {
                    try {
                        return get(a, other.key()).statusCode() == 401;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, Duration.ofSeconds(2), () -> "the announced revocation to count");

                // A revocation as the command line makes it, on no node: announced in its transaction.
                new PostgresApiKeys(cli.jdbi()).revoke(ws, created.apiKey().id(), "command line (ops)", Instant.now());
            }
            long revokedAt = System.nanoTime();
            Await.until(() -> {
                try {
                    return get(a, created.key()).statusCode() == 401 && get(b, created.key()).statusCode() == 401;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, Duration.ofSeconds(2), () -> "both nodes to refuse the revoked key");
            assertThat(Duration.ofNanos(System.nanoTime() - revokedAt)).as("refused within a moment")
                    .isLessThan(Duration.ofMillis(1500));
            var refused = get(b, created.key());
            assertThat(refused.body()).contains("key_revoked").contains("was revoked on").doesNotContain(created.key());
        }
    }

    @Test
    void without_listening_a_node_keeps_no_key_and_a_revocation_counts_on_the_next_request() {
        String url = TestDatabase.freshUrl();
        try (var db = Database.external(url, "postgres", null, 3).migrate()) {
            var keys = new PostgresApiKeys(db.jdbi());
            var now = Instant.now();
            var ws = new io.ledgerbridge.store.workspace.PostgresWorkspaces(db.jdbi()).create("Quiet Co", now);
            var created = keys.create(ws, "shop", false, Optional.empty(), now);
            assertThat(keys.keepsKeys()).isFalse();
            assertThat(keys.authenticate(created.key(), now)).isInstanceOf(PostgresApiKeys.Authentication.Granted.class);
            // Revoked behind its back, without an announcement it could hear:
            db.jdbi().useHandle(h -> h.execute("UPDATE api_key SET revoked_at = now(), revoked_by = 'sql' WHERE id = ?",
                    created.apiKey().id()));
            assertThat(keys.authenticate(created.key(), now)).isInstanceOf(PostgresApiKeys.Authentication.Revoked.class);
        }
    }
}
