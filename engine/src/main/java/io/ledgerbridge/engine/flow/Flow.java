package io.ledgerbridge.engine.flow;

import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Optional;

/**
 * What syncs where: records from {@code source} to {@code destination}, with the flow's settings.
 *
 * @param paused  who paused the flow and when, if it is paused: its records still come in, their syncs wait
 * @param deleted who deleted the flow and when, if it is deleted: it takes nothing in and syncs nothing
 */
public record Flow(FlowId id, WorkspaceId workspace, ConnectionId source, ConnectionId destination,
        FlowSettings settings, Optional<Change> paused, Optional<Change> deleted) {

    /** A person's (or key's, or the command line's) change of a flow's state. */
    public record Change(String by, Instant at) {}

    public Flow(FlowId id, WorkspaceId workspace, ConnectionId source, ConnectionId destination, FlowSettings settings) {
        this(id, workspace, source, destination, settings, Optional.empty(), Optional.empty());
    }

    public boolean isPaused() {
        return paused.isPresent();
    }

    public boolean isDeleted() {
        return deleted.isPresent();
    }
}
