package io.ledgerbridge.connector.quickbooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerbridge.connector.TokenAccess;
import io.ledgerbridge.connector.quickbooks.error.QuickBooksErrors;
import io.ledgerbridge.domain.error.SyncError;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP calls to one company: {@code {baseUrl}/v3/company/{realmId}/{resource}?minorversion=…}, with the bearer token,
 * one refresh and one repeat after a 401 (see {@link TokenAccess}), and how each call ended as data. Thread-safe.
 */
final class QuickBooksApi {

    private static final Logger log = LoggerFactory.getLogger(QuickBooksApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How one call ended. */
    sealed interface Call {
        /** QuickBooks answered; {@code json} is null when the body is not JSON (the gateway's XML, an HTML page). */
        record Answered(int status, String body, JsonNode json, String retryAfter) implements Call {
            boolean ok() {
                return status == 200 && json != null && !json.has("Fault");
            }
        }

        /** The request never reached QuickBooks (or the token could not be had): nothing can have been written. */
        record NotSent(SyncError error) implements Call {}

        /** The request may have been applied, but no answer came. */
        record Lost(String reason) implements Call {}
    }

    private final HttpClient http;
    private final QuickBooksSettings settings;
    private final TokenAccess tokens;
    private final QuickBooksErrors errors;
    private final LongAdder requests;

    /** @param requests counts every request sent (for the connector's metrics) */
    QuickBooksApi(HttpClient http, QuickBooksSettings settings, TokenAccess tokens, QuickBooksErrors errors,
            LongAdder requests) {
        this.http = http;
        this.settings = settings;
        this.tokens = tokens;
        this.errors = errors;
        this.requests = requests;
    }

    Call get(String resource, Map<String, String> params) {
        return withToken(token -> send(request(resource, params, token).GET().build()));
    }

    Call postJson(String resource, Map<String, String> params, JsonNode body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return withToken(token -> send(request(resource, params, token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build()));
    }

    /** {@code POST …/query} with the statement as {@code application/text} (API_FACTS A.1), so long lists fit. */
    Call query(String statement) {
        return withToken(token -> send(request("query", Map.of(), token)
                .header("Content-Type", "application/text")
                .POST(HttpRequest.BodyPublishers.ofString(statement, StandardCharsets.UTF_8)).build()));
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

    private HttpRequest.Builder request(String resource, Map<String, String> params, String token) {
        var all = new LinkedHashMap<>(params);
        all.put("minorversion", String.valueOf(settings.minorVersion()));
        var query = new StringBuilder();
        all.forEach((k, v) -> query.append(query.isEmpty() ? "?" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return HttpRequest.newBuilder(URI.create(settings.companyUrl() + "/" + resource + query))
                .timeout(settings.timeout())
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
    }

    private Call send(HttpRequest request) {
        requests.increment();
        try {
            var response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode json = null;
            String body = response.body();
            if (body != null && body.stripLeading().startsWith("{")) {
                try {
                    json = JSON.readTree(body);
                } catch (IOException notJson) {
                    json = null;
                }
            }
            if (response.statusCode() != 200) {
                log.debug("realm={} {} {} answered {} intuit_tid={}", settings.realmId(), request.method(),
                        request.uri().getPath(), response.statusCode(),
                        response.headers().firstValue("intuit_tid").orElse("-"));
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
