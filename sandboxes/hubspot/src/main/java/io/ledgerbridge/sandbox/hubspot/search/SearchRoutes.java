package io.ledgerbridge.sandbox.hubspot.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.ledgerbridge.sandbox.hubspot.ApiRequest;
import io.ledgerbridge.sandbox.hubspot.HubSpotException;
import io.ledgerbridge.sandbox.hubspot.Json;
import io.ledgerbridge.sandbox.hubspot.Portal;
import io.ledgerbridge.sandbox.hubspot.SandboxSettings;
import io.ledgerbridge.sandbox.hubspot.crm.CrmJson;
import io.ledgerbridge.sandbox.hubspot.crm.ObjectType;
import io.ledgerbridge.sandbox.hubspot.crm.SandboxObject;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * {@code POST /crm/v3/objects/{objectType}/search} (spec {@code PublicObjectSearchRequest}, API_FACTS C.1): filters in
 * a group are ANDed, groups are ORed; {@code sorts} as {@code [{propertyName, direction}]} or {@code ["name"]};
 * {@code limit} ≤ 200 (default 10); {@code after} is an offset cursor; response {@code {total, results, paging.next.after}}.
 */
public final class SearchRoutes {
    private final SandboxSettings settings;
    private final Clock clock;

    public SearchRoutes(SandboxSettings settings) {
        this.settings = settings;
        this.clock = settings.clock();
    }

    private record Sort(String propertyName, boolean descending) {}

    public void search(Context ctx) {
        ObjectType type = ObjectType.parse(ctx.pathParam("objectType"));
        ApiRequest.requireScope(ctx, type.scope() + ".read");
        Portal portal = ApiRequest.portal(ctx);
        JsonNode body = ApiRequest.body(ctx);

        int limit = body.path("limit").asInt(10);
        if (limit < 1 || limit > settings.searchLimit()) {
            throw HubSpotException.validation("limit must be between 1 and " + settings.searchLimit() + ", was " + limit);
        }
        int after = 0;
        if (body.hasNonNull("after") && !body.get("after").asText().isEmpty()) {
            try {
                after = Integer.parseInt(body.get("after").asText());
            } catch (NumberFormatException e) {
                throw HubSpotException.validation("Invalid paging cursor: " + body.get("after").asText());
            }
        }
        if (after + limit > settings.searchMaxResults()) {
            throw HubSpotException.validation("Search results are limited to " + settings.searchMaxResults() + " records per query; narrow the filters");
        }
        String query = body.path("query").asText("");
        if (query.length() > 3000) throw HubSpotException.validation("query must be at most 3000 characters");

        List<List<Filter>> groups = filterGroups(body.get("filterGroups"));
        List<Sort> sorts = sorts(body.get("sorts"));
        Instant visibleBefore = clock.instant().minus(settings.searchIndexLag());

        Predicate<SandboxObject> matches = o -> groups.isEmpty() || groups.stream().anyMatch(g -> g.stream().allMatch(f -> f.matches(o)));
        Predicate<SandboxObject> indexed = o -> settings.searchIndexLag().isZero() || !o.createdAt().isAfter(visibleBefore);
        List<SandboxObject> found = new ArrayList<>(portal.store().list(type, false).stream()
                .filter(indexed).filter(matches).filter(o -> matchesQuery(o, query)).toList());
        found.sort(comparator(sorts));

        ObjectNode out = Json.object();
        out.put("total", found.size());
        ArrayNode results = out.putArray("results");
        List<String> properties = ApiRequest.strings(body.get("properties"));
        found.stream().skip(after).limit(limit).forEach(o -> results.add(CrmJson.render(o, properties, null, null)));
        if (after + limit < found.size()) {
            out.putObject("paging").putObject("next").put("after", Integer.toString(after + limit));
        }
        ctx.json(out);
    }

    private List<List<Filter>> filterGroups(JsonNode node) {
        List<List<Filter>> groups = new ArrayList<>();
        if (node == null || !node.isArray()) return groups;
        if (node.size() > settings.searchMaxFilterGroups()) {
            throw HubSpotException.validation("Too many filter groups: " + node.size() + " (max " + settings.searchMaxFilterGroups() + ")");
        }
        int total = 0;
        for (JsonNode g : node) {
            List<Filter> filters = new ArrayList<>();
            JsonNode fs = g.get("filters");
            if (fs != null && fs.isArray()) {
                if (fs.size() > settings.searchMaxFiltersPerGroup()) {
                    throw HubSpotException.validation("Too many filters in a group: " + fs.size() + " (max " + settings.searchMaxFiltersPerGroup() + ")");
                }
                for (JsonNode f : fs) filters.add(filter(f));
            }
            total += filters.size();
            groups.add(filters);
        }
        if (total > 18) throw HubSpotException.validation("Too many filters: " + total + " (max 18)");
        return groups;
    }

    private static Filter filter(JsonNode f) {
        String op = f.path("operator").asText("EQ");
        Filter.Operator operator;
        try {
            operator = Filter.Operator.valueOf(op);
        } catch (IllegalArgumentException e) {
            throw HubSpotException.validation("Unknown filter operator: " + op);
        }
        List<String> values = ApiRequest.strings(f.get("values"));
        return new Filter(f.path("propertyName").asText(null), operator, text(f.get("value")), text(f.get("highValue")), values);
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static List<Sort> sorts(JsonNode node) {
        List<Sort> sorts = new ArrayList<>();
        if (node == null || !node.isArray()) return sorts;
        for (JsonNode s : node) {
            if (s.isTextual()) {
                String t = s.asText();
                sorts.add(t.startsWith("-") ? new Sort(t.substring(1), true) : new Sort(t, false));
            } else {
                sorts.add(new Sort(s.path("propertyName").asText(), "DESCENDING".equalsIgnoreCase(s.path("direction").asText())));
            }
        }
        return sorts;
    }

    private static Comparator<SandboxObject> comparator(List<Sort> sorts) {
        Comparator<SandboxObject> c = (a, b) -> 0;
        for (Sort s : sorts) {
            Comparator<SandboxObject> one = (a, b) -> {
                String va = a.properties().get(s.propertyName()), vb = b.properties().get(s.propertyName());
                if (va == null || vb == null) return va == null ? (vb == null ? 0 : 1) : -1; // unset last either way
                int r = Filter.compare(va, vb);
                return s.descending() ? -r : r;
            };
            c = c.thenComparing(one);
        }
        return c.thenComparingLong(o -> Long.parseLong(o.id()));
    }

    private static boolean matchesQuery(SandboxObject o, String query) {
        if (query.isBlank()) return true;
        String q = query.toLowerCase(Locale.ROOT);
        List<String> searchable = new ArrayList<>(o.type().defaultProperties());
        searchable.addAll(List.of("hs_number", "hs_title", "hs_sku", "email", "firstname", "lastname", "name", "domain"));
        return searchable.stream().map(o.properties()::get).filter(v -> v != null)
                .anyMatch(v -> v.toLowerCase(Locale.ROOT).contains(q));
    }
}
