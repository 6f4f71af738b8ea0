package io.ledgerbridge.sandbox.xero.wire;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Xero's dates. On the wire dates are MS-JSON {@code /Date(ms+0000)/} with ISO companions ({@code DateString},
 * {@code UpdatedDateUTCString}); requests carry {@code YYYY-MM-DD} (API_FACTS B.1 [SPEC], xero_accounting.yaml
 * x-is-msdate / x-is-msdate-time and the GET /Invoices/{InvoiceID} example). Envelopes write
 * {@code DateTimeUTC} as {@code /Date(ms)/} (no offset) as the spec examples do.
 */
public final class XeroDates {
    private static final Pattern MS_DATE = Pattern.compile("/Date\\((-?\\d+)([+-]\\d{4})?\\)/");
    /** "2019-03-07T00:00:00": the DateString companion (spec example of GET /Invoices/{InvoiceID}). */
    private static final DateTimeFormatter DATE_STRING = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    /** "30-Nov-2018": the date in lock-date messages (API_FACTS B.5 [2ND]). */
    private static final DateTimeFormatter LOCK_DATE = DateTimeFormatter.ofPattern("dd-MMM-yyyy", Locale.ENGLISH);

    private XeroDates() {}

    /** {@code /Date(1551916800000+0000)/} for a calendar date (midnight UTC). */
    public static String msDate(LocalDate date) {
        return "/Date(" + date.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli() + "+0000)/";
    }

    /** {@code /Date(1551981568133+0000)/} for an instant. */
    public static String msDateTime(Instant at) {
        return "/Date(" + at.toEpochMilli() + "+0000)/";
    }

    /** {@code /Date(1551981658323)/}: the envelope's DateTimeUTC. */
    public static String envelopeTime(Instant at) {
        return "/Date(" + at.toEpochMilli() + ")/";
    }

    /** {@code 2019-03-07T00:00:00}. */
    public static String dateString(LocalDate date) {
        return DATE_STRING.format(date.atStartOfDay());
    }

    /** {@code 2019-11-14T18:10:38Z} (spec Invoice.UpdatedDateUTCString example). */
    public static String utcString(Instant at) {
        return DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    public static String lockDate(LocalDate date) {
        return LOCK_DATE.format(date);
    }

    /**
     * A date as a client sends it: {@code 2019-03-11}, {@code 2019-03-11T00:00:00}, an offset date-time, or
     * {@code /Date(ms+0000)/} (the Xero SDKs send the latter). {@link IllegalArgumentException} when none fits.
     */
    public static LocalDate parseDate(String text) {
        Instant ms = parseMs(text);
        if (ms != null) {
            return LocalDate.ofInstant(ms, ZoneOffset.UTC);
        }
        String t = text.trim();
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t);
            }
            try {
                return OffsetDateTime.parse(t).toLocalDate();
            } catch (DateTimeParseException e) {
                return LocalDateTime.parse(t).toLocalDate();
            }
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid date");
        }
    }

    /** An instant from {@code /Date(ms+0000)/} or ISO text (offset or UTC), or {@link IllegalArgumentException}. */
    public static Instant parseInstant(String text) {
        Instant ms = parseMs(text);
        if (ms != null) {
            return ms;
        }
        String t = text.trim();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                try {
                    return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e3) {
                    try {
                        return java.time.ZonedDateTime.parse(t, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                    } catch (DateTimeParseException e4) {
                        throw new IllegalArgumentException("'" + text + "' is not a valid date-time");
                    }
                }
            }
        }
    }

    private static Instant parseMs(String text) {
        Matcher m = MS_DATE.matcher(text.trim());
        return m.matches() ? Instant.ofEpochMilli(Long.parseLong(m.group(1))) : null;
    }
}
