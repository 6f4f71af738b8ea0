package io.ledgerbridge.dashboard.connections;

import io.ledgerbridge.domain.workspace.ConnectionStatus;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.connection.ConnectionRecord;
import io.ledgerbridge.engine.connection.ConnectionStore;
import io.ledgerbridge.store.events.PostgresSyncEvents;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** A workspace's connections with how many syncs wait for each to be reconnected: the banner, the health card. */
public final class ConnectionHealth {

    private final ConnectionStore connections;
    private final Jdbi jdbi;
    private final Map<String, String> systemNames;

    /** @param waiting Pending syncs of this destination waiting for a reconnect */
    public record Health(ConnectionRecord connection, String systemName, long waiting) {
        public boolean needsReconnect() {
            return connection.status() == ConnectionStatus.NEEDS_RECONNECT;
        }
    }

    public ConnectionHealth(ConnectionStore connections, Jdbi jdbi, Map<String, String> systemNames) {
        this.connections = connections;
        this.jdbi = jdbi;
        this.systemNames = Map.copyOf(systemNames);
    }

    public List<Health> of(WorkspaceId workspace) {
        var list = connections.list(workspace);
        var waiting = new HashMap<UUID, Long>();
        if (list.stream().anyMatch(c -> c.status() != ConnectionStatus.CONNECTED)) {
            jdbi.useHandle(h -> h.createQuery("""
                            SELECT e.destination_connection_id AS id, count(*) AS n
                              FROM sync_event e JOIN connection c ON c.id = e.destination_connection_id
                             WHERE e.workspace_id = :w AND e.status = 'PENDING' AND c.status <> 'CONNECTED'
                               AND (""" + PostgresSyncEvents.WAIT_REASON + """
                                   ) = 'RECONNECT'
                             GROUP BY e.destination_connection_id""")
                    .bind("w", workspace.value())
                    .map((rs, ctx) -> Map.entry(rs.getObject("id", UUID.class), rs.getLong("n")))
                    .forEach(e -> waiting.put(e.getKey(), e.getValue())));
        }
        return list.stream()
                .map(c -> new Health(c, systemName(c.system()), waiting.getOrDefault(c.id().value(), 0L)))
                .toList();
    }

    public String systemName(String system) {
        return systemNames.getOrDefault(system, system);
    }
}
