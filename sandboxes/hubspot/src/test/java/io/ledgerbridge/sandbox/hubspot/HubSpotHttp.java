package io.ledgerbridge.sandbox.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A bare java.net.http client for the tests: what a connector sends, what it sees back. */
final class HubSpotHttp {
    record Reply(int status, Map<String, List<String>> headers, String text, JsonNode json) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().getFirst()).orElse(null);
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private final String baseUrl;
    private String token;

    HubSpotHttp(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    HubSpotHttp token(String token) {
        this.token = token;
        return this;
    }

    Reply get(String path) { return send("GET", path, null, null); }
    Reply post(String path, String json) { return send("POST", path, json, "application/json"); }
    Reply put(String path, String json) { return send("PUT", path, json, "application/json"); }
    Reply patch(String path, String json) { return send("PATCH", path, json, "application/json"); }
    Reply delete(String path) { return send("DELETE", path, null, null); }
    Reply form(String path, String form) { return send("POST", path, form, "application/x-www-form-urlencoded"); }

    Reply send(String method, String path, String body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        if (contentType != null) b.header("Content-Type", contentType);
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = MissingNode.getInstance();
            String text = r.body();
            if (text != null && !text.isBlank() && (text.startsWith("{") || text.startsWith("["))) json = Json.MAPPER.readTree(text);
            return new Reply(r.statusCode(), r.headers().map(), text, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
