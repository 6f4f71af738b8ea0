package io.ledgerbridge.store.flow;

import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.flow.Flow;
import io.ledgerbridge.engine.flow.Flows;
import io.ledgerbridge.store.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** Flows and their settings. Read on every batch, so a saved setting takes effect at once. */
public final class PostgresFlows implements Flows {

    private final Jdbi jdbi;

    public PostgresFlows(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public FlowId create(WorkspaceId workspace, ConnectionId source, ConnectionId destination, FlowSettings settings,
            Instant now) {
        var id = FlowId.random();
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO flow (id, workspace_id, source_connection_id, destination_connection_id, settings,
                                          created_at, updated_at)
                        VALUES (:id, :workspace, :source, :destination, CAST(:settings AS jsonb), :now, :now)""")
                .bind("id", id.value()).bind("workspace", workspace.value()).bind("source", source.value())
                .bind("destination", destination.value()).bind("settings", Json.write(settings)).bind("now", now)
                .execute());
        return id;
    }

    @Override
    public Flow flow(FlowId id) {
        return find(id).orElseThrow(() -> new IllegalStateException("no flow " + id));
    }

    public Optional<Flow> find(FlowId id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM flow WHERE id = :id")
                .bind("id", id.value()).map(PostgresFlows::flow).findOne());
    }

    public List<Flow> list(WorkspaceId workspace) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM flow WHERE workspace_id = :w ORDER BY created_at")
                .bind("w", workspace.value()).map(PostgresFlows::flow).list());
    }

    @Override
    public List<Flow> routedWith(Flow flow) {
        if (!flow.settings().routed()) {
            return List.of(flow);
        }
        String field = flow.settings().route().field();
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT * FROM flow WHERE source_connection_id = :source ORDER BY created_at, id")
                .bind("source", flow.source().value()).map(PostgresFlows::flow).list()).stream()
                .filter(f -> f.settings().routed() && f.settings().route().field().equals(field)).toList();
    }

    public void updateSettings(FlowId id, FlowSettings settings, Instant now) {
        jdbi.useHandle(h -> h.createUpdate(
                        "UPDATE flow SET settings = CAST(:settings AS jsonb), updated_at = :now WHERE id = :id")
                .bind("settings", Json.write(settings)).bind("now", now).bind("id", id.value()).execute());
    }

    private static Flow flow(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
            throws java.sql.SQLException {
        return new Flow(new FlowId(rs.getObject("id", UUID.class)), new WorkspaceId(rs.getObject("workspace_id", UUID.class)),
                new ConnectionId(rs.getObject("source_connection_id", UUID.class)),
                new ConnectionId(rs.getObject("destination_connection_id", UUID.class)),
                Json.read(rs.getString("settings"), FlowSettings.class));
    }
}
