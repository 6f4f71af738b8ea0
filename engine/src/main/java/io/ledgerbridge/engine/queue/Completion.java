package io.ledgerbridge.engine.queue;

import io.ledgerbridge.engine.pipeline.Outcome;
import java.util.List;

/**
 * What a worker decided for one claimed event, written by {@link SyncQueue#complete} in one transaction with
 * the mapping and the attempt.
 *
 * @param learned mappings found on the way (a product matched by SKU) that later events can reuse
 * @param attempt the try at the destination, or null when the outcome was decided without one
 */
public record Completion(ClaimedEvent event, Outcome outcome, Attempt attempt, List<Learned> learned) {

    public Completion {
        learned = learned == null ? List.of() : List.copyOf(learned);
    }

    public Completion(ClaimedEvent event, Outcome outcome) {
        this(event, outcome, null, List.of());
    }

    /** A mapping learned for a record other than the event's own. */
    public record Learned(io.ledgerbridge.domain.record.RecordType type, String sourceKey, String destinationId) {}
}
