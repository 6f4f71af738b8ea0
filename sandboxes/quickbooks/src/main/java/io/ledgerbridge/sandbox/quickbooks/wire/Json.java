package io.ledgerbridge.sandbox.quickbooks.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;

/**
 * The kit's JSON ({@link io.ledgerbridge.sandbox.kit.json.Json}: exact decimals, written plain) under the name the
 * QuickBooks code uses, plus QuickBooks' one JSON idiom of its own, the ReferenceType.
 */
public final class Json {
    public static final ObjectMapper MAPPER = io.ledgerbridge.sandbox.kit.json.Json.MAPPER;

    private Json() {}

    public static ObjectNode object() {
        return io.ledgerbridge.sandbox.kit.json.Json.object();
    }

    public static ArrayNode array() {
        return io.ledgerbridge.sandbox.kit.json.Json.array();
    }

    /** Parses a request body; a body that is not JSON is the caller's fault, reported as a ValidationFault. */
    public static JsonNode parse(String body) {
        return io.ledgerbridge.sandbox.kit.json.Json.parse(body);
    }

    public static String write(JsonNode node) {
        return io.ledgerbridge.sandbox.kit.json.Json.write(node);
    }

    public static String text(JsonNode node, String field) {
        return io.ledgerbridge.sandbox.kit.json.Json.text(node, field);
    }

    public static BigDecimal decimal(JsonNode node, String field) {
        return io.ledgerbridge.sandbox.kit.json.Json.decimal(node, field);
    }

    /** The id inside a ReferenceType ({@code {"value":"1","name":"…"}}), IntuitBaseTypes.xsd ReferenceType. */
    public static String refValue(JsonNode node, String field) {
        JsonNode ref = node == null ? null : node.get(field);
        if (ref == null || ref.isNull()) {
            return null;
        }
        return ref.isObject() ? text(ref, "value") : ref.asText();
    }
}
