package io.ledgerbridge.sandbox.xero.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.sandbox.xero.organisation.Resource;
import io.ledgerbridge.sandbox.xero.wire.XeroDates;
import io.ledgerbridge.sandbox.xero.wire.XeroJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The query of a GET on a collection (xero_accounting.yaml GET /Invoices, /Contacts, /Items, /Payments, … parameters;
 * API_FACTS B.1): {@code If-Modified-Since} (by UpdatedDateUTC), {@code where}, {@code order}, {@code IDs},
 * {@code InvoiceNumbers}, {@code ContactIDs}, {@code Statuses}, {@code includeArchived} (contacts), {@code page} and
 * {@code pageSize} where the spec has them. Query parameter names are matched without regard to case.
 */
public record ListQuery(Resource resource, Instant modifiedSince, Predicate<JsonNode> where, String order,
                        Set<String> ids, Set<String> invoiceNumbers, Set<String> contactIds, Set<String> statuses,
                        boolean includeArchived, Integer page, int pageSize) {
    /** pageSize beyond this is cut to it (design choice: developer.xero.com paging guide allows up to 1000). */
    public static final int MAX_PAGE_SIZE = 1000;

    public static ListQuery of(Resource resource, Map<String, List<String>> params, String ifModifiedSince) {
        Function<String, String> p = name -> params.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream()).filter(v -> !v.isBlank()).findFirst().orElse(null);
        Instant since = null;
        if (ifModifiedSince != null && !ifModifiedSince.isBlank()) {
            since = XeroDates.parseInstant(ifModifiedSince);
        }
        String where = p.apply("where");
        Predicate<JsonNode> filter = where == null ? n -> true : Where.parse(where);
        Integer page = null;
        int pageSize = resource.pageSize();
        if (resource.pages() && p.apply("page") != null) {
            page = Math.max(1, Integer.parseInt(p.apply("page").trim()));
            if (p.apply("pageSize") != null) {
                pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Integer.parseInt(p.apply("pageSize").trim())));
            }
        }
        return new ListQuery(resource, since, filter, p.apply("order"), csv(p.apply("IDs")), csv(p.apply("InvoiceNumbers")),
                csv(p.apply("ContactIDs")), csv(p.apply("Statuses")), Boolean.parseBoolean(p.apply("includeArchived")), page, pageSize);
    }

    private static Set<String> csv(String value) {
        if (value == null) {
            return Set.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
    }

    /** The selected entities, ordered, and the page asked for. */
    public Result run(List<ObjectNode> all) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode n : all) {
            if (modifiedSince != null && n.has("UpdatedDateUTC")
                    && XeroDates.parseInstant(n.get("UpdatedDateUTC").asText()).isBefore(modifiedSince)) {
                continue;
            }
            if (!ids.isEmpty() && !ids.contains(n.path(resource.idField()).asText().toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (!invoiceNumbers.isEmpty() && !invoiceNumbers.contains(n.path("InvoiceNumber").asText().toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (!contactIds.isEmpty() && !contactIds.contains(n.path("Contact").path("ContactID").asText().toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (!statuses.isEmpty() && !statuses.contains(n.path("Status").asText().toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (resource == Resource.CONTACTS && !includeArchived && "ARCHIVED".equals(XeroJson.text(n, "ContactStatus"))) {
                continue;
            }
            if (!where.test(n)) {
                continue;
            }
            out.add(n);
        }
        if (order != null) {
            out.sort(comparator(order));
        }
        int itemCount = out.size();
        if (page == null) {
            return new Result(out, null);
        }
        int from = Math.min(itemCount, (page - 1) * pageSize);
        int to = Math.min(itemCount, from + pageSize);
        int pageCount = (itemCount + pageSize - 1) / pageSize;
        return new Result(new ArrayList<>(out.subList(from, to)), new Pagination(page, pageSize, pageCount, itemCount));
    }

    /** {@code order=Name ASC, UpdatedDateUTC DESC}. */
    static Comparator<ObjectNode> comparator(String order) {
        Comparator<ObjectNode> c = null;
        for (String part : order.split(",")) {
            String[] words = part.trim().split("\\s+");
            if (words[0].isEmpty()) {
                continue;
            }
            String field = words[0];
            boolean desc = words.length > 1 && words[1].equalsIgnoreCase("DESC");
            Comparator<ObjectNode> one = (a, b) -> Where.order(Where.value(XeroJson.at(a, field)), Where.value(XeroJson.at(b, field)));
            if (desc) {
                one = one.reversed();
            }
            c = c == null ? one : c.thenComparing(one);
        }
        return c == null ? (a, b) -> 0 : c;
    }

    /** xero_accounting.yaml #/components/schemas/Pagination. */
    public record Pagination(int page, int pageSize, int pageCount, int itemCount) {}

    public record Result(List<ObjectNode> items, Pagination pagination) {}
}
