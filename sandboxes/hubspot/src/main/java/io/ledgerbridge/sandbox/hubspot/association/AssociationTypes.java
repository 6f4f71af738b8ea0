package io.ledgerbridge.sandbox.hubspot.association;

import io.ledgerbridge.sandbox.hubspot.HubSpotException;
import io.ledgerbridge.sandbox.hubspot.crm.ObjectType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The association type ids the sandbox knows. Invoice ids are UNCERTAIN (API_FACTS C.2: "commonly quoted:
 * invoice→contact 177, invoice→company 179, invoice→line_item 409"); contact↔company 279/280 and primary 1/2 are
 * from the Node SDK enum [OFFICIAL]. Clients should discover them with {@code GET /crm/v4/associations/{from}/{to}/labels};
 * a test can pass its own list to make sure a connector does not hard-code them.
 */
public final class AssociationTypes {
    private final List<AssociationKind> kinds;

    public AssociationTypes(List<AssociationKind> kinds) {
        this.kinds = List.copyOf(kinds);
    }

    public static AssociationTypes defaults() {
        List<AssociationKind> k = new ArrayList<>();
        pair(k, ObjectType.INVOICES, ObjectType.CONTACTS, 177, 178, null);
        pair(k, ObjectType.INVOICES, ObjectType.COMPANIES, 179, 180, null);
        pair(k, ObjectType.INVOICES, ObjectType.LINE_ITEMS, 409, 410, null);
        pair(k, ObjectType.CONTACTS, ObjectType.COMPANIES, 279, 280, null);
        pair(k, ObjectType.CONTACTS, ObjectType.COMPANIES, 1, 2, "Primary");
        return new AssociationTypes(k);
    }

    /** Adds both directions of one association type. */
    public static void pair(List<AssociationKind> into, ObjectType a, ObjectType b, int aToB, int bToA, String label) {
        into.add(new AssociationKind(a, b, aToB, AssociationKind.HUBSPOT_DEFINED, label, bToA));
        into.add(new AssociationKind(b, a, bToA, AssociationKind.HUBSPOT_DEFINED, label, aToB));
    }

    public List<AssociationKind> between(ObjectType from, ObjectType to) {
        return kinds.stream().filter(k -> k.from() == from && k.to() == to).toList();
    }

    public AssociationKind defaultBetween(ObjectType from, ObjectType to) {
        return between(from, to).stream().filter(AssociationKind::isDefault).findFirst()
                .orElseThrow(() -> HubSpotException.validation("No default association type between " + from.path() + " and " + to.path()));
    }

    public Optional<AssociationKind> find(ObjectType from, ObjectType to, int typeId) {
        return between(from, to).stream().filter(k -> k.typeId() == typeId).findFirst();
    }

    public AssociationKind require(ObjectType from, ObjectType to, int typeId) {
        return find(from, to, typeId).orElseThrow(() -> HubSpotException.validation(
                typeId + " is not a valid association type id between " + from.path() + " and " + to.path()));
    }

    public List<AssociationKind> all() { return kinds; }
}
