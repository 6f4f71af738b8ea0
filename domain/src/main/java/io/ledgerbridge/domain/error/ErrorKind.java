package io.ledgerbridge.domain.error;

/** How the engine treats a failure. */
public enum ErrorKind {
    /** A person must fix something (data, settings, the destination); the event fails at once with the fix. */
    NEEDS_FIX,
    /** The connection's authorisation is gone; all its events wait (Pending) until it is reconnected. */
    CONNECTION,
    /** The vendor or our store failed for now; retried automatically with backoff, Failed only when retries are spent. */
    TRANSIENT
}
