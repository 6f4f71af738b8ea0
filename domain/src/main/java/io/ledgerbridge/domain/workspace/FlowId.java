package io.ledgerbridge.domain.workspace;

import java.util.Objects;
import java.util.UUID;

public record FlowId(UUID value) {
    public FlowId {
        Objects.requireNonNull(value, "value");
    }

    public static FlowId random() {
        return new FlowId(UUID.randomUUID());
    }

    public static FlowId parse(String s) {
        return new FlowId(UUID.fromString(s));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
