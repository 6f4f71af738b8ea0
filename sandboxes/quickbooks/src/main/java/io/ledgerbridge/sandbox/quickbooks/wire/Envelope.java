package io.ledgerbridge.sandbox.quickbooks.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** IntuitResponse in JSON: one payload member plus {@code "time"} (API_FACTS A.2 sample, A.3, A.4, A.5). */
public final class Envelope {
    private Envelope() {}

    public static String of(String member, JsonNode payload, String time) {
        ObjectNode root = Json.object();
        root.set(member, payload);
        root.put("time", time);
        return Json.write(root);
    }
}
