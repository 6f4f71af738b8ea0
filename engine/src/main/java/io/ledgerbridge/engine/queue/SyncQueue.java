package io.ledgerbridge.engine.queue;

import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncEventId;
import io.ledgerbridge.domain.workspace.FlowId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The queue of sync events, shared by every node. Implemented by {@code PostgresSyncQueue}.
 *
 * <h2>Guarantees an implementation keeps</h2>
 * <ul>
 *   <li>{@link #claim} hands each Pending event to at most one node at a time and never hands out an event while
 *       another event of the same (flow, record) is Processing: one write in flight per record.</li>
 *   <li>An event is claimable only when it is due, not blocked by a dependency, and its destination connection
 *       is Connected.</li>
 *   <li>{@link #complete} applies an outcome only while the event is still leased to the completing node, and
 *       writes status, mapping, attempt and the effect on dependants in one transaction.</li>
 * </ul>
 * Threading: every method may be called concurrently from any node.
 */
public interface SyncQueue {

    /** Leases up to {@code limit} due events to {@code node} until {@code leaseUntil}, oldest first. */
    List<ClaimedEvent> claim(String node, int limit, Instant now, Instant leaseUntil);

    /**
     * Extends the leases of the given events {@code node} holds; returns how many. Never waits for a row another
     * transaction is writing (that event is being completed anyway).
     */
    int heartbeat(String node, Collection<SyncEventId> events, Instant leaseUntil);

    /**
     * Returns events whose lease expired (their node stopped) to Pending, marked uncertain so the next attempt
     * searches the destination before writing. Returns their ids.
     */
    List<SyncEventId> releaseExpired(Instant now);

    /** Applies outcomes (see {@link io.ledgerbridge.engine.pipeline.Outcome}) for events held by {@code node}. */
    void complete(String node, List<Completion> completions, Instant now);

    /** The newest event of each given record in the flow, for dependency decisions. */
    Map<String, DependencyState> newestEvents(FlowId flow, RecordType type, Collection<String> sourceIds);

    /**
     * Makes sure the record has an event to sync (creating one unless a Pending or Processing one exists) and
     * returns its id; used when an invoice needs a product synced first.
     */
    SyncEventId enqueue(FlowId flow, RecordType type, String sourceId, Instant now);
}
