package io.ledgerbridge.engine.flow;

import io.ledgerbridge.domain.workspace.FlowId;

/** Reads flows; read per batch so that a changed setting takes effect at once. */
public interface Flows {
    Flow flow(FlowId id);
}
