package io.ledgerbridge.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiKeyAuthTest {

    @Test
    void the_key_is_read_from_a_bearer_header_in_any_case() {
        assertThat(ApiKeyAuth.bearer("Bearer lb_abc")).contains("lb_abc");
        assertThat(ApiKeyAuth.bearer("bearer   lb_abc  ")).contains("lb_abc");
        assertThat(ApiKeyAuth.bearer("BEARER lb_abc")).contains("lb_abc");
    }

    @Test
    void anything_else_is_no_key() {
        assertThat(ApiKeyAuth.bearer(null)).isEmpty();
        assertThat(ApiKeyAuth.bearer("")).isEmpty();
        assertThat(ApiKeyAuth.bearer("Bearer ")).isEmpty();
        assertThat(ApiKeyAuth.bearer("Basic bGI6eA==")).isEmpty();
        assertThat(ApiKeyAuth.bearer("lb_abc")).isEmpty();
    }
}
