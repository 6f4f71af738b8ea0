package io.ledgerbridge.connector.xero;

import io.ledgerbridge.connector.Authorization;
import io.ledgerbridge.connector.ConnectionContext;
import io.ledgerbridge.connector.Connector;
import io.ledgerbridge.connector.RefreshedTokens;
import io.ledgerbridge.connector.Sink;
import io.ledgerbridge.connector.Source;
import io.ledgerbridge.connector.TokenAccess;
import io.ledgerbridge.connector.xero.error.XeroErrors;
import io.ledgerbridge.connector.xero.oauth.XeroTenants;
import io.ledgerbridge.connector.xero.oauth.XeroTokenEndpoint;
import io.ledgerbridge.connector.xero.webhook.XeroWebhooks;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Xero (Accounting API 2.0) as a destination and a source. One instance per process; it opens a {@link Sink} and a
 * {@link Source} per connection (an organisation, "tenant"), refreshes the connection's OAuth 2.0 tokens, and checks
 * webhook deliveries. Settings: see {@link XeroSettings}.
 *
 * <p>The OAuth app (client id and secret) is the operator's, the same for every connection: pass it to the
 * constructor. A connection's settings may name another ({@code clientId}, {@code clientSecret}), e.g. in tests.
 */
public final class XeroConnector implements Connector {

    public static final String SYSTEM = "xero";
    /** API_FACTS B.1: the scopes the sink and source need, and {@code offline_access} for a refresh token. */
    public static final String SCOPES = "openid profile email accounting.transactions accounting.contacts "
            + "accounting.settings offline_access";
    /** Where new connections go unless the operator says otherwise: Xero's consent page, token endpoint and API. */
    public static final Authorization.Endpoints ENDPOINTS = Authorization.Endpoints.of(XeroSettings.AUTHORIZE_ENDPOINT,
            XeroSettings.TOKEN_ENDPOINT, XeroSettings.PRODUCTION);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Clock clock;
    private final String clientId;
    private final String clientSecret;
    private final XeroTokenEndpoint tokenEndpoint;
    private final XeroTenants tenants;
    private final LongAdder requests = new LongAdder();

    public XeroConnector(Clock clock) {
        this(clock, null, null);
    }

    /** @param clientId the operator's Xero app; null when every connection's settings name one */
    public XeroConnector(Clock clock, String clientId, String clientSecret) {
        this.clock = clock;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.tokenEndpoint = new XeroTokenEndpoint(http, clock);
        this.tenants = new XeroTenants(http);
    }

    @Override
    public String system() {
        return SYSTEM;
    }

    @Override
    public Sink openSink(ConnectionContext connection) {
        var settings = settings(connection.settings());
        var errors = new XeroErrors(clock, settings.throttleWait());
        var budget = new XeroBudget(clock, errors);
        return new XeroSink(settings, api(settings, connection.tokens(), errors, budget), errors, budget,
                new ItemCodes(clock));
    }

    /**
     * Xero as a source: the If-Modified-Since poll and the webhook read-back (see {@link XeroSource}), and by invoice
     * Date for historical imports ({@link XeroHistory}).
     */
    @Override
    public Optional<Source> openSource(ConnectionContext connection) {
        return Optional.of(source(connection));
    }

    /** The same as {@link #openSource}, typed, for the webhook read-back ({@link XeroSource#read}). */
    public XeroSource source(ConnectionContext connection) {
        var settings = settings(connection.settings());
        var errors = new XeroErrors(clock, settings.throttleWait());
        return new XeroSource(api(settings, connection.tokens(), errors, new XeroBudget(clock, errors)), errors);
    }

    private XeroApi api(XeroSettings settings, TokenAccess tokens, XeroErrors errors, XeroBudget budget) {
        return new XeroApi(http, settings, tokens, errors, budget, requests);
    }

    /**
     * Checks a webhook delivery with the connection's {@code webhookKey} (API_FACTS B.9): 401 for a wrong signature,
     * an accepted empty list for Xero's intent-to-receive.
     *
     * @param body the raw bytes as received
     */
    public XeroWebhooks.Verdict checkWebhook(Map<String, String> connectionSettings, byte[] body, String signatureHeader) {
        return XeroWebhooks.check(connectionSettings.get("webhookKey"), body, signatureHeader);
    }

    /** What a connection should read back for these events: its own tenant's invoices and contacts. */
    public XeroWebhooks.Changed changed(Map<String, String> connectionSettings, Collection<XeroWebhooks.Event> events) {
        return XeroWebhooks.changed(events, connectionSettings.get("tenantId"));
    }

    @Override
    public RefreshedTokens refresh(Map<String, String> connectionSettings, String refreshToken) {
        var settings = XeroSettings.of(connectionSettings, clientId, clientSecret, false);
        try {
            return tokenEndpoint.refresh(settings.tokenUrl(), settings.clientId(), settings.clientSecret(), refreshToken,
                    settings.timeout());
        } catch (XeroTokenEndpoint.Unavailable e) {
            throw new TokenAccess.Unavailable(e.getMessage(), e);
        }
    }

    /**
     * Every organisation an access token reaches ({@code GET /connections}, API_FACTS B.1), for flows over several
     * organisations of one grant.
     *
     * @throws XeroTenants.Unreadable when the list cannot be read
     */
    public List<XeroTenants.Tenant> tenants(Map<String, String> connectionSettings, String accessToken) {
        var settings = XeroSettings.of(connectionSettings, clientId, clientSecret, false);
        return tenants.list(settings.connectionsUrl(), accessToken, settings.timeout());
    }

    /**
     * Connecting and reconnecting through Xero's consent page: the code is exchanged for tokens, then
     * {@code /connections} says which organisation the grant reached; when several, the newest connection (the one this
     * consent made). A reconnect keeps the connection's tenant if the grant still reaches it.
     */
    @Override
    public Optional<Authorization> authorization() {
        return Optional.of(new Authorization() {
            @Override
            public URI authorizeUrl(Map<String, String> connectionSettings, String redirectUri, String state) {
                var s = XeroSettings.of(connectionSettings, clientId, clientSecret, false);
                if (s.clientId() == null || s.clientSecret() == null) {
                    throw new TokenAccess.ReconnectNeeded("no Xero OAuth app is configured "
                            + "(LEDGERBRIDGE_XERO_CLIENT_ID and _SECRET)");
                }
                return URI.create(s.authorizeUrl() + "?response_type=code&client_id=" + encode(s.clientId())
                        + "&redirect_uri=" + encode(redirectUri) + "&scope=" + encode(SCOPES) + "&state=" + encode(state));
            }

            @Override
            public Authorized complete(Map<String, String> connectionSettings, Map<String, String> callback,
                    String redirectUri) {
                if (callback.containsKey("error")) {
                    throw new TokenAccess.ReconnectNeeded("Xero did not authorise the connection: " + callback.get("error"));
                }
                String code = callback.get("code");
                if (code == null || code.isBlank()) {
                    throw new TokenAccess.ReconnectNeeded("Xero's answer has no code");
                }
                var s = XeroSettings.of(connectionSettings, clientId, clientSecret, false);
                RefreshedTokens tokens;
                List<XeroTenants.Tenant> reached;
                try {
                    tokens = tokenEndpoint.exchangeCode(s.tokenUrl(), s.clientId(), s.clientSecret(), code, redirectUri,
                            s.timeout());
                    reached = tenants.list(s.connectionsUrl(), tokens.accessToken(), s.timeout());
                } catch (XeroTokenEndpoint.Unavailable e) {
                    throw new TokenAccess.Unavailable(e.getMessage(), e);
                } catch (XeroTenants.Unreadable e) {
                    if (e.status == 401 || e.status == 403) {
                        throw new TokenAccess.ReconnectNeeded(e.getMessage());
                    }
                    throw new TokenAccess.Unavailable(e.getMessage(), e);
                }
                String current = connectionSettings.get("tenantId");
                var chosen = reached.stream().filter(t -> current != null && current.equals(t.tenantId())).findFirst()
                        .or(() -> XeroTenants.newest(reached))
                        .orElseThrow(() -> new TokenAccess.ReconnectNeeded(
                                "the Xero grant reaches no organisation: choose one on Xero's consent page"));
                var settings = new HashMap<String, String>();
                settings.put("tenantId", chosen.tenantId());
                if (chosen.tenantName() != null) {
                    settings.put("tenantName", chosen.tenantName());
                }
                return new Authorized(tokens, settings);
            }

            @Override
            public Map<String, String> settingsFor(Authorization.Endpoints endpoints) {
                String base = endpoints.apiUrl().toString();
                return Map.of("authorizeUrl", endpoints.authorizeUrl().toString(), "tokenUrl",
                        endpoints.tokenUrl().toString(), "baseUrl", base,
                        "connectionsUrl", XeroSettings.connectionsOf(URI.create(base.endsWith("/")
                                ? base.substring(0, base.length() - 1) : base)).toString());
            }
        });
    }

    private static String encode(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Requests sent to the Accounting API by every sink and source of this connector so far (token calls not included). */
    public long requestsSent() {
        return requests.sum();
    }

    public XeroSettings settings(Map<String, String> settings) {
        return XeroSettings.of(settings, clientId, clientSecret);
    }
}
