package io.ledgerbridge.engine.events;

import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncAction;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What people see of and do with sync events (API, dashboard, command line), always within one workspace: an
 * event of another workspace is never found.
 */
public interface SyncEvents {

    List<EventView> list(WorkspaceId workspace, EventFilter filter);

    Optional<EventView> get(WorkspaceId workspace, long eventId);

    /** Every event of one source record (newest first). */
    List<EventView> ofRecord(WorkspaceId workspace, RecordType type, String sourceId);

    List<AttemptView> attempts(WorkspaceId workspace, long eventId);

    /** Counts by status, for the dashboard and the metrics. */
    Map<String, Long> countsByStatus(WorkspaceId workspace);

    /**
     * Applies a person's action (retry, skip, mark synced) to one event through the lifecycle table.
     *
     * @param destinationId for {@link SyncAction#MARK_SYNCED}: the destination record to link, or null
     */
    ActionResult act(WorkspaceId workspace, long eventId, SyncAction action, String destinationId, Instant now);

    /** Applies an action to every event matching the filter that the lifecycle allows it for. */
    BulkResult actOnAll(WorkspaceId workspace, EventFilter filter, SyncAction action, Instant now);

    sealed interface ActionResult {
        record Done(EventView event) implements ActionResult {}

        record Refused(String reason) implements ActionResult {}

        record NotFound() implements ActionResult {}
    }

    /** @param changed events the action applied to; {@code refused} matching events it did not apply to */
    record BulkResult(int changed, int refused) {}
}
