package io.ledgerbridge.dashboard.connections;

import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import java.util.Map;
import java.util.UUID;

/**
 * What an OAuth {@code state} stands for while the person is on the vendor's consent page: who started the round trip
 * (the workspace, and either a dashboard session or a consent request made over the API or the command line) and what
 * it is for.
 *
 * @param sessionKey  the dashboard session that started it; null for a {@code request}
 * @param request     the consent request that started it (API, command line); null for a session
 * @param settings    the settings the vendor is asked with (for a new connection: its endpoints; no secret)
 * @param redirectUri the callback address sent to the vendor; the token exchange repeats it exactly
 */
public record OAuthState(WorkspaceId workspace, String sessionKey, Request request, Purpose purpose, String system,
        Map<String, String> settings, String redirectUri) {

    public OAuthState {
        settings = Map.copyOf(settings);
        if ((sessionKey == null) == (request == null)) {
            throw new IllegalArgumentException("a round trip is started by a session or by a request, not both or neither");
        }
    }

    /** A round trip started by a person signed in to the dashboard. */
    public OAuthState(WorkspaceId workspace, String sessionKey, Purpose purpose, String system, Map<String, String> settings,
            String redirectUri) {
        this(workspace, sessionKey, null, purpose, system, settings, redirectUri);
    }

    /** A consent request made over the API or the command line: its id, and who asked (for the audit log). */
    public record Request(UUID id, String actor) {}

    public sealed interface Purpose {}

    /** New authorisation for an existing connection. */
    public record Reconnect(ConnectionId connection) implements Purpose {}

    /** A new connection named {@code name}. */
    public record Connect(String name) implements Purpose {}
}
