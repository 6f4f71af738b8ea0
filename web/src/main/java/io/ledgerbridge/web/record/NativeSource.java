package io.ledgerbridge.web.record;

import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.connection.ConnectionRecord;
import io.ledgerbridge.engine.connection.ConnectionStore;
import io.ledgerbridge.engine.flow.Flow;
import io.ledgerbridge.store.flow.PostgresFlows;
import io.ledgerbridge.web.api.ApiError;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The workspace's native source: its connection whose system is {@value #SYSTEM}. Records pushed through the API
 * are received on it, and every flow reading from it makes an event for them. A workspace with several native
 * connections pushes to the oldest.
 */
public final class NativeSource {

    public static final String SYSTEM = "native";

    private final ConnectionStore connections;
    private final PostgresFlows flows;
    /**
     * Each workspace's native connection once found: it is never deleted and stays the oldest, so what was found stays
     * true (a workspace without one is asked again every time, so that adding one counts at once).
     */
    private final java.util.concurrent.ConcurrentHashMap<WorkspaceId, ConnectionId> found = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_KEPT = 100_000;

    public NativeSource(ConnectionStore connections, PostgresFlows flows) {
        this.connections = connections;
        this.flows = flows;
    }

    /** The native connection of the workspace; a 409 when it has none. */
    public ConnectionRecord of(WorkspaceId workspace) {
        return nativeOf(connections.list(workspace));
    }

    /** The id of the workspace's native connection, where records pushed are received (read once per workspace). */
    public ConnectionId idOf(WorkspaceId workspace) {
        var id = found.get(workspace);
        if (id == null) {
            id = of(workspace).id();
            if (found.size() >= MAX_KEPT) {
                found.clear();
            }
            found.put(workspace, id);
        }
        return id;
    }

    private static ConnectionRecord nativeOf(List<ConnectionRecord> all) {
        return all.stream()
                .filter(c -> SYSTEM.equals(c.system()))
                .findFirst()
                .orElseThrow(() -> new ApiError(409, "no_native_source", "This workspace has no native source "
                        + "connection, so it cannot receive records over the API; add one with POST /api/v1/connections "
                        + "{\"system\": \"native\", \"name\": \"My app\"} (or under Settings → Connections), then a flow "
                        + "to your books with POST /api/v1/flows."));
    }

    /** The native connection with the flows reading from it and their destination connections. */
    public Wiring wiring(WorkspaceId workspace) {
        var all = connections.list(workspace);
        var byId = all.stream().collect(Collectors.toMap(ConnectionRecord::id, Function.identity()));
        var source = nativeOf(all);
        var reading = flows.list(workspace).stream().filter(f -> f.source().equals(source.id())).toList();
        return new Wiring(source, reading, byId);
    }

    public record Wiring(ConnectionRecord source, List<Flow> flows, Map<ConnectionId, ConnectionRecord> connections) {

        public boolean reads(String flowId) {
            return flows.stream().anyMatch(f -> f.id().value().toString().equals(flowId));
        }
    }
}
