package io.ledgerbridge.connector;

import java.util.Optional;

/**
 * One external system (QuickBooks Online, Xero, HubSpot, the reference ledger). The application registers
 * one instance per system; it opens a {@link Sink} (and, for systems that are sources, a {@link Source}) per
 * connection.
 */
public interface Connector {

    /** The system's id as stored on connections, e.g. {@code quickbooks}. */
    String system();

    /** Opens a sink for one connection. Called once per connection and node; the sink is reused. */
    Sink openSink(ConnectionContext connection);

    /** Opens a source for one connection, for systems that are read from. */
    default Optional<Source> openSource(ConnectionContext connection) {
        return Optional.empty();
    }
}
