package io.ledgerbridge.connector;

import io.ledgerbridge.domain.error.SyncError;

/** The answer to "does the destination have a record with this natural key?". */
public sealed interface Lookup {
    record Found(String destinationId) implements Lookup {}

    record NotFound() implements Lookup {}

    /** The lookup itself failed; the error is classified like a write's. {@code retryAfter} may be null. */
    record Failed(SyncError error, java.time.Instant retryAfter) implements Lookup {
        public Failed(SyncError error) {
            this(error, null);
        }
    }

    Lookup NOT_FOUND = new NotFound();
}
