package io.ledgerbridge.sandbox.xero.organisation;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One Xero organisation (a tenant of tenantType ORGANISATION): its identity, books, fault switches and counters.
 * {@code version} is the Organisation.Version enum value of its country (xero_accounting.yaml #/components/schemas/Organisation).
 */
public record Organisation(String tenantId, String name, String countryCode, String baseCurrency, String shortCode,
                           Instant createdAt, Books books, Switches switches, AtomicLong requests, AtomicLong throttled) {
    public String version() {
        return switch (countryCode) {
            case "AU", "NZ", "US" -> countryCode;
            case "GB" -> "UK";
            default -> "GLOBAL";
        };
    }
}
