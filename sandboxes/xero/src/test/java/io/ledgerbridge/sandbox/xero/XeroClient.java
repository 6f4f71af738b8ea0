package io.ledgerbridge.sandbox.xero;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerbridge.sandbox.xero.wire.XeroJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** A plain java.net.http client of the sandbox's API, as an integration would call it. */
final class XeroClient {
    private final HttpClient http = HttpClient.newHttpClient();
    private final XeroSandbox sandbox;
    String accessToken;
    String tenantId;
    final Map<String, String> extraHeaders = new LinkedHashMap<>();

    XeroClient(XeroSandbox sandbox, String accessToken, String tenantId) {
        this.sandbox = sandbox;
        this.accessToken = accessToken;
        this.tenantId = tenantId;
    }

    record Answer(int status, String body, HttpResponse<String> response) {
        JsonNode json() {
            return XeroJson.parse(body);
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    Answer get(String pathAndQuery) {
        return send("GET", pathAndQuery, null);
    }

    Answer put(String pathAndQuery, String body) {
        return send("PUT", pathAndQuery, body);
    }

    Answer post(String pathAndQuery, String body) {
        return send("POST", pathAndQuery, body);
    }

    Answer send(String method, String pathAndQuery, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sandbox.apiBase() + pathAndQuery))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Accept", "application/json");
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (accessToken != null) {
            b.header("Authorization", "Bearer " + accessToken);
        }
        if (tenantId != null) {
            b.header("xero-tenant-id", tenantId);
        }
        extraHeaders.forEach(b::header);
        return raw(b.build());
    }

    Answer raw(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
