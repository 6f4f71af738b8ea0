package io.ledgerbridge.domain.sync;

/** Everything that moves a sync event from one status to another: the engine's steps and the user's buttons. */
public enum SyncAction {
    /** A worker takes the event. */
    CLAIM,
    /** The destination has the record; the mapping is written in the same transaction. */
    SUCCEED,
    /** Automatic retries are spent, or the failure needs a person to fix something. */
    FAIL,
    /** Back to the queue: a transient failure to retry later, a rate limit, a reconnect, a dependency. */
    RESCHEDULE,
    /** The node holding the event stopped (its lease expired); another node takes it, checking the destination first. */
    LEASE_EXPIRED,
    /** A filter of the flow (disabled, status filter, integration source) decided not to sync it. */
    FILTER_OUT,
    /** A newer change of the same record replaces this event. */
    SUPERSEDE,
    /** The user's Retry Sync button. */
    RETRY,
    /** The user's Skip button. */
    SKIP,
    /** The user's "Mark as synced manually", optionally linking to an existing destination record. */
    MARK_SYNCED
}
