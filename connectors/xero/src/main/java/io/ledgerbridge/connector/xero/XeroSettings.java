package io.ledgerbridge.connector.xero;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * A Xero connection's settings, validated. Read from the connection's settings map; every key but {@code tenantId}
 * has a default (a connection being authorised has no tenant yet: {@link #of} is then called with
 * {@code requireTenant = false}).
 *
 * <table>
 *   <caption>Settings keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code tenantId}</td><td>(required)</td><td>the organisation, sent as {@code xero-tenant-id} (API_FACTS B.1)</td></tr>
 *   <tr><td>{@code tenantName}</td><td>none</td><td>the organisation's name, for messages</td></tr>
 *   <tr><td>{@code baseUrl}</td><td>{@value #PRODUCTION}</td><td>the Accounting API, ending in {@code /api.xro/2.0}</td></tr>
 *   <tr><td>{@code connectionsUrl}</td><td>{@code baseUrl}'s scheme and host + {@code /connections}</td><td>the tenants a token reaches (API_FACTS B.1)</td></tr>
 *   <tr><td>{@code tokenUrl}</td><td>{@value #TOKEN_ENDPOINT}</td><td>OAuth 2.0 token endpoint (API_FACTS B.8)</td></tr>
 *   <tr><td>{@code authorizeUrl}</td><td>{@value #AUTHORIZE_ENDPOINT}</td><td>the consent page</td></tr>
 *   <tr><td>{@code clientId}, {@code clientSecret}</td><td>the connector's app</td><td>OAuth client; settings override (tests)</td></tr>
 *   <tr><td>{@code timeoutMillis}</td><td>30000</td><td>how long to wait for an answer before a write is uncertain</td></tr>
 *   <tr><td>{@code maxBatch}</td><td>50</td><td>elements per call, 1 to 50 (API_FACTS B.2: about 50 recommended)</td></tr>
 *   <tr><td>{@code salesAccountCode}</td><td>200</td><td>{@code AccountCode} of invoice lines and items' sales details</td></tr>
 *   <tr><td>{@code paymentAccountCode}</td><td>090</td><td>{@code Account.Code} payments are paid into (a bank account)</td></tr>
 *   <tr><td>{@code noTaxType}</td><td>NONE</td><td>{@code TaxType} of lines without a tax rate; empty: none sent</td></tr>
 *   <tr><td>{@code throttleWaitSeconds}</td><td>60</td><td>wait after a 429 without {@code Retry-After}</td></tr>
 *   <tr><td>{@code webhookKey}</td><td>none</td><td>the app's webhook signing key (API_FACTS B.9); no key: every delivery refused</td></tr>
 * </table>
 *
 * <p>The account codes are connection settings, like QuickBooks' {@code incomeAccountId}: a flow's settings
 * ({@code FlowSettings}) carry no destination-specific keys, and the account codes belong to the organisation's chart
 * of accounts. Tax types come per line through the flow's tax mapping ({@code OutboundInvoice.taxCodeRefs()}).
 */
public record XeroSettings(URI baseUrl, URI connectionsUrl, URI tokenUrl, URI authorizeUrl, String tenantId,
        String tenantName, String clientId, String clientSecret, Duration timeout, int maxBatch, String salesAccountCode,
        String paymentAccountCode, String noTaxType, Duration throttleWait, String webhookKey) {

    public static final String PRODUCTION = "https://api.xero.com/api.xro/2.0";
    public static final String TOKEN_ENDPOINT = "https://identity.xero.com/connect/token";
    public static final String AUTHORIZE_ENDPOINT = "https://login.xero.com/identity/connect/authorize";
    /** API_FACTS B.2: "recommended ~50 elements per request". */
    public static final int MAX_BATCH = 50;

    public XeroSettings {
        if (maxBatch < 1 || maxBatch > MAX_BATCH) {
            throw new IllegalArgumentException("maxBatch must be 1 to " + MAX_BATCH + ", not " + maxBatch);
        }
        if (timeout.isNegative() || timeout.isZero() || throttleWait.isNegative() || throttleWait.isZero()) {
            throw new IllegalArgumentException("timeoutMillis and throttleWaitSeconds must be positive");
        }
        if (salesAccountCode == null || salesAccountCode.isBlank() || paymentAccountCode == null
                || paymentAccountCode.isBlank()) {
            throw new IllegalArgumentException("salesAccountCode and paymentAccountCode cannot be empty");
        }
    }

    /** Settings of a connected connection: {@code tenantId} is required. */
    public static XeroSettings of(Map<String, String> s, String defaultClientId, String defaultClientSecret) {
        return of(s, defaultClientId, defaultClientSecret, true);
    }

    /**
     * @param defaultClientId the connector's OAuth app, used when the settings name none (may be null)
     * @param requireTenant   false while a connection is being authorised (the tenant comes from {@code /connections})
     */
    public static XeroSettings of(Map<String, String> s, String defaultClientId, String defaultClientSecret,
            boolean requireTenant) {
        String tenant = s.get("tenantId");
        if (requireTenant && (tenant == null || tenant.isBlank())) {
            throw new IllegalArgumentException("a Xero connection needs the setting 'tenantId'");
        }
        URI base = URI.create(stripSlash(s.getOrDefault("baseUrl", PRODUCTION)));
        String connections = s.get("connectionsUrl");
        return new XeroSettings(base,
                connections == null || connections.isBlank() ? connectionsOf(base) : URI.create(stripSlash(connections)),
                URI.create(s.getOrDefault("tokenUrl", TOKEN_ENDPOINT)),
                URI.create(s.getOrDefault("authorizeUrl", AUTHORIZE_ENDPOINT)),
                tenant, s.get("tenantName"),
                s.getOrDefault("clientId", defaultClientId),
                s.getOrDefault("clientSecret", defaultClientSecret),
                Duration.ofMillis(integer(s, "timeoutMillis", 30_000)),
                integer(s, "maxBatch", MAX_BATCH),
                s.getOrDefault("salesAccountCode", "200"),
                s.getOrDefault("paymentAccountCode", "090"),
                s.getOrDefault("noTaxType", "NONE"),
                Duration.ofSeconds(integer(s, "throttleWaitSeconds", 60)),
                s.get("webhookKey"));
    }

    /** {@code https://api.xero.com/api.xro/2.0} → {@code https://api.xero.com/connections} (API_FACTS B.1). */
    static URI connectionsOf(URI base) {
        String path = base.getPath() == null ? "" : base.getPath();
        int at = path.indexOf("/api.xro");
        String prefix = at < 0 ? "" : path.substring(0, at);
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + prefix + "/connections");
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

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        return "XeroSettings[baseUrl=" + baseUrl + ", connectionsUrl=" + connectionsUrl + ", tokenUrl=" + tokenUrl
                + ", tenantId=" + tenantId + ", clientId=" + clientId + ", clientSecret=****, timeout=" + timeout
                + ", maxBatch=" + maxBatch + ", salesAccountCode=" + salesAccountCode + ", paymentAccountCode="
                + paymentAccountCode + ", noTaxType=" + noTaxType + ", webhookKey=****]";
    }
}
