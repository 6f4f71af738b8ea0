package io.ledgerbridge.engine.queue;

import io.ledgerbridge.domain.error.SyncError;
import io.ledgerbridge.domain.sync.SyncEventId;
import io.ledgerbridge.domain.sync.SyncStatus;

/** The newest event of a record another record depends on (an invoice's customer, a payment's invoice). */
public record DependencyState(SyncEventId id, SyncStatus status, SyncError error) {}
