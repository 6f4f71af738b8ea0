package io.ledgerbridge.connector.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerbridge.connector.Source;
import io.ledgerbridge.connector.hubspot.HubSpotApi.Call;
import io.ledgerbridge.domain.record.Customer;
import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.InvoiceLine;
import io.ledgerbridge.domain.record.InvoiceStatus;
import io.ledgerbridge.domain.record.Product;
import io.ledgerbridge.domain.record.SourceRecord;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * HubSpot as a source: invoices with their line items (SKU, quantity, price), their contact, and products, read in
 * batches and turned into canonical records. Two ways in:
 * <ul>
 *   <li>{@link #read(Changed)}: what webhook events named (the fast path). An event only says "object X changed", so
 *       the objects are read back: associations ({@code /crm/v4/associations/…/batch/read}) and objects
 *       ({@code /crm/v3/objects/…/batch/read}), 100 ids a call, whatever the number of events.</li>
 *   <li>{@link #changesSince}: search by {@code hs_lastmodifieddate} (the safety net), 200 a page, enriched the same
 *       way.</li>
 * </ul>
 * Records come out customers first, then products, then invoices, so an invoice's contact is always received before
 * it. {@code writtenBy} is set from {@code hs_object_source}: records an integration (Ledgerbridge included) created
 * are skipped by flows with "Skip Integration Source" on. Archived (deleted) objects are left out: deletions are not
 * synced.
 *
 * <p>Thread-safety: safe for concurrent use, but a caller that reads the same connection from several threads must
 * order the results itself (a slower read could store an older version after a newer one).
 */
public final class HubSpotSource implements Source {

    static final List<String> INVOICE_PROPERTIES = List.of("hs_number", "hs_invoice_status", "hs_currency",
            "hs_invoice_date", "hs_due_date", "hs_comments", "hs_createdate", "hs_lastmodifieddate", "hs_object_source",
            "hs_object_source_id", "hs_object_source_label");
    static final List<String> LINE_PROPERTIES = List.of("name", "description", "quantity", "price", "hs_sku",
            "hs_product_id", "hs_tax_rate_group_id", "hs_position_on_quote");
    static final List<String> CONTACT_PROPERTIES = List.of("email", "firstname", "lastname", "company", "phone",
            "lastmodifieddate", "hs_object_source", "hs_object_source_id", "hs_object_source_label");
    static final List<String> PRODUCT_PROPERTIES = List.of("name", "hs_sku", "price", "description",
            "hs_lastmodifieddate", "hs_object_source", "hs_object_source_id", "hs_object_source_label");
    /** API_FACTS C.1: a search page holds at most 200 records. */
    static final int SEARCH_PAGE = 200;

    private final HubSpotApi api;
    private final HubSpotSettings settings;
    private final Clock clock;
    private final RollingPace searchPace;

    HubSpotSource(HubSpotApi api, HubSpotSettings settings, Clock clock) {
        this.api = api;
        this.settings = settings;
        this.clock = clock;
        this.searchPace = RollingPace.ofSearch(String.valueOf(settings.baseUrl()), settings.portalId());
    }

    /** Ids named by webhook events, per object type. */
    public record Changed(Set<String> invoices, Set<String> lineItems, Set<String> contacts, Set<String> products) {
        public Changed {
            invoices = Set.copyOf(invoices);
            lineItems = Set.copyOf(lineItems);
            contacts = Set.copyOf(contacts);
            products = Set.copyOf(products);
        }

        public boolean isEmpty() {
            return invoices.isEmpty() && lineItems.isEmpty() && contacts.isEmpty() && products.isEmpty();
        }
    }

    /**
     * Reads the records that webhook events named: changed invoices; the invoices of changed line items; changed
     * contacts that have invoices; changed products; and, for every invoice, its contact, line items and products.
     *
     * @throws IllegalStateException when HubSpot cannot be read now (the delivery should be answered with an error
     *                               so that HubSpot sends it again)
     */
    public List<SourceRecord> read(Changed changed) {
        if (changed.isEmpty()) {
            return List.of();
        }
        var invoiceIds = new LinkedHashSet<>(changed.invoices());
        var linesOf = associations("invoices", "line_items", invoiceIds);
        var covered = new java.util.HashSet<String>();
        linesOf.values().forEach(covered::addAll);
        var orphans = changed.lineItems().stream().filter(l -> !covered.contains(l)).toList();
        if (!orphans.isEmpty()) {
            var parents = new LinkedHashSet<String>();
            associations("line_items", "invoices", orphans).values().forEach(parents::addAll);
            parents.removeAll(invoiceIds);
            linesOf.putAll(associations("invoices", "line_items", parents));
            invoiceIds.addAll(parents);
        }
        var invoices = objects("invoices", invoiceIds, invoiceProperties());
        return assemble(invoices, linesOf, changed.contacts(), changed.products());
    }

    /**
     * Invoices, products and contacts modified after the cursor (search on {@code hs_lastmodifieddate}, or
     * {@code lastmodifieddate} for contacts), each type with its own position in the cursor and at most
     * {@code min(limit, 200)} records a type per call. Contacts without invoices are left out.
     *
     * <p>A position is a millisecond: the next search asks for what changed after it. When a page is full, the
     * records of its newest millisecond may go on beyond the page, so that millisecond is then read on its own, by
     * {@code hs_object_id} ({@code t:afterId}), before moving on: no record is skipped, however many share a
     * millisecond. A page that is not full moves the position to one millisecond before its newest record (that
     * millisecond is read again next time, in case something more was written in it), and never closer to now than
     * the search index lag.
     */
    @Override
    public Changes changesSince(String cursor, int limit) {
        var position = Cursor.parse(cursor);
        int page = Math.max(1, Math.min(limit, SEARCH_PAGE));
        long horizon = clock.instant().minus(settings.searchLag()).toEpochMilli();
        var invoices = page("invoices", "hs_lastmodifieddate", position.invoices(), page, invoiceProperties(), horizon);
        var products = page("products", "hs_lastmodifieddate", position.products(), page, PRODUCT_PROPERTIES, horizon);
        var contacts = page("contacts", "lastmodifieddate", position.contacts(), page, CONTACT_PROPERTIES, horizon);

        var invoiceMap = new LinkedHashMap<String, JsonNode>();
        invoices.results().forEach(r -> invoiceMap.put(r.path("id").asText(), r));
        var linesOf = associations("invoices", "line_items", invoiceMap.keySet());
        var productIds = new LinkedHashSet<String>();
        products.results().forEach(p -> productIds.add(p.path("id").asText()));
        var contactIds = new LinkedHashSet<String>();
        contacts.results().forEach(c -> contactIds.add(c.path("id").asText()));
        var records = assemble(invoiceMap, linesOf, contactIds, productIds);

        var next = new Cursor(invoices.next(), products.next(), contacts.next());
        return new Changes(records, next.toString(), invoices.more() || products.more() || contacts.more());
    }

    /**
     * For a historical import: invoices whose {@code hs_invoice_date} is in the range (a date property, filtered in
     * epoch milliseconds at midnight UTC, API_FACTS C.1), read by search in {@code hs_object_id} order. The cursor is
     * the last id read, and each page asks for ids after it: pages never shift when records change meanwhile, and the
     * search's 10,000-results ceiling for one query never applies. Each page comes with the invoices' contacts, line
     * items and products, as {@link #read} assembles them.
     */
    @Override
    public java.util.Optional<History> history() {
        return java.util.Optional.of(new History() {
            @Override
            public long countInvoices(Range range) {
                var body = rangeQuery(range, null, 1);
                var a = answered(searchPaced("invoices", body), "invoices search");
                return a.json().path("total").asLong(-1);
            }

            @Override
            public Changes page(Range range, String cursor, int limit) {
                int page = Math.max(1, Math.min(limit, SEARCH_PAGE));
                var found = results("invoices", rangeQuery(range, cursor, page));
                var invoiceMap = new LinkedHashMap<String, JsonNode>();
                found.forEach(r -> invoiceMap.put(r.path("id").asText(), r));
                var linesOf = associations("invoices", "line_items", invoiceMap.keySet());
                var records = assemble(invoiceMap, linesOf, List.of(), List.of());
                String next = found.isEmpty() ? cursor : found.getLast().path("id").asText();
                return new Changes(records, next, found.size() == page);
            }
        });
    }

    private com.fasterxml.jackson.databind.node.ObjectNode rangeQuery(Range range, String afterId, int limit) {
        var body = HubSpotApi.JSON.createObjectNode();
        var props = body.putArray("properties");
        invoiceProperties().forEach(props::add);
        body.put("limit", limit);
        var filters = body.putArray("filterGroups").addObject().putArray("filters");
        long from = range.from().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long to = range.to().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() - 1;
        filters.addObject().put("propertyName", "hs_invoice_date").put("operator", "GTE").put("value", String.valueOf(from));
        filters.addObject().put("propertyName", "hs_invoice_date").put("operator", "LTE").put("value", String.valueOf(to));
        if (afterId != null) {
            filters.addObject().put("propertyName", "hs_object_id").put("operator", "GT").put("value", afterId);
        }
        body.putArray("sorts").addObject().put("propertyName", "hs_object_id").put("direction", "ASCENDING");
        return body;
    }

    /** Builds customers, products and invoices from invoices already read, plus the contacts and products named. */
    private List<SourceRecord> assemble(Map<String, JsonNode> invoices, Map<String, List<String>> linesOf,
            Collection<String> changedContacts, Collection<String> changedProducts) {
        var contactsOf = associations("invoices", "contacts", invoices.keySet());
        var contactIds = new LinkedHashSet<String>();
        contactsOf.values().forEach(c -> contactIds.addAll(c.stream().limit(1).toList()));
        var others = changedContacts.stream().filter(c -> !contactIds.contains(c)).toList();
        if (!others.isEmpty()) {
            // A contact matters to an invoice sync only when it has invoices (its email is what a waiting invoice needs).
            associations("contacts", "invoices", others).forEach((contact, list) -> {
                if (!list.isEmpty()) {
                    contactIds.add(contact);
                }
            });
        }
        var lineIds = new LinkedHashSet<String>();
        invoices.keySet().forEach(i -> lineIds.addAll(linesOf.getOrDefault(i, List.of())));
        var lines = objects("line_items", lineIds, LINE_PROPERTIES);
        var productIds = new LinkedHashSet<>(changedProducts);
        lines.values().forEach(l -> {
            String p = text(l.path("properties").path("hs_product_id"));
            if (p != null) {
                productIds.add(p);
            }
        });
        var contacts = objects("contacts", contactIds, CONTACT_PROPERTIES);
        var products = objects("products", productIds, PRODUCT_PROPERTIES);

        var out = new ArrayList<SourceRecord>();
        contacts.values().forEach(c -> out.add(customer(c)));
        var skuOfProduct = new HashMap<String, String>();
        products.values().forEach(p -> {
            String sku = text(p.path("properties").path("hs_sku"));
            if (sku != null) {
                skuOfProduct.put(p.path("id").asText(), sku);
                out.add(product(p));
            }
        });
        invoices.values().forEach(inv -> {
            String id = inv.path("id").asText();
            String contact = contactsOf.getOrDefault(id, List.of()).stream().findFirst().orElse(null);
            var invoiceLines = linesOf.getOrDefault(id, List.of()).stream().map(lines::get)
                    .filter(java.util.Objects::nonNull)
                    .sorted(Comparator.comparing((JsonNode l) -> position(l)).thenComparing(l -> Long.parseLong(l.path("id").asText())))
                    .map(l -> line(l, skuOfProduct)).toList();
            out.add(invoice(inv, contact, invoiceLines, settings.routeProperties()));
        });
        return out;
    }

    // ---- HubSpot → canonical ---------------------------------------------------------------------------------

    static Customer customer(JsonNode c) {
        var p = c.path("properties");
        String name = ((text(p.path("firstname")) == null ? "" : text(p.path("firstname"))) + " "
                + (text(p.path("lastname")) == null ? "" : text(p.path("lastname")))).strip();
        String email = text(p.path("email"));
        String id = c.path("id").asText();
        return new Customer(id, !name.isEmpty() ? name : email != null ? email : "Contact " + id, email,
                text(p.path("company")), text(p.path("phone")), writtenBy(p));
    }

    static Product product(JsonNode product) {
        var p = product.path("properties");
        String id = product.path("id").asText();
        String name = text(p.path("name"));
        return new Product(id, text(p.path("hs_sku")), name == null ? "Product " + id : name,
                text(p.path("description")), decimal(p.path("price")), null, writtenBy(p));
    }

    static InvoiceLine line(JsonNode line, Map<String, String> skuOfProduct) {
        var p = line.path("properties");
        String sku = text(p.path("hs_sku"));
        if (sku == null && text(p.path("hs_product_id")) != null) {
            sku = skuOfProduct.get(text(p.path("hs_product_id")));
        }
        BigDecimal quantity = decimal(p.path("quantity"));
        return new InvoiceLine(sku, text(p.path("name")) != null ? text(p.path("name")) : text(p.path("description")),
                quantity == null ? BigDecimal.ONE : quantity, decimal(p.path("price")), text(p.path("hs_tax_rate_group_id")));
    }

    /** The invoice properties read: the connector's own and those a routed flow routes by ({@code routeProperties}). */
    private List<String> invoiceProperties() {
        if (settings.routeProperties().isEmpty()) {
            return INVOICE_PROPERTIES;
        }
        var all = new java.util.ArrayList<>(INVOICE_PROPERTIES);
        settings.routeProperties().stream().filter(p -> !all.contains(p)).forEach(all::add);
        return all;
    }

    /** @param routeProperties properties kept as the invoice's attributes, {@code property:<name>}, for routing */
    static Invoice invoice(JsonNode inv, String contactId, List<InvoiceLine> lines, List<String> routeProperties) {
        var p = inv.path("properties");
        var attributes = new java.util.LinkedHashMap<String, String>();
        for (String name : routeProperties) {
            String v = text(p.path(name));
            if (v != null) {
                attributes.put("property:" + name, v);
            }
        }
        String id = inv.path("id").asText();
        String number = text(p.path("hs_number"));
        LocalDate issued = date(text(p.path("hs_invoice_date")));
        if (issued == null) {
            issued = date(text(p.path("hs_createdate")));
        }
        return new Invoice(id, number != null ? number : id, status(text(p.path("hs_invoice_status"))), contactId,
                text(p.path("hs_currency")), issued, date(text(p.path("hs_due_date"))), lines, text(p.path("hs_comments")),
                writtenBy(p), attributes);
    }

    /** {@code hs_invoice_status} (API_FACTS C.2: draft, open, paid, voided); null for anything else (refused by intake). */
    static InvoiceStatus status(String s) {
        if (s == null) {
            return null;
        }
        return switch (s) {
            case "draft" -> InvoiceStatus.DRAFT;
            case "open" -> InvoiceStatus.OPEN;
            case "paid" -> InvoiceStatus.PAID;
            case "voided" -> InvoiceStatus.VOID;
            default -> null;
        };
    }

    /**
     * Which integration created the record, from HubSpot's read-only {@code hs_object_source} ({@code INTEGRATION}
     * for apps, {@code API} for scripts with a key) and its label; null for people (CRM UI, import, forms).
     */
    static String writtenBy(JsonNode p) {
        String source = text(p.path("hs_object_source"));
        if (!"INTEGRATION".equals(source) && !"API".equals(source)) {
            return null;
        }
        String label = text(p.path("hs_object_source_label"));
        return label != null ? label : "HubSpot app " + text(p.path("hs_object_source_id"));
    }

    // ---- reads -----------------------------------------------------------------------------------------------

    /** {@code from id → associated ids} through {@code /crm/v4/associations/{from}/{to}/batch/read}, 100 ids a call. */
    private Map<String, List<String>> associations(String from, String to, Collection<String> ids) {
        var out = new LinkedHashMap<String, List<String>>();
        var list = List.copyOf(ids);
        for (int start = 0; start < list.size(); start += settings.maxBatch()) {
            var inputs = HubSpotApi.JSON.createArrayNode();
            list.subList(start, Math.min(list.size(), start + settings.maxBatch()))
                    .forEach(id -> inputs.addObject().put("id", id));
            var a = answered(api.post("/crm/v4/associations/" + from + "/" + to + "/batch/read",
                    HubSpotApi.JSON.createObjectNode().set("inputs", inputs)), from + " to " + to + " associations");
            for (JsonNode r : a.json().path("results")) {
                var targets = out.computeIfAbsent(r.path("from").path("id").asText(), k -> new ArrayList<>());
                r.path("to").forEach(t -> targets.add(t.path("toObjectId").asText()));
            }
        }
        return out;
    }

    /** Objects by id through {@code /crm/v3/objects/{type}/batch/read}, 100 a call; missing and archived ones are left out. */
    private Map<String, JsonNode> objects(String type, Collection<String> ids, List<String> properties) {
        var out = new LinkedHashMap<String, JsonNode>();
        var list = List.copyOf(ids);
        for (int start = 0; start < list.size(); start += settings.maxBatch()) {
            var body = HubSpotApi.JSON.createObjectNode();
            var props = body.putArray("properties");
            properties.forEach(props::add);
            var inputs = body.putArray("inputs");
            list.subList(start, Math.min(list.size(), start + settings.maxBatch()))
                    .forEach(id -> inputs.addObject().put("id", id));
            var a = answered(api.post("/crm/v3/objects/" + type + "/batch/read", body), type);
            for (JsonNode r : a.json().path("results")) {
                if (!r.path("archived").asBoolean(false)) {
                    out.put(r.path("id").asText(), r);
                }
            }
        }
        // Keep the order asked for (HubSpot does not promise it).
        var ordered = new LinkedHashMap<String, JsonNode>();
        for (String id : list) {
            if (out.containsKey(id)) {
                ordered.put(id, out.get(id));
            }
        }
        return ordered;
    }

    /** One type's page and where that type goes on from. */
    private record Page(List<JsonNode> results, Position next, boolean more) {}

    private Page page(String type, String property, Position at, int limit, List<String> properties, long horizon) {
        var body = HubSpotApi.JSON.createObjectNode();
        var props = body.putArray("properties");
        properties.forEach(props::add);
        props.add(property);
        body.put("limit", limit);
        if (at.afterId() != null) {
            // The rest of one millisecond, by id.
            var filters = body.putArray("filterGroups").addObject().putArray("filters");
            filters.addObject().put("propertyName", property).put("operator", "EQ").put("value", String.valueOf(at.millis()));
            filters.addObject().put("propertyName", "hs_object_id").put("operator", "GT").put("value", at.afterId());
            body.putArray("sorts").addObject().put("propertyName", "hs_object_id").put("direction", "ASCENDING");
            var results = results(type, body);
            if (results.size() == limit) {
                return new Page(results, new Position(at.millis(), results.getLast().path("id").asText()), true);
            }
            return new Page(results, new Position(at.millis(), null), true);
        }
        if (at.millis() > 0) {
            body.putArray("filterGroups").addObject().putArray("filters").addObject()
                    .put("propertyName", property).put("operator", "GT").put("value", String.valueOf(at.millis()));
        }
        body.putArray("sorts").addObject().put("propertyName", property).put("direction", "ASCENDING");
        var results = results(type, body);
        if (results.isEmpty()) {
            return new Page(results, at, false);
        }
        long newest = results.stream().mapToLong(r -> millis(r.path("properties").path(property).asText(null)))
                .max().orElse(at.millis());
        if (newest > horizon) {
            // Search may not show everything this recent yet: come back to it once it is older than the lag.
            return new Page(results, new Position(Math.max(at.millis(), horizon), null), false);
        }
        if (results.size() == limit) {
            return new Page(results, new Position(newest, "0"), true); // its newest millisecond may go on: read it by id
        }
        long next = Math.max(at.millis(), Math.min(newest - 1, horizon));
        return new Page(results, new Position(next, null), false);
    }

    private List<JsonNode> results(String type, com.fasterxml.jackson.databind.node.ObjectNode body) {
        var a = answered(searchPaced(type, body), type + " search");
        var results = new ArrayList<JsonNode>();
        a.json().path("results").forEach(results::add);
        return results;
    }

    /**
     * Search is limited to 4 requests a second per token (API_FACTS C.4, policy {@code SECONDLY}): searches are spaced
     * so that no more than 4 start in any second, and a 429 is waited out (its {@code Retry-After}, at most 2 s) up to
     * three times.
     */
    private Call searchPaced(String type, com.fasterxml.jackson.databind.node.ObjectNode body) {
        Call call = null;
        for (int attempt = 0; attempt < 4; attempt++) {
            searchPace.take();
            call = api.post("/crm/v3/objects/" + type + "/search", body);
            if (!(call instanceof Call.Answered a && a.status() == 429)) {
                return call;
            }
            long seconds = 1;
            try {
                seconds = a.retryAfter() == null ? 1 : Math.max(1, Math.min(2, Long.parseLong(a.retryAfter().strip())));
            } catch (NumberFormatException notSeconds) {
                seconds = 1;
            }
            pause(java.time.Duration.ofSeconds(seconds));
        }
        return call;
    }

    private static void pause(java.time.Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for HubSpot's search limit");
        }
    }

    private HubSpotApi.Call.Answered answered(Call call, String what) {
        if (call instanceof Call.Answered a && a.ok()) {
            return a;
        }
        String why = switch (call) {
            case Call.Answered a -> api.errors().response(a.status(), a.retryAfter(), a.body(), null, null).error()
                    .vendorMessage();
            case Call.NotSent n -> n.error().vendorMessage();
            case Call.Lost l -> l.reason();
        };
        throw new IllegalStateException("HubSpot could not be read (" + what + "): " + why);
    }

    /** Where one type goes on from: after {@code millis}, or within {@code millis} after the id {@code afterId}. */
    record Position(long millis, String afterId) {
        static Position parse(String text) {
            if (text == null || text.isBlank()) {
                return new Position(0, null);
            }
            int colon = text.indexOf(':');
            return colon < 0 ? new Position(Long.parseLong(text.strip()), null)
                    : new Position(Long.parseLong(text.substring(0, colon).strip()), text.substring(colon + 1).strip());
        }

        @Override
        public String toString() {
            return afterId == null ? String.valueOf(millis) : millis + ":" + afterId;
        }
    }

    /** The cursor: one position per object type, {@code i=…;p=…;c=…}. */
    record Cursor(Position invoices, Position products, Position contacts) {
        static Cursor parse(String text) {
            var m = new HashMap<String, String>();
            if (text != null) {
                for (String part : text.split(";")) {
                    String[] kv = part.split("=", 2);
                    if (kv.length == 2) {
                        m.put(kv[0].strip(), kv[1].strip());
                    }
                }
            }
            return new Cursor(Position.parse(m.get("i")), Position.parse(m.get("p")), Position.parse(m.get("c")));
        }

        @Override
        public String toString() {
            return "i=" + invoices + ";p=" + products + ";c=" + contacts;
        }
    }

    // ---- values ----------------------------------------------------------------------------------------------

    private static String position(JsonNode line) {
        String p = text(line.path("properties").path("hs_position_on_quote"));
        return p == null ? "" : String.format("%010d", Long.parseLong(p.replaceAll("\\D", "0")));
    }

    static String text(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() || n.asText().isEmpty() ? null : n.asText();
    }

    static BigDecimal decimal(JsonNode n) {
        String t = text(n);
        if (t == null) {
            return null;
        }
        try {
            return new BigDecimal(t.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** HubSpot dates come as ISO dates, ISO instants or epoch milliseconds. */
    static LocalDate date(String s) {
        if (s == null) {
            return null;
        }
        try {
            if (s.chars().allMatch(Character::isDigit)) {
                return LocalDate.ofInstant(Instant.ofEpochMilli(Long.parseLong(s)), ZoneOffset.UTC);
            }
            if (s.length() == 10) {
                return LocalDate.parse(s);
            }
            return OffsetDateTime.parse(s).toLocalDate();
        } catch (DateTimeParseException | NumberFormatException e) {
            return null;
        }
    }

    static long millis(String s) {
        if (s == null) {
            return 0;
        }
        try {
            if (s.chars().allMatch(Character::isDigit)) {
                return Long.parseLong(s);
            }
            return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (DateTimeParseException | NumberFormatException e) {
            return 0;
        }
    }
}
