package io.ledgerbridge.web.record;

import io.javalin.http.Context;
import io.ledgerbridge.domain.record.FieldProblem;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.record.SourceRecord;
import io.ledgerbridge.domain.sync.SyncEventId;
import io.ledgerbridge.engine.events.EventView;
import io.ledgerbridge.engine.events.SyncEvents;
import io.ledgerbridge.engine.intake.RecordIntake;
import io.ledgerbridge.engine.mapping.SourceRecords;
import io.ledgerbridge.store.json.Json;
import io.ledgerbridge.web.api.ApiError;
import io.ledgerbridge.web.api.JsonBody;
import io.ledgerbridge.web.auth.ApiKeyAuth;
import io.ledgerbridge.web.event.EventJson;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Customers, products, invoices and payments pushed by a developer's app, and their sync status read back.
 * A push is create-or-update and idempotent: the same content twice is one version and one event.
 */
public final class RecordEndpoints {

    private final NativeSource nativeSource;
    private final RecordIntake intake;
    private final SourceRecords records;
    private final SyncEvents events;
    private final JsonBody body;

    public RecordEndpoints(NativeSource nativeSource, RecordIntake intake, SourceRecords records, SyncEvents events,
            JsonBody body) {
        this.nativeSource = nativeSource;
        this.intake = intake;
        this.records = records;
        this.events = events;
        this.body = body;
    }

    /**
     * @param eventIds the events that sync this version, one per flow reading from the native source; for an
     *                 unchanged record, the newest event of each flow
     */
    public record Pushed(String type, String id, long version, boolean changed, List<Long> eventIds) {}

    /** At most this many records a batch. */
    public static final int MAX_BATCH = 1000;

    /**
     * One record of a batch as it was answered: {@code created}, {@code updated} or {@code unchanged} (with its
     * version and the syncs it queued), or {@code refused} with the error it would have had alone.
     */
    public record BatchItem(int index, String id, String status, Long version, List<Long> eventIds, ApiError.Body error) {}

    public record BatchAnswer(String type, int accepted, int refused, List<BatchItem> results) {}

    /** A record and where it stands in each flow that reads it. */
    public record Status(String type, String id, SourceRecord record, List<FlowStatus> sync) {}

    /** @param event the record's newest event in this flow, or null when the flow has made none for it */
    public record FlowStatus(String flowId, Destination destination, EventJson.Event event) {}

    public record Destination(String connectionId, String system, String name, String status) {}

    public record Events(List<EventJson.Event> events) {}

    /** {@code PUT /api/v1/{type}/{id}}: the path's id wins; a body id that differs is refused. */
    public void put(Context ctx, RecordType type) {
        String id = ctx.pathParam("id");
        var record = read(ctx, type);
        if (record.id() != null && !record.id().equals(id)) {
            String problem = "is '" + clip(record.id()) + "' but the path says '" + clip(id) + "'; leave it out or make them equal";
            throw new ApiError(400, "id_mismatch", "The " + type.singular() + "'s id " + problem + ".",
                    List.of(new FieldProblem("id", problem)));
        }
        receive(ctx, type, RecordBodies.withId(record, id));
    }

    /** {@code POST /api/v1/{type}}: the id comes from the body. */
    public void post(Context ctx, RecordType type) {
        receive(ctx, type, read(ctx, type));
    }

    /**
     * {@code POST /api/v1/{type}/batch} with {@code {"records": [...]}}: up to {@value #MAX_BATCH} records, each
     * checked as it would be alone; those that pass are stored in one transaction (an invoice may name a customer of an
     * earlier request or an earlier place in this one), those that do not are answered with their error. 200 when at
     * least one was taken, 422 when none was.
     */
    public void batch(Context ctx, RecordType type) {
        var workspace = ApiKeyAuth.workspace(ctx);
        var tree = body.readTree(ctx, type.plural() + " batch");
        var items = tree.get("records");
        var historicalField = tree.get("historical");
        if (!tree.isObject() || items == null || !items.isArray() || tree.size() != (historicalField == null ? 1 : 2)) {
            throw new ApiError(400, "invalid_field", "The body must be {\"records\": [...]}, a list of " + type.plural()
                    + ", and at most \"historical\": true.", List.of(new FieldProblem("records",
                    "must be the body's field, a list, beside an optional 'historical'")));
        }
        if (historicalField != null && !historicalField.isBoolean()) {
            throw new ApiError(400, "invalid_field", "Field 'historical' must be true or false.",
                    List.of(new FieldProblem("historical", "must be true or false")));
        }
        boolean historical = historicalField != null && historicalField.asBoolean();
        if (items.isEmpty() || items.size() > MAX_BATCH) {
            String problem = "must hold 1 to " + MAX_BATCH + " " + type.plural() + " (got " + items.size() + ")";
            throw new ApiError(400, "invalid_field", "Field 'records' " + problem + "; send more in further requests.",
                    List.of(new FieldProblem("records", problem)));
        }
        var source = nativeSource.idOf(workspace);
        var answers = new BatchItem[items.size()];
        var toStore = new java.util.ArrayList<SourceRecord>();
        var storedAt = new java.util.ArrayList<Integer>();
        for (int i = 0; i < items.size(); i++) {
            SourceRecord record;
            try {
                record = JsonBody.convert(items.get(i), Json.recordClass(type), type.singular());
            } catch (ApiError refused) {
                var id = items.get(i).path("id");
                answers[i] = new BatchItem(i, id.isTextual() ? id.asText() : null, "refused", null, List.of(),
                        atIndex(i, refused).body());
                continue;
            }
            var range = RecordBodies.outOfRange(record);
            if (!range.isEmpty()) {
                answers[i] = new BatchItem(i, record.id(), "refused", null, List.of(), atIndex(i, invalid(type, record, range)).body());
                continue;
            }
            toStore.add(record);
            storedAt.add(i);
        }
        var results = toStore.isEmpty() ? List.<RecordIntake.Result>of() : intake.receiveAll(source, toStore);
        int accepted = 0;
        for (int k = 0; k < results.size(); k++) {
            int i = storedAt.get(k);
            var record = toStore.get(k);
            switch (results.get(k)) {
                case RecordIntake.Result.Invalid invalid -> answers[i] = new BatchItem(i, record.id(), "refused", null,
                        List.of(), atIndex(i, invalid(type, record, invalid.problems())).body());
                case RecordIntake.Result.Accepted a -> {
                    accepted++;
                    var saved = a.saved();
                    String status = !saved.changed() ? "unchanged" : saved.version() == 1 ? "created" : "updated";
                    answers[i] = new BatchItem(i, record.id(), status, saved.version(),
                            saved.events().stream().map(SyncEventId::value).toList(), null);
                }
            }
        }
        if (historical) {
            // The past, pushed: synced after every live record of the destination.
            records.markHistorical(java.util.Arrays.stream(answers).filter(a -> a != null && a.eventIds() != null)
                    .flatMap(a -> a.eventIds().stream()).map(SyncEventId::new).toList());
        }
        ctx.status(accepted > 0 ? 200 : 422).json(new BatchAnswer(type.singular(), accepted, items.size() - accepted,
                List.of(answers)));
    }

    /** The error of a batch's record, with the fields named from the batch's root: {@code records[3].lines[0].sku}. */
    private static ApiError atIndex(int index, ApiError e) {
        String at = "records[" + index + "]";
        return new ApiError(e.status(), e.code(), "Record " + index + ": " + e.getMessage(), e.problems().stream()
                .map(p -> new FieldProblem(at + "." + p.field(), p.problem())).toList());
    }

    public void get(Context ctx, RecordType type) {
        var workspace = ApiKeyAuth.workspace(ctx);
        String id = ctx.pathParam("id");
        var wiring = nativeSource.wiring(workspace);
        var record = find(wiring, type, id);
        var newest = new LinkedHashMap<String, EventView>();
        for (var e : events.ofRecord(workspace, type, id)) {
            newest.putIfAbsent(e.flowId(), e);
        }
        var sync = wiring.flows().stream().map(f -> {
            var destination = wiring.connections().get(f.destination());
            var event = newest.get(f.id().value().toString());
            return new FlowStatus(f.id().value().toString(), destination == null ? null : new Destination(
                    destination.id().toString(), destination.system(), destination.name(), destination.status().name()),
                    event == null ? null : EventJson.of(event));
        }).toList();
        ctx.json(new Status(type.singular(), id, record, sync));
    }

    public void events(Context ctx, RecordType type) {
        var workspace = ApiKeyAuth.workspace(ctx);
        String id = ctx.pathParam("id");
        var wiring = nativeSource.wiring(workspace);
        find(wiring, type, id);
        ctx.json(new Events(events.ofRecord(workspace, type, id).stream()
                .filter(e -> wiring.reads(e.flowId())).map(EventJson::of).toList()));
    }

    private SourceRecord read(Context ctx, RecordType type) {
        return body.read(ctx, Json.recordClass(type), type.singular());
    }

    private void receive(Context ctx, RecordType type, SourceRecord record) {
        var workspace = ApiKeyAuth.workspace(ctx);
        var source = nativeSource.idOf(workspace);
        var range = RecordBodies.outOfRange(record);
        if (!range.isEmpty()) {
            throw invalid(type, record, range);
        }
        switch (intake.receive(source, record)) {
            case RecordIntake.Result.Invalid invalid -> throw invalid(type, record, invalid.problems());
            case RecordIntake.Result.Accepted accepted -> {
                var saved = accepted.saved();
                boolean created = saved.changed() && saved.version() == 1;
                List<Long> eventIds = saved.changed()
                        ? saved.events().stream().map(SyncEventId::value).toList()
                        : newestEvents(ctx, type, record.id());
                if (created) {
                    ctx.header("Location", "/api/v1/" + type.plural() + "/"
                            + URLEncoder.encode(record.id(), StandardCharsets.UTF_8).replace("+", "%20"));
                }
                ctx.status(created ? 201 : 200)
                        .json(new Pushed(type.singular(), record.id(), saved.version(), saved.changed(), eventIds));
            }
        }
    }

    private List<Long> newestEvents(Context ctx, RecordType type, String id) {
        var workspace = ApiKeyAuth.workspace(ctx);
        var wiring = nativeSource.wiring(workspace);
        var newest = new LinkedHashMap<String, Long>();
        for (var e : events.ofRecord(workspace, type, id)) {
            if (wiring.reads(e.flowId())) {
                newest.putIfAbsent(e.flowId(), e.id());
            }
        }
        return List.copyOf(newest.values());
    }

    private SourceRecord find(NativeSource.Wiring wiring, RecordType type, String id) {
        var found = records.find(wiring.source().id(), type, List.of(id)).get(id);
        if (found == null) {
            throw ApiError.notFound("There is no " + type.singular() + " '" + clip(id) + "' in this workspace.");
        }
        return found;
    }

    private static ApiError invalid(RecordType type, SourceRecord record, List<FieldProblem> problems) {
        var first = problems.getFirst();
        String name = record.id() == null || record.id().isBlank() ? "The " + type.singular()
                : "The " + type.singular() + " '" + clip(record.id()) + "'";
        return new ApiError(422, "invalid_record", name + " was not stored: " + first.field() + " " + first.problem()
                + (problems.size() > 1 ? ", and " + (problems.size() - 1) + " more problem"
                + (problems.size() > 2 ? "s" : "") + "." : "."), problems);
    }

    private static String clip(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
