package io.ledgerbridge.sandbox.hubspot.association;

import io.ledgerbridge.sandbox.hubspot.crm.ObjectType;

/**
 * One association type between two object types, one direction. {@code label == null} is the unlabelled default
 * that {@code .../associations/default/...} uses. {@code inverseTypeId} is the id of the same link read backwards.
 */
public record AssociationKind(ObjectType from, ObjectType to, int typeId, String category, String label, int inverseTypeId) {
    public static final String HUBSPOT_DEFINED = "HUBSPOT_DEFINED";

    public boolean isDefault() { return label == null; }
}
