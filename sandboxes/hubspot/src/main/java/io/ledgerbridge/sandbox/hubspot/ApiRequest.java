package io.ledgerbridge.sandbox.hubspot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.ledgerbridge.sandbox.hubspot.oauth.Credential;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** What every API handler reads from a request: the caller's portal and credential, the JSON body, list params. */
public final class ApiRequest {
    static final String PORTAL = "hubspot.portal";
    static final String CREDENTIAL = "hubspot.credential";

    private ApiRequest() {}

    public static Portal portal(Context ctx) { return ctx.attribute(PORTAL); }

    public static Credential credential(Context ctx) { return ctx.attribute(CREDENTIAL); }

    /** 403 MISSING_SCOPES (API_FACTS C.3 categories) when the token was not granted {@code scope}. */
    public static void requireScope(Context ctx, String scope) {
        if (credential(ctx).allows(scope)) return;
        throw new HubSpotException(403, ErrorCategory.MISSING_SCOPES,
                "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
                null, Map.of(), Map.of("errors", List.of(Map.of("message", "One or more of the following scopes are required.",
                        "context", Map.of("requiredGranularScopes", List.of(scope))))));
    }

    public static JsonNode body(Context ctx) {
        String text = ctx.body();
        if (text.isBlank()) throw HubSpotException.validation("Invalid input JSON: the request body is empty");
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw HubSpotException.validation("Invalid input JSON on line " + (loc == null ? 1 : loc.getLineNr())
                    + ", column " + (loc == null ? 1 : loc.getColumnNr()) + ": " + e.getOriginalMessage());
        }
    }

    /** A list query param given as {@code a,b} or repeated {@code ?p=a&p=b}; null when absent. */
    public static List<String> list(Context ctx, String name) {
        List<String> raw = ctx.queryParams(name);
        if (raw.isEmpty()) return null;
        List<String> out = new ArrayList<>();
        for (String r : raw) Arrays.stream(r.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }

    public static List<String> strings(JsonNode array) {
        if (array == null || !array.isArray()) return null;
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    public static boolean flag(Context ctx, String name) {
        return Boolean.parseBoolean(ctx.queryParam(name));
    }
}
