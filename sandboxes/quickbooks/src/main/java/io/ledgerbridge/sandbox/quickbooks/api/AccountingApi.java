package io.ledgerbridge.sandbox.quickbooks.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.ledgerbridge.sandbox.quickbooks.Limits;
import io.ledgerbridge.sandbox.quickbooks.batch.BatchRunner;
import io.ledgerbridge.sandbox.quickbooks.entity.EntityType;
import io.ledgerbridge.sandbox.quickbooks.entity.EntityWrites;
import io.ledgerbridge.sandbox.quickbooks.fault.Fault;
import io.ledgerbridge.sandbox.quickbooks.fault.FaultException;
import io.ledgerbridge.sandbox.quickbooks.fault.Faults;
import io.ledgerbridge.sandbox.quickbooks.query.ChangeFeed;
import io.ledgerbridge.sandbox.quickbooks.query.QueryRunner;
import io.ledgerbridge.sandbox.quickbooks.realm.Realm;
import io.ledgerbridge.sandbox.quickbooks.wire.Envelope;
import io.ledgerbridge.sandbox.quickbooks.wire.Json;
import io.ledgerbridge.sandbox.quickbooks.wire.QboTime;
import io.ledgerbridge.sandbox.quickbooks.wire.RequestBody;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The operations of the Accounting API v3 (API_FACTS A.1): create/update/void/delete, read, query (GET and POST with
 * {@code application/text}), batch and CDC. Every {@code minorversion} is accepted and served as 75 (API_FACTS A.1).
 */
public final class AccountingApi {
    private final EntityWrites writes;
    private final BatchRunner batch;
    private final QboTime time;
    private final Limits limits;

    public AccountingApi(EntityWrites writes, QboTime time, Limits limits) {
        this.writes = writes;
        this.batch = new BatchRunner(writes);
        this.time = time;
        this.limits = limits;
    }

    /** POST /v3/company/{realmId}/{resource}: query, batch, or a write of an entity. */
    public ApiResponse post(Realm realm, Context ctx) {
        String resource = ctx.pathParam("resource");
        return switch (resource) {
            case "query" -> query(realm, text(ctx));
            case "batch" -> ok("BatchItemResponse", batch.run(realm, body(ctx), limits.maxBatchItems()));
            default -> {
                EntityType type = entityType(resource);
                String include = ctx.queryParam("include");
                boolean allowDuplicateDocNumber = include != null && include.toLowerCase(Locale.ROOT).contains("allowduplicatedocnum");
                JsonNode body = body(ctx);
                if (body.hasNonNull("Id") && realm.switches().takeConcurrentEdit()) {
                    writes.savedByAnotherUser(realm.books(), type, body);
                }
                ObjectNode saved = writes.write(realm.books(), type, ctx.queryParam("operation"), body, allowDuplicateDocNumber);
                yield ok(type.entityName(), saved);
            }
        };
    }

    /** GET /v3/company/{realmId}/{resource}: query, cdc, preferences. */
    public ApiResponse get(Realm realm, Context ctx) {
        String resource = ctx.pathParam("resource");
        return switch (resource) {
            case "query" -> query(realm, ctx.queryParam("query"));
            case "cdc" -> ok("CDCResponse", ChangeFeed.run(realm.books(), ChangeFeed.entities(ctx.queryParam("entities")),
                    ChangeFeed.changedSince(ctx.queryParam("changedSince"), time.now())));
            case "preferences" -> read(realm, EntityType.PREFERENCES, "1");
            default -> throw notFound(ctx.path());
        };
    }

    /** GET /v3/company/{realmId}/{resource}/{id}; CompanyInfo is read as companyinfo/{realmId}. */
    public ApiResponse read(Realm realm, Context ctx) {
        return read(realm, entityType(ctx.pathParam("resource")), ctx.pathParam("id"));
    }

    private ApiResponse read(Realm realm, EntityType type, String id) {
        ObjectNode entity = realm.books().locked(() -> {
            ObjectNode found = realm.books().get(type, id);
            return found == null ? null : found.deepCopy();
        });
        if (entity == null) {
            throw Faults.objectNotFound("Id"); // API_FACTS A.5: 610 Object Not Found
        }
        return ok(type.entityName(), entity);
    }

    private ApiResponse query(Realm realm, String queryText) {
        return ok("QueryResponse", QueryRunner.run(realm.books(), queryText));
    }

    private ApiResponse ok(String member, JsonNode payload) {
        return ApiResponse.json(200, Envelope.of(member, payload, time.envelopeTime()));
    }

    private static JsonNode body(Context ctx) {
        try {
            return Json.parse(text(ctx));
        } catch (IllegalArgumentException e) {
            throw Faults.invalidRequest(e.getMessage());
        }
    }

    private static String text(Context ctx) {
        try {
            return RequestBody.text(ctx);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw Faults.invalidRequest(e.getMessage());
        }
    }

    private static EntityType entityType(String resource) {
        return EntityType.byPath(resource).orElseThrow(() -> notFound(resource));
    }

    /** API_FACTS A.1: URIs are case-sensitive, so {@code /Invoice} is not found. Body is a design choice. */
    private static FaultException notFound(String resource) {
        return new FaultException(Fault.of(404, Fault.VALIDATION, "404", "Resource not found",
                "Unsupported resource: " + resource + " (resource names are lower case, e.g. /invoice)", ""));
    }
}
