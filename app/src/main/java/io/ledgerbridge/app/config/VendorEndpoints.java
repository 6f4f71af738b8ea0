package io.ledgerbridge.app.config;

import io.ledgerbridge.connector.Authorization.Endpoints;
import io.ledgerbridge.connector.hubspot.HubSpotConnector;
import io.ledgerbridge.connector.quickbooks.QuickBooksConnector;
import io.ledgerbridge.connector.xero.XeroConnector;
import io.ledgerbridge.dashboard.NewConnectionDefaults;
import java.util.Map;

/**
 * Where connections made from the dashboard's Connect form go: the vendor's consent page, token endpoint and API per
 * system. Read from the environment (see the README's table), each defaulting to the real vendor; the demo and the
 * tests point them at the sandboxes with {@link #quickBooksSandbox}, {@link #hubSpotSandbox} and {@link #xeroSandbox}.
 */
public final class VendorEndpoints {

    private VendorEndpoints() {}

    /**
     * {@code LEDGERBRIDGE_QUICKBOOKS_AUTHORIZE_URL}, {@code _TOKEN_URL}, {@code _API_URL} and the same for
     * {@code LEDGERBRIDGE_HUBSPOT_} and {@code LEDGERBRIDGE_XERO_}; a value that is not an absolute http(s) URL stops the start naming the variable.
     */
    public static NewConnectionDefaults fromEnvironment(Map<String, String> env) {
        return new NewConnectionDefaults(Map.of(
                QuickBooksConnector.SYSTEM, endpoints(env, "LEDGERBRIDGE_QUICKBOOKS", QuickBooksConnector.ENDPOINTS),
                HubSpotConnector.SYSTEM, endpoints(env, "LEDGERBRIDGE_HUBSPOT", HubSpotConnector.ENDPOINTS),
                XeroConnector.SYSTEM, endpoints(env, "LEDGERBRIDGE_XERO", XeroConnector.ENDPOINTS)));
    }

    /** The QuickBooks sandbox at {@code baseUrl} ({@code QuickBooksSandbox.baseUrl()}): its consent page, token endpoint and API. */
    public static Endpoints quickBooksSandbox(String baseUrl) {
        return Endpoints.of(baseUrl + "/connect/oauth2", baseUrl + "/oauth2/v1/tokens/bearer", baseUrl);
    }

    /** The HubSpot sandbox at {@code baseUrl} ({@code HubSpotSandbox.baseUrl()}): its consent page, token endpoint and API. */
    public static Endpoints hubSpotSandbox(String baseUrl) {
        return Endpoints.of(baseUrl + "/oauth/authorize", baseUrl + "/oauth/v1/token", baseUrl);
    }

    /** The Xero sandbox at {@code baseUrl} ({@code XeroSandbox.baseUrl()}): its consent page, token endpoint and API. */
    public static Endpoints xeroSandbox(String baseUrl) {
        return Endpoints.of(baseUrl + "/identity/connect/authorize", baseUrl + "/connect/token", baseUrl + "/api.xro/2.0");
    }

    private static Endpoints endpoints(Map<String, String> env, String prefix, Endpoints defaults) {
        String authorize = value(env, prefix + "_AUTHORIZE_URL", defaults.authorizeUrl().toString());
        String token = value(env, prefix + "_TOKEN_URL", defaults.tokenUrl().toString());
        String api = value(env, prefix + "_API_URL", defaults.apiUrl().toString());
        try {
            return Endpoints.of(authorize, token, api);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix + "_AUTHORIZE_URL, _TOKEN_URL and _API_URL must be absolute http(s) "
                    + "URLs: " + e.getMessage());
        }
    }

    private static String value(Map<String, String> env, String name, String fallback) {
        String v = env.get(name);
        return v == null || v.isBlank() ? fallback : v.strip();
    }
}
