package io.ledgerbridge.engine.connection;

import io.ledgerbridge.connector.Sink;
import io.ledgerbridge.domain.workspace.ConnectionId;

/** The engine's view of connections: their sinks and their health. */
public interface Connections {

    /** The open sink of a destination connection (opened once per node, then reused). */
    Sink sink(ConnectionId connection);

    /** Human name of the connection's system for messages ("QuickBooks Online"). */
    String systemName(ConnectionId connection);
}
