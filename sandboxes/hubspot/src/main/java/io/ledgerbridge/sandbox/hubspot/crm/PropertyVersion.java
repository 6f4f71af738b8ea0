package io.ledgerbridge.sandbox.hubspot.crm;

import java.time.Instant;

/** One entry of {@code propertiesWithHistory} (spec schema {@code ValueWithTimestamp}). */
public record PropertyVersion(String value, Instant timestamp, WriteSource source) {}
