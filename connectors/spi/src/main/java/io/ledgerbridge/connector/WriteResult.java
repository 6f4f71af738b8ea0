package io.ledgerbridge.connector;

import io.ledgerbridge.domain.error.SyncError;
import java.time.Instant;

/** What the destination answered for one write. */
public sealed interface WriteResult {

    /** The destination has the record under {@code destinationId}. */
    record Written(String destinationId) implements WriteResult {}

    /**
     * The destination refused it. {@code retryAfter} is when the vendor said to try again (rate limits), or null.
     */
    record Rejected(SyncError error, Instant retryAfter) implements WriteResult {
        public Rejected(SyncError error) {
            this(error, null);
        }
    }

    /** The request may or may not have been applied (a timeout after sending, a connection reset mid-answer). */
    record Uncertain(String reason) implements WriteResult {}
}
