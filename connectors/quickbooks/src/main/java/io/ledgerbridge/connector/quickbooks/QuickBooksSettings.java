package io.ledgerbridge.connector.quickbooks;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * A QuickBooks connection's settings, validated. Read from the connection's settings map; every key but
 * {@code realmId} has a default.
 *
 * <table>
 *   <caption>Settings keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code realmId}</td><td>(required)</td><td>the company</td></tr>
 *   <tr><td>{@code baseUrl}</td><td>{@value #PRODUCTION}</td><td>the API host; {@code /v3/company/{realmId}} is added</td></tr>
 *   <tr><td>{@code tokenUrl}</td><td>{@value #TOKEN_ENDPOINT}</td><td>OAuth 2.0 token endpoint</td></tr>
 *   <tr><td>{@code clientId}, {@code clientSecret}</td><td>the connector's app</td><td>OAuth client, for refreshes</td></tr>
 *   <tr><td>{@code minorVersion}</td><td>75</td><td>{@code minorversion} sent on every call</td></tr>
 *   <tr><td>{@code maxBatch}</td><td>30</td><td>items per {@code /batch} call, 1 to 30 (API_FACTS A.4)</td></tr>
 *   <tr><td>{@code timeoutMillis}</td><td>30000</td><td>how long to wait for an answer before it is uncertain</td></tr>
 *   <tr><td>{@code incomeAccountId}</td><td>the first Income account</td><td>income account of items created</td></tr>
 *   <tr><td>{@code itemType}</td><td>Service</td><td>{@code Service} or {@code NonInventory}, for items created</td></tr>
 *   <tr><td>{@code throttleWaitSeconds}</td><td>60</td><td>wait after a 429 without {@code Retry-After} (API_FACTS A.6)</td></tr>
 *   <tr><td>{@code noTaxCode}</td><td>NON</td><td>TaxCodeRef of lines without a tax rate; empty: none sent (non-US companies)</td></tr>
 * </table>
 */
public record QuickBooksSettings(URI baseUrl, String realmId, URI tokenUrl, String clientId, String clientSecret,
        int minorVersion, int maxBatch, Duration timeout, String incomeAccountId, String itemType,
        Duration throttleWait, String noTaxCode) {

    public static final String PRODUCTION = "https://quickbooks.api.intuit.com";
    public static final String TOKEN_ENDPOINT = "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer";
    /** API_FACTS A.4: "Recommended maximum number of payloads in a single batch request is 30". */
    public static final int MAX_BATCH = 30;
    private static final Set<String> ITEM_TYPES = Set.of("Service", "NonInventory");

    public QuickBooksSettings {
        if (realmId == null || realmId.isBlank()) {
            throw new IllegalArgumentException("a QuickBooks connection needs the setting 'realmId'");
        }
        if (maxBatch < 1 || maxBatch > MAX_BATCH) {
            throw new IllegalArgumentException("maxBatch must be 1 to " + MAX_BATCH + ", not " + maxBatch);
        }
        if (!ITEM_TYPES.contains(itemType)) {
            throw new IllegalArgumentException("itemType must be one of " + ITEM_TYPES + ", not " + itemType);
        }
        if (timeout.isNegative() || timeout.isZero() || throttleWait.isNegative() || throttleWait.isZero()) {
            throw new IllegalArgumentException("timeoutMillis and throttleWaitSeconds must be positive");
        }
    }

    /**
     * @param defaultClientId     the connector's OAuth app, used when the settings name none (may be null)
     * @param defaultClientSecret its secret (may be null)
     */
    public static QuickBooksSettings of(Map<String, String> s, String defaultClientId, String defaultClientSecret) {
        return new QuickBooksSettings(
                URI.create(stripSlash(s.getOrDefault("baseUrl", PRODUCTION))),
                s.get("realmId"),
                URI.create(s.getOrDefault("tokenUrl", TOKEN_ENDPOINT)),
                s.getOrDefault("clientId", defaultClientId),
                s.getOrDefault("clientSecret", defaultClientSecret),
                integer(s, "minorVersion", 75),
                integer(s, "maxBatch", MAX_BATCH),
                Duration.ofMillis(integer(s, "timeoutMillis", 30_000)),
                s.get("incomeAccountId"),
                s.getOrDefault("itemType", "Service"),
                Duration.ofSeconds(integer(s, "throttleWaitSeconds", 60)),
                s.getOrDefault("noTaxCode", "NON"));
    }

    /** {@code {baseUrl}/v3/company/{realmId}}. */
    public String companyUrl() {
        return baseUrl + "/v3/company/" + realmId;
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
        return "QuickBooksSettings[baseUrl=" + baseUrl + ", realmId=" + realmId + ", tokenUrl=" + tokenUrl
                + ", clientId=" + clientId + ", clientSecret=****, minorVersion=" + minorVersion + ", maxBatch="
                + maxBatch + ", timeout=" + timeout + ", incomeAccountId=" + incomeAccountId + ", itemType=" + itemType
                + ", throttleWait=" + throttleWait + ", noTaxCode=" + noTaxCode + "]";
    }
}
