package io.ledgerbridge.sandbox.quickbooks;

/**
 * Per-realm limits; exceeding any of the first three is HTTP 429 ThrottleExceeded (API_FACTS A.5 3001).
 *
 * @param requestsPerMinute API_FACTS A.6: 500 requests/minute per realm; a batch counts as one request
 * @param concurrentRequests API_FACTS A.6: at most 10 concurrent requests per app and realm
 * @param batchRequestsPerMinute API_FACTS A.4: 40 batch requests/minute per realm and app
 * @param maxBatchItems API_FACTS A.4 / E.1: 30 items per batch, more is fault 1040
 */
public record Limits(int requestsPerMinute, int concurrentRequests, int batchRequestsPerMinute, int maxBatchItems) {

    public static final Limits QUICKBOOKS = new Limits(500, 10, 40, 30);

    public Limits {
        if (requestsPerMinute < 1 || concurrentRequests < 1 || batchRequestsPerMinute < 1 || maxBatchItems < 1) {
            throw new IllegalArgumentException("every limit must be at least 1: " + requestsPerMinute + ", "
                    + concurrentRequests + ", " + batchRequestsPerMinute + ", " + maxBatchItems);
        }
    }

    /** Limits so high that only the fault switches throttle (for demos and benchmarks of the client alone). */
    public static Limits unlimited() {
        return new Limits(Integer.MAX_VALUE, Integer.MAX_VALUE / 2, Integer.MAX_VALUE, 1000);
    }
}
