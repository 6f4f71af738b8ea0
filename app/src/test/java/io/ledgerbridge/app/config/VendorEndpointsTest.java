package io.ledgerbridge.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerbridge.connector.Authorization.Endpoints;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VendorEndpointsTest {

    @Test
    void without_variables_new_connections_go_to_the_real_vendors() {
        var defaults = VendorEndpoints.fromEnvironment(Map.of());
        assertThat(defaults.endpoints("quickbooks")).contains(Endpoints.of("https://appcenter.intuit.com/connect/oauth2",
                "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer", "https://quickbooks.api.intuit.com"));
        assertThat(defaults.endpoints("hubspot")).contains(Endpoints.of("https://app.hubspot.com/oauth/authorize",
                "https://api.hubapi.com/oauth/v1/token", "https://api.hubapi.com"));
        assertThat(defaults.endpoints("xero")).contains(Endpoints.of("https://login.xero.com/identity/connect/authorize",
                "https://identity.xero.com/connect/token", "https://api.xero.com/api.xro/2.0"));
    }

    @Test
    void each_endpoint_can_be_pointed_elsewhere_for_example_at_a_sandbox() {
        var defaults = VendorEndpoints.fromEnvironment(Map.of(
                "LEDGERBRIDGE_QUICKBOOKS_AUTHORIZE_URL", "http://127.0.0.1:8092/connect/oauth2",
                "LEDGERBRIDGE_QUICKBOOKS_TOKEN_URL", "http://127.0.0.1:8092/oauth2/v1/tokens/bearer",
                "LEDGERBRIDGE_QUICKBOOKS_API_URL", " http://127.0.0.1:8092 ",
                "LEDGERBRIDGE_HUBSPOT_API_URL", "http://127.0.0.1:8093"));
        assertThat(defaults.endpoints("quickbooks")).contains(VendorEndpoints.quickBooksSandbox("http://127.0.0.1:8092"));
        assertThat(defaults.endpoints("hubspot")).contains(Endpoints.of("https://app.hubspot.com/oauth/authorize",
                "https://api.hubapi.com/oauth/v1/token", "http://127.0.0.1:8093"));
    }

    @Test
    void a_value_that_is_not_an_absolute_url_stops_the_start_naming_the_variables() {
        assertThatThrownBy(() -> VendorEndpoints.fromEnvironment(Map.of("LEDGERBRIDGE_HUBSPOT_TOKEN_URL", "api.hubapi.com/token")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("LEDGERBRIDGE_HUBSPOT_AUTHORIZE_URL, _TOKEN_URL and _API_URL must be absolute http(s) URLs");
    }
}
