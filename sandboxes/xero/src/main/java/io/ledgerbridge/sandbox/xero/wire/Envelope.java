package io.ledgerbridge.sandbox.xero.wire;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;

/**
 * The plural success envelope {@code {"Id","Status":"OK","ProviderName","DateTimeUTC","Invoices":[…]}}
 * (API_FACTS B.1 [SPEC], PUT /Invoices example).
 */
public final class Envelope {
    private Envelope() {}

    public static ObjectNode of(String providerName, Instant now, String collection, ArrayNode elements) {
        ObjectNode e = XeroJson.object();
        e.put("Id", UUID.randomUUID().toString());
        e.put("Status", "OK");
        e.put("ProviderName", providerName);
        e.put("DateTimeUTC", XeroDates.envelopeTime(now));
        e.set(collection, elements);
        return e;
    }
}
