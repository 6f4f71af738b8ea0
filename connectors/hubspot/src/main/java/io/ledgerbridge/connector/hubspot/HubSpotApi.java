package io.ledgerbridge.connector.hubspot;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerbridge.connector.TokenAccess;
import io.ledgerbridge.domain.error.SyncError;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP calls to one HubSpot portal: {@code {baseUrl}{path}} with the bearer token, one refresh and one repeat after a
 * 401 (see {@link TokenAccess}), and how each call ended as data. Thread-safe.
 */
final class HubSpotApi {

    private static final Logger log = LoggerFactory.getLogger(HubSpotApi.class);
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** How one call ended. */
    sealed interface Call {
        /** HubSpot answered; {@code json} is an empty object when the body is not JSON (or there is none). */
        record Answered(int status, String body, JsonNode json, String retryAfter) implements Call {
            /** 2xx, including 207 (a batch with some failed inputs: look at {@code errors}). */
            boolean ok() {
                return status >= 200 && status < 300;
            }
        }

        /** The request never reached HubSpot (or the token could not be had): nothing can have been written. */
        record NotSent(SyncError error) implements Call {}

        /** The request may have been applied, but no answer came. */
        record Lost(String reason) implements Call {}
    }

    private final HttpClient http;
    private final HubSpotSettings settings;
    private final TokenAccess tokens;
    private final HubSpotErrors errors;
    private final LongAdder requests;
    private final RollingPace portalPace;

    HubSpotApi(HttpClient http, HubSpotSettings settings, TokenAccess tokens, HubSpotErrors errors, LongAdder requests) {
        this.portalPace = RollingPace.ofPortal(String.valueOf(settings.baseUrl()), settings.portalId());
        this.http = http;
        this.settings = settings;
        this.tokens = tokens;
        this.errors = errors;
        this.requests = requests;
    }

    HubSpotErrors errors() {
        return errors;
    }

    Call get(String path) {
        return withToken(token -> send(request(path, token).GET().build()));
    }

    Call post(String path, JsonNode body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return withToken(token -> send(request(path, token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build()));
    }

    private Call withToken(Function<String, Call> send) {
        try {
            return tokens.withToken(send, call -> call instanceof Call.Answered a && a.status() == 401);
        } catch (TokenAccess.ReconnectNeeded e) {
            return new Call.NotSent(errors.tokenRefreshFailed(e.getMessage()));
        } catch (TokenAccess.Unavailable e) {
            return new Call.NotSent(errors.unreachable("could not refresh the connection's tokens: " + e.getMessage()));
        }
    }

    private HttpRequest.Builder request(String path, String token) {
        return HttpRequest.newBuilder(URI.create(settings.baseUrl() + path))
                .timeout(settings.timeout())
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
    }

    private Call send(HttpRequest request) {
        portalPace.take();
        requests.increment();
        try {
            var response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            String body = response.body();
            JsonNode json = JSON.createObjectNode();
            if (body != null && !body.isBlank()) {
                try {
                    json = JSON.readTree(body);
                } catch (IOException notJson) {
                    json = JSON.createObjectNode();
                }
            }
            if (response.statusCode() >= 300) {
                log.debug("hubspot {} {} answered {} correlationId={}", request.method(), request.uri().getPath(),
                        response.statusCode(), json.path("correlationId").asText("-"));
            }
            return new Call.Answered(response.statusCode(), body, json,
                    response.headers().firstValue("Retry-After").orElse(null));
        } catch (HttpConnectTimeoutException | ConnectException e) {
            return new Call.NotSent(errors.unreachable("cannot connect to " + settings.baseUrl()));
        } catch (HttpTimeoutException e) {
            return new Call.Lost("no answer within " + settings.timeout().toMillis() + " ms");
        } catch (IOException e) {
            return new Call.Lost(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Call.Lost("interrupted while waiting for the answer");
        }
    }
}
