package io.ledgerbridge.web.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.ledgerbridge.domain.error.SyncError;
import io.ledgerbridge.engine.events.AttemptView;
import io.ledgerbridge.engine.events.EventView;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Sync events and their attempts as the API shows them (see the Event schema in openapi.json). */
public final class EventJson {

    private EventJson() {}

    /**
     * @param recordId the id the record was pushed (or received) with
     * @param attempts every attempt, oldest first; only when one event is read
     */
    public record Event(long id, String flowId, String type, String recordId, String naturalKey, String status,
            String statusLabel, Wait waitReason, Instant nextAttemptAt, int attemptCount, int retryCount, Error error,
            Long causeEventId, Long blockedBy, String skipReason, String destinationId, Instant createdAt,
            Instant updatedAt, @JsonInclude(JsonInclude.Include.NON_NULL) List<Attempt> attempts) {}

    public record Wait(String code, String label) {}

    /** The error as the catalogue renders it: its title, the message naming the record's details, and the fix. */
    public record Error(String code, String title, String kind, String message, String fix, Map<String, String> details,
            String vendorMessage) {}

    public record Attempt(long id, int number, String node, String idempotencyKey, String operation,
            @JsonRawValue String request, String response, String outcome, String errorCode, Instant startedAt,
            Instant finishedAt) {}

    public static Event of(EventView v) {
        return of(v, null);
    }

    public static Event of(EventView v, List<AttemptView> attempts) {
        return new Event(v.id(), v.flowId(), v.type().singular(), v.sourceId(), v.naturalKey(), v.status().name(),
                v.status().label(), v.waitReason() == null ? null : new Wait(v.waitReason().name(), v.waitLabel(java.time.ZoneOffset.UTC)),
                v.nextAttemptAt(), v.attempts(), v.retryCount(), error(v.error()), v.causeId(), v.blockedBy(),
                v.skipReason(), v.destinationId(), v.createdAt(), v.updatedAt(),
                attempts == null ? null : attempts.stream().map(EventJson::attempt).toList());
    }

    private static Error error(SyncError e) {
        return e == null ? null : new Error(e.code().name(), e.title(), e.kind().name(), e.message(), e.fix(),
                e.details(), e.vendorMessage());
    }

    private static Attempt attempt(AttemptView a) {
        return new Attempt(a.id(), a.number(), a.node(), a.idempotencyKey(), a.operation(), a.request(), a.response(),
                a.outcome(), a.errorCode(), a.startedAt(), a.finishedAt());
    }
}
