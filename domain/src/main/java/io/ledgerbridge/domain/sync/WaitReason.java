package io.ledgerbridge.domain.sync;

/** Why a Pending event is waiting, as the dashboard says it. */
public enum WaitReason {
    QUEUED("Queued"),
    RETRY_BACKOFF("Retrying after a temporary failure"),
    RATE_LIMIT("Waiting for the rate limit to reset"),
    RECONNECT("Waiting for reconnect"),
    DEPENDENCY("Waiting for a dependency to sync"),
    RESUMED("Resumed after a node stopped; checking the destination before writing again"),
    /** The flow is paused: the sync waits until a person resumes it (the label names who paused it and when). */
    PAUSED("Paused"),
    /** A historical import's sync whose import a person paused: it goes on when the import is resumed. */
    IMPORT_PAUSED("Paused with its historical import"),
    /** A historical import's sync waiting for the next day's share of the destination's calls (live syncs use the rest). */
    IMPORT_BUDGET("Waiting for tomorrow's import budget");

    private final String label;

    WaitReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
