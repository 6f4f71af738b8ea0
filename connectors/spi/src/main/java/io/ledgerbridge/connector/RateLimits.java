package io.ledgerbridge.connector;

/**
 * The limits a vendor sets on one connection, which the engine keeps across all nodes before the vendor has to
 * say no. Zero means no limit of that kind.
 *
 * @param requestsPerMinute calls per minute (QuickBooks 500 per realm, Xero 60 per organisation)
 * @param maxConcurrent     calls in flight at once (QuickBooks 10, Xero 5)
 * @param requestsPerDay    calls per day (Xero 5,000)
 * @param batchRequestsPerMinute batch calls per minute, on top of the per-minute budget they also take from
 *                               (QuickBooks 40). A {@link Sink#write} of more than one write is one batch call.
 * @param appRequestsPerMinute   calls per minute of the whole app across every connection of the system, on top of
 *                               each connection's budget (Xero 10,000); the engine keeps one budget per system, shared
 *                               by all connections and nodes
 */
public record RateLimits(int requestsPerMinute, int maxConcurrent, int requestsPerDay, int batchRequestsPerMinute,
        int appRequestsPerMinute) {
    public static final RateLimits NONE = new RateLimits(0, 0, 0, 0);

    public RateLimits(int requestsPerMinute, int maxConcurrent, int requestsPerDay) {
        this(requestsPerMinute, maxConcurrent, requestsPerDay, 0);
    }

    public RateLimits(int requestsPerMinute, int maxConcurrent, int requestsPerDay, int batchRequestsPerMinute) {
        this(requestsPerMinute, maxConcurrent, requestsPerDay, batchRequestsPerMinute, 0);
    }

    public RateLimits {
        if (requestsPerMinute < 0 || maxConcurrent < 0 || requestsPerDay < 0 || batchRequestsPerMinute < 0
                || appRequestsPerMinute < 0) {
            throw new IllegalArgumentException("limits cannot be negative");
        }
    }

    /** These limits with an app-wide per-minute budget across all connections of the system. */
    public RateLimits withAppRequestsPerMinute(int perMinute) {
        return new RateLimits(requestsPerMinute, maxConcurrent, requestsPerDay, batchRequestsPerMinute, perMinute);
    }
}
