package io.ledgerbridge.sandbox.quickbooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.sandbox.quickbooks.oauth.OAuthApp;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The console page and the admin switch endpoints under /_sandbox. */
class ConsoleIT {
    static QuickBooksSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = QuickBooksSandbox.start(0);
        sandbox.createRealm("888", "Console Co");
        sandbox.registerApp(OAuthApp.of("app", "secret", "http://localhost/cb"));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    static ApiClient.Response post(String path, String form) {
        return ApiClient.raw(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    static ApiClient.Response get(String path) {
        return ApiClient.raw(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path)).GET().build());
    }

    @Test
    void a_bookkeeper_creates_a_product_with_name_and_sku() {
        sandbox.createCustomer("888", "Console Customer", "cc@example.com");
        ApiClient.Response created = post("/_sandbox/console/items", "realmId=888&Name=Deluxe+Kit&Sku=DK-9&UnitPrice=19.99&Type=NonInventory");
        assertThat(created.status()).isEqualTo(302);
        assertThat(URLDecoder.decode(created.header("Location"), StandardCharsets.UTF_8)).contains("Created product or service \"Deluxe Kit\"");
        assertThat(sandbox.query("888", "select * from Item where Sku = 'DK-9'")).hasSize(1);

        ApiClient.Response duplicate = post("/_sandbox/console/items", "realmId=888&Name=Deluxe+Kit&Sku=DK-10");
        assertThat(URLDecoder.decode(duplicate.header("Location"), StandardCharsets.UTF_8)).contains("Duplicate Name Exists Error");

        ApiClient.Response page = get("/_sandbox/console?realmId=888");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Console Co").contains("Deluxe Kit").contains("DK-9").contains("Console Customer")
                .contains("action=\"/_sandbox/console/items\"");
    }

    @Test
    void switches_over_http() throws Exception {
        ApiClient api = new ApiClient(sandbox.baseUrl(), "888", sandbox.issueTokens("app", "888").accessToken());
        assertThat(post("/_sandbox/realms/888/throttle?next=1", "").status()).isEqualTo(204);
        assertThat(api.get("/preferences").status()).isEqualTo(429);
        assertThat(ApiClient.JSON.readTree(get("/_sandbox/stats").body()).path("realms").path("888").path("throttled").asLong()).isEqualTo(1);

        assertThat(post("/_sandbox/realms/888/closing-date?date=2020-12-31", "").status()).isEqualTo(204);
        assertThat(api.get("/preferences").json().path("Preferences").path("AccountingInfoPrefs").path("BookCloseDate").asText()).isEqualTo("2020-12-31");
        post("/_sandbox/realms/888/custom-txn-numbers?enabled=false", "");
        assertThat(api.get("/preferences").json().path("Preferences").path("SalesFormsPrefs").path("CustomTxnNumbers").asBoolean()).isFalse();

        assertThat(post("/_sandbox/realms/888/concurrent-edit?next=1", "").status()).isEqualTo(204);
        assertThat(post("/_sandbox/realms/888/reset", "").status()).isEqualTo(204);

        assertThat(post("/_sandbox/realms/888/expire-access-tokens", "").status()).isEqualTo(204);
        assertThat(api.get("/preferences").status()).isEqualTo(401);
        assertThat(post("/_sandbox/realms?realmId=999&companyName=Made+Over+HTTP", "").status()).isEqualTo(201);
        assertThat(sandbox.realmIds()).contains("999");
    }
}
