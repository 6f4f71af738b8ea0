package io.ledgerbridge.sandbox.hubspot.ratelimit;

import io.ledgerbridge.sandbox.hubspot.ErrorCategory;
import io.ledgerbridge.sandbox.hubspot.HubSpotException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One portal's limits (API_FACTS C.4): a rolling 10 s window ({@code TEN_SECONDLY_ROLLING}), a UTC-day counter
 * ({@code DAILY}) and, for CRM search, a rolling 1 s window per token ({@code SECONDLY}). Search is exempt from the
 * 10 s window (spec: {@code x-hubspot-rate-limit-exemptions: ["ten-secondly"]} on the search path). A refused
 * request does not use up a slot. Also counts requests and 429s for benchmarks.
 */
public final class RollingWindowLimiter {
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    private final Clock clock;
    private volatile RateLimits limits;
    private final ArrayDeque<Instant> window = new ArrayDeque<>();
    private final Map<String, ArrayDeque<Instant>> searchWindows = new HashMap<>();
    private LocalDate day;
    private long dayCount;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();

    public RollingWindowLimiter(Clock clock, RateLimits limits) {
        this.clock = clock;
        this.limits = limits;
    }

    public void limits(RateLimits limits) { this.limits = limits; }
    public RateLimits limits() { return limits; }

    public long requests() { return requests.get(); }
    public long throttled() { return throttled.get(); }
    public void countRequest() { requests.incrementAndGet(); }
    public void countThrottled() { throttled.incrementAndGet(); }

    public synchronized void resetCounters() {
        requests.set(0);
        throttled.set(0);
    }

    /**
     * Admits one request or throws the 429. Returns the {@code X-HubSpot-RateLimit-*} headers to send either way
     * (the 429 carries them in its exception's extra headers).
     */
    public synchronized Map<String, String> admit(boolean search, String token) {
        Instant now = clock.instant();
        RateLimits l = limits;
        prune(window, now.minus(TEN_SECONDS));
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (!today.equals(day)) {
            day = today;
            dayCount = 0;
        }
        if (l.perDay() > 0 && dayCount >= l.perDay()) {
            throw limited("DAILY", "daily", headers(l, now), Duration.between(now, today.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)));
        }
        if (search) {
            ArrayDeque<Instant> s = searchWindows.computeIfAbsent(token, t -> new ArrayDeque<>());
            prune(s, now.minus(ONE_SECOND));
            if (s.size() >= l.searchPerSecond()) {
                throw limited("SECONDLY", "secondly", headers(l, now), Duration.between(now, s.peekFirst().plus(ONE_SECOND)));
            }
            s.addLast(now);
        } else {
            if (window.size() >= l.perTenSeconds()) {
                throw limited("TEN_SECONDLY_ROLLING", "ten_secondly_rolling", headers(l, now), Duration.between(now, window.peekFirst().plus(TEN_SECONDS)));
            }
            window.addLast(now);
        }
        dayCount++;
        return headers(l, now);
    }

    /** A 429 forced by a fault switch; same body and headers as a real one. */
    public synchronized HubSpotException forcedThrottle(Duration retryAfter) {
        return limited("TEN_SECONDLY_ROLLING", "ten_secondly_rolling", headers(limits, clock.instant()), retryAfter);
    }

    private HubSpotException limited(String policy, String name, Map<String, String> headers, Duration retryAfter) {
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
    private Map<String, String> headers(RateLimits l, Instant now) {
        Map<String, String> h = new LinkedHashMap<>();
        if (l.perDay() > 0) {
            h.put("X-HubSpot-RateLimit-Daily", Long.toString(l.perDay()));
            h.put("X-HubSpot-RateLimit-Daily-Remaining", Long.toString(Math.max(0, l.perDay() - dayCount)));
        }
        if (l.perTenSeconds() != Integer.MAX_VALUE) {
            int secondly = Math.max(1, (l.perTenSeconds() + 9) / 10);
            long lastSecond = window.stream().filter(t -> t.isAfter(now.minus(ONE_SECOND))).count();
            h.put("X-HubSpot-RateLimit-Secondly", Integer.toString(secondly));
            h.put("X-HubSpot-RateLimit-Secondly-Remaining", Long.toString(Math.max(0, secondly - lastSecond)));
            h.put("X-HubSpot-RateLimit-Max", Integer.toString(l.perTenSeconds()));
            h.put("X-HubSpot-RateLimit-Remaining", Integer.toString(Math.max(0, l.perTenSeconds() - window.size())));
            h.put("X-HubSpot-RateLimit-Interval-Milliseconds", "10000");
        }
        return h;
    }

    private static void prune(ArrayDeque<Instant> q, Instant before) {
        while (!q.isEmpty() && !q.peekFirst().isAfter(before)) q.pollFirst();
    }
}
