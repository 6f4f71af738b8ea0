package io.ledgerbridge.connector.xero;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerbridge.connector.TokenAccess;
import io.ledgerbridge.connector.xero.error.XeroErrors;
import io.ledgerbridge.domain.error.SyncError;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP calls to one organisation: {@code {baseUrl}/{Resource}} with the bearer token and {@code xero-tenant-id}
 * (API_FACTS B.1), an {@code Idempotency-Key} on writes (B.7), one refresh and one repeat after a 401 (see
 * {@link TokenAccess}), the remaining-calls headers of every answer handed to the {@link XeroBudget} (B.6), and how
 * each call ended as data. Thread-safe.
 */
final class XeroApi {

    private static final Logger log = LoggerFactory.getLogger(XeroApi.class);
    static final ObjectMapper JSON = new ObjectMapper();

    /** How one call ended. */
    sealed interface Call {
        /** Xero answered; {@code json} is null when the body is not JSON (a plain-text outage page). */
        record Answered(int status, String body, JsonNode json, HttpHeaders headers) implements Call {
            boolean ok() {
                return status == 200 && json != null;
            }
        }

        /** The request never reached Xero (or the token could not be had): nothing can have been written. */
        record NotSent(SyncError error, java.time.Instant retryAfter) implements Call {
            NotSent(SyncError error) {
                this(error, null);
            }
        }

        /** The request may have been applied, but no answer came. */
        record Lost(String reason) implements Call {}
    }

    private final HttpClient http;
    private final XeroSettings settings;
    private final TokenAccess tokens;
    private final XeroErrors errors;
    private final XeroBudget budget;
    private final LongAdder requests;

    XeroApi(HttpClient http, XeroSettings settings, TokenAccess tokens, XeroErrors errors, XeroBudget budget,
            LongAdder requests) {
        this.http = http;
        this.settings = settings;
        this.tokens = tokens;
        this.errors = errors;
        this.budget = budget;
        this.requests = requests;
    }

    XeroSettings settings() {
        return settings;
    }

    /** {@code GET {baseUrl}/{resource}?params}, with {@code If-Modified-Since} when {@code modifiedSince} is not null. */
    Call get(String resource, Map<String, String> params, String modifiedSince) {
        return withToken(token -> {
            var b = request(resource, params, token).GET();
            if (modifiedSince != null) {
                b.header("If-Modified-Since", modifiedSince);
            }
            return send(b.build());
        });
    }

    /**
     * {@code PUT} (creates) or {@code POST} (updates or creates) with a JSON body and the idempotency key (API_FACTS
     * B.2, B.7).
     */
    Call write(String method, String resource, Map<String, String> params, JsonNode body, String idempotencyKey) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return withToken(token -> {
            var b = request(resource, params, token).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
            if (idempotencyKey != null) {
                b.header("Idempotency-Key", idempotencyKey);
            }
            return send(b.build());
        });
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
        var query = new StringBuilder();
        params.forEach((k, v) -> query.append(query.isEmpty() ? "?" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20")));
        return HttpRequest.newBuilder(URI.create(settings.baseUrl() + "/" + resource + query))
                .timeout(settings.timeout())
                .header("Authorization", "Bearer " + token)
                .header("xero-tenant-id", settings.tenantId())
                .header("Accept", "application/json");
    }

    private Call send(HttpRequest request) {
        var held = budget.held();
        if (held.isPresent()) {
            return new Call.NotSent(held.get().error(), held.get().retryAfter());
        }
        requests.increment();
        try {
            var response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            budget.observe(response.statusCode(), response.headers());
            JsonNode json = null;
            String body = response.body();
            if (body != null && (body.stripLeading().startsWith("{") || body.stripLeading().startsWith("["))) {
                try {
                    json = JSON.readTree(body);
                } catch (IOException notJson) {
                    json = null;
                }
            }
            if (response.statusCode() != 200) {
                log.debug("tenant={} {} {} answered {} problem={}", settings.tenantId(), request.method(),
                        request.uri().getPath(), response.statusCode(),
                        response.headers().firstValue("X-Rate-Limit-Problem").orElse("-"));
            }
            return new Call.Answered(response.statusCode(), body, json, response.headers());
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
