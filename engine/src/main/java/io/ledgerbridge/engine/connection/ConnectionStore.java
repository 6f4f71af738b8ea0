package io.ledgerbridge.engine.connection;

import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Connections and their encrypted tokens. */
public interface ConnectionStore {

    /**
     * A new connection, Connected, its tokens encrypted ({@code tokens} null: none, e.g. the native source); its last
     * token refresh is {@code now}.
     */
    ConnectionId create(WorkspaceId workspace, String system, String name, Map<String, String> settings, TokenSet tokens,
            Instant now);

    Optional<ConnectionRecord> find(ConnectionId id);

    List<ConnectionRecord> list(WorkspaceId workspace);

    /** The decrypted tokens, with the version they were stored under. */
    Optional<Versioned> tokens(ConnectionId id);

    record Versioned(TokenSet tokens, int version) {}

    /**
     * Refreshes once per connection at a time across all nodes: locks the connection, and if the stored version
     * is still {@code seenVersion} calls {@code refresh} and stores its answer before returning it; if another
     * node refreshed meanwhile, returns the stored tokens without calling {@code refresh}. A refresh that throws
     * stores nothing.
     */
    Versioned refresh(ConnectionId id, int seenVersion, UnaryOperator<TokenSet> refresh, Instant now);

    /** New tokens from a person reconnecting: the connection is Connected again and its waiting events resume. */
    void reconnect(ConnectionId id, TokenSet tokens, Instant now);

    void markNeedsReconnect(ConnectionId id, String reason, Instant now);

    void disconnect(ConnectionId id, Instant now);
}
