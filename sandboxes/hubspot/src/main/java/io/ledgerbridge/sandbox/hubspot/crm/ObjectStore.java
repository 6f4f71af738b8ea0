package io.ledgerbridge.sandbox.hubspot.crm;

import io.ledgerbridge.sandbox.hubspot.ErrorCategory;
import io.ledgerbridge.sandbox.hubspot.HubSpotException;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One portal's records. Every method locks the portal's lock (shared with its association graph), so a write and
 * the totals it changes are seen together. Listeners (webhooks) are told of each change while the lock is held,
 * which keeps events in write order; they must only enqueue.
 */
public final class ObjectStore {
    private final Object lock;
    private final Clock clock;
    private final PropertyRules rules;
    private final Map<ObjectType, Map<String, CrmObject>> objects = new EnumMap<>(ObjectType.class);
    private final Map<ObjectType, Map<String, PropertyDefinition>> custom = new EnumMap<>(ObjectType.class);
    private final List<Consumer<ObjectChange>> listeners = new CopyOnWriteArrayList<>();
    private long nextId;
    private Links links = Links.NONE;

    public ObjectStore(Object lock, Clock clock, List<String> invoiceStatuses, long firstId) {
        this.lock = lock;
        this.clock = clock;
        this.rules = new PropertyRules(invoiceStatuses);
        this.nextId = firstId;
        for (ObjectType t : ObjectType.values()) {
            objects.put(t, new LinkedHashMap<>());
            custom.put(t, new LinkedHashMap<>());
        }
    }

    public void links(Links links) { this.links = links; }

    public void onChange(Consumer<ObjectChange> listener) { listeners.add(listener); }

    public List<String> invoiceStatuses() { return rules.invoiceStatuses(); }

    /** A property the portal defined (POST /crm/v3/properties/{type}); {@code unique} allows it as an {@code idProperty}. */
    public record PropertyDefinition(String name, String label, String type, String fieldType, boolean unique) {}

    public PropertyDefinition define(ObjectType type, PropertyDefinition definition) {
        synchronized (lock) {
            if (type.writableProperties().contains(definition.name()) || ObjectType.READ_ONLY.contains(definition.name())
                    || custom.get(type).containsKey(definition.name())) {
                throw new HubSpotException(409, ErrorCategory.CONFLICT, "A property named '" + definition.name() + "' already exists.");
            }
            custom.get(type).put(definition.name(), definition);
            return definition;
        }
    }

    public List<PropertyDefinition> customProperties(ObjectType type) {
        synchronized (lock) {
            return List.copyOf(custom.get(type).values());
        }
    }

    public SandboxObject create(ObjectType type, Map<String, String> input, WriteSource source) {
        synchronized (lock) {
            Map<String, String> props = withProductDefaults(type, input);
            rules.check(type, props, custom.get(type).keySet(), true);
            checkUniqueEmail(type, props, null);
            Instant now = clock.instant();
            CrmObject o = new CrmObject(type, Long.toString(nextId++), now);
            String ts = Timestamps.format(now);
            o.set("hs_object_id", o.id, now, source);
            o.set("hs_createdate", ts, now, source);
            o.set("createdate", ts, now, source);
            o.set("hs_lastmodifieddate", ts, now, source);
            if (type == ObjectType.CONTACTS) o.set("lastmodifieddate", ts, now, source);
            // hs_object_source*: HubSpot's read-only record-source properties; the sandbox sets them from the caller.
            o.set("hs_object_source", source.type(), now, source);
            o.set("hs_object_source_id", source.id(), now, source);
            o.set("hs_object_source_label", source.label(), now, source);
            if (type == ObjectType.INVOICES && !props.containsKey("hs_invoice_status")) {
                o.set("hs_invoice_status", "draft", now, source);
            }
            props.forEach((k, v) -> o.set(k, v, now, source));
            derive(o, now, source);
            objects.get(type).put(o.id, o);
            emit(new ObjectChange.Created(type, o.id, now, source));
            return o.snapshot();
        }
    }

    public SandboxObject update(ObjectType type, String id, Map<String, String> props, WriteSource source) {
        synchronized (lock) {
            CrmObject o = live(type, id);
            rules.check(type, props, custom.get(type).keySet(), false);
            checkUniqueEmail(type, props, id);
            Instant now = clock.instant();
            List<String> changed = new ArrayList<>();
            props.forEach((k, v) -> { if (o.set(k, v, now, source)) changed.add(k); });
            changed.addAll(derive(o, now, source));
            touch(o, now, source, changed);
            if (type == ObjectType.LINE_ITEMS) {
                for (String invoiceId : links.linked(ObjectType.LINE_ITEMS, id, ObjectType.INVOICES)) recalculateInvoice(invoiceId, source);
            }
            return o.snapshot();
        }
    }

    public void archive(ObjectType type, String id, WriteSource source) {
        synchronized (lock) {
            CrmObject o = objects.get(type).get(id);
            if (o == null || o.archived()) return; // archiving twice or a missing id is a 204 in HubSpot
            Instant now = clock.instant();
            o.archivedAt = now;
            emit(new ObjectChange.Deleted(type, id, now, source));
            if (type == ObjectType.LINE_ITEMS) {
                for (String invoiceId : links.linked(ObjectType.LINE_ITEMS, id, ObjectType.INVOICES)) recalculateInvoice(invoiceId, source);
            }
        }
    }

    public Optional<SandboxObject> find(ObjectType type, String id) {
        synchronized (lock) {
            return Optional.ofNullable(objects.get(type).get(id)).map(CrmObject::snapshot);
        }
    }

    /** Finds a live record by {@code hs_object_id} (= id) or a unique property; rejects properties that are not unique. */
    public Optional<SandboxObject> findBy(ObjectType type, String idProperty, String value) {
        synchronized (lock) {
            if (idProperty == null || idProperty.equals("hs_object_id")) {
                return find(type, value).filter(o -> !o.archived());
            }
            boolean unique = (type == ObjectType.CONTACTS && idProperty.equals("email"))
                    || Optional.ofNullable(custom.get(type).get(idProperty)).map(PropertyDefinition::unique).orElse(false);
            if (!unique) {
                throw HubSpotException.validation(idProperty + " is not a unique property of " + type.path()
                        + " and cannot be used as idProperty");
            }
            return objects.get(type).values().stream().filter(o -> !o.archived())
                    .filter(o -> value.equalsIgnoreCase(o.properties.get(idProperty))).findFirst().map(CrmObject::snapshot);
        }
    }

    public boolean exists(ObjectType type, String id) {
        synchronized (lock) {
            CrmObject o = objects.get(type).get(id);
            return o != null && !o.archived();
        }
    }

    /** All records of a type, oldest first; {@code archived} picks archived ones instead of live ones (like the API). */
    public List<SandboxObject> list(ObjectType type, boolean archived) {
        synchronized (lock) {
            return objects.get(type).values().stream().filter(o -> o.archived() == archived)
                    .sorted(Comparator.comparingLong(o -> Long.parseLong(o.id))).map(CrmObject::snapshot).toList();
        }
    }

    /** Recomputes an invoice's billed amount and balance from its line items (called after association changes). */
    public void recalculateInvoice(String invoiceId, WriteSource source) {
        synchronized (lock) {
            CrmObject invoice = objects.get(ObjectType.INVOICES).get(invoiceId);
            if (invoice == null) return;
            Instant now = clock.instant();
            touch(invoice, now, source, derive(invoice, now, source));
        }
    }

    private CrmObject live(ObjectType type, String id) {
        CrmObject o = objects.get(type).get(id);
        if (o == null || o.archived()) throw HubSpotException.notFound("resource not found");
        return o;
    }

    private void touch(CrmObject o, Instant now, WriteSource source, List<String> changed) {
        if (changed.isEmpty()) return;
        o.updatedAt = now;
        String ts = Timestamps.format(now);
        o.set("hs_lastmodifieddate", ts, now, source);
        if (o.type == ObjectType.CONTACTS) o.set("lastmodifieddate", ts, now, source);
        for (String name : new LinkedHashSet<>(changed)) {
            emit(new ObjectChange.PropertyChanged(o.type, o.id, now, source, name, o.properties.getOrDefault(name, "")));
        }
    }

    /** Line items copy name/price/SKU from {@code hs_product_id} when not given (line-items guide, API_FACTS C.2). */
    private Map<String, String> withProductDefaults(ObjectType type, Map<String, String> input) {
        Map<String, String> props = new LinkedHashMap<>(input);
        String productId = props.get("hs_product_id");
        if (type != ObjectType.LINE_ITEMS || productId == null) return props;
        CrmObject product = objects.get(ObjectType.PRODUCTS).get(productId);
        if (product == null || product.archived()) {
            throw HubSpotException.validation("Property values were not valid: [{\"isValid\":false,\"message\":\"No product with ID "
                    + productId + " exists\",\"error\":\"INVALID_OBJECT_ID\",\"name\":\"hs_product_id\"}]");
        }
        for (String p : List.of("name", "price", "hs_sku", "description")) {
            if (!props.containsKey(p) && product.properties.containsKey(p)) props.put(p, product.properties.get(p));
        }
        return props;
    }

    /** Derived values: a line item's amount, an invoice's totals. Returns the names that changed. */
    private List<String> derive(CrmObject o, Instant now, WriteSource source) {
        List<String> changed = new ArrayList<>();
        if (o.type == ObjectType.LINE_ITEMS && o.properties.containsKey("price")) {
            BigDecimal qty = number(o.properties.getOrDefault("quantity", "1"));
            BigDecimal gross = number(o.properties.get("price")).multiply(qty);
            BigDecimal pct = number(o.properties.getOrDefault("hs_discount_percentage", "0"));
            BigDecimal amount = gross.subtract(gross.multiply(pct).movePointLeft(2))
                    .subtract(number(o.properties.getOrDefault("discount", "0")));
            if (o.set("amount", plain(amount), now, source)) changed.add("amount");
        }
        if (o.type == ObjectType.INVOICES) {
            List<String> lineIds = links.linked(ObjectType.INVOICES, o.id, ObjectType.LINE_ITEMS);
            if (!lineIds.isEmpty()) {
                BigDecimal billed = BigDecimal.ZERO;
                for (String lineId : lineIds) {
                    CrmObject line = objects.get(ObjectType.LINE_ITEMS).get(lineId);
                    if (line != null && !line.archived()) billed = billed.add(number(line.properties.getOrDefault("amount", "0")));
                }
                if (o.set("hs_amount_billed", plain(billed), now, source)) changed.add("hs_amount_billed");
            }
            if (o.properties.containsKey("hs_amount_billed")) {
                BigDecimal balance = number(o.properties.get("hs_amount_billed")).subtract(number(o.properties.getOrDefault("hs_amount_paid", "0")));
                if (o.set("hs_balance_due", plain(balance), now, source)) changed.add("hs_balance_due");
            }
        }
        return changed;
    }

    private void checkUniqueEmail(ObjectType type, Map<String, String> props, String selfId) {
        String email = props.get("email");
        if (type != ObjectType.CONTACTS || email == null || email.isEmpty()) return;
        String wanted = email.toLowerCase(Locale.ROOT);
        for (CrmObject c : objects.get(ObjectType.CONTACTS).values()) {
            if (!c.archived() && !c.id.equals(selfId) && wanted.equals(lower(c.properties.get("email")))) {
                // API_FACTS C.2 [2ND] hubspot-api-nodejs#545: 409 CONFLICT "Contact already exists. Existing ID: N".
                throw new HubSpotException(409, ErrorCategory.CONFLICT, "Contact already exists. Existing ID: " + c.id);
            }
        }
    }

    private void emit(ObjectChange change) {
        for (Consumer<ObjectChange> l : listeners) l.accept(change);
    }

    private static String lower(String s) { return s == null ? null : s.toLowerCase(Locale.ROOT); }

    private static BigDecimal number(String s) {
        try {
            return s == null || s.isEmpty() ? BigDecimal.ZERO : new BigDecimal(s);
        } catch (NumberFormatException e) {
            return BigDecimal.ZERO;
        }
    }

    private static String plain(BigDecimal n) {
        return n.signum() == 0 ? "0" : n.stripTrailingZeros().toPlainString();
    }

    /** Exposed for search: the live set of properties a type may carry. */
    public Set<String> knownProperties(ObjectType type) {
        synchronized (lock) {
            Set<String> all = new LinkedHashSet<>(type.writableProperties());
            all.addAll(ObjectType.READ_ONLY);
            all.addAll(custom.get(type).keySet());
            return all;
        }
    }
}
