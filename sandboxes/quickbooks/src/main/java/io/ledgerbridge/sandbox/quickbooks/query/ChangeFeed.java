package io.ledgerbridge.sandbox.quickbooks.query;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.sandbox.quickbooks.entity.Books;
import io.ledgerbridge.sandbox.quickbooks.entity.EntityType;
import io.ledgerbridge.sandbox.quickbooks.fault.Faults;
import io.ledgerbridge.sandbox.quickbooks.wire.Json;
import io.ledgerbridge.sandbox.quickbooks.wire.QboTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Change Data Capture (API_FACTS A.10): entities changed after {@code changedSince}, full payloads, deleted ones as
 * {@code {"status":"Deleted","domain":"QBO","Id",…}} after the active ones; look-back at most 30 days; at most 1000
 * objects in all; not for TaxCode/TaxRate.
 */
public final class ChangeFeed {
    public static final Duration LOOK_BACK = Duration.ofDays(30);
    public static final int MAX_OBJECTS = 1000;

    private ChangeFeed() {}

    public static List<EntityType> entities(String entitiesParam) {
        if (entitiesParam == null || entitiesParam.isBlank()) {
            throw Faults.requiredParamMissing("entities");
        }
        List<EntityType> types = new ArrayList<>();
        for (String name : entitiesParam.split(",")) {
            EntityType type = EntityType.byName(name.strip())
                    .orElseThrow(() -> Faults.queryValidation("Entity " + name.strip() + " is not supported by CDC."));
            if (!type.cdcSupported()) {
                throw Faults.queryValidation("Entity " + type.entityName() + " is not supported by CDC.");
            }
            types.add(type);
        }
        return types;
    }

    public static Instant changedSince(String param, Instant now) {
        if (param == null || param.isBlank()) {
            throw Faults.requiredParamMissing("changedSince");
        }
        Instant since = QboTime.parseInstant(param)
                .orElseThrow(() -> Faults.businessValidation("changedSince '" + param + "' is not a date-time.", "changedSince"));
        if (since.isBefore(now.minus(LOOK_BACK))) {
            throw Faults.businessValidation("changedSince cannot be more than 30 days in the past.", "changedSince");
        }
        return since;
    }

    /** The {@code CDCResponse} array of API_FACTS A.10 (one element holding one QueryResponse per entity type). */
    public static ArrayNode run(Books books, List<EntityType> types, Instant since) {
        ArrayNode queryResponses = Json.array();
        int budget = MAX_OBJECTS;
        for (EntityType type : types) {
            int limit = budget;
            List<ObjectNode> changed = books.locked(() -> {
                List<ObjectNode> found = new ArrayList<>();
                for (ObjectNode entity : books.all(type)) {
                    Instant updated = QboTime.parseInstant(entity.path("MetaData").path("LastUpdatedTime").asText()).orElse(Instant.MIN);
                    if (updated.isAfter(since) && found.size() < limit) {
                        found.add(entity.deepCopy());
                    }
                }
                for (Books.Tombstone t : books.deletedSince(type, since)) {
                    if (found.size() < limit) {
                        ObjectNode gone = Json.object();
                        gone.put("status", "Deleted");
                        gone.put("domain", "QBO");
                        gone.put("Id", t.id());
                        gone.set("MetaData", Json.object().put("LastUpdatedTime", QboTime.meta(t.at())));
                        found.add(gone);
                    }
                }
                return found;
            });
            budget -= changed.size();
            ObjectNode response = queryResponses.addObject();
            if (!changed.isEmpty()) {
                ArrayNode list = response.putArray(type.entityName());
                changed.forEach(list::add);
                response.put("startPosition", 1);
                response.put("maxResults", changed.size());
                response.put("totalCount", changed.size());
            }
        }
        ArrayNode cdc = Json.array();
        cdc.addObject().set("QueryResponse", queryResponses);
        return cdc;
    }
}
