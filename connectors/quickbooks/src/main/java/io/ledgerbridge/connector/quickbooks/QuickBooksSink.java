package io.ledgerbridge.connector.quickbooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.connector.Lookup;
import io.ledgerbridge.connector.Outbound;
import io.ledgerbridge.connector.RateLimits;
import io.ledgerbridge.connector.Sink;
import io.ledgerbridge.connector.SinkCapabilities;
import io.ledgerbridge.connector.Write;
import io.ledgerbridge.connector.WriteResult;
import io.ledgerbridge.connector.quickbooks.QuickBooksApi.Call;
import io.ledgerbridge.connector.quickbooks.error.QuickBooksErrors;
import io.ledgerbridge.connector.quickbooks.error.QuickBooksFault;
import io.ledgerbridge.connector.quickbooks.query.QuickBooksQuery;
import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.error.SyncError;
import io.ledgerbridge.domain.record.RecordType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes customers, items, invoices and payments into one QuickBooks company. Thread-safe: it keeps nothing between
 * calls but the income account items are created on.
 *
 * <h2>One {@link #write} call</h2>
 * <ol>
 *   <li>Updates and voids read the records' current {@code SyncToken}s first: one query per entity type.</li>
 *   <li>One write goes to the entity endpoint ({@code POST /invoice?requestid=…}); more go to {@code POST /batch}
 *       (at most {@code maxBatch}, 30), one {@code BatchItemRequest} per write, answered by {@code bId}, so the
 *       order QuickBooks runs them in does not matter.</li>
 *   <li>Every answer is classified by {@link QuickBooksErrors}; a call that got no answer is {@link WriteResult.Uncertain}.</li>
 * </ol>
 *
 * <h2>Idempotency ({@code requestid}, API_FACTS A.7)</h2>
 * QuickBooks answers a repeated {@code requestid} with the first response. A create is sent with its idempotency
 * key; an update or void with a hash of the key and the {@code SyncToken} it was based on, so a write that failed on
 * a stale token gets a fresh id next time; a batch with a hash of its items' ids, so the same batch sent again
 * replays as a whole. QuickBooks keys requestids per request, not per batch item: a write resent in a batch made up
 * differently is protected by the engine's look-up by natural key before it writes again (DocNumber, email, SKU,
 * PaymentRefNum).
 */
final class QuickBooksSink implements Sink {

    /** API_FACTS A.6 and A.4: 500 requests a minute, 10 at once, 40 batch calls a minute, per company and app. */
    static final RateLimits LIMITS = new RateLimits(500, 10, 0, 40);

    private final QuickBooksSettings settings;
    private final QuickBooksApi api;
    private final QuickBooksErrors errors;
    private volatile String incomeAccountId;

    QuickBooksSink(QuickBooksSettings settings, QuickBooksApi api, QuickBooksErrors errors) {
        this.settings = settings;
        this.api = api;
        this.errors = errors;
        this.incomeAccountId = settings.incomeAccountId();
    }

    @Override
    public SinkCapabilities capabilities() {
        return new SinkCapabilities(EnumSet.allOf(RecordType.class), settings.maxBatch(), true, true);
    }

    @Override
    public RateLimits rateLimits() {
        return LIMITS;
    }

    @Override
    public String displayName() {
        return "QuickBooks Online";
    }

    // ---- writes ---------------------------------------------------------------------------------------------

    /** A write ready to send: its entity body, operation and requestid. */
    private record Prepared(int index, Write write, String operation, ObjectNode body, String requestId) {}

    @Override
    public List<WriteResult> write(List<Write> writes) {
        if (writes.size() > settings.maxBatch()) {
            throw new IllegalArgumentException("QuickBooks takes at most " + settings.maxBatch() + " writes a call, got "
                    + writes.size());
        }
        if (writes.isEmpty()) {
            return List.of();
        }
        var results = new WriteResult[writes.size()];
        var company = new CompanyReads();
        var current = currentVersions(writes, results);
        var ready = new ArrayList<Prepared>();
        for (int i = 0; i < writes.size(); i++) {
            if (results[i] == null) {
                prepare(i, writes.get(i), current.get(i), results).ifPresent(ready::add);
            }
        }
        if (ready.size() == 1) {
            var p = ready.getFirst();
            results[p.index()] = single(p, company);
        } else if (ready.size() > 1) {
            batch(ready, results, company);
        }
        return List.of(results);
    }

    /** Reads the current Id and SyncToken of every update's and void's target, one query per entity type. */
    private Map<Integer, JsonNode> currentVersions(List<Write> writes, WriteResult[] results) {
        var byType = new LinkedHashMap<RecordType, List<Integer>>();
        for (int i = 0; i < writes.size(); i++) {
            if (writes.get(i).operation() != Write.Operation.CREATE) {
                byType.computeIfAbsent(writes.get(i).type(), t -> new ArrayList<>()).add(i);
            }
        }
        var current = new HashMap<Integer, JsonNode>();
        byType.forEach((type, indexes) -> {
            var ids = indexes.stream().map(i -> writes.get(i).destinationId()).collect(Collectors.toCollection(LinkedHashSet::new));
            boolean list = type == RecordType.CUSTOMER || type == RecordType.PRODUCT;
            var found = new HashMap<String, JsonNode>();
            for (var chunk : QuickBooksQuery.chunks(ids)) {
                var call = api.query(QuickBooksQuery.in(QuickBooksEntities.entity(type), "Id", chunk,
                        list ? "Active in (true, false)" : null));
                var failure = readFailure(call, writes.get(indexes.getFirst()).record());
                if (failure != null) {
                    indexes.forEach(i -> results[i] = failure);
                    return;
                }
                for (JsonNode e : ((Call.Answered) call).json().path("QueryResponse").path(QuickBooksEntities.entity(type))) {
                    found.put(e.path("Id").asText(), e);
                }
            }
            for (int i : indexes) {
                var w = writes.get(i);
                var entity = found.get(w.destinationId());
                if (entity == null) {
                    results[i] = new WriteResult.Rejected(errors.missingTarget(w.record(), w.destinationId()));
                } else {
                    current.put(i, entity);
                }
            }
        });
        return current;
    }

    private Optional<Prepared> prepare(int index, Write w, JsonNode current, WriteResult[] results) {
        var record = w.record();
        String syncToken = current == null ? null : current.path("SyncToken").asText();
        String requestId = syncToken == null ? w.key().value() : hash(w.key().value() + "@" + syncToken);
        if (w.operation() == Write.Operation.VOID) {
            if (w.type() != RecordType.INVOICE && w.type() != RecordType.PAYMENT) {
                results[index] = new WriteResult.Rejected(SyncError.of(ErrorCode.VENDOR_ERROR)
                        .withVendorMessage("QuickBooks Online voids only invoices and payments, not a " + w.type().singular()));
                return Optional.empty();
            }
            var body = QuickBooksEntities.JSON.createObjectNode().put("Id", w.destinationId()).put("SyncToken", syncToken);
            return Optional.of(new Prepared(index, w, "void", body, requestId));
        }
        String income = null;
        if (record instanceof Outbound.OutboundProduct && w.operation() == Write.Operation.CREATE) {
            var missing = resolveIncomeAccount(record);
            if (missing != null) {
                results[index] = missing;
                return Optional.empty();
            }
            income = incomeAccountId;
        }
        String customerRef = null;
        if (record instanceof Outbound.OutboundPayment p) {
            customerRef = p.customerRef() != null ? p.customerRef() : invoiceCustomer(p.invoiceRef()).orElse(null);
            if (customerRef == null) {
                results[index] = new WriteResult.Rejected(errors.missingTarget(record, p.invoiceRef()));
                return Optional.empty();
            }
        }
        var body = QuickBooksEntities.body(record, w.operation() == Write.Operation.UPDATE, income,
                settings.itemType(), settings.noTaxCode(), customerRef);
        if (w.operation() == Write.Operation.UPDATE) {
            body.put("Id", w.destinationId()).put("SyncToken", syncToken).put("sparse", true);
            return Optional.of(new Prepared(index, w, "update", body, requestId));
        }
        return Optional.of(new Prepared(index, w, "create", body, requestId));
    }

    private WriteResult single(Prepared p, CompanyReads company) {
        var params = new LinkedHashMap<String, String>();
        params.put("requestid", p.requestId());
        if (p.operation().equals("void")) {
            params.put("operation", "void");
        }
        String entity = QuickBooksEntities.entity(p.write().type());
        var call = api.postJson(QuickBooksEntities.path(p.write().type()), params, p.body());
        if (call instanceof Call.Answered a && a.ok() && a.json().has(entity)) {
            return new WriteResult.Written(a.json().get(entity).path("Id").asText());
        }
        return failure(call, p.write().record(), company);
    }

    private void batch(List<Prepared> ready, WriteResult[] results, CompanyReads company) {
        var body = QuickBooksEntities.JSON.createObjectNode();
        var items = body.putArray("BatchItemRequest");
        var byBid = new HashMap<String, Prepared>();
        for (var p : ready) {
            String bId = String.valueOf(p.index());
            byBid.put(bId, p);
            items.addObject().put("bId", bId).put("operation", p.operation())
                    .set(QuickBooksEntities.entity(p.write().type()), p.body());
        }
        String requestId = hash(ready.stream().map(Prepared::requestId).collect(Collectors.joining(",")));
        var call = api.postJson("batch", Map.of("requestid", requestId), body);
        if (call instanceof Call.Answered a && a.ok() && a.json().has("BatchItemResponse")) {
            for (JsonNode item : a.json().get("BatchItemResponse")) {
                var p = byBid.remove(item.path("bId").asText());
                if (p == null) {
                    continue;
                }
                String entity = QuickBooksEntities.entity(p.write().type());
                var fault = QuickBooksFault.of(item);
                if (item.has(entity)) {
                    results[p.index()] = new WriteResult.Written(item.get(entity).path("Id").asText());
                } else if (fault.isPresent()) {
                    var c = errors.batchItem(fault.get(), p.write().record(), company);
                    results[p.index()] = new WriteResult.Rejected(c.error(), c.retryAfter());
                } else {
                    results[p.index()] = new WriteResult.Uncertain("QuickBooks answered this batch item with neither "
                            + entity + " nor Fault");
                }
            }
            byBid.values().forEach(p -> results[p.index()] = new WriteResult.Uncertain(
                    "QuickBooks' batch answer has no item for this write"));
            return;
        }
        for (var p : ready) {
            results[p.index()] = failure(call, p.write().record(), company);
        }
    }

    /**
     * Items created need an income account (API_FACTS A.2): the setting, or the company's Income account named after
     * the item type ("Services", "Sales of Product Income"), or its first. Null when known.
     */
    private WriteResult.Rejected resolveIncomeAccount(Outbound record) {
        if (incomeAccountId != null) {
            return null;
        }
        var call = api.query("select * from Account where AccountType = 'Income' maxresults 1000");
        var failure = readFailure(call, record);
        if (failure != null) {
            return failure;
        }
        String preferred = settings.itemType().equals("Service") ? "Services" : "Sales of Product Income";
        String first = null;
        for (JsonNode a : ((Call.Answered) call).json().path("QueryResponse").path("Account")) {
            if (first == null) {
                first = a.path("Id").asText();
            }
            if (preferred.equalsIgnoreCase(a.path("Name").asText())) {
                first = a.path("Id").asText();
                break;
            }
        }
        if (first == null) {
            return new WriteResult.Rejected(SyncError.of(ErrorCode.VENDOR_ERROR).withVendorMessage(
                    "QuickBooks Online has no Income account to create products on; set 'incomeAccountId' on the connection"));
        }
        incomeAccountId = first;
        return null;
    }

    private Optional<String> invoiceCustomer(String invoiceId) {
        if (invoiceId == null) {
            return Optional.empty();
        }
        var call = api.get("invoice/" + invoiceId, Map.of());
        if (call instanceof Call.Answered a && a.ok()) {
            String id = a.json().path("Invoice").path("CustomerRef").path("value").asText(null);
            return Optional.ofNullable(id);
        }
        return Optional.empty();
    }

    /**
     * A read made before writing (SyncTokens, the income account): null if it succeeded, otherwise the write's
     * rejection. Nothing was written yet, so a read without an answer is a timeout, not an uncertain write.
     */
    private WriteResult.Rejected readFailure(Call call, Outbound record) {
        return switch (call) {
            case Call.Answered a when a.ok() -> null;
            case Call.Lost l -> new WriteResult.Rejected(SyncError.of(ErrorCode.TIMEOUT).withVendorMessage(l.reason()));
            default -> (WriteResult.Rejected) failure(call, record, QuickBooksErrors.Company.NONE);
        };
    }

    private WriteResult failure(Call call, Outbound record, QuickBooksErrors.Company company) {
        return switch (call) {
            case Call.Answered a -> {
                var c = errors.response(a.status(), a.retryAfter(), a.body(), record, company);
                yield new WriteResult.Rejected(c.error(), c.retryAfter());
            }
            case Call.NotSent n -> new WriteResult.Rejected(n.error());
            case Call.Lost l -> new WriteResult.Uncertain(l.reason());
        };
    }

    // ---- look-ups by natural key ----------------------------------------------------------------------------

    @Override
    public Map<String, Lookup> find(RecordType type, Collection<String> naturalKeys) {
        var out = new LinkedHashMap<String, Lookup>();
        var keys = naturalKeys.stream().filter(k -> k != null && !k.isBlank())
                .filter(k -> type != RecordType.PAYMENT || k.length() <= QuickBooksEntities.MAX_REF_NUM)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        String entity = QuickBooksEntities.entity(type);
        for (var chunk : QuickBooksQuery.chunks(keys)) {
            var call = api.query(QuickBooksQuery.in(entity, QuickBooksEntities.keyField(type), chunk, null));
            if (!(call instanceof Call.Answered a && a.ok())) {
                var failed = lookupFailure(call);
                naturalKeys.forEach(k -> out.put(k, failed));
                return out;
            }
            Set<String> wanted = new HashSet<>(chunk);
            for (JsonNode e : a.json().path("QueryResponse").path(entity)) {
                // QuickBooks compares text without regard to case; SKUs and the other keys match exactly.
                String key = QuickBooksEntities.naturalKey(type, e);
                if (key != null && wanted.contains(key) && !out.containsKey(key)) {
                    out.put(key, new Lookup.Found(e.path("Id").asText()));
                }
            }
        }
        for (String k : naturalKeys) {
            out.putIfAbsent(k, Lookup.NOT_FOUND);
        }
        return out;
    }

    private Lookup.Failed lookupFailure(Call call) {
        return switch (call) {
            case Call.Answered a -> {
                var c = errors.response(a.status(), a.retryAfter(), a.body(), null, QuickBooksErrors.Company.NONE);
                yield new Lookup.Failed(c.error(), c.retryAfter());
            }
            case Call.NotSent n -> new Lookup.Failed(n.error());
            case Call.Lost l -> new Lookup.Failed(SyncError.of(ErrorCode.TIMEOUT).withVendorMessage(l.reason()));
        };
    }

    // ---- what the classifier may read -----------------------------------------------------------------------

    /** Reads for {@link QuickBooksErrors}, at most once each per write call. */
    private final class CompanyReads implements QuickBooksErrors.Company {
        private Optional<LocalDate> closingDate;

        @Override
        public synchronized Optional<LocalDate> closingDate() {
            if (closingDate == null) {
                var call = api.get("preferences", Map.of());
                closingDate = call instanceof Call.Answered a && a.ok()
                        ? Optional.ofNullable(a.json().path("Preferences").path("AccountingInfoPrefs")
                                .path("BookCloseDate").asText(null)).map(LocalDate::parse)
                        : Optional.empty();
            }
            return closingDate;
        }

        @Override
        public Optional<QuickBooksErrors.InvoiceState> invoice(String invoiceId) {
            if (invoiceId == null) {
                return Optional.empty();
            }
            var call = api.get("invoice/" + invoiceId, Map.of());
            if (call instanceof Call.Answered a && a.ok()) {
                var inv = a.json().path("Invoice");
                return Optional.of(new QuickBooksErrors.InvoiceState(inv.path("DocNumber").asText(null),
                        inv.path("Balance").isNumber() ? inv.path("Balance").decimalValue()
                                : new BigDecimal(inv.path("Balance").asText("0"))));
            }
            return Optional.empty();
        }

        @Override
        public Optional<Set<String>> activeItems(Collection<String> itemIds) {
            if (itemIds.isEmpty()) {
                return Optional.of(Set.of());
            }
            var active = new HashSet<String>();
            for (var chunk : QuickBooksQuery.chunks(itemIds)) {
                var call = api.query(QuickBooksQuery.in("Item", "Id", chunk, null));
                if (!(call instanceof Call.Answered a && a.ok())) {
                    return Optional.empty();
                }
                a.json().path("QueryResponse").path("Item").forEach(i -> active.add(i.path("Id").asText()));
            }
            return Optional.of(active);
        }
    }

    /** 32 hex characters of SHA-256: fits QuickBooks' requestid. */
    static String hash(String text) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
