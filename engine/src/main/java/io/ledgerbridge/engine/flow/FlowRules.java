package io.ledgerbridge.engine.flow;

import io.ledgerbridge.engine.connection.ConnectionRecord;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which flows may be made, wherever one is asked for (the dashboard, the API, the command line). Refused: a connection
 * to itself; your app (the native source) as a destination and the reference ledger as a source (they only send, or
 * only receive); a flow that exists; and the reverse of a flow that exists, because with both directions on, what
 * Ledgerbridge writes into one system would sync back (one direction at a time, as PRODUCT.md's settings say).
 */
public final class FlowRules {

    /** Systems that only send records (a source) and only receive them (a destination). */
    public static final String SEND_ONLY = "native";
    public static final String RECEIVE_ONLY = "reference";

    private FlowRules() {}

    /**
     * Why a flow from {@code source} to {@code destination} cannot be made, in a sentence; empty when it can.
     *
     * @param existing   the workspace's flows (deleted ones left out)
     * @param systemName system id → the name people read
     */
    public static Optional<String> refusal(ConnectionRecord source, ConnectionRecord destination, List<Flow> existing,
            Function<String, String> systemName) {
        if (source.id().equals(destination.id())) {
            return Optional.of("A flow needs two different connections.");
        }
        if (source.system().equals(RECEIVE_ONLY)) {
            return Optional.of(source.name() + " (" + systemName.apply(RECEIVE_ONLY) + ") only receives records; it cannot be a source.");
        }
        if (destination.system().equals(SEND_ONLY)) {
            return Optional.of(destination.name() + " (" + systemName.apply(SEND_ONLY) + ") only sends records; it cannot be a destination.");
        }
        for (var f : existing) {
            if (f.source().equals(source.id()) && f.destination().equals(destination.id())) {
                return Optional.of("A flow from " + source.name() + " to " + destination.name() + " already exists.");
            }
            if (f.source().equals(destination.id()) && f.destination().equals(source.id())) {
                return Optional.of("A flow from " + destination.name() + " to " + source.name() + " already exists. "
                        + "One direction at a time: with both, what Ledgerbridge writes into one would sync back.");
            }
        }
        return Optional.empty();
    }

    /**
     * Why a route cannot be set on a flow to {@code destination}, in a sentence; empty when it can. A route needs a field
     * and an option; a Xero destination also needs an invoice number prefix, so that the group's numbers never collide
     * with the satellite's own (as the group → satellite product's set-up asks).
     */
    public static Optional<String> routeRefusal(String field, String value, String numberPrefix, ConnectionRecord destination) {
        boolean noField = field == null || field.isBlank();
        boolean noValue = value == null || value.isBlank();
        if (noField || noValue) {
            return Optional.of("A route needs both the field to route by and the option this destination takes.");
        }
        if ((numberPrefix == null || numberPrefix.isBlank()) && destination.system().equals("xero")) {
            return Optional.of("A Xero destination of a routed flow needs an invoice number prefix (e.g. SYD-), so the "
                    + "group's numbers never collide with its own.");
        }
        if (numberPrefix != null && numberPrefix.strip().length() > 10) {
            return Optional.of("An invoice number prefix can be at most 10 characters.");
        }
        return Optional.empty();
    }
}
