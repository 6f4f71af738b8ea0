package io.ledgerbridge.sandbox.xero.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The one JSON configuration of the sandbox. Numbers are read as {@link BigDecimal} (money is never a double) and
 * written plain, so {@code 100.00} stays {@code 100.00} on the wire.
 */
public final class XeroJson {
    /** The kit's mapper (io.ledgerbridge.sandbox.kit.json.Json): exact decimals, written plain. */
    public static final ObjectMapper MAPPER = io.ledgerbridge.sandbox.kit.json.Json.MAPPER;

    private XeroJson() {}

    public static ObjectNode object() {
        return io.ledgerbridge.sandbox.kit.json.Json.object();
    }

    public static ArrayNode array() {
        return io.ledgerbridge.sandbox.kit.json.Json.array();
    }

    /** Parses a request body; {@link IllegalArgumentException} when it is not JSON. */
    public static JsonNode parse(String body) {
        try {
            return MAPPER.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The request body is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text of a field, or null when it is missing, null or blank. */
    public static String text(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) {
            return null;
        }
        String s = v.asText();
        return s.isBlank() ? null : s;
    }

    /** The text at a dotted path ({@code Contact.ContactID}), or null. */
    public static JsonNode at(JsonNode node, String path) {
        JsonNode cur = node;
        for (String part : path.split("\\.")) {
            if (cur == null || !cur.isObject()) {
                return null;
            }
            cur = field(cur, part);
        }
        return cur;
    }

    /** A field by name, ignoring case (Xero's where clauses and request bodies are case-insensitive about names). */
    public static JsonNode field(JsonNode node, String name) {
        JsonNode exact = node.get(name);
        if (exact != null) {
            return exact;
        }
        var it = node.fieldNames();
        while (it.hasNext()) {
            String f = it.next();
            if (f.equalsIgnoreCase(name)) {
                return node.get(f);
            }
        }
        return null;
    }

    /** A decimal field, or {@code fallback} when missing; {@link NumberFormatException} when not a number. */
    public static BigDecimal decimal(JsonNode node, String field, BigDecimal fallback) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
            return fallback;
        }
        return v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText().trim());
    }

    /** Money as Xero writes it: two decimal places. */
    public static BigDecimal money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP);
    }
}
