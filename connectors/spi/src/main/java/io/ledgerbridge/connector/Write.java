package io.ledgerbridge.connector;

import io.ledgerbridge.domain.record.RecordType;
import java.util.Objects;

/**
 * One record to write.
 *
 * @param key           the idempotency key; the same key always means the same record version
 * @param operation     create, update (through the mapping) or void
 * @param destinationId the destination's id for update and void; null for create
 * @param record        the record with its references already resolved to destination ids
 */
public record Write(IdempotencyKey key, Operation operation, String destinationId, Outbound record) {

    public enum Operation { CREATE, UPDATE, VOID }

    public Write {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(record, "record");
        if (operation != Operation.CREATE && destinationId == null) {
            throw new IllegalArgumentException(operation + " needs the destination id");
        }
    }

    public RecordType type() {
        return record.type();
    }
}
