package io.ledgerbridge.sandbox.hubspot.ratelimit;

/**
 * Per-portal request limits. HubSpot's numbers depend on tier and app kind (API_FACTS C.4, partly UNCERTAIN),
 * so every number here is a choice the caller can change.
 *
 * @param perTenSeconds   requests per rolling 10 s window, policy {@code TEN_SECONDLY_ROLLING}
 *                        (100 for public apps and free/starter private apps; 190 for Professional/Enterprise)
 * @param perDay          requests per UTC day, policy {@code DAILY}; 0 = no daily limit (public OAuth apps had none)
 * @param searchPerSecond CRM search requests per second per token, policy {@code SECONDLY} (4; possibly 5 now)
 */
public record RateLimits(int perTenSeconds, long perDay, int searchPerSecond) {
    public RateLimits {
        if (perTenSeconds < 1 || perDay < 0 || searchPerSecond < 1) {
            throw new IllegalArgumentException("limits must be positive (perDay may be 0 = none): " + perTenSeconds + "/" + perDay + "/" + searchPerSecond);
        }
    }

    /** Free/Starter private app or public app: 100 per 10 s, 250,000 per day, search 4/s. */
    public static RateLimits starter() { return new RateLimits(100, 250_000, 4); }

    /** Professional: 190 per 10 s, 650,000 per day. */
    public static RateLimits professional() { return new RateLimits(190, 650_000, 4); }

    /** Generous limits for demos and benchmarks that do not test throttling. */
    public static RateLimits unlimited() { return new RateLimits(Integer.MAX_VALUE, 0, Integer.MAX_VALUE); }
}
