package io.ledgerbridge.engine.flow;

import io.ledgerbridge.domain.workspace.FlowId;
import java.util.List;

/** Reads flows; read per batch so that a changed setting takes effect at once. */
public interface Flows {
    Flow flow(FlowId id);

    /**
     * The flows of the same routed flow as {@code flow} (the same source, routed on the same field), {@code flow}
     * included, oldest first; just {@code flow} when it is not routed.
     */
    default List<Flow> routedWith(Flow flow) {
        return List.of(flow);
    }
}
