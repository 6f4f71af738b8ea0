package io.ledgerbridge.engine.queue;

import io.ledgerbridge.domain.error.SyncError;
import io.ledgerbridge.domain.sync.SyncEventId;
import io.ledgerbridge.domain.sync.SyncStatus;

/**
 * The newest event of a record another record depends on (an invoice's customer, a payment's invoice).
 *
 * @param destinationId the record in the destination the event synced to or was linked to; null when it has not
 *                      synced, or was marked as synced manually without a link (then there is no mapping either)
 */
public record DependencyState(SyncEventId id, SyncStatus status, SyncError error, String destinationId) {}
