package io.ledgerbridge.sandbox.xero.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.sandbox.xero.organisation.Resource;
import io.ledgerbridge.sandbox.xero.wire.XeroError;
import io.ledgerbridge.sandbox.xero.wire.XeroJson;
import io.ledgerbridge.sandbox.xero.write.EntityRules;
import io.ledgerbridge.sandbox.xero.write.Invalid;
import io.ledgerbridge.sandbox.xero.write.Mode;
import io.ledgerbridge.sandbox.xero.write.WriteContext;
import java.util.UUID;

/**
 * Tracking categories (xero_accounting.yaml #/components/schemas/TrackingCategory, TrackingOption): PUT creates one
 * from its Name (unique; Xero allows two active categories — not enforced here, design choice), with its Options
 * (each {Name}) if given; POST /TrackingCategories/{id} renames or changes Status.
 */
public final class TrackingCategoryRules implements EntityRules {
    @Override
    public ObjectNode write(WriteContext ctx, ObjectNode in, Mode mode, String pathId) {
        var books = ctx.books();
        String name = XeroJson.text(in, "Name");
        ObjectNode t;
        boolean created = pathId == null;
        if (pathId != null) {
            t = books.get(Resource.TRACKING_CATEGORIES, pathId).orElseThrow(XeroError::notFound).deepCopy();
        } else {
            if (name == null) {
                throw new Invalid("Tracking Category Name is required.");
            }
            t = XeroJson.object();
            t.put("TrackingCategoryID", UUID.randomUUID().toString());
            t.put("Status", "ACTIVE");
            t.putArray("Options");
        }
        if (name != null) {
            String own = t.get("TrackingCategoryID").asText();
            if (books.all(Resource.TRACKING_CATEGORIES).stream().anyMatch(x -> name.equalsIgnoreCase(XeroJson.text(x, "Name"))
                    && !own.equals(x.get("TrackingCategoryID").asText()))) {
                throw new Invalid("The tracking category name " + name + " is already in use.");
            }
            t.put("Name", name);
        }
        if (XeroJson.text(in, "Status") != null) {
            t.put("Status", XeroJson.text(in, "Status"));
        }
        JsonNode options = in.get("Options");
        if (options != null && options.isArray()) {
            ArrayNode out = (ArrayNode) t.get("Options");
            for (JsonNode o : options) {
                String optionName = XeroJson.text(o, "Name");
                if (optionName != null) {
                    out.addObject().put("TrackingOptionID", UUID.randomUUID().toString()).put("Name", optionName).put("Status", "ACTIVE")
                            .put("TrackingCategoryID", t.get("TrackingCategoryID").asText());
                }
            }
        }
        books.put(Resource.TRACKING_CATEGORIES, t.get("TrackingCategoryID").asText(), t);
        ctx.changed(Resource.TRACKING_CATEGORIES, t.get("TrackingCategoryID").asText(), created);
        return t.deepCopy();
    }
}
