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
    /**
     * Answers arrive out of order (5 calls at once), so the minute's remaining count can go up by a few without a new
     * window; a rise larger than this means Xero's window reset.
     */
    private static final int OUT_OF_ORDER = 5;

    private final Object lock = new Object();
    private volatile Remaining remaining;
    private volatile XeroErrors.Classified hold;
    /** When the organisation's current minute window began, as first seen here (a later start would be unsafe). */
    private Instant minuteWindowStart;

    XeroBudget(Clock clock, XeroErrors errors) {
        this.clock = clock;
        this.errors = errors;
    }

    /** Reads the remaining-calls headers of an answer, and holds further calls after a 429 or a spent window. */
    void observe(int status, HttpHeaders headers) {
        synchronized (lock) {
            observeLocked(status, headers);
        }
    }

    private void observeLocked(int status, HttpHeaders headers) {
        Instant now = clock.instant();
        int minute = header(headers, "X-MinLimit-Remaining");
        int day = header(headers, "X-DayLimit-Remaining");
        int app = header(headers, "X-AppMinLimit-Remaining");
        var before = remaining;
        if (minute >= 0 && (minuteWindowStart == null || before == null || before.minute() < 0
                || minute > before.minute() + OUT_OF_ORDER)) {
            // Xero's minute windows are fixed and start at different times per organisation (API_FACTS B.6): the
            // window began at most this call ago. Taking "now" is never earlier than the real start, so never unsafe.
            minuteWindowStart = now;
        }
        if (minute >= 0 || day >= 0 || app >= 0) {
            remaining = new Remaining(minute, day, app, now);
        }
        if (status == 429) {
            var c = errors.response(429, headers, null, null, XeroErrors.Organisation.NONE);
            if (c.retryAfter() != null && c.retryAfter().isAfter(now)) {
                hold = c;
            }
        } else if (minute == 0 || app == 0) {
            // Held until the window resets: a minute after it began here (plus a second of clock skew), never longer
            // than a minute from now. Holding a whole minute from now idled up to a minute each time the window was
            // used to its last call (BENCHMARKS.md, Xero).
            long seconds = MINUTE.toSeconds();
            if (app != 0 && minuteWindowStart != null) {
                long millis = Duration.between(now, minuteWindowStart.plus(MINUTE)).toMillis();
                seconds = Math.clamp(Math.ceilDiv(millis, 1000) + 1, 1, seconds);
            }
            var h = HttpHeaders.of(java.util.Map.of("X-Rate-Limit-Problem", java.util.List.of(app == 0 ? "appminute" : "minute"),
                    "Retry-After", java.util.List.of(String.valueOf(seconds))), (a, b) -> true);
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
