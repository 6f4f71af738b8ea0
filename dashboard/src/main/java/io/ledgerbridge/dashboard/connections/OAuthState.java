package io.ledgerbridge.dashboard.connections;

import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import java.util.Map;

/**
 * What an OAuth {@code state} stands for while the person is on the vendor's consent page: who started the round trip
 * (the workspace and the session) and what it is for.
 *
 * @param settings    the settings the vendor is asked with (for a new connection: its endpoints; no secret)
 * @param redirectUri the callback address sent to the vendor; the token exchange repeats it exactly
 */
public record OAuthState(WorkspaceId workspace, String sessionKey, Purpose purpose, String system,
        Map<String, String> settings, String redirectUri) {

    public OAuthState {
        settings = Map.copyOf(settings);
    }

    public sealed interface Purpose {}

    /** New authorisation for an existing connection. */
    public record Reconnect(ConnectionId connection) implements Purpose {}

    /** A new connection named {@code name}. */
    public record Connect(String name) implements Purpose {}
}
