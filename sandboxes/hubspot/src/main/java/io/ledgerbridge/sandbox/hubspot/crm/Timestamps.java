package io.ledgerbridge.sandbox.hubspot.crm;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** HubSpot writes timestamps as ISO-8601 with milliseconds ({@code 2019-10-30T03:30:17.883Z}, spec examples). */
public final class Timestamps {
    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {}

    public static String format(Instant instant) {
        return ISO_MILLIS.format(instant);
    }

    /** Reads a property or filter value as a point in time: epoch milliseconds, an ISO instant or an ISO date. */
    public static Optional<Instant> parse(String value) {
        if (value == null || value.isBlank()) return Optional.empty();
        try {
            if (value.chars().allMatch(Character::isDigit) && value.length() >= 10) {
                return Optional.of(Instant.ofEpochMilli(Long.parseLong(value)));
            }
            if (value.length() == 10 && value.charAt(4) == '-') {
                return Optional.of(LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant());
            }
            if (value.contains("T")) return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
