package io.ledgerbridge.connector.xero;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerbridge.connector.TokenAccess;
import io.ledgerbridge.connector.xero.oauth.XeroTenants;
import io.ledgerbridge.sandbox.xero.XeroSandbox;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Xero's token endpoint and connections list through the connector, against the sandbox (API_FACTS B.1, B.8). */
class XeroTokensIT {

    private static XeroSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = XeroSandbox.start(0);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void a_refresh_whose_answer_was_lost_is_repeated_with_the_old_token_within_30_minutes() {
        var org = new SandboxOrganisation(sandbox, Map.of());
        String old = org.tokens.get().refreshToken();
        var lost = org.connector.refresh(org.settings, old); // answered, but the answer never reached the engine
        assertThat(lost.refreshToken()).isNotEqualTo(old);

        sandbox.advanceClock(Duration.ofMinutes(10));
        var again = org.connector.refresh(org.settings, old);
        assertThat(again.accessToken()).isNotBlank();
    }

    @Test
    void a_rotated_refresh_token_is_dead_after_the_grace_period() {
        var org = new SandboxOrganisation(sandbox, Map.of());
        String old = org.tokens.get().refreshToken();
        org.connector.refresh(org.settings, old);
        sandbox.advanceClock(Duration.ofMinutes(31));
        assertThatThrownBy(() -> org.connector.refresh(org.settings, old))
                .isInstanceOf(TokenAccess.ReconnectNeeded.class).hasMessageContaining("invalid_grant");
    }

    @Test
    void the_connections_list_names_every_organisation_a_token_reaches_and_the_newest_is_chosen() {
        var org = new SandboxOrganisation(sandbox, Map.of());
        String second = sandbox.createOrganisation("Second Ltd", "NZ", "NZD");
        var pair = sandbox.issueTokens(SandboxOrganisation.CLIENT_ID, org.tenant, second);
        var tenants = org.connector.tenants(org.settings, pair.accessToken());
        assertThat(tenants).extracting(XeroTenants.Tenant::tenantId).contains(org.tenant, second);
        assertThat(XeroTenants.newest(tenants)).isPresent();
    }
}
