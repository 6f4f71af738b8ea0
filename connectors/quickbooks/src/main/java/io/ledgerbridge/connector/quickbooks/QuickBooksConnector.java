package io.ledgerbridge.connector.quickbooks;

import io.ledgerbridge.connector.Authorization;
import io.ledgerbridge.connector.TokenAccess;
import io.ledgerbridge.connector.ConnectionContext;
import io.ledgerbridge.connector.Connector;
import io.ledgerbridge.connector.RefreshedTokens;
import io.ledgerbridge.connector.Sink;
import io.ledgerbridge.connector.Source;
import io.ledgerbridge.connector.quickbooks.error.QuickBooksErrors;
import io.ledgerbridge.connector.quickbooks.oauth.QuickBooksTokenEndpoint;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * QuickBooks Online (Accounting API v3) as a destination. One instance per process; it opens a {@link Sink} per
 * connection (a company, "realm") and refreshes the connection's OAuth 2.0 tokens. Settings: see
 * {@link QuickBooksSettings}.
 *
 * <p>The OAuth app (client id and secret) is the operator's, the same for every connection: pass it to the
 * constructor. A connection's settings may name another ({@code clientId}, {@code clientSecret}), e.g. in tests.
 */
public final class QuickBooksConnector implements Connector {

    public static final String SYSTEM = "quickbooks";

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Clock clock;
    private final String clientId;
    private final String clientSecret;
    private final QuickBooksTokenEndpoint tokenEndpoint;
    private final LongAdder requests = new LongAdder();

    public QuickBooksConnector(Clock clock) {
        this(clock, null, null);
    }

    /** @param clientId the operator's Intuit app; null when every connection's settings name one */
    public QuickBooksConnector(Clock clock, String clientId, String clientSecret) {
        this.clock = clock;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.tokenEndpoint = new QuickBooksTokenEndpoint(http, clock);
    }

    @Override
    public String system() {
        return SYSTEM;
    }

    @Override
    public Sink openSink(ConnectionContext connection) {
        var settings = settings(connection.settings());
        var errors = new QuickBooksErrors(clock, settings.throttleWait());
        return new QuickBooksSink(settings, new QuickBooksApi(http, settings, connection.tokens(), errors, requests), errors);
    }

    /**
     * QuickBooks as a source: change data capture with a cursor (see {@link QuickBooksSource}), and by TxnDate for
     * historical imports ({@link QuickBooksHistory}).
     */
    @Override
    public Optional<Source> openSource(ConnectionContext connection) {
        var settings = settings(connection.settings());
        var errors = new QuickBooksErrors(clock, settings.throttleWait());
        return Optional.of(new QuickBooksSource(new QuickBooksApi(http, settings, connection.tokens(), errors, requests),
                errors, clock));
    }

    @Override
    public RefreshedTokens refresh(Map<String, String> connectionSettings, String refreshToken) {
        var settings = settings(connectionSettings);
        return tokenEndpoint.refresh(settings.tokenUrl(), settings.clientId(), settings.clientSecret(), refreshToken,
                settings.timeout());
    }

    /** Intuit's consent page (API_FACTS A.8); a connection's setting {@code authorizeUrl} names another (the sandbox's). */
    public static final String AUTHORIZE_ENDPOINT = "https://appcenter.intuit.com/connect/oauth2";
    public static final String ACCOUNTING_SCOPE = "com.intuit.quickbooks.accounting";
    /** Where new connections go unless the operator says otherwise: Intuit's consent page, token endpoint and API. */
    public static final Authorization.Endpoints ENDPOINTS = Authorization.Endpoints.of(AUTHORIZE_ENDPOINT,
            QuickBooksSettings.TOKEN_ENDPOINT, QuickBooksSettings.PRODUCTION);

    /**
     * Connecting and reconnecting through Intuit's consent page: the callback carries {@code code}, {@code state}
     * and {@code realmId}, the company the person chose.
     */
    @Override
    public Optional<Authorization> authorization() {
        return Optional.of(new Authorization() {
            @Override
            public java.net.URI authorizeUrl(Map<String, String> connectionSettings, String redirectUri, String state) {
                var s = QuickBooksSettings.of(withRealm(connectionSettings), clientId, clientSecret);
                if (s.clientId() == null || s.clientSecret() == null) {
                    throw new TokenAccess.ReconnectNeeded("no QuickBooks OAuth app is configured "
                            + "(LEDGERBRIDGE_QUICKBOOKS_CLIENT_ID and _SECRET)");
                }
                String base = connectionSettings.getOrDefault("authorizeUrl", AUTHORIZE_ENDPOINT);
                return java.net.URI.create(base + "?client_id=" + encode(s.clientId()) + "&response_type=code&scope="
                        + encode(ACCOUNTING_SCOPE) + "&redirect_uri=" + encode(redirectUri) + "&state=" + encode(state));
            }

            @Override
            public Authorized complete(Map<String, String> connectionSettings, Map<String, String> callback,
                    String redirectUri) {
                if (callback.containsKey("error")) {
                    throw new TokenAccess.ReconnectNeeded("QuickBooks did not authorise the connection: " + callback.get("error"));
                }
                String code = callback.get("code");
                String realmId = callback.get("realmId");
                if (code == null || code.isBlank() || realmId == null || realmId.isBlank()) {
                    throw new TokenAccess.ReconnectNeeded("QuickBooks' answer has no code or realmId");
                }
                var s = QuickBooksSettings.of(withRealm(connectionSettings), clientId, clientSecret);
                try {
                    var tokens = tokenEndpoint.exchangeCode(s.tokenUrl(), s.clientId(), s.clientSecret(), code, redirectUri,
                            s.timeout());
                    return new Authorized(tokens, Map.of("realmId", realmId));
                } catch (QuickBooksTokenEndpoint.Unavailable e) {
                    throw new TokenAccess.Unavailable(e.getMessage(), e);
                }
            }

            @Override
            public Map<String, String> settingsFor(Authorization.Endpoints endpoints) {
                return Map.of("authorizeUrl", endpoints.authorizeUrl().toString(), "tokenUrl", endpoints.tokenUrl().toString(),
                        "baseUrl", endpoints.apiUrl().toString());
            }
        });
    }

    /** A new connection has no company until the callback names it; its settings are read without one. */
    private static Map<String, String> withRealm(Map<String, String> settings) {
        if (settings.containsKey("realmId")) {
            return settings;
        }
        var m = new java.util.HashMap<>(settings);
        m.put("realmId", "(chosen on the consent page)");
        return m;
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s == null ? "" : s, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Requests sent to the Accounting API by every sink of this connector so far (token refreshes not included). */
    public long requestsSent() {
        return requests.sum();
    }

    private QuickBooksSettings settings(Map<String, String> settings) {
        return QuickBooksSettings.of(settings, clientId, clientSecret);
    }
}
