package io.ledgerbridge.sandbox.hubspot.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.ledgerbridge.sandbox.hubspot.ApiRequest;
import io.ledgerbridge.sandbox.hubspot.HubSpotException;
import io.ledgerbridge.sandbox.hubspot.Json;

/**
 * A small part of {@code /crm/v3/properties/{objectType}}: list the properties a type accepts and create a custom
 * one (so a connector can add its own marker property, e.g. {@code ledgerbridge_sync_id}, with {@code hasUniqueValue}
 * to use it as {@code idProperty}).
 */
public final class PropertyRoutes {

    public void list(Context ctx) {
        ObjectType type = CrmRoutes.type(ctx);
        ObjectStore store = ApiRequest.portal(ctx).store();
        ObjectNode body = Json.object();
        ArrayNode results = body.putArray("results");
        for (String name : store.knownProperties(type)) {
            ObjectStore.PropertyDefinition custom = store.customProperties(type).stream().filter(d -> d.name().equals(name)).findFirst().orElse(null);
            ObjectNode p = results.addObject();
            p.put("name", name);
            p.put("label", custom == null ? name : custom.label());
            p.put("type", custom != null ? custom.type() : PropertyRules.NUMBERS.contains(name) ? "number" : "string");
            p.put("fieldType", custom != null ? custom.fieldType() : PropertyRules.NUMBERS.contains(name) ? "number" : "text");
            p.put("hubspotDefined", custom == null);
            p.put("hasUniqueValue", custom != null ? custom.unique() : type == ObjectType.CONTACTS && name.equals("email"));
            p.putObject("modificationMetadata").put("readOnlyValue", ObjectType.READ_ONLY.contains(name));
            if (type == ObjectType.INVOICES && name.equals("hs_invoice_status")) {
                ArrayNode options = p.putArray("options");
                store.invoiceStatuses().forEach(s -> options.addObject().put("label", s).put("value", s));
            }
        }
        ctx.json(body);
    }

    public void create(Context ctx) {
        ObjectType type = CrmRoutes.type(ctx);
        JsonNode body = ApiRequest.body(ctx);
        String name = body.path("name").asText("");
        if (!name.matches("[a-z][a-z0-9_]*")) throw HubSpotException.validation("Property name must be lower case letters, digits and _: " + name);
        ObjectStore.PropertyDefinition d = ApiRequest.portal(ctx).store().define(type, new ObjectStore.PropertyDefinition(name,
                body.path("label").asText(name), body.path("type").asText("string"), body.path("fieldType").asText("text"),
                body.path("hasUniqueValue").asBoolean(false)));
        ObjectNode out = Json.object();
        out.put("name", d.name()).put("label", d.label()).put("type", d.type()).put("fieldType", d.fieldType())
                .put("hasUniqueValue", d.unique()).put("hubspotDefined", false);
        ctx.status(201).json(out);
    }
}
