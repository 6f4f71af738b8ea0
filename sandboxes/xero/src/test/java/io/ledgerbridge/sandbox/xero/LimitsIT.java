package io.ledgerbridge.sandbox.xero;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LimitsIT extends SandboxFixture {
    @Override
    XeroSandbox.Builder configure(XeroSandbox.Builder b) {
        // Access tokens outlive the day these tests pass, so that a 401 never hides the limit under test.
        return b.limits(new XeroLimits(5, 3, 10, 5)).accessTokenLifetime(java.time.Duration.ofDays(3));
    }

    @Test
    void every_answer_carries_the_remaining_counts() {
        var a = client.get("/Contacts");
        assertThat(a.header("X-DayLimit-Remaining")).isEqualTo("9");
        assertThat(a.header("X-MinLimit-Remaining")).isEqualTo("2");
        assertThat(a.header("X-AppMinLimit-Remaining")).isEqualTo("4");
        sandbox.offlineNext(tenantId, 1);
        assertThat(client.get("/Contacts").header("X-MinLimit-Remaining")).as("on a 503 too").isEqualTo("2");
    }

    @Test
    void the_minute_limit_answers_429_with_the_problem_and_retry_after_and_resets_when_the_minute_passes() {
        for (int i = 0; i < 3; i++) {
            assertThat(client.get("/Contacts").status()).isEqualTo(200);
        }
        var refused = client.get("/Contacts");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("X-Rate-Limit-Problem")).isEqualTo("minute");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(sandbox.throttledCount(tenantId)).isEqualTo(1);
        sandbox.advanceClock(Duration.ofSeconds(61));
        assertThat(client.get("/Contacts").status()).isEqualTo(200);
        assertThat(sandbox.requestCount(tenantId)).isEqualTo(5);
        assertThat(sandbox.dayCallsUsed(tenantId)).isEqualTo(4);
    }

    @Test
    void the_day_limit_and_the_exhaust_switch_answer_429_day_until_the_tenant_day_rolls_over() {
        sandbox.exhaustDay(tenantId);
        var refused = client.get("/Contacts");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("X-Rate-Limit-Problem")).isEqualTo("day");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isGreaterThan(86_000L);
        assertThat(refused.header("X-DayLimit-Remaining")).isEqualTo("0");
        sandbox.advanceClock(Duration.ofHours(24));
        client.accessToken = sandbox.issueTokens(CLIENT_ID, tenantId).accessToken(); // the old one lived 30 minutes
        assertThat(client.get("/Contacts").status()).isEqualTo(200);
    }

    @Test
    void the_app_minute_limit_counts_every_tenant_of_the_app() {
        String second = sandbox.createOrganisation("Second", "GB", "GBP");
        TokenPair both = sandbox.issueTokens(CLIENT_ID, tenantId, second);
        XeroClient a = new XeroClient(sandbox, both.accessToken(), tenantId);
        XeroClient b = new XeroClient(sandbox, both.accessToken(), second);
        a.get("/Contacts");
        a.get("/Contacts");
        a.get("/Contacts");
        b.get("/Contacts");
        b.get("/Contacts");
        var refused = b.get("/Contacts");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("X-Rate-Limit-Problem")).isEqualTo("appminute");
        assertThat(refused.header("Retry-After")).isNotNull();
    }

    @Test
    void the_throttle_switch_answers_minute_429s() {
        sandbox.throttleNext(tenantId, 2);
        assertThat(client.get("/Contacts").header("X-Rate-Limit-Problem")).isEqualTo("minute");
        assertThat(client.get("/Contacts").status()).isEqualTo(429);
        assertThat(client.get("/Contacts").status()).isEqualTo(200);
        assertThat(sandbox.throttledCount(tenantId)).isEqualTo(2);
    }
}
