package io.ledgerbridge.sandbox.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One in-memory accounting ledger (a "company"): customers, items, invoices and payments, with the rules a real
 * accounting system enforces, so that every error of the catalogue can happen here:
 *
 * <ul>
 *   <li>an invoice number is unique ({@code DUPLICATE_NUMBER}); item names are unique and may not contain
 *       {@code :} or control characters ({@code DUPLICATE_NAME}, {@code INVALID_NAME}); customer names are unique
 *       ({@code DUPLICATE_NAME});</li>
 *   <li>references must exist ({@code NOT_FOUND}); an invoice or payment dated on or before the closing date is
 *       refused ({@code PERIOD_CLOSED}); a paid invoice cannot be updated ({@code INVOICE_PAID}); a payment cannot
 *       exceed the balance ({@code OVERPAYMENT});</li>
 *   <li>nothing is ever deleted: invoices are voided.</li>
 * </ul>
 *
 * A request id (the idempotency key) replays the first answer, as QuickBooks' {@code requestid} does. Thread-safe.
 */
public final class ReferenceLedger {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String id;
    private final Map<String, ObjectNode> customers = new LinkedHashMap<>();
    private final Map<String, ObjectNode> items = new LinkedHashMap<>();
    private final Map<String, ObjectNode> invoices = new LinkedHashMap<>();
    private final Map<String, ObjectNode> payments = new LinkedHashMap<>();
    private final Map<String, Answer> answered = new HashMap<>();
    /** entity + "." + field → value → first id with that value: the unique checks and lookups read these, not the tables. */
    private final Map<String, Map<String, String>> index = new HashMap<>();
    private static final Map<String, List<String>> INDEXED = Map.of(
            "customer", List.of("name", "email"), "item", List.of("name", "sku"),
            "invoice", List.of("number"), "payment", List.of("reference"));
    private final AtomicLong ids = new AtomicLong(1000);
    private final AtomicInteger writeCalls = new AtomicInteger();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger overlaps = new AtomicInteger();
    private volatile String token;
    private volatile LocalDate closedThrough;

    /** The answer to one operation: HTTP-like status and either the entity or an error. */
    public record Answer(int status, ObjectNode body) {
        public boolean ok() {
            return status < 300;
        }
    }

    public ReferenceLedger(String id, String token) {
        this.id = id;
        this.token = token;
    }

    public String id() {
        return id;
    }

    public boolean authorised(String bearer) {
        return token != null && token.equals(bearer);
    }

    /** Revokes the current token: every call fails with 401 until {@link #issueToken} gives a new one. */
    public void revokeToken() {
        token = null;
    }

    public void issueToken(String newToken) {
        token = newToken;
    }

    /** Closes the books through {@code date} (inclusive); null reopens them. */
    public void closeBooksThrough(LocalDate date) {
        closedThrough = date;
    }

    public synchronized String createItem(String sku, String name) {
        var answer = create("item", item(sku, name));
        if (!answer.ok()) {
            throw new IllegalArgumentException(answer.body().toString());
        }
        return answer.body().get("id").asText();
    }

    public static ObjectNode item(String sku, String name) {
        return JSON.objectNode().put("sku", sku).put("name", name);
    }

    /** Applies one operation; a request id seen before replays the first answer without applying anything. */
    public synchronized Answer apply(String requestId, String op, String entity, String targetId, JsonNode data) {
        if (requestId != null && answered.containsKey(requestId)) {
            return answered.get(requestId);
        }
        writeCalls.incrementAndGet();
        Answer answer;
        try {
            answer = switch (op) {
                case "create" -> create(entity, (ObjectNode) data);
                case "update" -> update(entity, targetId, (ObjectNode) data);
                case "void" -> voidIt(entity, targetId);
                default -> error(400, "BAD_REQUEST", "unknown operation '" + op + "'", Map.of());
            };
        } catch (RuntimeException e) {
            answer = error(400, "BAD_REQUEST", "invalid " + entity + ": " + e.getMessage(), Map.of());
        }
        if (requestId != null && answer.status() != 401 && answer.status() < 500) {
            answered.put(requestId, answer);
        }
        return answer;
    }

    private Answer create(String entity, ObjectNode data) {
        return switch (entity) {
            case "customer" -> {
                String name = text(data, "name");
                if (indexed("customer", "name", name) != null) {
                    yield error(400, "DUPLICATE_NAME", "Another customer is already using the name " + name, Map.of("name", name, "entity", "customer"));
                }
                yield store("customer", data);
            }
            case "item" -> {
                String name = text(data, "name");
                if (name.contains(":") || name.chars().anyMatch(Character::isISOControl)) {
                    yield error(400, "INVALID_NAME", "The name " + name + " contains characters that are not allowed", Map.of("name", name));
                }
                if (indexed("item", "name", name) != null) {
                    yield error(400, "DUPLICATE_NAME", "Another item is already using the name " + name, Map.of("name", name, "entity", "item"));
                }
                yield store("item", data);
            }
            case "invoice" -> {
                var refused = checkInvoice(data);
                if (refused != null) {
                    yield refused;
                }
                String number = text(data, "number");
                var existing = indexed("invoice", "number", number);
                if (existing != null) {
                    yield error(400, "DUPLICATE_NUMBER", "Invoice number " + number + " is already used by invoice "
                            + existing, Map.of("number", number));
                }
                data.put("total", total(data)).put("balance", total(data)).put("voided", false);
                yield store("invoice", data);
            }
            case "payment" -> {
                String invoiceId = text(data, "invoiceId");
                var invoice = invoices.get(invoiceId);
                if (invoice == null) {
                    yield error(400, "NOT_FOUND", "No invoice " + invoiceId, Map.of("invoiceId", invoiceId));
                }
                var closed = closed(text(data, "date"));
                if (closed != null) {
                    yield closed;
                }
                var amount = new BigDecimal(text(data, "amount"));
                var balance = invoice.get("balance").decimalValue();
                if (amount.compareTo(balance) > 0) {
                    yield error(400, "OVERPAYMENT", "Payment amount exceeds the amount outstanding on this document",
                            Map.of("amount", amount.toPlainString(), "outstanding", balance.toPlainString(),
                                    "number", invoice.get("number").asText()));
                }
                invoice.put("balance", balance.subtract(amount));
                yield store("payment", data);
            }
            default -> error(404, "NOT_FOUND", "unknown entity " + entity, Map.of());
        };
    }

    private Answer update(String entity, String targetId, ObjectNode data) {
        var table = table(entity);
        var current = table == null ? null : table.get(targetId);
        if (current == null) {
            return error(404, "NOT_FOUND", "No " + entity + " " + targetId, Map.of("id", String.valueOf(targetId)));
        }
        if ("invoice".equals(entity)) {
            var refused = checkInvoice(data);
            if (refused != null) {
                return refused;
            }
            if (current.get("balance").decimalValue().compareTo(current.get("total").decimalValue()) < 0) {
                return error(400, "INVOICE_PAID", "Invoice " + current.get("number").asText()
                        + " has a payment applied and cannot be updated", Map.of("number", current.get("number").asText()));
            }
            data.put("total", total(data)).put("balance", total(data)).put("voided", current.get("voided").asBoolean());
        }
        data.put("id", targetId);
        unindex(entity, current);
        table.put(targetId, data);
        reindex(entity, data);
        return new Answer(200, data.deepCopy());
    }

    private Answer voidIt(String entity, String targetId) {
        var table = table(entity);
        var current = table == null ? null : table.get(targetId);
        if (current == null) {
            return error(404, "NOT_FOUND", "No " + entity + " " + targetId, Map.of("id", String.valueOf(targetId)));
        }
        current.put("voided", true).put("balance", BigDecimal.ZERO);
        return new Answer(200, current.deepCopy());
    }

    private Answer checkInvoice(ObjectNode data) {
        String customerId = text(data, "customerId");
        if (!customers.containsKey(customerId)) {
            return error(400, "NOT_FOUND", "No customer " + customerId, Map.of("customerId", customerId));
        }
        var lines = data.get("lines");
        if (lines == null || !lines.isArray() || lines.isEmpty()) {
            return error(400, "BAD_REQUEST", "An invoice needs at least one line", Map.of());
        }
        for (var line : lines) {
            String itemId = text(line, "itemId");
            if (!items.containsKey(itemId)) {
                return error(400, "NOT_FOUND", "No item " + itemId, Map.of("itemId", itemId));
            }
        }
        return closed(text(data, "date"));
    }

    private Answer closed(String date) {
        var close = closedThrough;
        if (close != null && !LocalDate.parse(date).isAfter(close)) {
            return error(400, "PERIOD_CLOSED", "The books are closed through " + close,
                    Map.of("date", date, "closedThrough", close.toString()));
        }
        return null;
    }

    private static BigDecimal total(ObjectNode invoice) {
        var sum = BigDecimal.ZERO;
        for (var line : invoice.get("lines")) {
            sum = sum.add(new BigDecimal(text(line, "quantity")).multiply(new BigDecimal(text(line, "unitPrice"))));
        }
        return sum.setScale(2, java.math.RoundingMode.HALF_UP);
    }

    private Answer store(String entity, ObjectNode data) {
        String newId = String.valueOf(ids.incrementAndGet());
        data.put("id", newId);
        table(entity).put(newId, data);
        reindex(entity, data);
        return new Answer(201, data.deepCopy());
    }

    private String indexed(String entity, String field, String value) {
        var m = index.get(entity + "." + field);
        return m == null ? null : m.get(value);
    }

    private void reindex(String entity, ObjectNode data) {
        for (var field : INDEXED.getOrDefault(entity, List.of())) {
            var v = data.get(field);
            if (v != null && !v.isNull()) {
                index.computeIfAbsent(entity + "." + field, k -> new HashMap<>()).putIfAbsent(v.asText(), data.get("id").asText());
            }
        }
    }

    private void unindex(String entity, ObjectNode data) {
        for (var field : INDEXED.getOrDefault(entity, List.of())) {
            var v = data.get(field);
            var m = index.get(entity + "." + field);
            if (v != null && m != null && data.get("id").asText().equals(m.get(v.asText()))) {
                m.remove(v.asText());
            }
        }
    }

    private Map<String, ObjectNode> table(String entity) {
        return switch (entity) {
            case "customer" -> customers;
            case "item" -> items;
            case "invoice" -> invoices;
            case "payment" -> payments;
            default -> null;
        };
    }

    private static Answer error(int status, String code, String message, Map<String, String> details) {
        var body = JSON.objectNode();
        var err = body.putObject("error").put("code", code).put("message", message);
        var d = err.putObject("details");
        details.forEach(d::put);
        return new Answer(status, body);
    }

    private static String text(JsonNode node, String field) {
        var v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return v.asText();
    }

    /** Ids of entities whose {@code field} equals one of {@code values} exactly (case-sensitive). */
    public synchronized Map<String, String> lookup(String entity, String field, List<String> values) {
        var out = new LinkedHashMap<String, String>();
        var table = table(entity);
        if (table == null) {
            return out;
        }
        if (INDEXED.getOrDefault(entity, List.of()).contains(field)) {
            for (var v : values) {
                var id = indexed(entity, field, v);
                if (id != null) {
                    out.put(v, id);
                }
            }
            return out;
        }
        for (var e : table.values()) {
            var v = e.get(field);
            if (v != null && values.contains(v.asText())) {
                out.putIfAbsent(v.asText(), e.get("id").asText());
            }
        }
        return out;
    }

    // ---- Inspection, for tests and the console ----------------------------------------------------------------

    public synchronized List<ObjectNode> list(String entity) {
        var table = table(entity);
        return table == null ? List.of() : table.values().stream().map(ObjectNode::deepCopy).toList();
    }

    public synchronized int count(String entity) {
        var table = table(entity);
        return table == null ? 0 : table.size();
    }

    public synchronized int countWhere(String entity, String field, String value) {
        var table = table(entity);
        return table == null ? 0 : (int) table.values().stream()
                .filter(e -> e.get(field) != null && Objects.equals(e.get(field).asText(), value)).count();
    }

    public synchronized ObjectNode get(String entity, String entityId) {
        var table = table(entity);
        var e = table == null ? null : table.get(entityId);
        return e == null ? null : e.deepCopy();
    }

    /** Invoice numbers that exist more than once (never, if the sync is right). */
    public synchronized List<String> duplicateInvoiceNumbers() {
        var counts = new HashMap<String, Integer>();
        invoices.values().forEach(i -> counts.merge(i.get("number").asText(), 1, Integer::sum));
        var out = new ArrayList<String>();
        counts.forEach((n, c) -> {
            if (c > 1) out.add(n);
        });
        return out;
    }

    /** Operations applied (replays of a request id not counted). */
    public int writeCalls() {
        return writeCalls.get();
    }

    /** Calls in which a record was already being written by another call at the same moment (never, if the sync is right). */
    public int overlappingWrites() {
        return overlaps.get();
    }

    void enter(List<String> recordKeys) {
        for (var k : recordKeys) {
            if (inFlight.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
        }
    }

    void leave(List<String> recordKeys) {
        for (var k : recordKeys) {
            inFlight.get(k).decrementAndGet();
        }
    }
}
