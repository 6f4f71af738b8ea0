package io.ledgerbridge.connector.xero;

import io.ledgerbridge.connector.xero.error.XeroErrors;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What Xero last said about one organisation's budget (API_FACTS B.6): the {@code X-MinLimit-Remaining},
 * {@code X-DayLimit-Remaining} and {@code X-AppMinLimit-Remaining} headers of every answer, and the waits of its 429s.
 *
 * <p>The engine keeps the limits across nodes before Xero has to say no (Bucket4j on PostgreSQL, see
 * {@link XeroSink#rateLimits()}); this is the connector's own second line, per node: once Xero has said a window is
 * spent (a 429 with {@code Retry-After}, or a remaining count of 0), calls are held here until it resets instead of
 * each one costing a 429, and the held calls answer with the same classified wait. The counts are also offered to the
 * engine ({@link #remaining()}) so a shared budget can be drained to match what Xero counted. Thread-safe.
 */
final class XeroBudget {

    /** The latest counts Xero reported; -1 where a header was missing. */
    record Remaining(int minute, int day, int appMinute, Instant observedAt) {}

    /** Minute windows are fixed and reset at most a minute after they fill (API_FACTS B.6). */
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final Clock clock;
    private final XeroErrors errors;
    private volatile Remaining remaining;
    private volatile XeroErrors.Classified hold;

    XeroBudget(Clock clock, XeroErrors errors) {
        this.clock = clock;
        this.errors = errors;
    }

    /** Reads the remaining-calls headers of an answer, and holds further calls after a 429 or a spent window. */
    void observe(int status, HttpHeaders headers) {
        Instant now = clock.instant();
        int minute = header(headers, "X-MinLimit-Remaining");
        int day = header(headers, "X-DayLimit-Remaining");
        int app = header(headers, "X-AppMinLimit-Remaining");
        if (minute >= 0 || day >= 0 || app >= 0) {
            remaining = new Remaining(minute, day, app, now);
        }
        if (status == 429) {
            var c = errors.response(429, headers, null, null, XeroErrors.Organisation.NONE);
            if (c.retryAfter() != null && c.retryAfter().isAfter(now)) {
                hold = c;
            }
        } else if (minute == 0 || app == 0) {
            var h = HttpHeaders.of(java.util.Map.of("X-Rate-Limit-Problem", java.util.List.of(app == 0 ? "appminute" : "minute"),
                    "Retry-After", java.util.List.of(String.valueOf(MINUTE.toSeconds()))), (a, b) -> true);
            hold = errors.response(429, h, null, null, XeroErrors.Organisation.NONE);
        }
    }

    /** The wait to answer instead of calling, while a window Xero said is spent has not reset. */
    Optional<XeroErrors.Classified> held() {
        var h = hold;
        if (h == null || !clock.instant().isBefore(h.retryAfter())) {
            return Optional.empty();
        }
        return Optional.of(h);
    }

    Optional<Remaining> remaining() {
        return Optional.ofNullable(remaining);
    }

    private static int header(HttpHeaders headers, String name) {
        try {
            return headers.firstValue(name).map(String::strip).map(Integer::parseInt).orElse(-1);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
