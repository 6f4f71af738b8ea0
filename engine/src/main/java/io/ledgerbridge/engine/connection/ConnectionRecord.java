package io.ledgerbridge.engine.connection;

import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.ConnectionStatus;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Map;

/** A connection as stored, without its tokens. */
public record ConnectionRecord(ConnectionId id, WorkspaceId workspace, String system, String name,
        ConnectionStatus status, String statusReason, Map<String, String> settings, Instant tokenRefreshedAt) {}
