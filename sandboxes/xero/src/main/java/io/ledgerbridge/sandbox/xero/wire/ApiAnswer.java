package io.ledgerbridge.sandbox.xero.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** One HTTP answer of the API: status, content type, body and extra headers. Immutable except for headers. */
public record ApiAnswer(int status, String contentType, String body, Map<String, String> headers) {
    public static final String JSON = "application/json; charset=utf-8";
    public static final String TEXT = "text/plain; charset=utf-8";

    public ApiAnswer {
        headers = new LinkedHashMap<>(headers);
    }

    public static ApiAnswer json(int status, JsonNode body) {
        return new ApiAnswer(status, JSON, XeroJson.write(body), Map.of());
    }

    public static ApiAnswer text(int status, String body) {
        return new ApiAnswer(status, TEXT, body, Map.of());
    }

    public ApiAnswer withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new ApiAnswer(status, contentType, body, h);
    }
}
