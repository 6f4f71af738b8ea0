package io.ledgerbridge.sandbox.quickbooks.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.sandbox.quickbooks.entity.EntityType;
import io.ledgerbridge.sandbox.quickbooks.entity.EntityWrites;
import io.ledgerbridge.sandbox.quickbooks.fault.FaultException;
import io.ledgerbridge.sandbox.quickbooks.fault.Faults;
import io.ledgerbridge.sandbox.quickbooks.query.QueryRunner;
import io.ledgerbridge.sandbox.quickbooks.realm.Realm;
import io.ledgerbridge.sandbox.quickbooks.wire.Json;
import java.util.Iterator;
import java.util.Optional;

/**
 * {@code POST …/batch} (API_FACTS A.4): {@code {"BatchItemRequest":[{"bId","operation","Invoice":{…}} | {"bId","Query"}]}}
 * → {@code {"BatchItemResponse":[{"bId","Invoice":{…}} | {"bId","Fault":{…}} | {"bId","QueryResponse":{…}}]}}.
 * Items are independent: one item's fault does not stop the others. This sandbox runs them in the order given,
 * which is one of the orders "not guaranteed" allows.
 */
public final class BatchRunner {
    private final EntityWrites writes;

    public BatchRunner(EntityWrites writes) {
        this.writes = writes;
    }

    /** @return the BatchItemResponse array */
    public ArrayNode run(Realm realm, JsonNode body, int maxItems) {
        JsonNode items = body.get("BatchItemRequest");
        if (items == null || !items.isArray() || items.isEmpty()) {
            throw Faults.requiredParamMissing("BatchItemRequest");
        }
        if (items.size() > maxItems) {
            throw Faults.batchSizeExceeded(items.size(), maxItems); // API_FACTS A.4: 1040
        }
        ArrayNode responses = Json.array();
        for (JsonNode item : items) {
            ObjectNode out = responses.addObject();
            String bId = Json.text(item, "bId");
            if (bId != null) {
                out.put("bId", bId);
            }
            try {
                runOne(realm, item, out);
            } catch (FaultException e) {
                out.set("Fault", e.fault().toJson());
            }
        }
        return responses;
    }

    private void runOne(Realm realm, JsonNode item, ObjectNode out) {
        if (item.hasNonNull("Query")) {
            out.set("QueryResponse", QueryRunner.run(realm.books(), item.get("Query").asText()));
            return;
        }
        Optional<EntityType> type = Optional.empty();
        for (Iterator<String> it = item.fieldNames(); it.hasNext() && type.isEmpty(); ) {
            String field = it.next();
            type = EntityType.byName(field).filter(t -> t.entityName().equals(field));
        }
        if (type.isEmpty()) {
            throw Faults.requiredParamMissing("BatchItemRequest entity or Query");
        }
        EntityType t = type.get();
        JsonNode body = item.get(t.entityName());
        if (body != null && body.hasNonNull("Id") && realm.switches().takeConcurrentEdit()) {
            writes.savedByAnotherUser(realm.books(), t, body);
        }
        ObjectNode saved = writes.write(realm.books(), t, Json.text(item, "operation"), body, false);
        out.set(t.entityName(), saved);
    }
}
