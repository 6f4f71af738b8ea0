package io.ledgerbridge.connector;

import io.ledgerbridge.domain.record.RecordType;
import java.util.Set;

/**
 * What a destination can do.
 *
 * @param writes           record types it accepts
 * @param maxBatchSize     most writes in one {@link Sink#write} call (1 when the vendor has no batch endpoint)
 * @param idempotencyKeys  whether the vendor itself honours idempotency keys
 * @param voids            whether invoices and payments can be voided
 */
public record SinkCapabilities(Set<RecordType> writes, int maxBatchSize, boolean idempotencyKeys, boolean voids) {
    public SinkCapabilities {
        writes = Set.copyOf(writes);
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1");
        }
    }
}
