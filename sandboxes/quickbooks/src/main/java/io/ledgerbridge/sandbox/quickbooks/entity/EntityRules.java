package io.ledgerbridge.sandbox.quickbooks.entity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.sandbox.quickbooks.fault.Faults;
import java.util.Set;

/** The business rules of one entity type. Rules validate before anything changes; side effects go in afterSave. */
interface EntityRules {
    Set<String> COMMON_SERVER_FIELDS = Set.of("Id", "SyncToken", "MetaData", "domain", "sparse", "status");

    /** Fields the server owns: dropped from what a client sends (Finance.xsd marks them read-only). */
    Set<String> serverFields();

    /**
     * Validates {@code candidate} (the entity as it would be stored, without Id/SyncToken/MetaData) and fills the
     * computed fields. {@code existing} is null on create. Throws FaultException; must not change other entities.
     */
    void prepare(ObjectNode candidate, ObjectNode existing, WriteContext ctx);

    default void afterSave(ObjectNode saved, ObjectNode previous, WriteContext ctx) {}

    /** The entity after {@code ?operation=void}; only transactions that can be voided override this. */
    default ObjectNode voided(ObjectNode existing, WriteContext ctx) {
        throw Faults.unsupportedOperation("Void", "");
    }

    default void afterVoid(ObjectNode saved, WriteContext ctx) {}

    default void beforeDelete(ObjectNode existing, WriteContext ctx) {}

    default void afterDelete(ObjectNode deleted, WriteContext ctx) {}
}
