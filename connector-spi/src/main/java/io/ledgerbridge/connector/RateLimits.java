package io.ledgerbridge.connector;

/**
 * The limits a vendor sets on one connection, which the engine keeps across all nodes before the vendor has to
 * say no. Zero means no limit of that kind.
 *
 * @param requestsPerMinute calls per minute (QuickBooks 500 per realm, Xero 60 per organisation)
 * @param maxConcurrent     calls in flight at once (QuickBooks 10, Xero 5)
 * @param requestsPerDay    calls per day (Xero 5,000)
 */
public record RateLimits(int requestsPerMinute, int maxConcurrent, int requestsPerDay) {
    public static final RateLimits NONE = new RateLimits(0, 0, 0);

    public RateLimits {
        if (requestsPerMinute < 0 || maxConcurrent < 0 || requestsPerDay < 0) {
            throw new IllegalArgumentException("limits cannot be negative");
        }
    }
}
