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

    /**
     * Exchanges a refresh token for new tokens at the vendor's token endpoint. The engine calls it once per
     * connection at a time across all nodes and stores the answer (a rotated refresh token included) before
     * anyone uses the new access token.
     *
     * @param settings the connection's settings (token endpoint, client id)
     * @throws TokenAccess.ReconnectNeeded when the vendor says the refresh token is dead ({@code invalid_grant})
     */
    default RefreshedTokens refresh(java.util.Map<String, String> settings, String refreshToken) {
        throw new TokenAccess.ReconnectNeeded(system() + " connections cannot refresh their tokens");
    }

    /** How a person authorises a connection of this system through the vendor's consent page, when it uses OAuth. */
    default Optional<Authorization> authorization() {
        return Optional.empty();
    }

    /** Opens a source for one connection, for systems that are read from. */
    default Optional<Source> openSource(ConnectionContext connection) {
        return Optional.empty();
    }
}
