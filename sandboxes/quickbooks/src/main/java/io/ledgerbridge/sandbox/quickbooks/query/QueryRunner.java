package io.ledgerbridge.sandbox.quickbooks.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.sandbox.quickbooks.entity.Books;
import io.ledgerbridge.sandbox.quickbooks.entity.EntityType;
import io.ledgerbridge.sandbox.quickbooks.query.Query.Condition;
import io.ledgerbridge.sandbox.quickbooks.query.Query.Literal;
import io.ledgerbridge.sandbox.quickbooks.query.Query.Order;
import io.ledgerbridge.sandbox.quickbooks.wire.Json;
import io.ledgerbridge.sandbox.quickbooks.wire.QboTime;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Runs a {@link Query} over a realm's books and builds the QueryResponse of IntuitRestServiceDef.xsd:
 * {@code {"Customer":[…],"startPosition":1,"maxResults":n,"totalCount":n}} (API_FACTS A.3).
 *
 * <p>Comparison: references compare by their {@code value}; numbers numerically; date-times as instants; text
 * without regard to case (design choice, see README).
 */
public final class QueryRunner {
    /**
     * Name lists answer with active entities only unless the query names Active, e.g.
     * {@code where Active in (true, false)} (minimul/qbo_api#111 [2ND]; TaxCode returns both there).
     */
    private static final Set<EntityType> ACTIVE_BY_DEFAULT = EnumSet.of(EntityType.CUSTOMER, EntityType.ITEM, EntityType.ACCOUNT);

    private QueryRunner() {}

    public static ObjectNode run(Books books, String queryText) {
        return run(books, QueryParser.parse(queryText));
    }

    public static ObjectNode run(Books books, Query query) {
        boolean activeOnly = ACTIVE_BY_DEFAULT.contains(query.entity())
                && query.where().stream().noneMatch(c -> c.path().equalsIgnoreCase("Active"));
        List<ObjectNode> matches = books.locked(() -> {
            List<ObjectNode> found = new ArrayList<>();
            for (ObjectNode entity : books.all(query.entity())) {
                if (activeOnly && !entity.path("Active").asBoolean(true)) {
                    continue;
                }
                if (query.where().stream().allMatch(c -> matches(entity, c))) {
                    found.add(entity.deepCopy());
                }
            }
            return found;
        });
        ObjectNode response = Json.object();
        if (query.count()) {
            response.put("totalCount", matches.size());
            return response;
        }
        matches.sort(ordering(query.orderBy()));
        int from = Math.min(matches.size(), query.startPosition() - 1);
        int to = Math.min(matches.size(), from + query.maxResults());
        List<ObjectNode> page = matches.subList(from, to);
        if (page.isEmpty()) {
            return response; // QuickBooks answers an empty result with an empty QueryResponse
        }
        ArrayNode list = response.putArray(query.entity().entityName());
        page.forEach(e -> list.add(query.fields().isEmpty() ? e : project(e, query.fields())));
        response.put("startPosition", query.startPosition());
        response.put("maxResults", page.size());
        response.put("totalCount", matches.size());
        return response;
    }

    private static ObjectNode project(ObjectNode entity, List<String> fields) {
        ObjectNode out = Json.object();
        for (String field : fields) {
            String top = field.contains(".") ? field.substring(0, field.indexOf('.')) : field;
            Map.Entry<String, JsonNode> e = fieldIgnoringCase(entity, top);
            if (e != null) {
                out.set(e.getKey(), e.getValue());
            }
        }
        out.put("domain", "QBO");
        out.put("sparse", true);
        for (String f : new String[] {"Id", "SyncToken", "MetaData"}) {
            if (entity.has(f)) {
                out.set(f, entity.get(f));
            }
        }
        return out;
    }

    static boolean matches(ObjectNode entity, Condition c) {
        JsonNode value = resolve(entity, c.path());
        if (value == null || value.isNull() || value.isMissingNode()) {
            return c.operator() == Query.Operator.NE;
        }
        return switch (c.operator()) {
            case EQ -> compare(value, c.values().getFirst()) == 0;
            case NE -> compare(value, c.values().getFirst()) != 0;
            case LT -> compare(value, c.values().getFirst()) < 0;
            case LE -> compare(value, c.values().getFirst()) <= 0;
            case GT -> compare(value, c.values().getFirst()) > 0;
            case GE -> compare(value, c.values().getFirst()) >= 0;
            case IN -> c.values().stream().anyMatch(v -> compare(value, v) == 0);
            case LIKE -> like(value.asText(), c.values().getFirst().text());
        };
    }

    /** Follows a dotted path, field names matched without regard to case; a ReferenceType yields its value, an email its Address. */
    static JsonNode resolve(JsonNode node, String path) {
        JsonNode current = node;
        for (String part : path.split("\\.")) {
            if (current == null || !current.isObject()) {
                return null;
            }
            Map.Entry<String, JsonNode> e = fieldIgnoringCase((ObjectNode) current, part);
            current = e == null ? null : e.getValue();
        }
        if (current != null && current.isObject()) {
            // A ReferenceType compares by its value; EmailAddress, TelephoneNumber and WebSiteAddress by their one
            // field, so "where PrimaryEmailAddr = 'a@b.c'" works as in QuickBooks.
            for (String inner : new String[] {"value", "Address", "FreeFormNumber", "URI"}) {
                if (current.has(inner)) {
                    return current.get(inner);
                }
            }
        }
        return current;
    }

    private static Map.Entry<String, JsonNode> fieldIgnoringCase(ObjectNode node, String name) {
        if (node.has(name)) {
            return Map.entry(name, node.get(name));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e;
            }
        }
        return null;
    }

    private static int compare(JsonNode value, Literal literal) {
        return compareText(value.isNumber() ? value.decimalValue().toPlainString() : value.asText(), literal.text());
    }

    static int compareText(String a, String b) {
        Optional<BigDecimal> na = number(a);
        Optional<BigDecimal> nb = number(b);
        if (na.isPresent() && nb.isPresent()) {
            return na.get().compareTo(nb.get());
        }
        if (looksTemporal(a) && looksTemporal(b)) {
            Optional<Instant> ta = QboTime.parseInstant(a);
            Optional<Instant> tb = QboTime.parseInstant(b);
            if (ta.isPresent() && tb.isPresent()) {
                return ta.get().compareTo(tb.get());
            }
        }
        return a.compareToIgnoreCase(b);
    }

    private static boolean looksTemporal(String s) {
        return s.length() >= 10 && s.charAt(4) == '-' && s.charAt(7) == '-';
    }

    private static Optional<BigDecimal> number(String s) {
        if (s == null || s.isEmpty() || !s.matches("-?\\d+(\\.\\d+)?")) {
            return Optional.empty();
        }
        return Optional.of(new BigDecimal(s));
    }

    private static boolean like(String value, String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char ch : pattern.toCharArray()) {
            regex.append(ch == '%' ? ".*" : Pattern.quote(String.valueOf(ch)));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL).matcher(value).matches();
    }

    private static Comparator<ObjectNode> ordering(List<Order> orderBy) {
        Comparator<ObjectNode> byId = Comparator.comparing(e -> e.path("Id").asText(),
                (a, b) -> compareText(a, b));
        if (orderBy.isEmpty()) {
            return byId;
        }
        Comparator<ObjectNode> result = null;
        for (Order order : orderBy) {
            Comparator<ObjectNode> one = (x, y) -> {
                JsonNode a = resolve(x, order.path());
                JsonNode b = resolve(y, order.path());
                String sa = a == null || a.isNull() ? "" : a.asText();
                String sb = b == null || b.isNull() ? "" : b.asText();
                return compareText(sa.toLowerCase(Locale.ROOT), sb.toLowerCase(Locale.ROOT));
            };
            if (order.descending()) {
                one = one.reversed();
            }
            result = result == null ? one : result.thenComparing(one);
        }
        return result.thenComparing(byId);
    }
}
