package io.ledgerbridge.domain.sync;

/** What the dashboard shows for a sync event. */
public enum SyncStatus {
    PENDING("Pending"), PROCESSING("Processing"), SUCCESS("Success"), FAILED("Failed"), SKIPPED("Skipped");

    private final String label;

    SyncStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
