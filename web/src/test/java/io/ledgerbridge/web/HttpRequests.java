package io.ledgerbridge.web;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

final class HttpRequests {

    private HttpRequests() {}

    static HttpRequest withHeader(URI uri, String name, String value) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).header(name, value).GET().build();
    }
}
