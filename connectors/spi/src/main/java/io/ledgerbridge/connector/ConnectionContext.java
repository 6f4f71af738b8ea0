package io.ledgerbridge.connector;

import io.ledgerbridge.domain.workspace.ConnectionId;
import java.util.Map;

/**
 * What a connector gets to talk to one connection.
 *
 * @param settings non-secret settings (base URL, realm id, tenant id)
 * @param tokens   the connection's current access token; never logged
 */
public record ConnectionContext(ConnectionId id, Map<String, String> settings, TokenAccess tokens) {
    public ConnectionContext {
        settings = Map.copyOf(settings);
    }

    public String setting(String key) {
        var v = settings.get(key);
        if (v == null) {
            throw new IllegalStateException("connection " + id + " has no setting '" + key + "'");
        }
        return v;
    }
}
