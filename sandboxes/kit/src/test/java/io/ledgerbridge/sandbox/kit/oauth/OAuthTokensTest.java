package io.ledgerbridge.sandbox.kit.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.sandbox.kit.clock.MovableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OAuthTokensTest {
    record Grant(String clientId, String company) {}

    private static final Grant GRANT = new Grant("app-1", "company-1");
    private final MovableClock clock = MovableClock.fixedAt(Instant.parse("2026-03-02T09:00:00Z"));
    private final OAuthTokens<Grant> tokens = new OAuthTokens<>(clock,
            TokenPolicy.rotating(Duration.ofMinutes(30), Duration.ofDays(60), Duration.ofMinutes(5))
                    .withGrace(Duration.ofMinutes(30)), TokenFormat.PLAIN);

    @Test
    void a_code_is_single_use_and_expires() {
        String code = tokens.issueCode(GRANT, "https://app/cb");
        assertThat(tokens.redeemCode(code)).get().extracting(AuthorizationCode::grant).isEqualTo(GRANT);
        assertThat(tokens.redeemCode(code)).isEmpty();
        String late = tokens.issueCode(GRANT, "https://app/cb");
        clock.advance(Duration.ofMinutes(5));
        assertThat(tokens.redeemCode(late)).isEmpty();
    }

    @Test
    void an_access_token_expires_after_its_lifetime() {
        IssuedTokens<Grant> issued = tokens.issue(GRANT);
        assertThat(issued.expiresInSeconds()).isEqualTo(1800);
        assertThat(issued.accessToken()).startsWith("at-");
        clock.advance(Duration.ofMinutes(30));
        assertThat(tokens.accessToken(issued.accessToken())).get()
                .satisfies(a -> assertThat(a.expiredAt(clock.instant())).isTrue());
    }

    @Test
    void refresh_rotates_and_the_previous_token_works_once_more_within_the_grace_period() {
        IssuedTokens<Grant> first = tokens.issue(GRANT);
        IssuedTokens<Grant> second = tokens.refresh(first.refreshToken(), g -> true).orElseThrow();
        assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
        clock.advance(Duration.ofMinutes(10));
        assertThat(tokens.refresh(first.refreshToken(), g -> true)).isPresent();
        assertThat(tokens.refresh(first.refreshToken(), g -> true)).isEmpty();
        assertThat(tokens.refresh(second.refreshToken(), g -> true)).isPresent();
    }

    @Test
    void without_grace_the_used_token_is_dead_and_after_grace_too() {
        OAuthTokens<Grant> strict = new OAuthTokens<>(clock,
                TokenPolicy.rotating(Duration.ofHours(1), Duration.ofDays(100), Duration.ofMinutes(5)), TokenFormat.PLAIN);
        IssuedTokens<Grant> first = strict.issue(GRANT);
        assertThat(strict.refresh(first.refreshToken(), g -> true)).isPresent();
        assertThat(strict.refresh(first.refreshToken(), g -> true)).isEmpty();

        IssuedTokens<Grant> other = tokens.issue(GRANT);
        tokens.refresh(other.refreshToken(), g -> true);
        clock.advance(Duration.ofMinutes(30));
        assertThat(tokens.refresh(other.refreshToken(), g -> true)).isEmpty();
    }

    @Test
    void another_clients_token_expired_tokens_and_revoked_grants_are_refused() {
        IssuedTokens<Grant> issued = tokens.issue(GRANT);
        assertThat(tokens.refresh(issued.refreshToken(), g -> g.clientId().equals("app-2"))).isEmpty();
        IssuedTokens<Grant> old = tokens.issue(GRANT);
        clock.advance(Duration.ofDays(60));
        assertThat(tokens.refresh(old.refreshToken(), g -> true)).isEmpty();

        IssuedTokens<Grant> live = tokens.issue(GRANT);
        assertThat(tokens.revokeGrant(GRANT::equals)).isPositive();
        assertThat(tokens.accessToken(live.accessToken())).isEmpty();
        assertThat(tokens.refresh(live.refreshToken(), g -> true)).isEmpty();
        assertThat(tokens.refreshToken(live.refreshToken())).isEmpty();
    }

    @Test
    void kept_refresh_tokens_come_back_the_same_and_live_until_revoked() {
        OAuthTokens<Grant> keep = new OAuthTokens<>(clock, new TokenPolicy(Duration.ofMinutes(30), null,
                Duration.ofMinutes(10), TokenPolicy.Rotation.KEEP, Duration.ZERO), TokenFormat.PLAIN);
        IssuedTokens<Grant> first = keep.issue(GRANT);
        clock.advance(Duration.ofDays(400));
        IssuedTokens<Grant> again = keep.refresh(first.refreshToken(), g -> true).orElseThrow();
        assertThat(again.refreshToken()).isEqualTo(first.refreshToken());
        assertThat(again.refreshExpiresInSeconds()).isEqualTo(-1);
        assertThat(keep.expireAccessTokens(g -> true)).isEqualTo(1);
        assertThat(keep.revokeRefreshToken(first.refreshToken())).isTrue();
        assertThat(keep.refresh(first.refreshToken(), g -> true)).isEmpty();
    }

    @Test
    void basic_client_credentials_round_trip_and_compare_the_secret() {
        ClientCredentials c = new ClientCredentials("id", "s:ecret");
        assertThat(ClientCredentials.fromBasic(c.basic())).contains(c);
        assertThat(ClientCredentials.fromBasic("Basic !!!")).isEmpty();
        assertThat(c.secretMatches("s:ecret")).isTrue();
        assertThat(c.secretMatches("other")).isFalse();
        assertThat(OAuthTokens.bearer("bearer abc")).isEqualTo("abc");
        assertThat(OAuthTokens.bearer("Basic abc")).isNull();
    }
}
