package io.ledgerbridge.sandbox.quickbooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** A plain java.net.http client of the sandbox, as a connector would use it. */
final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    record Response(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        JsonNode error() {
            return json().path("Fault").path("Error").path(0);
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private final String baseUrl;
    private final String realmId;
    private volatile String accessToken;

    ApiClient(String baseUrl, String realmId, String accessToken) {
        this.baseUrl = baseUrl;
        this.realmId = realmId;
        this.accessToken = accessToken;
    }

    void accessToken(String token) {
        this.accessToken = token;
    }

    String company() {
        return baseUrl + "/v3/company/" + realmId;
    }

    Response post(String pathAndQuery, String json) {
        return send(HttpRequest.newBuilder(URI.create(company() + pathAndQuery))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Response get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(company() + pathAndQuery)).GET());
    }

    Response query(String query) {
        return get("/query?minorversion=75&query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
    }

    Response postQuery(String query) {
        return send(HttpRequest.newBuilder(URI.create(company() + "/query"))
                .header("Content-Type", "application/text")
                .POST(HttpRequest.BodyPublishers.ofString(query)));
    }

    private Response send(HttpRequest.Builder request) {
        request.header("Accept", "application/json");
        if (accessToken != null) {
            request.header("Authorization", "Bearer " + accessToken);
        }
        return raw(request.build());
    }

    static Response raw(HttpRequest request) {
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
