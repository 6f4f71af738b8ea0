package io.ledgerbridge.dashboard.records;

import io.ledgerbridge.domain.error.SyncError;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.domain.sync.WaitReason;

/**
 * What a list row says about an event beside its status: the error's title and message when it failed, why it
 * waits when pending, why it was skipped, where it went when it synced.
 */
public record Problem(String title, String detail) {

    public static Problem of(SyncStatus status, WaitReason wait, SyncError error, String skipReason, String destinationId) {
        return switch (status) {
            case FAILED -> error == null ? new Problem("Failed", "") : new Problem(error.title(), error.message());
            case PENDING -> wait == null ? new Problem("Queued", "")
                    : new Problem(wait.label(), wait == WaitReason.RECONNECT && error != null ? error.title() : "");
            case PROCESSING -> new Problem("Syncing now", "");
            case SKIPPED -> new Problem("Skipped", skipReason == null ? "" : skipReason);
            case SUCCESS -> new Problem(skipReason != null ? skipReason : "Synced",
                    destinationId == null ? "" : "Destination record " + destinationId);
        };
    }
}
