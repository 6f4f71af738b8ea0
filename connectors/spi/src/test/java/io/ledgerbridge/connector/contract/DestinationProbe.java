package io.ledgerbridge.connector.contract;

import io.ledgerbridge.domain.record.RecordType;

/**
 * What the contract suite needs to see and arrange in a destination behind a sink, implemented by each
 * connector's test with its sandbox.
 */
public interface DestinationProbe {

    /** Creates a product directly in the destination, as a bookkeeper would; returns its destination id. */
    String createProduct(String sku, String name);

    /** Number of records of this type in the destination. */
    int count(RecordType type);

    /** Number of records of this type with this natural key (document number, email, SKU). */
    int countWithKey(RecordType type, String naturalKey);

    /** Whether the invoice with this destination id is voided. */
    boolean isVoided(String invoiceDestinationId);

    /** Makes the connection's authorisation fail from now on (token revoked). */
    void revokeAuthorisation();
}
