package io.ledgerbridge.domain.workspace;

public enum ConnectionStatus {
    CONNECTED("Connected"), NEEDS_RECONNECT("Needs reconnect"), DISCONNECTED("Disconnected");

    private final String label;

    ConnectionStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
