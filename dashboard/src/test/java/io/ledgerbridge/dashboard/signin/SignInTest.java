package io.ledgerbridge.dashboard.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SignInTest {

    @Test
    void after_signing_in_only_a_path_of_this_site_is_followed() {
        assertThat(SignIn.safeNext("/data/invoices?status=FAILED")).isEqualTo("/data/invoices?status=FAILED");
        assertThat(SignIn.safeNext("//evil.example/")).isEqualTo("/");
        assertThat(SignIn.safeNext("/\\evil.example/")).isEqualTo("/");
        assertThat(SignIn.safeNext("https://evil.example/")).isEqualTo("/");
        assertThat(SignIn.safeNext("/x\r\nSet-Cookie: a=b")).isEqualTo("/");
        assertThat(SignIn.safeNext(null)).isEqualTo("/");
        assertThat(SignIn.safeNext("/signin")).isEqualTo("/");
    }

    @Test
    void ten_wrong_passwords_block_that_email_for_fifteen_minutes() {
        var failures = new FailedSignIns();
        var t0 = Instant.parse("2026-11-02T10:00:00Z");
        for (int i = 0; i < FailedSignIns.LIMIT; i++) {
            assertThat(failures.blocked("Office@Acme.example", t0)).isFalse();
            failures.failed("office@acme.example", t0);
        }
        assertThat(failures.blocked("OFFICE@acme.example", t0.plusSeconds(60))).isTrue();
        assertThat(failures.blocked("someone-else@acme.example", t0)).isFalse();
        assertThat(failures.blocked("office@acme.example", t0.plus(FailedSignIns.WINDOW).plusSeconds(1))).isFalse();
    }

    @Test
    void tokens_compare_only_when_equal() {
        assertThat(PostgresSessions.same("abc", "abc")).isTrue();
        assertThat(PostgresSessions.same("abc", "abd")).isFalse();
        assertThat(PostgresSessions.same(null, null)).isFalse();
        assertThat(PostgresSessions.randomToken()).hasSize(43).isNotEqualTo(PostgresSessions.randomToken());
    }
}
