package io.ledgerbridge.domain.workspace;

import java.util.Objects;
import java.util.UUID;

public record ConnectionId(UUID value) {
    public ConnectionId {
        Objects.requireNonNull(value, "value");
    }

    public static ConnectionId random() {
        return new ConnectionId(UUID.randomUUID());
    }

    public static ConnectionId parse(String s) {
        return new ConnectionId(UUID.fromString(s));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
