package io.ledgerbridge.connector.hubspot;

import io.ledgerbridge.connector.Authorization;
import io.ledgerbridge.connector.ConnectionContext;
import io.ledgerbridge.connector.Connector;
import io.ledgerbridge.connector.RefreshedTokens;
import io.ledgerbridge.connector.Sink;
import io.ledgerbridge.connector.Source;
import io.ledgerbridge.connector.TokenAccess;
import io.ledgerbridge.connector.hubspot.oauth.HubSpotAuthorization;
import io.ledgerbridge.connector.hubspot.oauth.HubSpotTokenEndpoint;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * HubSpot (CRM v3 objects, v4 associations) as a source and as a destination. One instance per process; it opens a
 * {@link HubSpotSink} and a {@link HubSpotSource} per connection (a portal), refreshes the connection's OAuth 2.0
 * tokens, and checks webhook deliveries. Settings: see {@link HubSpotSettings}.
 *
 * <p>The OAuth app (client id and secret) is the operator's, the same for every connection: pass it to the
 * constructor. A connection's settings may name another ({@code clientId}, {@code clientSecret}), e.g. in tests.
 */
public final class HubSpotConnector implements Connector {

    public static final String SYSTEM = "hubspot";

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Clock clock;
    private final String clientId;
    private final String clientSecret;
    private final LongAdder requests = new LongAdder();
    private final HubSpotTokenEndpoint tokenEndpoint;
    private final HubSpotAuthorization authorization;

    /** Where new connections go unless the operator says otherwise: HubSpot's consent page, token endpoint and API. */
    public static final Authorization.Endpoints ENDPOINTS = Authorization.Endpoints.of(HubSpotSettings.AUTHORIZE_ENDPOINT,
            HubSpotSettings.PRODUCTION + "/oauth/v1/token", HubSpotSettings.PRODUCTION);

    public HubSpotConnector(Clock clock) {
        this(clock, null, null);
    }

    /** @param clientId the operator's HubSpot app; null when every connection's settings name one */
    public HubSpotConnector(Clock clock, String clientId, String clientSecret) {
        this.clock = clock;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.tokenEndpoint = new HubSpotTokenEndpoint(http, clock);
        this.authorization = new HubSpotAuthorization(this::settings, tokenEndpoint);
    }

    @Override
    public String system() {
        return SYSTEM;
    }

    @Override
    public Sink openSink(ConnectionContext connection) {
        var settings = settings(connection.settings());
        return new HubSpotSink(settings, api(settings, connection.tokens()));
    }

    @Override
    public Optional<Source> openSource(ConnectionContext connection) {
        return Optional.of(source(connection));
    }

    /** The source of one connection, with {@link HubSpotSource#read} for webhook deliveries. */
    public HubSpotSource source(ConnectionContext connection) {
        var settings = settings(connection.settings());
        return new HubSpotSource(api(settings, connection.tokens()), settings, clock);
    }

    /**
     * Checks a webhook delivery to a connection (signature v3 with the app's client secret, timestamp within five
     * minutes, body) and reads its events. {@code requestUrl} is used when the settings name no {@code webhookUrl}.
     */
    public HubSpotWebhooks.Verdict checkWebhook(Map<String, String> connectionSettings, String method, String requestUrl,
            String body, String timestampHeader, String signatureHeader) {
        var settings = settings(connectionSettings);
        String url = settings.webhookUrl() != null ? settings.webhookUrl() : requestUrl;
        return HubSpotWebhooks.check(settings.clientSecret(), method, url, body, timestampHeader, signatureHeader,
                clock.instant());
    }

    /** What a webhook delivery's events ask to read, without Ledgerbridge's own writes (see {@link HubSpotWebhooks#changed}). */
    public HubSpotSource.Changed changed(Map<String, String> connectionSettings, java.util.Collection<HubSpotWebhooks.Event> events) {
        return HubSpotWebhooks.changed(events, settings(connectionSettings));
    }

    /**
     * HubSpot's token endpoint (API_FACTS C.6): {@code POST grant_type=refresh_token} with the client id and secret in
     * the form. Access tokens live 30 minutes; the refresh token stays the same until the app is uninstalled.
     *
     * @throws TokenAccess.ReconnectNeeded when HubSpot refuses the refresh token or the client
     */
    @Override
    public RefreshedTokens refresh(Map<String, String> connectionSettings, String refreshToken) {
        return tokenEndpoint.refresh(settings(connectionSettings), refreshToken);
    }

    /** Connecting and reconnecting through HubSpot's consent page (see {@link HubSpotAuthorization}). */
    @Override
    public Optional<Authorization> authorization() {
        return Optional.of(authorization);
    }

    /** Requests sent to HubSpot's CRM API by this connector's sinks and sources so far (token refreshes not included). */
    public long requestsSent() {
        return requests.sum();
    }

    public HubSpotSettings settings(Map<String, String> settings) {
        return HubSpotSettings.of(settings, clientId, clientSecret);
    }

    private HubSpotApi api(HubSpotSettings settings, TokenAccess tokens) {
        return new HubSpotApi(http, settings, tokens, new HubSpotErrors(clock, settings.throttleWait()), requests);
    }
}
