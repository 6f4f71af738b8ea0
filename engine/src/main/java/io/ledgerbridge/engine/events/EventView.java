package io.ledgerbridge.engine.events;

import io.ledgerbridge.domain.error.SyncError;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.domain.sync.WaitReason;
import java.time.Instant;

/**
 * A sync event as the dashboard and the API show it.
 *
 * @param error    the current error (Failed), or the last one a waiting event met; null if none
 * @param causeId  the dependency whose failure caused this one (a customer's sync for an invoice), or null
 */
public record EventView(long id, String flowId, RecordType type, String sourceId, String naturalKey,
        SyncStatus status, WaitReason waitReason, Instant nextAttemptAt, int attempts, int retryCount,
        SyncError error, Long causeId, Long blockedBy, String skipReason, String destinationId, Instant createdAt,
        Instant updatedAt) {}
