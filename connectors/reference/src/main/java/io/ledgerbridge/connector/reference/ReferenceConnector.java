package io.ledgerbridge.connector.reference;

import io.ledgerbridge.connector.ConnectionContext;
import io.ledgerbridge.connector.Connector;
import io.ledgerbridge.connector.Sink;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

/**
 * The reference ledger as a destination. Connection settings: {@code baseUrl}, {@code ledger}, and optionally
 * {@code timeoutMillis} (default 10,000) and {@code maxBatch} (default and most 100).
 */
public final class ReferenceConnector implements Connector {

    public static final String SYSTEM = "reference";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Clock clock;

    public ReferenceConnector(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String system() {
        return SYSTEM;
    }

    @Override
    public Sink openSink(ConnectionContext connection) {
        var s = connection.settings();
        return new ReferenceSink(http, connection.setting("baseUrl"), connection.setting("ledger"), connection.tokens(),
                Duration.ofMillis(Long.parseLong(s.getOrDefault("timeoutMillis", "10000"))),
                Math.min(100, Integer.parseInt(s.getOrDefault("maxBatch", "100"))), clock);
    }
}
