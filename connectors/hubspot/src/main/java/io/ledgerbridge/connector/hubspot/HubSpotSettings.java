package io.ledgerbridge.connector.hubspot;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * A HubSpot connection's settings, validated. Every key has a default; tokens are not settings (the engine keeps them
 * encrypted and hands them over through {@link io.ledgerbridge.connector.TokenAccess}).
 *
 * <table>
 *   <caption>Settings keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code baseUrl}</td><td>{@value #PRODUCTION}</td><td>the API host</td></tr>
 *   <tr><td>{@code tokenUrl}</td><td>{@code {baseUrl}/oauth/v1/token}</td><td>OAuth 2.0 token endpoint</td></tr>
 *   <tr><td>{@code authorizeUrl}</td><td>{@value #AUTHORIZE_ENDPOINT}</td><td>the consent page a person is sent to when
 *       connecting or reconnecting</td></tr>
 *   <tr><td>{@code scopes}</td><td>{@value #SCOPES}</td><td>the scopes asked for on the consent page (space-separated)</td></tr>
 *   <tr><td>{@code clientId}, {@code clientSecret}</td><td>the connector's app</td><td>OAuth client (refresh); the
 *       secret also signs webhooks (v3)</td></tr>
 *   <tr><td>{@code appId}</td><td>none</td><td>Ledgerbridge's HubSpot app id: webhook events and records written
 *       by it are Ledgerbridge's own writes and are not read back</td></tr>
 *   <tr><td>{@code portalId}</td><td>none</td><td>the HubSpot account; webhook events of other portals are ignored</td></tr>
 *   <tr><td>{@code webhookUrl}</td><td>the URL the request came to</td><td>the public URL HubSpot posts to and signs
 *       (behind a proxy the URL seen here differs)</td></tr>
 *   <tr><td>{@code maxBatch}</td><td>100</td><td>inputs per batch call, 1 to 100 (API_FACTS C.1)</td></tr>
 *   <tr><td>{@code timeoutMillis}</td><td>30000</td><td>how long to wait for an answer before a write is uncertain</td></tr>
 *   <tr><td>{@code throttleWaitSeconds}</td><td>10</td><td>wait after a 429 without {@code Retry-After} (the 10 s window)</td></tr>
 *   <tr><td>{@code searchLagSeconds}</td><td>30</td><td>the polling cursor stays this far behind now, as search
 *       shows new writes late (API_FACTS C.1)</td></tr>
 *   <tr><td>{@code routeProperties}</td><td>none</td><td>invoice properties read with every invoice (comma-separated)
 *       for a routed flow to route by, as {@code property:<name>} (e.g. {@code region} gives {@code property:region})</td></tr>
 * </table>
 */
public record HubSpotSettings(URI baseUrl, URI tokenUrl, URI authorizeUrl, String scopes, String clientId,
        String clientSecret, String appId, String portalId, String webhookUrl, int maxBatch, Duration timeout,
        Duration throttleWait, Duration searchLag, java.util.List<String> routeProperties) {

    public static final String PRODUCTION = "https://api.hubapi.com";
    /** HubSpot's consent page (API_FACTS C.6). */
    public static final String AUTHORIZE_ENDPOINT = "https://app.hubspot.com/oauth/authorize";
    /**
     * What the connector reads and writes: contacts, invoices and line items (API_FACTS C.1 names the invoice scopes),
     * products through HubSpot's {@code e-commerce} scope.
     */
    public static final String SCOPES = "crm.objects.contacts.read crm.objects.contacts.write crm.objects.invoices.read "
            + "crm.objects.invoices.write crm.objects.line_items.read crm.objects.line_items.write e-commerce";
    /** API_FACTS C.1: 100 inputs per batch request (widely cited; the sandbox enforces it). */
    public static final int MAX_BATCH = 100;

    public HubSpotSettings {
        if (maxBatch < 1 || maxBatch > MAX_BATCH) {
            throw new IllegalArgumentException("maxBatch must be 1 to " + MAX_BATCH + ", not " + maxBatch);
        }
        if (timeout.isNegative() || timeout.isZero() || throttleWait.isNegative() || throttleWait.isZero()) {
            throw new IllegalArgumentException("timeoutMillis and throttleWaitSeconds must be positive");
        }
        if (searchLag.isNegative()) {
            throw new IllegalArgumentException("searchLagSeconds cannot be negative");
        }
        routeProperties = routeProperties == null ? java.util.List.of() : java.util.List.copyOf(routeProperties);
    }

    /**
     * @param defaultClientId     the connector's OAuth app, used when the settings name none (may be null)
     * @param defaultClientSecret its secret (may be null)
     */
    public static HubSpotSettings of(Map<String, String> s, String defaultClientId, String defaultClientSecret) {
        String base = stripSlash(s.getOrDefault("baseUrl", PRODUCTION));
        return new HubSpotSettings(
                URI.create(base),
                URI.create(s.getOrDefault("tokenUrl", base + "/oauth/v1/token")),
                URI.create(s.getOrDefault("authorizeUrl", AUTHORIZE_ENDPOINT)),
                s.getOrDefault("scopes", SCOPES),
                s.getOrDefault("clientId", defaultClientId),
                s.getOrDefault("clientSecret", defaultClientSecret),
                blankToNull(s.get("appId")),
                blankToNull(s.get("portalId")),
                blankToNull(s.get("webhookUrl")),
                integer(s, "maxBatch", MAX_BATCH),
                Duration.ofMillis(integer(s, "timeoutMillis", 30_000)),
                Duration.ofSeconds(integer(s, "throttleWaitSeconds", 10)),
                Duration.ofSeconds(integer(s, "searchLagSeconds", 30)),
                java.util.Arrays.stream(s.getOrDefault("routeProperties", "").split(",")).map(String::strip)
                        .filter(v -> !v.isEmpty()).distinct().toList());
    }

    private static int integer(Map<String, String> s, String key, int fallback) {
        String v = s.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting '" + key + "' must be a whole number, not '" + v + "'");
        }
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        return "HubSpotSettings[baseUrl=" + baseUrl + ", tokenUrl=" + tokenUrl + ", authorizeUrl=" + authorizeUrl
                + ", scopes=" + scopes + ", clientId=" + clientId
                + ", clientSecret=****, appId=" + appId + ", portalId=" + portalId + ", webhookUrl=" + webhookUrl
                + ", maxBatch=" + maxBatch + ", timeout=" + timeout + ", throttleWait=" + throttleWait + ", searchLag=" + searchLag + "]";
    }
}
