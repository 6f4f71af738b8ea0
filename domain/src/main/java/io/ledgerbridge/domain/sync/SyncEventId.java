package io.ledgerbridge.domain.sync;

public record SyncEventId(long value) {
    @Override
    public String toString() {
        return Long.toString(value);
    }
}
