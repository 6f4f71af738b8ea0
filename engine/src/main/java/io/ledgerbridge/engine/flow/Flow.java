package io.ledgerbridge.engine.flow;

import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.domain.workspace.WorkspaceId;

/** What syncs where: records from {@code source} to {@code destination}, with the flow's settings. */
public record Flow(FlowId id, WorkspaceId workspace, ConnectionId source, ConnectionId destination,
        FlowSettings settings) {}
