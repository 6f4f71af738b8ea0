package io.ledgerbridge.connector;

import io.ledgerbridge.domain.error.SyncError;

/** The answer to "does the destination have a record with this natural key?". */
public sealed interface Lookup {
    record Found(String destinationId) implements Lookup {}

    record NotFound() implements Lookup {}

    /** The lookup itself failed; the error is classified like a write's. */
    record Failed(SyncError error) implements Lookup {}

    Lookup NOT_FOUND = new NotFound();
}
