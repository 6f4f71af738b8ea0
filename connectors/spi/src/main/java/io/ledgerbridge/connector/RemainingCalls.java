package io.ledgerbridge.connector;

import java.time.Instant;
import java.util.Objects;

/**
 * What a vendor said remains of a connection's budget with its latest answer (Xero sends
 * {@code X-MinLimit-Remaining}, {@code X-DayLimit-Remaining} and {@code X-AppMinLimit-Remaining} on every answer). The
 * vendor's own count is the truth: calls made by other apps of the same organisation, or before a restart, take from it
 * too. The engine hands it to its {@code Throttle}, which may drain the shared budget down to it.
 *
 * @param minute     calls left in the connection's current minute; -1 when not said
 * @param day        calls left in the connection's current day; -1 when not said
 * @param appMinute  calls left in the app's current minute across all connections; -1 when not said
 * @param observedAt when the answer carrying them arrived
 */
public record RemainingCalls(int minute, int day, int appMinute, Instant observedAt) {
    public RemainingCalls {
        Objects.requireNonNull(observedAt, "observedAt");
    }
}
