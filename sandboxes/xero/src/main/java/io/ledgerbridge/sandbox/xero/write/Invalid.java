package io.ledgerbridge.sandbox.xero.write;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * An element Xero refuses, with every message that applies (each becomes {@code ValidationErrors[{Message}]}).
 * {@code echo}, when set, is the element as Xero echoes it (the submitted fields plus what it computed).
 */
public final class Invalid extends RuntimeException {
    private final transient List<String> messages;
    private final transient ObjectNode echo;

    public Invalid(List<String> messages, ObjectNode echo) {
        super(String.join("; ", messages), null, false, false);
        this.messages = List.copyOf(messages);
        this.echo = echo;
    }

    public Invalid(String message) {
        this(List.of(message), null);
    }

    public List<String> messages() {
        return messages;
    }

    public ObjectNode echo() {
        return echo;
    }
}
