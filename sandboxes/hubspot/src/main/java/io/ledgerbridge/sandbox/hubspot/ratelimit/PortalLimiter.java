package io.ledgerbridge.sandbox.hubspot.ratelimit;

import io.ledgerbridge.sandbox.hubspot.ErrorCategory;
import io.ledgerbridge.sandbox.hubspot.HubSpotException;
import io.ledgerbridge.sandbox.kit.ratelimit.FixedWindowLimiter;
import io.ledgerbridge.sandbox.kit.ratelimit.RollingWindowLimiter;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One portal's limits (API_FACTS C.4) over the kit's windows: a rolling 10 s window ({@code TEN_SECONDLY_ROLLING}),
 * a UTC-day counter ({@code DAILY}) and, for CRM search, a rolling 1 s window per token ({@code SECONDLY}). Search is
 * exempt from the 10 s window (spec: {@code x-hubspot-rate-limit-exemptions: ["ten-secondly"]} on the search path).
 * A refused request does not use up a slot. This class keeps HubSpot's part: the policies, the
 * {@code X-HubSpot-RateLimit-*} headers and the 429 body; it also counts requests and 429s for benchmarks.
 */
public final class PortalLimiter {
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    /** One limiter per portal, so the portal-wide windows need only one key. */
    private static final String PORTAL = "portal";

    private volatile RateLimits limits;
    private final RollingWindowLimiter<String> tenSecondly;
    private final RollingWindowLimiter<String> searchPerToken;
    private final FixedWindowLimiter<String> daily;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.LongAdder> byKind =
            new java.util.concurrent.ConcurrentHashMap<>();

    public PortalLimiter(Clock clock, RateLimits limits) {
        this.limits = limits;
        this.tenSecondly = new RollingWindowLimiter<>(clock, TEN_SECONDS);
        this.searchPerToken = new RollingWindowLimiter<>(clock, ONE_SECOND);
        this.daily = new FixedWindowLimiter<>(clock, Duration.ofDays(1));
    }

    public void limits(RateLimits limits) { this.limits = limits; }
    public RateLimits limits() { return limits; }

    public long requests() { return requests.get(); }
    public long throttled() { return throttled.get(); }
    public void countRequest() { requests.incrementAndGet(); }

    /** Counts one request, also under its kind ({@code "POST /crm/v3/objects/invoices/batch/read"}). */
    public void countRequest(String kind) {
        countRequest();
        byKind.computeIfAbsent(kind, k -> new java.util.concurrent.atomic.LongAdder()).increment();
    }

    /** Requests counted by kind since the last reset, sorted by kind. */
    public java.util.SortedMap<String, Long> requestsByKind() {
        var out = new java.util.TreeMap<String, Long>();
        byKind.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
    public void countThrottled() { throttled.incrementAndGet(); }

    public synchronized void resetCounters() {
        requests.set(0);
        throttled.set(0);
        byKind.clear();
    }

    /**
     * Admits one request or throws the 429. Returns the {@code X-HubSpot-RateLimit-*} headers to send either way
     * (the 429 carries them in its exception's extra headers). Synchronized so that the daily count and the window
     * count in all or none.
     */
    public synchronized Map<String, String> admit(boolean search, String token) {
        RateLimits l = limits;
        if (l.perDay() > 0 && daily.remaining(PORTAL, l.perDay()) == 0) {
            throw limited("DAILY", "daily", headers(l), daily.untilReset());
        }
        if (search) {
            if (!searchPerToken.tryAcquire(token, l.searchPerSecond())) {
                throw limited("SECONDLY", "secondly", headers(l), searchPerToken.retryAfter(token, l.searchPerSecond()));
            }
        } else if (!tenSecondly.tryAcquire(PORTAL, l.perTenSeconds())) {
            throw limited("TEN_SECONDLY_ROLLING", "ten_secondly_rolling", headers(l), tenSecondly.retryAfter(PORTAL, l.perTenSeconds()));
        }
        daily.record(PORTAL);
        return headers(l);
    }

    /** A 429 forced by a fault switch; same body and headers as a real one. */
    public synchronized HubSpotException forcedThrottle(Duration retryAfter) {
        return limited("TEN_SECONDLY_ROLLING", "ten_secondly_rolling", headers(limits), retryAfter);
    }

    private static HubSpotException limited(String policy, String name, Map<String, String> headers, Duration retryAfter) {
        Map<String, Object> extra = new LinkedHashMap<>();
        // API_FACTS C.3 [2ND]: 429 body adds errorType RATE_LIMIT, policyName and groupName to the error body.
        extra.put("errorType", "RATE_LIMIT");
        extra.put("policyName", policy);
        extra.put("groupName", "api-calls");
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("Retry-After", Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
        return new HubSpotException(429, ErrorCategory.RATE_LIMITS, "You have reached your " + name + " limit.", null, Map.of(), extra)
                .withHeaders(h);
    }

    /** API_FACTS C.4 [OFFICIAL] 2018 changelog headers; -Max/-Remaining/-Interval-Milliseconds are UNCERTAIN but sent too. */
    private Map<String, String> headers(RateLimits l) {
        Map<String, String> h = new LinkedHashMap<>();
        if (l.perDay() > 0) {
            h.put("X-HubSpot-RateLimit-Daily", Long.toString(l.perDay()));
            h.put("X-HubSpot-RateLimit-Daily-Remaining", Long.toString(daily.remaining(PORTAL, l.perDay())));
        }
        if (l.perTenSeconds() != Integer.MAX_VALUE) {
            int secondly = Math.max(1, (l.perTenSeconds() + 9) / 10);
            int lastSecond = tenSecondly.usedWithin(PORTAL, ONE_SECOND);
            h.put("X-HubSpot-RateLimit-Secondly", Integer.toString(secondly));
            h.put("X-HubSpot-RateLimit-Secondly-Remaining", Integer.toString(Math.max(0, secondly - lastSecond)));
            h.put("X-HubSpot-RateLimit-Max", Integer.toString(l.perTenSeconds()));
            h.put("X-HubSpot-RateLimit-Remaining", Long.toString(tenSecondly.remaining(PORTAL, l.perTenSeconds())));
            h.put("X-HubSpot-RateLimit-Interval-Milliseconds", "10000");
        }
        return h;
    }
}
