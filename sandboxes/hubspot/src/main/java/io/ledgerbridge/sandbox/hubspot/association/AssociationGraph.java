package io.ledgerbridge.sandbox.hubspot.association;

import io.ledgerbridge.sandbox.hubspot.HubSpotException;
import io.ledgerbridge.sandbox.hubspot.crm.Links;
import io.ledgerbridge.sandbox.hubspot.crm.ObjectStore;
import io.ledgerbridge.sandbox.hubspot.crm.ObjectType;
import io.ledgerbridge.sandbox.hubspot.crm.WriteSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One portal's associations, kept in both directions (writing invoice→contact 177 also stores contact→invoice 178).
 * Shares the portal lock with the {@link ObjectStore}. Links to archived records stay stored but are not returned.
 */
public final class AssociationGraph implements Links {
    private record End(ObjectType type, String id, ObjectType toType) {}

    private final Object lock;
    private final ObjectStore store;
    private final AssociationTypes types;
    private final Map<End, Map<String, Set<Integer>>> edges = new HashMap<>();

    public AssociationGraph(Object lock, ObjectStore store, AssociationTypes types) {
        this.lock = lock;
        this.store = store;
        this.types = types;
        store.links(this);
    }

    public AssociationTypes types() { return types; }

    /** One associated record and the type ids that link it (v4 {@code MultiAssociatedObjectWithLabel}). */
    public record Link(String toObjectId, List<AssociationKind> kinds) {}

    public void associate(ObjectType from, String fromId, ObjectType to, String toId, int typeId, WriteSource source) {
        AssociationKind kind = types.require(from, to, typeId);
        synchronized (lock) {
            requireLive(from, fromId);
            requireLive(to, toId);
            checkSingleParent(from, fromId, to, toId);
            edges.computeIfAbsent(new End(from, fromId, to), e -> new LinkedHashMap<>())
                    .computeIfAbsent(toId, id -> new LinkedHashSet<>()).add(kind.typeId());
            edges.computeIfAbsent(new End(to, toId, from), e -> new LinkedHashMap<>())
                    .computeIfAbsent(fromId, id -> new LinkedHashSet<>()).add(kind.inverseTypeId());
            recalculate(from, fromId, to, toId, source);
        }
    }

    public AssociationKind associateDefault(ObjectType from, String fromId, ObjectType to, String toId, WriteSource source) {
        AssociationKind kind = types.defaultBetween(from, to);
        associate(from, fromId, to, toId, kind.typeId(), source);
        return kind;
    }

    /** Removes every association type between the two records, both directions. */
    public void remove(ObjectType from, String fromId, ObjectType to, String toId, WriteSource source) {
        synchronized (lock) {
            Map<String, Set<Integer>> out = edges.get(new End(from, fromId, to));
            if (out != null) out.remove(toId);
            Map<String, Set<Integer>> back = edges.get(new End(to, toId, from));
            if (back != null) back.remove(fromId);
            recalculate(from, fromId, to, toId, source);
        }
    }

    public List<Link> links(ObjectType from, String fromId, ObjectType to) {
        synchronized (lock) {
            Map<String, Set<Integer>> out = edges.getOrDefault(new End(from, fromId, to), Map.of());
            List<Link> result = new ArrayList<>();
            out.forEach((toId, ids) -> {
                if (!ids.isEmpty() && store.exists(to, toId)) {
                    result.add(new Link(toId, ids.stream().map(id -> types.require(from, to, id)).toList()));
                }
            });
            return result;
        }
    }

    @Override
    public List<String> linked(ObjectType from, String fromId, ObjectType to) {
        return links(from, fromId, to).stream().map(Link::toObjectId).toList();
    }

    private void requireLive(ObjectType type, String id) {
        if (!store.exists(type, id)) {
            throw HubSpotException.notFound("No " + type.singular() + " with ID " + id + " exists");
        }
    }

    /** A line item belongs to a single parent object (line-items guide, API_FACTS C.2 [OFFICIAL]). */
    private void checkSingleParent(ObjectType from, String fromId, ObjectType to, String toId) {
        String lineId = from == ObjectType.LINE_ITEMS && to == ObjectType.INVOICES ? fromId
                : to == ObjectType.LINE_ITEMS && from == ObjectType.INVOICES ? toId : null;
        if (lineId == null) return;
        String invoiceId = from == ObjectType.INVOICES ? fromId : toId;
        for (String parent : linked(ObjectType.LINE_ITEMS, lineId, ObjectType.INVOICES)) {
            if (!parent.equals(invoiceId)) {
                throw HubSpotException.validation("Line item " + lineId + " is already associated with invoice " + parent
                        + "; a line item can belong to one parent object only");
            }
        }
    }

    private void recalculate(ObjectType from, String fromId, ObjectType to, String toId, WriteSource source) {
        if (from == ObjectType.INVOICES && to == ObjectType.LINE_ITEMS) store.recalculateInvoice(fromId, source);
        if (to == ObjectType.INVOICES && from == ObjectType.LINE_ITEMS) store.recalculateInvoice(toId, source);
    }
}
