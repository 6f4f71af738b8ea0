package io.ledgerbridge.connector.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.connector.Lookup;
import io.ledgerbridge.connector.Outbound;
import io.ledgerbridge.connector.RateLimits;
import io.ledgerbridge.connector.Sink;
import io.ledgerbridge.connector.SinkCapabilities;
import io.ledgerbridge.connector.Write;
import io.ledgerbridge.connector.WriteResult;
import io.ledgerbridge.connector.hubspot.HubSpotApi.Call;
import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.error.SyncError;
import io.ledgerbridge.domain.record.Customer;
import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.InvoiceStatus;
import io.ledgerbridge.domain.record.Product;
import io.ledgerbridge.domain.record.RecordType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes contacts, products and invoices (with their line items and associations) into one HubSpot portal.
 * Thread-safe: it keeps nothing between calls but the association type ids and which marker properties exist.
 *
 * <h2>One {@link #write} call</h2>
 * <ul>
 *   <li>Contacts: {@code batch/upsert} by {@code email} (HubSpot's unique key for contacts), updates by id.</li>
 *   <li>Products: {@code batch/upsert} by the write's idempotency key, kept in the unique property
 *       {@value #KEY_PROPERTY}; updates by id.</li>
 *   <li>Invoices, as HubSpot's lifecycle asks (API_FACTS C.2): upsert by the idempotency key as a draft, associate the
 *       contact, replace the line items (each created with its association to the invoice, {@code hs_product_id} from
 *       the mapped product), then set {@code hs_invoice_status}. Voids set {@code voided}.</li>
 * </ul>
 * Every step is one batch call for the whole write call (100 inputs a call). A write that fails at a step is left out
 * of the later steps; an invoice this call created and that then failed with an error a person must fix is archived
 * again, so a retry (with a new key) cannot leave a half-made duplicate behind.
 *
 * <h2>Idempotency</h2>
 * HubSpot has no idempotency header, so the key is stored on the record: creates are upserts by
 * {@value #KEY_PROPERTY} (contacts by email), and the same key written twice finds the first record and completes
 * it. That is why an answer lost in transit is reported as a transient {@code TIMEOUT} and not as
 * {@link WriteResult.Uncertain}: the automatic retry with the same key is safe, while the engine's look-up by
 * document number could find an invoice whose line items were never written.
 */
final class HubSpotSink implements Sink {

    /** A unique text property on invoices and products that holds the idempotency key of the write that made it. */
    static final String KEY_PROPERTY = "ledgerbridge_write_key";
    /**
     * API_FACTS C.4: 100 requests per rolling 10 s for public apps. A write call takes about five requests, so the
     * engine is asked for at most 100 calls a minute; search (4/s per token) is used by look-ups only.
     */
    static final RateLimits LIMITS = new RateLimits(100, 4, 0, 0);

    private static final String CONTACTS = "contacts";
    private static final String PRODUCTS = "products";
    private static final String INVOICES = "invoices";
    private static final String LINE_ITEMS = "line_items";

    private final HubSpotSettings settings;
    private final HubSpotApi api;
    private final HubSpotErrors errors;
    private final Set<String> keyPropertyReady = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> associationTypes = new ConcurrentHashMap<>();

    HubSpotSink(HubSpotSettings settings, HubSpotApi api) {
        this.settings = settings;
        this.api = api;
        this.errors = api.errors();
    }

    @Override
    public SinkCapabilities capabilities() {
        return new SinkCapabilities(EnumSet.of(RecordType.CUSTOMER, RecordType.PRODUCT, RecordType.INVOICE),
                settings.maxBatch(), true, true);
    }

    @Override
    public RateLimits rateLimits() {
        return LIMITS;
    }

    @Override
    public String displayName() {
        return "HubSpot";
    }

    // ---- writes ---------------------------------------------------------------------------------------------

    /** One input of a batch call, answered for the write at {@code index}. */
    private record Item(int index, Write write, ObjectNode input, String destinationId) {}

    @Override
    public List<WriteResult> write(List<Write> writes) {
        if (writes.size() > settings.maxBatch()) {
            throw new IllegalArgumentException("HubSpot takes at most " + settings.maxBatch() + " writes a call, got "
                    + writes.size());
        }
        var results = new WriteResult[writes.size()];
        var byType = new LinkedHashMap<RecordType, List<Integer>>();
        for (int i = 0; i < writes.size(); i++) {
            byType.computeIfAbsent(writes.get(i).type(), t -> new ArrayList<>()).add(i);
        }
        byType.forEach((type, indexes) -> {
            switch (type) {
                case CUSTOMER -> contacts(writes, indexes, results);
                case PRODUCT -> products(writes, indexes, results);
                case INVOICE -> invoices(writes, indexes, results);
                case PAYMENT -> indexes.forEach(i -> results[i] = new WriteResult.Rejected(SyncError.of(
                        ErrorCode.VENDOR_ERROR).withVendorMessage("HubSpot invoices take no payments from Ledgerbridge: "
                        + "an invoice paid in the source syncs as Paid. Turn payment sync off for this flow.")));
            }
        });
        return List.of(results);
    }

    private void contacts(List<Write> writes, List<Integer> indexes, WriteResult[] results) {
        var upserts = new ArrayList<Item>();
        var updates = new ArrayList<Item>();
        for (int i : indexes) {
            var w = writes.get(i);
            var c = ((Outbound.OutboundCustomer) w.record()).customer();
            var input = HubSpotApi.JSON.createObjectNode();
            input.set("properties", contactProperties(c));
            switch (w.operation()) {
                case CREATE -> {
                    input.put("idProperty", "email").put("id", c.email());
                    upserts.add(new Item(i, w, input, null));
                }
                case UPDATE -> {
                    input.put("id", w.destinationId());
                    updates.add(new Item(i, w, input, w.destinationId()));
                }
                case VOID -> results[i] = cannotVoid("contacts");
            }
        }
        batch(CONTACTS, "upsert", upserts, results).forEach((i, r) -> results[i] = written(r));
        batch(CONTACTS, "update", updates, results).forEach((i, r) -> results[i] = written(r));
    }

    private void products(List<Write> writes, List<Integer> indexes, WriteResult[] results) {
        var upserts = new ArrayList<Item>();
        var updates = new ArrayList<Item>();
        for (int i : indexes) {
            var w = writes.get(i);
            var p = ((Outbound.OutboundProduct) w.record()).product();
            var input = HubSpotApi.JSON.createObjectNode();
            var properties = productProperties(p);
            input.set("properties", properties);
            switch (w.operation()) {
                case CREATE -> {
                    properties.put(KEY_PROPERTY, w.key().value());
                    input.put("idProperty", KEY_PROPERTY).put("id", w.key().value());
                    upserts.add(new Item(i, w, input, null));
                }
                case UPDATE -> {
                    input.put("id", w.destinationId());
                    updates.add(new Item(i, w, input, w.destinationId()));
                }
                case VOID -> results[i] = cannotVoid("products");
            }
        }
        if (!upserts.isEmpty() && !keyProperty(PRODUCTS, upserts, results)) {
            upserts.clear();
        }
        batch(PRODUCTS, "upsert", upserts, results).forEach((i, r) -> results[i] = written(r));
        batch(PRODUCTS, "update", updates, results).forEach((i, r) -> results[i] = written(r));
    }

    /** The invoice steps; {@code hubspotId} holds the HubSpot id of every invoice still on its way. */
    private void invoices(List<Write> writes, List<Integer> indexes, WriteResult[] results) {
        var hubspotId = new LinkedHashMap<Integer, String>();
        var created = new HashSet<Integer>();
        var replaceLines = new ArrayList<Integer>();

        // 1. The invoice itself: upserted by key as a draft (creates), its header updated (updates).
        var upserts = new ArrayList<Item>();
        var updates = new ArrayList<Item>();
        for (int i : indexes) {
            var w = writes.get(i);
            var inv = ((Outbound.OutboundInvoice) w.record()).invoice();
            var input = HubSpotApi.JSON.createObjectNode();
            switch (w.operation()) {
                case CREATE -> {
                    var properties = invoiceProperties(inv);
                    properties.put("hs_invoice_status", "draft").put(KEY_PROPERTY, w.key().value());
                    input.set("properties", properties);
                    input.put("idProperty", KEY_PROPERTY).put("id", w.key().value());
                    upserts.add(new Item(i, w, input, null));
                }
                case UPDATE -> {
                    input.put("id", w.destinationId()).set("properties", invoiceProperties(inv));
                    updates.add(new Item(i, w, input, w.destinationId()));
                }
                case VOID -> hubspotId.put(i, w.destinationId());
            }
        }
        if (!upserts.isEmpty() && !keyProperty(INVOICES, upserts, results)) {
            upserts.clear();
        }
        batch(INVOICES, "upsert", upserts, results).forEach((i, r) -> {
            hubspotId.put(i, r.path("id").asText());
            if (r.path("new").asBoolean(true)) {
                created.add(i);
            } else {
                replaceLines.add(i); // written before with this key: complete it
            }
        });
        batch(INVOICES, "update", updates, results).forEach((i, r) -> {
            hubspotId.put(i, r.path("id").asText());
            replaceLines.add(i);
        });
        var withLines = hubspotId.keySet().stream().filter(i -> writes.get(i).operation() != Write.Operation.VOID).toList();

        // 2. The contact: associated (and an old contact let go, when the invoice moved to another one).
        associateContacts(writes, withLines, hubspotId, replaceLines, results);

        // 3. Line items: old ones archived, new ones created with their association to the invoice.
        archiveLines(writes, alive(replaceLines, results), hubspotId, results);
        createLines(writes, alive(withLines, results), hubspotId, results);

        // 4. The status, last: an invoice is only opened once it is complete.
        var statusUpdates = new ArrayList<Item>();
        for (int i : alive(List.copyOf(hubspotId.keySet()), results)) {
            var w = writes.get(i);
            var inv = ((Outbound.OutboundInvoice) w.record()).invoice();
            String status = w.operation() == Write.Operation.VOID ? "voided" : status(inv.status());
            if (created.contains(i) && status.equals("draft")) {
                results[i] = new WriteResult.Written(hubspotId.get(i));
                continue;
            }
            var input = HubSpotApi.JSON.createObjectNode().put("id", hubspotId.get(i));
            input.putObject("properties").put("hs_invoice_status", status);
            statusUpdates.add(new Item(i, w, input, hubspotId.get(i)));
        }
        batch(INVOICES, "update", statusUpdates, results).forEach((i, r) -> results[i] = written(r));

        // 5. Invoices made by this call that need a person's fix are archived again (see the class comment).
        var undo = created.stream().filter(i -> results[i] instanceof WriteResult.Rejected r
                && r.error().kind() == io.ledgerbridge.domain.error.ErrorKind.NEEDS_FIX).map(hubspotId::get).toList();
        archive(INVOICES, undo);
    }

    private void associateContacts(List<Write> writes, List<Integer> indexes, Map<Integer, String> hubspotId,
            List<Integer> existing, WriteResult[] results) {
        var alive = alive(indexes, results);
        if (alive.isEmpty()) {
            return;
        }
        // Contacts the invoices already have, so a changed customer moves the association.
        var current = readAssociations(INVOICES, CONTACTS, alive(existing, results).stream().map(hubspotId::get).toList());
        if (current == null) {
            alive.forEach(i -> results[i] = new WriteResult.Rejected(errors.unreachable(
                    "could not read the invoice's contacts from HubSpot")));
            return;
        }
        Integer typeId = associationType(INVOICES, CONTACTS);
        if (typeId == null) {
            alive.forEach(i -> results[i] = new WriteResult.Rejected(errors.unreachable(
                    "could not read HubSpot's invoice-to-contact association type")));
            return;
        }
        var inputs = HubSpotApi.JSON.createArrayNode();
        var stale = HubSpotApi.JSON.createArrayNode();
        var byInvoice = new HashMap<String, Integer>();
        for (int i : alive) {
            String invoice = hubspotId.get(i);
            String contact = ((Outbound.OutboundInvoice) writes.get(i).record()).customerRef();
            byInvoice.put(invoice, i);
            var old = current.getOrDefault(invoice, List.of()).stream().filter(c -> !c.equals(contact)).toList();
            if (!old.isEmpty()) {
                var in = stale.addObject();
                in.putObject("from").put("id", invoice);
                var to = in.putArray("to");
                old.forEach(c -> to.addObject().put("id", c));
            }
            if (!current.getOrDefault(invoice, List.of()).contains(contact)) {
                var in = inputs.addObject();
                in.putObject("from").put("id", invoice);
                in.putObject("to").put("id", contact);
                in.putArray("types").addObject().put("associationCategory", "HUBSPOT_DEFINED")
                        .put("associationTypeId", typeId);
            }
        }
        if (!stale.isEmpty()) {
            var call = api.post("/crm/v4/associations/invoices/contacts/batch/archive",
                    HubSpotApi.JSON.createObjectNode().set("inputs", stale));
            failAll(call, alive, writes, hubspotId, results);
        }
        if (inputs.isEmpty()) {
            return;
        }
        var call = api.post("/crm/v4/associations/invoices/contacts/batch/create",
                HubSpotApi.JSON.createObjectNode().set("inputs", inputs));
        if (call instanceof Call.Answered a && a.ok()) {
            for (JsonNode e : a.json().path("errors")) {
                Integer i = byInvoice.get(e.path("context").path("fromObjectId").path(0).asText());
                if (i != null) {
                    var w = writes.get(i);
                    var c = errors.batchError(e, w.record(), null);
                    var ref = ((Outbound.OutboundInvoice) w.record()).customerRef();
                    results[i] = new WriteResult.Rejected(c.error().code() == ErrorCode.VENDOR_ERROR
                            ? SyncError.of(ErrorCode.VENDOR_ERROR).withVendorMessage("HubSpot could not associate "
                                    + "the invoice with contact " + ref + ": " + c.error().vendorMessage())
                            : c.error(), c.retryAfter());
                }
            }
            return;
        }
        failAll(call, alive, writes, hubspotId, results);
    }

    private void archiveLines(List<Write> writes, List<Integer> indexes, Map<Integer, String> hubspotId,
            WriteResult[] results) {
        if (indexes.isEmpty()) {
            return;
        }
        var lines = readAssociations(INVOICES, LINE_ITEMS, indexes.stream().map(hubspotId::get).toList());
        if (lines == null) {
            indexes.forEach(i -> results[i] = new WriteResult.Rejected(SyncError.of(ErrorCode.TEMPORARILY_UNAVAILABLE)
                    .withVendorMessage("could not read the invoice's line items from HubSpot")));
            return;
        }
        var ids = lines.values().stream().flatMap(List::stream).toList();
        var failed = archive(LINE_ITEMS, ids);
        if (failed != null) {
            indexes.forEach(i -> results[i] = new WriteResult.Rejected(failed.error(), failed.retryAfter()));
        }
    }

    private void createLines(List<Write> writes, List<Integer> indexes, Map<Integer, String> hubspotId,
            WriteResult[] results) {
        if (indexes.isEmpty()) {
            return;
        }
        Integer typeId = associationType(LINE_ITEMS, INVOICES);
        if (typeId == null) {
            indexes.forEach(i -> results[i] = new WriteResult.Rejected(errors.unreachable(
                    "could not read HubSpot's line-item-to-invoice association type")));
            return;
        }
        var items = new ArrayList<Item>();
        for (int i : indexes) {
            var w = writes.get(i);
            var out = (Outbound.OutboundInvoice) w.record();
            var inv = out.invoice();
            for (var line : inv.lines()) {
                var properties = HubSpotApi.JSON.createObjectNode();
                properties.put("name", line.description() == null || line.description().isBlank() ? line.sku()
                        : line.description());
                properties.put("quantity", line.quantity().toPlainString());
                properties.put("price", line.unitPrice().toPlainString());
                properties.put("hs_sku", line.sku());
                properties.put("hs_product_id", out.itemRefs().get(line.sku()));
                if (line.taxCode() != null && out.taxCodeRefs().get(line.taxCode()) != null) {
                    properties.put("hs_tax_rate_group_id", out.taxCodeRefs().get(line.taxCode()));
                }
                var input = HubSpotApi.JSON.createObjectNode();
                input.set("properties", properties);
                input.putArray("associations").addObject()
                        .<ObjectNode>set("to", HubSpotApi.JSON.createObjectNode().put("id", hubspotId.get(i)))
                        .putArray("types").addObject().put("associationCategory", "HUBSPOT_DEFINED")
                        .put("associationTypeId", typeId);
                items.add(new Item(i, w, input, null));
            }
        }
        batch(LINE_ITEMS, "create", items, results);
    }

    /**
     * Sends {@code items} as {@code POST /crm/v3/objects/{type}/batch/{operation}}, 100 inputs a call, and answers each
     * successful input's result by write index. Failed inputs get their rejection in {@code results} (several inputs of
     * one write: the first failure wins). An input whose answer is missing is rejected as a timeout: every operation
     * used here can be sent again safely.
     */
    private Map<Integer, JsonNode> batch(String type, String operation, List<Item> items, WriteResult[] results) {
        var answered = new LinkedHashMap<Integer, JsonNode>();
        for (int from = 0; from < items.size(); from += settings.maxBatch()) {
            var chunk = items.subList(from, Math.min(items.size(), from + settings.maxBatch()));
            var inputs = HubSpotApi.JSON.createArrayNode();
            var byTrace = new HashMap<String, Item>();
            for (int n = 0; n < chunk.size(); n++) {
                var item = chunk.get(n);
                String trace = item.index() + "." + n;
                byTrace.put(trace, item);
                inputs.add(item.input().deepCopy().put("objectWriteTraceId", trace));
            }
            var call = api.post("/crm/v3/objects/" + type + "/batch/" + operation,
                    HubSpotApi.JSON.createObjectNode().set("inputs", inputs));
            if (call instanceof Call.Answered a && a.ok()) {
                var seen = new HashSet<String>();
                for (JsonNode r : a.json().path("results")) {
                    String trace = r.path("objectWriteTraceId").asText(null);
                    var item = byTrace.get(trace);
                    if (item != null) {
                        seen.add(trace);
                        answered.putIfAbsent(item.index(), r);
                    }
                }
                for (JsonNode e : a.json().path("errors")) {
                    String trace = e.path("context").path("objectWriteTraceId").path(0).asText(null);
                    var item = byTrace.get(trace);
                    if (item != null) {
                        seen.add(trace);
                        reject(results, item.index(), errors.batchError(e, item.write().record(), item.destinationId()));
                    }
                }
                byTrace.forEach((trace, item) -> {
                    if (!seen.contains(trace)) {
                        reject(results, item.index(), new HubSpotErrors.Classified(SyncError.of(ErrorCode.TIMEOUT)
                                .withVendorMessage("HubSpot's batch answer has nothing for this input"), null));
                    }
                });
            } else {
                for (var item : chunk) {
                    reject(results, item.index(), failure(call, item.write().record(), item.destinationId()));
                }
            }
        }
        answered.keySet().removeIf(i -> results[i] instanceof WriteResult.Rejected);
        return answered;
    }

    /** Archives records (best effort for undo); null when it worked, else why not. */
    private HubSpotErrors.Classified archive(String type, List<String> ids) {
        for (int from = 0; from < ids.size(); from += settings.maxBatch()) {
            var inputs = HubSpotApi.JSON.createArrayNode();
            ids.subList(from, Math.min(ids.size(), from + settings.maxBatch()))
                    .forEach(id -> inputs.addObject().put("id", id));
            var call = api.post("/crm/v3/objects/" + type + "/batch/archive",
                    HubSpotApi.JSON.createObjectNode().set("inputs", inputs));
            if (!(call instanceof Call.Answered a && a.ok())) {
                return failure(call, null, null);
            }
        }
        return null;
    }

    /** {@code from id → associated ids}, read in batches; null when a read failed. */
    private Map<String, List<String>> readAssociations(String from, String to, List<String> ids) {
        var out = new HashMap<String, List<String>>();
        for (int start = 0; start < ids.size(); start += settings.maxBatch()) {
            var inputs = HubSpotApi.JSON.createArrayNode();
            ids.subList(start, Math.min(ids.size(), start + settings.maxBatch()))
                    .forEach(id -> inputs.addObject().put("id", id));
            var call = api.post("/crm/v4/associations/" + from + "/" + to + "/batch/read",
                    HubSpotApi.JSON.createObjectNode().set("inputs", inputs));
            if (!(call instanceof Call.Answered a && a.ok())) {
                return null;
            }
            for (JsonNode r : a.json().path("results")) {
                var list = out.computeIfAbsent(r.path("from").path("id").asText(), k -> new ArrayList<>());
                r.path("to").forEach(t -> list.add(t.path("toObjectId").asText()));
            }
        }
        return out;
    }

    /**
     * The default (unlabelled) association type between two object types, read once from
     * {@code GET /crm/v4/associations/{from}/{to}/labels} (API_FACTS C.2: invoice ids are not documented, so they are
     * discovered, not hard-coded). Null when HubSpot could not be asked.
     */
    private Integer associationType(String from, String to) {
        String key = from + "/" + to;
        Integer known = associationTypes.get(key);
        if (known != null) {
            return known;
        }
        var call = api.get("/crm/v4/associations/" + key + "/labels");
        if (call instanceof Call.Answered a && a.ok()) {
            for (JsonNode r : a.json().path("results")) {
                if (r.path("label").isNull() || r.path("label").asText("").isEmpty()) {
                    associationTypes.put(key, r.path("typeId").asInt());
                    return r.path("typeId").asInt();
                }
            }
        }
        return null;
    }

    /**
     * Makes sure the portal has the unique {@value #KEY_PROPERTY} property for this object type (once per sink);
     * false, with every item rejected, when it cannot be created.
     */
    private boolean keyProperty(String type, List<Item> items, WriteResult[] results) {
        if (keyPropertyReady.contains(type)) {
            return true;
        }
        var definition = HubSpotApi.JSON.createObjectNode()
                .put("name", KEY_PROPERTY).put("label", "Ledgerbridge write key")
                .put("description", "Set by Ledgerbridge on the records it creates, so a repeated write finds them.")
                .put("groupName", type.equals(INVOICES) ? "invoiceinformation" : "productinformation")
                .put("type", "string").put("fieldType", "text").put("hasUniqueValue", true);
        var call = api.post("/crm/v3/properties/" + type, definition);
        if (call instanceof Call.Answered a && (a.ok() || a.status() == 409)) {
            keyPropertyReady.add(type);
            return true;
        }
        for (var item : items) {
            reject(results, item.index(), failure(call, item.write().record(), null));
        }
        return false;
    }

    private void failAll(Call call, List<Integer> indexes, List<Write> writes, Map<Integer, String> hubspotId,
            WriteResult[] results) {
        if (call instanceof Call.Answered a && a.ok()) {
            return;
        }
        for (int i : indexes) {
            reject(results, i, failure(call, writes.get(i).record(), hubspotId.get(i)));
        }
    }

    private HubSpotErrors.Classified failure(Call call, Outbound record, String destinationId) {
        return switch (call) {
            case Call.Answered a -> errors.response(a.status(), a.retryAfter(), a.body(), record, destinationId);
            case Call.NotSent n -> new HubSpotErrors.Classified(n.error(), null);
            case Call.Lost l -> new HubSpotErrors.Classified(SyncError.of(ErrorCode.TIMEOUT).withVendorMessage(
                    l.reason() + "; the write is repeated with the same key, which finds what was written"), null);
        };
    }

    private static void reject(WriteResult[] results, int index, HubSpotErrors.Classified c) {
        if (!(results[index] instanceof WriteResult.Rejected)) {
            results[index] = new WriteResult.Rejected(c.error(), c.retryAfter());
        }
    }

    private static List<Integer> alive(List<Integer> indexes, WriteResult[] results) {
        return indexes.stream().filter(i -> !(results[i] instanceof WriteResult.Rejected)).distinct().toList();
    }

    private static WriteResult written(JsonNode result) {
        return new WriteResult.Written(result.path("id").asText());
    }

    private static WriteResult cannotVoid(String what) {
        return new WriteResult.Rejected(SyncError.of(ErrorCode.VENDOR_ERROR)
                .withVendorMessage("HubSpot " + what + " cannot be voided; only invoices can"));
    }

    // ---- canonical → HubSpot properties ----------------------------------------------------------------------

    static ObjectNode contactProperties(Customer c) {
        var p = HubSpotApi.JSON.createObjectNode();
        p.put("email", c.email());
        String name = c.displayName() == null ? "" : c.displayName().strip();
        int space = name.indexOf(' ');
        p.put("firstname", space < 0 ? name : name.substring(0, space));
        p.put("lastname", space < 0 ? "" : name.substring(space + 1).strip());
        if (c.companyName() != null) {
            p.put("company", c.companyName());
        }
        if (c.phone() != null) {
            p.put("phone", c.phone());
        }
        return p;
    }

    static ObjectNode productProperties(Product product) {
        var p = HubSpotApi.JSON.createObjectNode();
        p.put("name", product.name());
        p.put("hs_sku", product.sku());
        if (product.unitPrice() != null) {
            p.put("price", product.unitPrice().toPlainString());
        }
        if (product.description() != null) {
            p.put("description", product.description());
        }
        return p;
    }

    static ObjectNode invoiceProperties(Invoice inv) {
        var p = HubSpotApi.JSON.createObjectNode();
        p.put("hs_currency", inv.currency());
        p.put("hs_number", inv.number());
        p.put("hs_invoice_date", inv.issueDate().toString());
        if (inv.dueDate() != null) {
            p.put("hs_due_date", inv.dueDate().toString());
        }
        if (inv.memo() != null) {
            p.put("hs_comments", inv.memo());
        }
        return p;
    }

    static String status(InvoiceStatus status) {
        return switch (status) {
            case DRAFT -> "draft";
            case OPEN -> "open";
            case PAID -> "paid";
            case VOID -> "voided";
        };
    }

    // ---- look-ups by natural key ----------------------------------------------------------------------------

    @Override
    public Map<String, Lookup> find(RecordType type, Collection<String> naturalKeys) {
        var keys = naturalKeys.stream().filter(k -> k != null && !k.isBlank())
                .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new));
        var out = new LinkedHashMap<String, Lookup>();
        Lookup failed = switch (type) {
            case CUSTOMER -> findContacts(List.copyOf(keys), out);
            case PRODUCT -> search(PRODUCTS, "hs_sku", List.copyOf(keys), out);
            case INVOICE -> search(INVOICES, "hs_number", List.copyOf(keys), out);
            case PAYMENT -> null;
        };
        if (failed != null) {
            var all = new LinkedHashMap<String, Lookup>();
            naturalKeys.forEach(k -> all.put(k, failed));
            return all;
        }
        var answer = new LinkedHashMap<String, Lookup>();
        for (String k : naturalKeys) {
            answer.put(k, out.getOrDefault(k, Lookup.NOT_FOUND));
        }
        return answer;
    }

    /** Contacts by email through {@code batch/read} with {@code idProperty=email}; HubSpot compares emails ignoring case. */
    private Lookup findContacts(List<String> emails, Map<String, Lookup> out) {
        for (int from = 0; from < emails.size(); from += settings.maxBatch()) {
            var chunk = emails.subList(from, Math.min(emails.size(), from + settings.maxBatch()));
            var body = HubSpotApi.JSON.createObjectNode().put("idProperty", "email");
            body.putArray("properties").add("email");
            var inputs = body.putArray("inputs");
            chunk.forEach(e -> inputs.addObject().put("id", e));
            var call = api.post("/crm/v3/objects/contacts/batch/read", body);
            if (!(call instanceof Call.Answered a && a.ok())) {
                return lookupFailure(call);
            }
            for (JsonNode r : a.json().path("results")) {
                String email = r.path("properties").path("email").asText("");
                for (String wanted : chunk) {
                    if (wanted.equalsIgnoreCase(email)) {
                        out.putIfAbsent(wanted, new Lookup.Found(r.path("id").asText()));
                    }
                }
            }
        }
        return null;
    }

    /**
     * Records whose {@code property} is one of {@code values}, through search ({@code IN}, 100 values a query, every page).
     * HubSpot's search compares text ignoring case; the answers are compared exactly here (SKUs are case-sensitive).
     */
    private Lookup search(String type, String property, List<String> values, Map<String, Lookup> out) {
        for (int from = 0; from < values.size(); from += 100) {
            var chunk = values.subList(from, Math.min(values.size(), from + 100));
            String after = null;
            do {
                var body = HubSpotApi.JSON.createObjectNode();
                var filter = body.putArray("filterGroups").addObject().putArray("filters").addObject()
                        .put("propertyName", property).put("operator", "IN");
                var list = filter.putArray("values");
                chunk.forEach(list::add);
                body.putArray("properties").add(property);
                body.putArray("sorts").addObject().put("propertyName", "hs_object_id").put("direction", "ASCENDING");
                body.put("limit", 200);
                if (after != null) {
                    body.put("after", after);
                }
                var call = api.post("/crm/v3/objects/" + type + "/search", body);
                if (!(call instanceof Call.Answered a && a.ok())) {
                    return lookupFailure(call);
                }
                var wanted = new HashSet<>(chunk);
                for (JsonNode r : a.json().path("results")) {
                    String value = r.path("properties").path(property).asText(null);
                    if (value != null && wanted.contains(value)) {
                        out.putIfAbsent(value, new Lookup.Found(r.path("id").asText()));
                    }
                }
                after = a.json().path("paging").path("next").path("after").asText(null);
            } while (after != null);
        }
        return null;
    }

    private Lookup.Failed lookupFailure(Call call) {
        var c = failure(call, null, null);
        return new Lookup.Failed(c.error(), c.retryAfter());
    }
}
