package io.ledgerbridge.connector.hubspot;

import io.ledgerbridge.connector.ConnectionContext;
import io.ledgerbridge.connector.Connector;
import io.ledgerbridge.connector.RefreshedTokens;
import io.ledgerbridge.connector.Sink;
import io.ledgerbridge.connector.Source;
import io.ledgerbridge.connector.TokenAccess;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

    public HubSpotConnector(Clock clock) {
        this(clock, null, null);
    }

    /** @param clientId the operator's HubSpot app; null when every connection's settings name one */
    public HubSpotConnector(Clock clock, String clientId, String clientSecret) {
        this.clock = clock;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
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
        var settings = settings(connectionSettings);
        if (settings.clientId() == null || settings.clientSecret() == null) {
            throw new TokenAccess.ReconnectNeeded("no HubSpot OAuth client (clientId, clientSecret) is configured");
        }
        String form = "grant_type=refresh_token"
                + "&client_id=" + URLEncoder.encode(settings.clientId(), StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(settings.clientSecret(), StandardCharsets.UTF_8)
                + "&refresh_token=" + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8);
        var request = HttpRequest.newBuilder(settings.tokenUrl())
                .timeout(settings.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("the HubSpot token endpoint did not answer: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while refreshing HubSpot tokens");
        }
        var body = json(response.body());
        String status = body.path("status").asText("");
        if (response.statusCode() == 400 || status.startsWith("BAD_") || body.path("error").asText("").equals("invalid_grant")) {
            throw new TokenAccess.ReconnectNeeded("HubSpot refused to refresh the tokens ("
                    + (status.isEmpty() ? body.path("error").asText("HTTP " + response.statusCode()) : status) + "): "
                    + body.path("message").asText(""));
        }
        if (response.statusCode() != 200 || !body.hasNonNull("access_token")) {
            throw new IllegalStateException("the HubSpot token endpoint answered HTTP " + response.statusCode());
        }
        long expiresIn = body.path("expires_in").asLong(1800);
        String rotated = body.hasNonNull("refresh_token") ? body.get("refresh_token").asText() : null;
        return new RefreshedTokens(body.get("access_token").asText(), rotated, Instant.now(clock).plusSeconds(expiresIn));
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

    private static com.fasterxml.jackson.databind.JsonNode json(String body) {
        try {
            return body == null || body.isBlank() ? HubSpotApi.JSON.createObjectNode() : HubSpotApi.JSON.readTree(body);
        } catch (IOException e) {
            return HubSpotApi.JSON.createObjectNode();
        }
    }
}
