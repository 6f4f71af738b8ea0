package io.ledgerbridge.sandbox.hubspot.crm;

import java.util.List;

/** The store's read-only view of associations, used for invoice totals (implemented by the association graph). */
public interface Links {
    List<String> linked(ObjectType from, String fromId, ObjectType to);

    Links NONE = (from, fromId, to) -> List.of();
}
