package io.ledgerbridge.engine.events;

import io.ledgerbridge.domain.error.SyncError;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.domain.sync.WaitReason;
import io.ledgerbridge.engine.flow.Flow;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * A sync event as the dashboard and the API show it.
 *
 * @param error    the current error (Failed), or the last one a waiting event met; null if none
 * @param causeId  the dependency whose failure caused this one (a customer's sync for an invoice), or null
 * @param paused   who paused the event's flow and when, if it is paused
 */
public record EventView(long id, String flowId, RecordType type, String sourceId, String naturalKey,
        SyncStatus status, WaitReason waitReason, Instant nextAttemptAt, int attempts, int retryCount,
        SyncError error, Long causeId, Long blockedBy, String skipReason, String destinationId, Instant createdAt,
        Instant updatedAt, Optional<Flow.Change> paused) {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    public EventView(long id, String flowId, RecordType type, String sourceId, String naturalKey, SyncStatus status,
            WaitReason waitReason, Instant nextAttemptAt, int attempts, int retryCount, SyncError error, Long causeId,
            Long blockedBy, String skipReason, String destinationId, Instant createdAt, Instant updatedAt) {
        this(id, flowId, type, sourceId, naturalKey, status, waitReason, nextAttemptAt, attempts, retryCount, error, causeId,
                blockedBy, skipReason, destinationId, createdAt, updatedAt, Optional.empty());
    }

    /** Why it waits, as people read it: "Paused by office@acme.example at 2026-12-07 10:15 UTC"; null if it does not. */
    public String waitLabel(ZoneId zone) {
        if (waitReason == null) {
            return null;
        }
        return waitReason == WaitReason.PAUSED ? paused.map(p -> pausedLabel(p, zone)).orElse(waitReason.label())
                : waitReason.label();
    }

    public static String pausedLabel(Flow.Change paused, ZoneId zone) {
        String z = zone.equals(java.time.ZoneOffset.UTC) ? "UTC" : zone.getId();
        return "Paused by " + paused.by() + " at " + WHEN.format(paused.at().atZone(zone)) + " " + z;
    }
}
