package io.ledgerbridge.engine.pipeline;

import io.ledgerbridge.domain.error.SyncError;
import io.ledgerbridge.domain.sync.SyncEventId;
import io.ledgerbridge.domain.sync.WaitReason;
import java.time.Instant;

/**
 * The decision for one event, returned as data by the pipeline and written only by the worker loop through
 * {@link io.ledgerbridge.engine.queue.SyncQueue#complete}.
 */
public sealed interface Outcome {

    /**
     * The destination has the record. The mapping (flow, type, {@code sourceKey}) → {@code destinationId} is
     * written in the same transaction that marks the event Success. {@code linked}: an existing destination
     * record was matched rather than created.
     */
    record Synced(String sourceKey, String destinationId, boolean linked) implements Outcome {}

    /**
     * Back to Pending until {@code at}. {@code countsAsAttempt} is false for waits that are nobody's failure
     * (rate limits); {@code uncertain} marks that the record may already be written.
     */
    record RetryAt(Instant at, WaitReason reason, SyncError error, boolean countsAsAttempt, boolean uncertain)
            implements Outcome {}

    /** Back to Pending, blocked until {@code dependency} finishes. */
    record WaitForDependency(SyncEventId dependency, String what) implements Outcome {}

    /** The connection's authorisation is gone: the connection needs reconnecting and the event waits for it. */
    record WaitForReconnect(SyncError error) implements Outcome {}

    /** Failed with the error and its fix; {@code cause} is the dependency whose failure caused it, or null. */
    record Failed(SyncError error, SyncEventId cause) implements Outcome {}

    /** Not synced on purpose (a filter of the flow); {@code reason} is shown to the user. */
    record Skipped(String reason) implements Outcome {}
}
