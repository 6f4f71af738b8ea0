package io.ledgerbridge.engine.connection;

import io.ledgerbridge.connector.ConnectionContext;
import io.ledgerbridge.connector.Connector;
import io.ledgerbridge.connector.Sink;
import io.ledgerbridge.connector.Source;
import io.ledgerbridge.connector.TokenAccess;
import io.ledgerbridge.domain.workspace.ConnectionId;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Opens sinks through the registered connectors, once per connection on this node, and gives them tokens backed
 * by the {@link ConnectionStore} (so a refresh by any node is seen by all).
 */
public final class ConnectorRegistry implements Connections {

    private final Map<String, Connector> connectors;
    private final Map<String, String> systemNames;
    private final ConnectionStore store;
    private final Clock clock;
    private final Map<ConnectionId, Sink> sinks = new ConcurrentHashMap<>();
    private final Map<ConnectionId, Optional<Source>> sources = new ConcurrentHashMap<>();
    private final Map<ConnectionId, String> names = new ConcurrentHashMap<>();

    /**
     * @param systemNames system id → name users read ("quickbooks" → "QuickBooks Online")
     */
    public ConnectorRegistry(List<Connector> connectors, Map<String, String> systemNames, ConnectionStore store,
            Clock clock) {
        this.connectors = connectors.stream().collect(Collectors.toMap(Connector::system, Function.identity()));
        this.systemNames = Map.copyOf(systemNames);
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Sink sink(ConnectionId id) {
        return sinks.computeIfAbsent(id, this::open);
    }

    private Sink open(ConnectionId id) {
        var record = store.find(id).orElseThrow(() -> new IllegalStateException("no connection " + id));
        var connector = connectors.get(record.system());
        if (connector == null) {
            throw new IllegalStateException("no connector for system '" + record.system() + "' (connection " + id + ")");
        }
        return connector.openSink(new ConnectionContext(id, record.settings(), tokens(id, connector, record.settings())));
    }

    /**
     * The open source of a connection (webhook read-back, polling), opened once per node with the same refreshing
     * tokens as its sink; empty when the connection's system is not read from.
     */
    public Optional<Source> source(ConnectionId id) {
        return sources.computeIfAbsent(id, c -> {
            var record = store.find(c).orElseThrow(() -> new IllegalStateException("no connection " + c));
            var connector = connectors.get(record.system());
            if (connector == null) {
                // Your app's native source is pushed to, never read from; other systems always have a connector.
                return Optional.empty();
            }
            return connector.openSource(new ConnectionContext(c, record.settings(), tokens(c, connector, record.settings())));
        });
    }

    /** Tokens are refreshed this long before they expire, so a call never starts with a token about to die. */
    private static final java.time.Duration EARLY_REFRESH = java.time.Duration.ofMinutes(2);

    private TokenAccess tokens(ConnectionId id, Connector connector, Map<String, String> settings) {
        UnaryOperator<TokenSet> refresh = old -> {
            if (old.refreshToken() == null) {
                throw new TokenAccess.ReconnectNeeded("connection " + id + " has no refresh token");
            }
            var fresh = connector.refresh(settings, old.refreshToken());
            return new TokenSet(fresh.accessToken(),
                    fresh.refreshToken() != null ? fresh.refreshToken() : old.refreshToken(), fresh.accessExpiresAt());
        };
        return new TokenAccess() {
            @Override
            public String accessToken() {
                var current = current();
                var expires = current.tokens().accessExpiresAt();
                if (expires != null && expires.isBefore(clock.instant().plus(EARLY_REFRESH))) {
                    return store.refresh(id, current.version(), refresh, clock.instant()).tokens().accessToken();
                }
                return current.tokens().accessToken();
            }

            @Override
            public String refreshAfterRejection(String rejectedToken) {
                var current = current();
                if (!current.tokens().accessToken().equals(rejectedToken)) {
                    return current.tokens().accessToken(); // another node already refreshed
                }
                return store.refresh(id, current.version(), refresh, clock.instant()).tokens().accessToken();
            }

            private ConnectionStore.Versioned current() {
                return store.tokens(id).orElseThrow(() -> new ReconnectNeeded("connection " + id + " has no tokens"));
            }
        };
    }

    /** How connections of {@code system} are authorised through the vendor's consent page, if it uses OAuth. */
    public java.util.Optional<io.ledgerbridge.connector.Authorization> authorization(String system) {
        var connector = connectors.get(system);
        return connector == null ? java.util.Optional.empty() : connector.authorization();
    }

    @Override
    public String systemName(ConnectionId id) {
        // A connection's system never changes: asked once per node, not once per batch.
        var name = names.get(id);
        if (name == null) {
            var found = store.find(id).map(r -> systemNames.getOrDefault(r.system(), r.system()));
            if (found.isEmpty()) {
                return "the source";
            }
            name = found.get();
            names.put(id, name);
        }
        return name;
    }

    /** Forgets the open sink of a connection (after a reconnect or a settings change). */
    public void forget(ConnectionId id) {
        sources.remove(id);
        var sink = sinks.remove(id);
        if (sink != null) {
            sink.close();
        }
    }
}
