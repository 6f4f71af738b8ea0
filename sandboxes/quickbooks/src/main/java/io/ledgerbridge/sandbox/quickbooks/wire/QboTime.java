package io.ledgerbridge.sandbox.quickbooks.wire;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Time as QuickBooks writes it: company-local (Pacific) with an offset, e.g. {@code 2019-12-20T10:08:51-08:00}
 * in MetaData and {@code 2019-12-20T10:08:51.369-08:00} in the envelope's {@code time} (API_FACTS A.2 sample).
 * Every "now" of the sandbox comes from the injected {@link Clock}.
 */
public final class QboTime {
    public static final ZoneId COMPANY_ZONE = ZoneId.of("America/Los_Angeles");
    private static final DateTimeFormatter META = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    private static final DateTimeFormatter ENVELOPE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

    private final Clock clock;

    public QboTime(Clock clock) {
        this.clock = clock;
    }

    public Clock clock() {
        return clock;
    }

    public Instant now() {
        return clock.instant();
    }

    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), COMPANY_ZONE);
    }

    /** MetaData.CreateTime / LastUpdatedTime format. */
    public static String meta(Instant instant) {
        return ZonedDateTime.ofInstant(instant, COMPANY_ZONE).format(META);
    }

    /** The {@code time} attribute of IntuitResponse. */
    public String envelopeTime() {
        return ZonedDateTime.ofInstant(clock.instant(), COMPANY_ZONE).format(ENVELOPE);
    }

    /**
     * Reads a date-time literal as clients send it in queries and CDC ({@code 2024-01-01},
     * {@code 2024-01-01T10:00:00-08:00}, {@code 2024-01-01T18:00:00Z}); a bare date is midnight company time.
     */
    public static Optional<Instant> parseInstant(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim();
        try {
            return Optional.of(OffsetDateTime.parse(t).toInstant());
        } catch (DateTimeParseException ignored) {
            // try the other shapes
        }
        try {
            return Optional.of(java.time.LocalDateTime.parse(t).atZone(COMPANY_ZONE).toInstant());
        } catch (DateTimeParseException ignored) {
            // try a bare date
        }
        try {
            return Optional.of(LocalDate.parse(t).atStartOfDay(COMPANY_ZONE).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
