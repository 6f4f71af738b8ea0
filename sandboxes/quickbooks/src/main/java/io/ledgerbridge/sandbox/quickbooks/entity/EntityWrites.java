package io.ledgerbridge.sandbox.quickbooks.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.sandbox.quickbooks.fault.Faults;
import io.ledgerbridge.sandbox.quickbooks.wire.Json;
import io.ledgerbridge.sandbox.quickbooks.wire.QboTime;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Create, update (full or sparse), void and delete, the write operations of API_FACTS A.1, for every entity type.
 * Each call runs under the realm's lock and either changes nothing (it throws a FaultException) or completes.
 */
public final class EntityWrites {
    private final QboTime time;
    private final Map<EntityType, EntityRules> rules = new EnumMap<>(EntityType.class);

    public EntityWrites(QboTime time) {
        this.time = time;
        rules.put(EntityType.CUSTOMER, new CustomerRules());
        rules.put(EntityType.ITEM, new ItemRules());
        rules.put(EntityType.INVOICE, new InvoiceRules());
        rules.put(EntityType.PAYMENT, new PaymentRules());
    }

    /**
     * One write as the REST API receives it: {@code operation} is the {@code ?operation=} value (null, create,
     * update, delete or void); without one, a body with an Id is an update (API_FACTS A.1).
     */
    public ObjectNode write(Books books, EntityType type, String operation, JsonNode body, boolean allowDuplicateDocNumber) {
        if (body == null || !body.isObject()) {
            throw Faults.invalidRequest("The request body must be a JSON object holding one " + type.entityName() + ".");
        }
        ObjectNode input = (ObjectNode) body;
        KnownFields.check(type, input);
        String op = operation == null ? (input.hasNonNull("Id") ? "update" : "create") : operation.toLowerCase();
        return books.locked(() -> {
            WriteContext ctx = new WriteContext(books, time.now(), time.today(), allowDuplicateDocNumber);
            return switch (op) {
                case "create" -> input.hasNonNull("Id") ? update(type, input, ctx) : create(type, input, ctx);
                case "update" -> update(type, input, ctx);
                case "void" -> voidTxn(type, input, ctx);
                case "delete" -> delete(type, input, ctx);
                default -> throw Faults.unsupportedOperation(op, type.entityName());
            };
        });
    }

    /**
     * Fault switch "concurrent edit": another user saves the existing entity {@code body} names by its {@code Id} (its
     * SyncToken and LastUpdatedTime move on), as when a bookkeeper edits a record in QuickBooks while a client holds
     * its SyncToken. The client's write that follows is then refused as stale (5010, API_FACTS A.5) by the usual check.
     * Nothing happens when the body names no existing entity.
     */
    public void savedByAnotherUser(Books books, EntityType type, JsonNode body) {
        String id = body == null ? null : Json.text(body, "Id");
        if (id == null || rules.get(type) == null) {
            return;
        }
        books.locked(() -> {
            ObjectNode existing = books.get(type, id);
            if (existing == null) {
                return;
            }
            Instant now = time.now();
            books.put(type, stamp(existing.deepCopy(), id, nextSyncToken(existing), createTime(existing), now));
            books.changed(type, id, "Update", now);
        });
    }

    /** Seeding for entities whose API is read-only (Account, TaxCode, TaxRate): stored as given, with Id and MetaData. */
    public ObjectNode seed(Books books, EntityType type, String id, ObjectNode entity) {
        return books.locked(() -> {
            Instant now = time.now();
            ObjectNode saved = stamp(entity.deepCopy(), id == null ? books.nextId(type) : id, "0", now, now);
            books.put(type, saved);
            return saved.deepCopy();
        });
    }

    private EntityRules rulesFor(EntityType type, String operation) {
        EntityRules r = rules.get(type);
        if (r == null) {
            throw Faults.unsupportedOperation(operation, type.entityName());
        }
        return r;
    }

    private ObjectNode create(EntityType type, ObjectNode input, WriteContext ctx) {
        EntityRules r = rulesFor(type, "Create");
        ObjectNode candidate = strip(input, r);
        r.prepare(candidate, null, ctx);
        String id = ctx.books().nextId(type);
        ObjectNode saved = stamp(candidate, id, "0", ctx.now(), ctx.now());
        ctx.books().put(type, saved);
        r.afterSave(saved, null, ctx);
        ctx.books().changed(type, id, "Create", ctx.now());
        return saved.deepCopy();
    }

    private ObjectNode update(EntityType type, ObjectNode input, WriteContext ctx) {
        EntityRules r = rulesFor(type, "Update");
        ObjectNode existing = existingFor(type, input, ctx);
        ObjectNode candidate;
        if (input.path("sparse").asBoolean(false)) {
            // API_FACTS A.2 sparse update: only the supplied fields change; a Line array replaces all lines.
            candidate = strip(existing, r);
            strip(input, r).properties().forEach(e -> candidate.set(e.getKey(), e.getValue()));
        } else {
            candidate = strip(input, r);
        }
        r.prepare(candidate, existing, ctx);
        String id = Json.text(existing, "Id");
        ObjectNode saved = stamp(candidate, id, nextSyncToken(existing), createTime(existing), ctx.now());
        ctx.books().put(type, saved);
        r.afterSave(saved, existing, ctx);
        ctx.books().changed(type, id, "Update", ctx.now());
        return saved.deepCopy();
    }

    private ObjectNode voidTxn(EntityType type, ObjectNode input, WriteContext ctx) {
        if (type != EntityType.INVOICE && type != EntityType.PAYMENT) {
            throw Faults.unsupportedOperation("Void", type.entityName()); // XSD OperationEnum void: Invoice/Payment here
        }
        EntityRules r = rulesFor(type, "Void");
        ObjectNode existing = existingFor(type, input, ctx);
        ObjectNode candidate = r.voided(existing, ctx);
        String id = Json.text(existing, "Id");
        ObjectNode saved = stamp(candidate, id, nextSyncToken(existing), createTime(existing), ctx.now());
        ctx.books().put(type, saved);
        r.afterVoid(saved, ctx);
        ctx.books().changed(type, id, "Void", ctx.now());
        return saved.deepCopy();
    }

    private ObjectNode delete(EntityType type, ObjectNode input, WriteContext ctx) {
        if (!type.isTransaction()) {
            // Lists are made inactive, never deleted (API_FACTS A.2 Customer.Active); design choice for the wording.
            throw Faults.unsupportedOperation("Delete", type.entityName());
        }
        EntityRules r = rulesFor(type, "Delete");
        ObjectNode existing = existingFor(type, input, ctx);
        r.beforeDelete(existing, ctx);
        String id = Json.text(existing, "Id");
        ctx.books().remove(type, id, ctx.now());
        r.afterDelete(existing, ctx);
        ctx.books().changed(type, id, "Delete", ctx.now());
        ObjectNode gone = Json.object();
        gone.put("domain", "QBO");
        gone.put("status", "Deleted");
        gone.put("Id", id);
        return gone;
    }

    /** The stored entity named by the body's Id, after the SyncToken check (API_FACTS A.5 610 and 5010). */
    private static ObjectNode existingFor(EntityType type, ObjectNode input, WriteContext ctx) {
        String id = Json.text(input, "Id");
        if (id == null) {
            throw Faults.requiredParamMissing("Id");
        }
        ObjectNode existing = ctx.books().get(type, id);
        if (existing == null) {
            throw Faults.objectNotFound("Id");
        }
        String syncToken = Json.text(input, "SyncToken");
        if (syncToken == null) {
            throw Faults.requiredParamMissing("SyncToken");
        }
        if (!syncToken.equals(Json.text(existing, "SyncToken"))) {
            throw Faults.staleObject();
        }
        return existing;
    }

    private static ObjectNode strip(ObjectNode input, EntityRules r) {
        ObjectNode copy = input.deepCopy();
        for (Iterator<String> it = copy.fieldNames(); it.hasNext(); ) {
            if (r.serverFields().contains(it.next())) {
                it.remove();
            }
        }
        return copy;
    }

    private static String nextSyncToken(ObjectNode existing) {
        return Long.toString(Long.parseLong(Json.text(existing, "SyncToken")) + 1);
    }

    private static Instant createTime(ObjectNode existing) {
        return QboTime.parseInstant(existing.path("MetaData").path("CreateTime").asText()).orElseThrow();
    }

    /** IntuitBaseTypes.xsd IntuitEntity: domain, sparse, Id, SyncToken, MetaData{CreateTime, LastUpdatedTime}. */
    private static ObjectNode stamp(ObjectNode entity, String id, String syncToken, Instant created, Instant updated) {
        for (String f : new String[] {"domain", "sparse", "Id", "SyncToken", "MetaData"}) {
            entity.remove(f);
        }
        entity.put("domain", "QBO");
        entity.put("sparse", false);
        entity.put("Id", id);
        entity.put("SyncToken", syncToken);
        entity.set("MetaData", Json.object()
                .put("CreateTime", QboTime.meta(created))
                .put("LastUpdatedTime", QboTime.meta(updated)));
        return entity;
    }
}
