package io.ledgerbridge.sandbox.hubspot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The kit's JSON mapper ({@link io.ledgerbridge.sandbox.kit.json.Json}) under the name the HubSpot code uses. */
public final class Json {
    public static final ObjectMapper MAPPER = io.ledgerbridge.sandbox.kit.json.Json.MAPPER;

    private Json() {}

    public static ObjectNode object() { return MAPPER.createObjectNode(); }
    public static ArrayNode array() { return MAPPER.createArrayNode(); }
}
