package io.ledgerbridge.connector.xero;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerbridge.connector.Lookup;
import io.ledgerbridge.connector.Outbound;
import io.ledgerbridge.connector.RateLimits;
import io.ledgerbridge.connector.RemainingCalls;
import io.ledgerbridge.connector.Sink;
import io.ledgerbridge.connector.SinkCapabilities;
import io.ledgerbridge.connector.Write;
import io.ledgerbridge.connector.WriteResult;
import io.ledgerbridge.connector.xero.XeroApi.Call;
import io.ledgerbridge.connector.xero.error.XeroErrors;
import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.error.SyncError;
import io.ledgerbridge.domain.record.RecordType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Writes contacts, items, invoices and payments into one Xero organisation, in batches. Thread-safe: it keeps nothing
 * between calls but what Xero last said about the budget ({@link XeroBudget}) and the items' codes ({@link ItemCodes}).
 *
 * <h2>One {@link #write} call</h2>
 * <ol>
 *   <li>The writes are grouped by request: creates {@code PUT /{Resource}}, updates and voids {@code POST /{Resource}}
 *       with the element's id (API_FACTS B.2). A void is {@code {"InvoiceID":…,"Status":"VOIDED"}}: nothing is
 *       deleted. Payments are only created: Xero cannot change a payment, and its only reversal deletes it.</li>
 *   <li>Each group is one call of up to 50 elements with {@code ?summarizeErrors=false}, so Xero answers HTTP 200 with
 *       every element in order, each with its {@code StatusAttributeString} and {@code ValidationErrors} (B.2): one
 *       {@link WriteResult} per write, and one bad element never fails the others.</li>
 *   <li>Every failure is classified by {@link XeroErrors}; a call that got no answer is {@link WriteResult.Uncertain}.</li>
 * </ol>
 *
 * <h2>Idempotency ({@code Idempotency-Key}, API_FACTS B.7)</h2>
 * Xero keys idempotency per request, not per element, and remembers a key for 6 minutes; the same key with another
 * body is refused. So a group's elements are sent sorted by their writes' keys, and the call carries the SHA-256 (hex,
 * 64 of Xero's 128 characters) of the method, the resource and the sorted keys: the same writes sent again, in whatever
 * order the engine claimed them, make the same request with the same key, and Xero replays the first answer. A write
 * resent in a batch made up differently (or after the 6 minutes) gets another key: it is protected by the engine's
 * look-up before writing again after an uncertain outcome ({@link #find}: InvoiceNumber, email then name, item Code,
 * payment Reference = the source payment id).
 */
final class XeroSink implements Sink {

    /**
     * API_FACTS B.6: 60 calls a minute, 5 at once and 5,000 a day per organisation, and 10,000 a minute for the app
     * across all organisations; the engine keeps all four across nodes.
     */
    static final RateLimits LIMITS = new RateLimits(60, 5, 5000).withAppRequestsPerMinute(XeroSink.APP_CALLS_PER_MINUTE);
    /** API_FACTS B.6: App Minute 10,000, across every organisation the app reaches. */
    static final int APP_CALLS_PER_MINUTE = 10_000;
    /** Keys per look-up call, so a {@code where} stays a short URL. */
    private static final int KEYS_PER_LOOKUP = 25;

    private final XeroSettings settings;
    private final XeroApi api;
    private final XeroErrors errors;
    private final XeroBudget budget;
    private final ItemCodes itemCodes;

    XeroSink(XeroSettings settings, XeroApi api, XeroErrors errors, XeroBudget budget, ItemCodes itemCodes) {
        this.settings = settings;
        this.api = api;
        this.errors = errors;
        this.budget = budget;
        this.itemCodes = itemCodes;
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
        return "Xero";
    }

    /** What Xero last reported as remaining in this organisation's windows (API_FACTS B.6), if it has answered. */
    @Override
    public Optional<RemainingCalls> remainingCalls() {
        return budget.remaining().map(r -> new RemainingCalls(r.minute(), r.day(), r.appMinute(), r.observedAt()));
    }

    // ---- writes ---------------------------------------------------------------------------------------------

    /** One write in a request: its index in the caller's list and its element. */
    private record Element(int index, Write write, JsonNode body) {}

    private record Group(String method, RecordType type) {}

    @Override
    public List<WriteResult> write(List<Write> writes) {
        if (writes.size() > settings.maxBatch()) {
            throw new IllegalArgumentException("Xero takes at most " + settings.maxBatch() + " writes a call, got "
                    + writes.size());
        }
        var results = new WriteResult[writes.size()];
        var groups = new LinkedHashMap<Group, List<Element>>();
        var codes = itemCodes(writes, results);
        for (int i = 0; i < writes.size(); i++) {
            var w = writes.get(i);
            if (results[i] != null) {
                continue;
            }
            var refused = refused(w);
            if (refused == null && w.operation() != Write.Operation.VOID && w.record() instanceof Outbound.OutboundInvoice inv) {
                refused = missingItem(inv, codes.codes());
            }
            if (refused != null) {
                results[i] = new WriteResult.Rejected(refused);
                continue;
            }
            String method = w.operation() == Write.Operation.CREATE ? "PUT" : "POST";
            JsonNode body = w.operation() == Write.Operation.VOID
                    ? XeroApi.JSON.createObjectNode().put("InvoiceID", w.destinationId()).put("Status", "VOIDED")
                    : XeroEntities.element(w.record(), w.operation() == Write.Operation.UPDATE ? w.destinationId() : null,
                            settings, codes.codes());
            groups.computeIfAbsent(new Group(method, w.type()), g -> new ArrayList<>()).add(new Element(i, w, body));
        }
        var organisation = new OrganisationReads();
        var stale = new ArrayList<Element>();
        groups.forEach((group, elements) -> send(group, elements, results, organisation, stale, codes.cached()));
        if (!stale.isEmpty()) {
            resendWithFreshCodes(stale, results, organisation);
        }
        return List.of(results);
    }

    /** The codes of the invoices' items, and which of them came from {@link ItemCodes} rather than from Xero now. */
    private record Codes(Map<String, String> codes, java.util.Set<String> cached) {}

    /**
     * Invoices Xero refused with "Item code '…' is not valid" although their codes came from {@link ItemCodes}: the item
     * was changed in Xero since. Their codes are read again and they are sent once more, in a request of their own
     * (another {@code Idempotency-Key}: the body differs). An item now gone fails the invoice as SKU not found.
     */
    private void resendWithFreshCodes(List<Element> stale, WriteResult[] results, OrganisationReads organisation) {
        var writes = stale.stream().map(Element::write).toList();
        var refs = new LinkedHashSet<String>();
        writes.forEach(w -> ((Outbound.OutboundInvoice) w.record()).itemRefs().values().stream()
                .filter(v -> v != null && !v.isBlank()).forEach(refs::add));
        itemCodes.forget(refs);
        var staleResults = new WriteResult[writes.size()];
        var codes = itemCodes(writes, staleResults);
        var groups = new LinkedHashMap<Group, List<Element>>();
        for (int n = 0; n < writes.size(); n++) {
            var e = stale.get(n);
            if (staleResults[n] != null) {
                results[e.index()] = staleResults[n];
                continue;
            }
            var missing = missingItem((Outbound.OutboundInvoice) e.write().record(), codes.codes());
            if (missing != null) {
                results[e.index()] = new WriteResult.Rejected(missing);
                continue;
            }
            String method = e.write().operation() == Write.Operation.CREATE ? "PUT" : "POST";
            JsonNode body = XeroEntities.element(e.write().record(),
                    e.write().operation() == Write.Operation.UPDATE ? e.write().destinationId() : null, settings,
                    codes.codes());
            groups.computeIfAbsent(new Group(method, RecordType.INVOICE), g -> new ArrayList<>())
                    .add(new Element(e.index(), e.write(), body));
        }
        groups.forEach((group, elements) -> send(group, elements, results, organisation, null, java.util.Set.of()));
    }

    /** Xero's answer to a line whose ItemCode it does not have (API_FACTS B.3; the sandbox's InvoiceRules). */
    private static final java.util.regex.Pattern UNKNOWN_ITEM_CODE = java.util.regex.Pattern.compile(
            "Item code '.*' is not valid");

    private static boolean refusedForCachedCode(Element e, JsonNode answered, java.util.Set<String> cached) {
        if (!(e.write().record() instanceof Outbound.OutboundInvoice inv) || cached.isEmpty()) {
            return false;
        }
        boolean usedCache = inv.itemRefs().values().stream()
                .anyMatch(v -> v != null && cached.contains(ItemCodes.key(v)));
        return usedCache && XeroErrors.validationMessages(answered).stream()
                .anyMatch(m -> UNKNOWN_ITEM_CODE.matcher(m).find());
    }

    /**
     * The {@code Code} of every item the invoices' lines are mapped to: Xero's lines name items by Code only (API_FACTS
     * B.3 {@code ItemCode}), and the mapping (ItemID) is what the engine resolved. Codes this node saw recently come from
     * {@link ItemCodes}; the others are read with {@code GET /Items?IDs=…} (one call per 50 items), so that a line whose
     * item is gone fails as SKU not found before anything is sent. When the read fails, every invoice write gets that
     * failure (nothing was sent).
     */
    private Codes itemCodes(List<Write> writes, WriteResult[] results) {
        var ids = new LinkedHashSet<String>();
        var invoices = new ArrayList<Integer>();
        for (int i = 0; i < writes.size(); i++) {
            var w = writes.get(i);
            if (w.operation() != Write.Operation.VOID && w.record() instanceof Outbound.OutboundInvoice inv) {
                invoices.add(i);
                inv.itemRefs().values().stream().filter(v -> v != null && !v.isBlank()).forEach(ids::add);
            }
        }
        var codes = new HashMap<String, String>(itemCodes.known(ids));
        var cached = java.util.Set.copyOf(codes.keySet());
        var list = ids.stream().filter(id -> !codes.containsKey(ItemCodes.key(id))).toList();
        for (int from = 0; from < list.size(); from += XeroSource.IDS_PER_CALL) {
            var chunk = list.subList(from, Math.min(list.size(), from + XeroSource.IDS_PER_CALL));
            if (chunk.stream().anyMatch(id -> !GUID.matcher(id).matches())) {
                chunk = chunk.stream().filter(id -> GUID.matcher(id).matches()).toList(); // Xero refuses IDs that are not GUIDs
                if (chunk.isEmpty()) {
                    continue;
                }
            }
            var call = api.get("Items", Map.of("IDs", String.join(",", chunk)), null);
            if (!(call instanceof Call.Answered a && a.ok())) {
                var f = lookupFailure(call);
                var failed = new WriteResult.Rejected(f.error(), f.retryAfter());
                invoices.forEach(i -> results[i] = failed);
                return new Codes(codes, cached);
            }
            for (JsonNode item : a.json().path("Items")) {
                String id = XeroEntities.id(RecordType.PRODUCT, item);
                if (id != null && item.hasNonNull("Code")) {
                    codes.put(ItemCodes.key(id), item.get("Code").asText());
                    itemCodes.put(id, item.get("Code").asText());
                }
            }
        }
        return new Codes(codes, cached);
    }

    private static final java.util.regex.Pattern GUID = java.util.regex.Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** The first line whose mapped item Xero does not have: the whole invoice is not sent, as SKU not found says. */
    private static SyncError missingItem(Outbound.OutboundInvoice inv, Map<String, String> codes) {
        var lines = inv.invoice().lines();
        for (int n = 0; n < lines.size(); n++) {
            String ref = inv.itemRefs().get(lines.get(n).sku());
            if (ref == null || !codes.containsKey(ItemCodes.key(ref))) {
                return SyncError.of(ErrorCode.SKU_NOT_FOUND, "sku", lines.get(n).sku(), "line", String.valueOf(n + 1),
                        "number", inv.invoice().number());
            }
        }
        return null;
    }

    /** Writes Xero cannot take (API_FACTS B.3, B.4); null when it can. */
    private static SyncError refused(Write w) {
        if (w.operation() == Write.Operation.VOID && w.type() != RecordType.INVOICE) {
            return SyncError.of(ErrorCode.VENDOR_ERROR).withVendorMessage("Xero voids only invoices, not a "
                    + w.type().singular() + (w.type() == RecordType.PAYMENT
                    ? "; its only reversal deletes the payment, which Ledgerbridge never does: remove it in Xero" : ""));
        }
        if (w.operation() == Write.Operation.UPDATE && w.type() == RecordType.PAYMENT) {
            return SyncError.of(ErrorCode.VENDOR_ERROR).withVendorMessage("Xero cannot change a payment once made; "
                    + "remove the payment in Xero and retry, or skip this sync");
        }
        return null;
    }

    /**
     * @param stale collects the invoices refused for a code taken from {@link ItemCodes} (null: resend no more)
     * @param cached the item ids whose codes came from {@link ItemCodes} for this call
     */
    private void send(Group group, List<Element> elements, WriteResult[] results, OrganisationReads organisation,
            List<Element> stale, java.util.Set<String> cached) {
        elements.sort(Comparator.comparing(e -> e.write().key().value()));
        String resource = XeroEntities.resource(group.type());
        var body = XeroApi.JSON.createObjectNode();
        var array = body.putArray(resource);
        elements.forEach(e -> array.add(e.body()));
        // A resend with fresh item codes has another body, so another key (Xero refuses a key reused for another body)
        String key = batchKey(group.method(), stale == null ? resource + " with fresh item codes" : resource,
                elements.stream().map(e -> e.write().key().value()).toList());
        var call = api.write(group.method(), resource, Map.of("summarizeErrors", "false", "unitdp", "4"), body, key);
        if (call instanceof Call.Answered a && a.ok() && a.json().path(resource).isArray()) {
            JsonNode answered = a.json().get(resource);
            for (int n = 0; n < elements.size(); n++) {
                var e = elements.get(n);
                if (n >= answered.size()) {
                    results[e.index()] = new WriteResult.Uncertain("Xero's answer has no element for this write");
                } else if (stale != null && refusedForCachedCode(e, answered.get(n), cached)) {
                    stale.add(e);
                } else {
                    results[e.index()] = element(group.type(), e, answered.get(n), organisation);
                    if (group.type() == RecordType.PRODUCT && results[e.index()] instanceof WriteResult.Written w) {
                        itemCodes.put(w.destinationId(), answered.get(n).path("Code").asText(null));
                    }
                }
            }
            return;
        }
        if (call instanceof Call.Answered a && a.status() == 400 && a.json() != null && a.json().has("Elements")
                && elements.size() > 1) {
            refusedElements(group.type(), elements, a, results, organisation);
            return;
        }
        for (var e : elements) {
            results[e.index()] = failure(call, e.write(), organisation);
        }
    }

    private WriteResult element(RecordType type, Element e, JsonNode answered, OrganisationReads organisation) {
        var messages = XeroErrors.validationMessages(answered);
        boolean error = "ERROR".equalsIgnoreCase(answered.path("StatusAttributeString").asText())
                || answered.path("HasErrors").asBoolean(false) || answered.path("HasValidationErrors").asBoolean(false)
                || !messages.isEmpty();
        String id = XeroEntities.id(type, answered);
        if (!error && id != null) {
            return new WriteResult.Written(id);
        }
        if (!error) {
            return new WriteResult.Uncertain("Xero answered this element without an id or an error");
        }
        var c = errors.element(messages.isEmpty() ? List.of("Xero refused the element without a message") : messages,
                e.write().record(), e.write().destinationId(), organisation);
        return new WriteResult.Rejected(c.error(), c.retryAfter());
    }

    /**
     * A 400 ValidationException for a whole call (not expected with {@code summarizeErrors=false}): the elements it
     * echoes failed; the others may have been created without being echoed (API_FACTS B.2), so they are uncertain and
     * the engine looks them up before writing again.
     */
    private void refusedElements(RecordType type, List<Element> elements, Call.Answered a, WriteResult[] results,
            OrganisationReads organisation) {
        var byKey = new HashMap<String, JsonNode>();
        for (JsonNode echoed : a.json().get("Elements")) {
            String k = XeroEntities.naturalKey(type, echoed);
            if (k != null) {
                byKey.putIfAbsent(k, echoed);
            }
        }
        for (var e : elements) {
            var echoed = byKey.get(e.write().record().naturalKey());
            if (echoed == null) {
                results[e.index()] = new WriteResult.Uncertain("Xero refused the call for other elements; this one may "
                        + "have been created");
            } else {
                var c = errors.element(XeroErrors.validationMessages(echoed), e.write().record(),
                        e.write().destinationId(), organisation);
                results[e.index()] = new WriteResult.Rejected(c.error(), c.retryAfter());
            }
        }
    }

    private WriteResult failure(Call call, Write write, OrganisationReads organisation) {
        return switch (call) {
            case Call.Answered a -> {
                var c = errors.response(a.status(), a.headers(), a.body(), write.record(), write.destinationId(),
                        organisation);
                yield new WriteResult.Rejected(c.error(), c.retryAfter());
            }
            case Call.NotSent n -> new WriteResult.Rejected(n.error(), n.retryAfter());
            case Call.Lost l -> new WriteResult.Uncertain(l.reason());
        };
    }

    /**
     * The {@code Idempotency-Key} of one request: SHA-256 hex of method, resource and the writes' keys sorted
     * (API_FACTS B.7: at most 128 characters). Sorted, so the same writes claimed in another order make the same key
     * (their elements are sent in that order too, so the body is the same).
     */
    static String batchKey(String method, String resource, Collection<String> keys) {
        var text = new StringBuilder(method).append(' ').append(resource);
        keys.stream().sorted().forEach(k -> text.append('\n').append(k));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- look-ups by natural key ----------------------------------------------------------------------------

    /**
     * Invoices by {@code InvoiceNumbers=} (ACCREC, not deleted); contacts by {@code EmailAddress} (keys without an
     * {@code @} by {@code Name}; active contacts only); items by {@code Code}; payments by {@code Reference} (the
     * source payment id; deleted ones left out). Xero's {@code where} ignores case, so matches are compared exactly here.
     */
    @Override
    public Map<String, Lookup> find(RecordType type, Collection<String> naturalKeys) {
        var out = new LinkedHashMap<String, Lookup>();
        var keys = naturalKeys.stream().filter(k -> k != null && !k.isBlank())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        var list = new ArrayList<>(keys);
        String resource = XeroEntities.resource(type);
        for (int from = 0; from < list.size(); from += KEYS_PER_LOOKUP) {
            var chunk = list.subList(from, Math.min(list.size(), from + KEYS_PER_LOOKUP));
            var params = new LinkedHashMap<String, String>();
            switch (type) {
                case INVOICE -> {
                    params.put("InvoiceNumbers", String.join(",", chunk));
                    params.put("where", "Type==\"ACCREC\"");
                }
                case CUSTOMER -> params.put("where", chunk.stream()
                        .map(k -> (k.contains("@") ? "EmailAddress" : "Name") + "==" + quote(k))
                        .collect(Collectors.joining(" OR ")));
                case PRODUCT -> params.put("where", chunk.stream().map(k -> "Code==" + quote(k))
                        .collect(Collectors.joining(" OR ")));
                case PAYMENT -> params.put("where", chunk.stream().map(k -> "Reference==" + quote(k))
                        .collect(Collectors.joining(" OR ")));
            }
            var call = api.get(resource, params, null);
            if (!(call instanceof Call.Answered a && a.ok())) {
                var failed = lookupFailure(call);
                naturalKeys.forEach(k -> out.put(k, failed));
                return out;
            }
            var wanted = new LinkedHashSet<>(chunk);
            for (JsonNode e : a.json().path(resource)) {
                if (!live(type, e)) {
                    continue;
                }
                String id = XeroEntities.id(type, e);
                if (type == RecordType.PRODUCT && id != null && e.hasNonNull("Code")) {
                    itemCodes.put(id, e.get("Code").asText());
                }
                for (String key : keysOf(type, e)) {
                    if (id != null && wanted.contains(key) && !out.containsKey(key)) {
                        out.put(key, new Lookup.Found(id));
                    }
                }
            }
        }
        for (String k : naturalKeys) {
            out.putIfAbsent(k, Lookup.NOT_FOUND);
        }
        return out;
    }

    private static List<String> keysOf(RecordType type, JsonNode e) {
        if (type == RecordType.CUSTOMER) {
            var keys = new ArrayList<String>();
            String email = XeroEntities.naturalKey(type, e);
            if (email != null) {
                keys.add(email);
            }
            if (e.hasNonNull("Name")) {
                keys.add(e.get("Name").asText());
            }
            return keys;
        }
        String k = XeroEntities.naturalKey(type, e);
        return k == null ? List.of() : List.of(k);
    }

    private static boolean live(RecordType type, JsonNode e) {
        return switch (type) {
            case CUSTOMER -> !"ARCHIVED".equals(e.path("ContactStatus").asText()) && !"GDPRREQUEST".equals(
                    e.path("ContactStatus").asText());
            case INVOICE -> !"DELETED".equals(e.path("Status").asText()) && "ACCREC".equals(e.path("Type").asText("ACCREC"));
            case PAYMENT -> !"DELETED".equals(e.path("Status").asText());
            case PRODUCT -> true;
        };
    }

    /** A string literal of Xero's {@code where} (C#-like): quotes and backslashes escaped. */
    static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private Lookup.Failed lookupFailure(Call call) {
        return switch (call) {
            case Call.Answered a -> {
                var c = errors.response(a.status(), a.headers(), a.body(), null, XeroErrors.Organisation.NONE);
                yield new Lookup.Failed(c.error(), c.retryAfter());
            }
            case Call.NotSent n -> new Lookup.Failed(n.error(), n.retryAfter());
            case Call.Lost l -> new Lookup.Failed(SyncError.of(ErrorCode.TIMEOUT).withVendorMessage(l.reason()));
        };
    }

    // ---- what the classifier may read -----------------------------------------------------------------------

    /** Reads for {@link XeroErrors}, at most once per invoice and write call. */
    private final class OrganisationReads implements XeroErrors.Organisation {
        private final Map<String, Optional<XeroErrors.InvoiceState>> invoices = new HashMap<>();

        @Override
        public synchronized Optional<XeroErrors.InvoiceState> invoice(String invoiceId) {
            if (invoiceId == null) {
                return Optional.empty();
            }
            return invoices.computeIfAbsent(invoiceId, id -> {
                var call = api.get("Invoices/" + id, Map.of(), null);
                if (call instanceof Call.Answered a && a.ok() && a.json().path("Invoices").size() > 0) {
                    var inv = a.json().path("Invoices").get(0);
                    JsonNode due = inv.path("AmountDue");
                    return Optional.of(new XeroErrors.InvoiceState(inv.path("InvoiceNumber").asText(null),
                            inv.path("Status").asText(null),
                            due.isNumber() ? due.decimalValue() : new BigDecimal(due.asText("0"))));
                }
                return Optional.empty();
            });
        }
    }
}
