package io.ledgerbridge.domain.workspace;

import java.util.Objects;
import java.util.UUID;

public record WorkspaceId(UUID value) {
    public WorkspaceId {
        Objects.requireNonNull(value, "value");
    }

    public static WorkspaceId random() {
        return new WorkspaceId(UUID.randomUUID());
    }

    public static WorkspaceId parse(String s) {
        return new WorkspaceId(UUID.fromString(s));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
