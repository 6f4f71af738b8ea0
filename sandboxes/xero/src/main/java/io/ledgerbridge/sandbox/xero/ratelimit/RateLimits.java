package io.ledgerbridge.sandbox.xero.ratelimit;

import io.ledgerbridge.sandbox.kit.ratelimit.ConcurrencyLimiter;
import io.ledgerbridge.sandbox.kit.ratelimit.FixedWindowLimiter;
import io.ledgerbridge.sandbox.xero.XeroLimits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Xero's four limits (API_FACTS B.6 [OFFICIAL]): per tenant concurrent / minute / day, per app (client id) minute
 * across tenants, on the kit's limiters. The minute and day windows are fixed windows that start at each tenant's (or
 * app's) first call, so they reset at different times per tenant (API_FACTS B.6 "Fixed windows, reset at different
 * times per tenant"). Windows are read from the injected clock. A call that is refused uses up nothing.
 */
public final class RateLimits {
    /** Which limit refused a call: the value of {@code X-Rate-Limit-Problem} (API_FACTS B.6 [2ND]). */
    public enum Problem {
        CONCURRENT("concurrent"), MINUTE("minute"), DAY("day"), APP_MINUTE("appminute");

        public final String header;

        Problem(String header) {
            this.header = header;
        }
    }

    /** The outcome of {@link #enter}: admitted (then {@link #leave}) or refused with the limit and Retry-After. */
    public record Admission(Problem problem, long retryAfterSeconds, Remaining remaining) {
        public boolean admitted() {
            return problem == null;
        }
    }

    /** What is left, for the X-DayLimit-Remaining, X-MinLimit-Remaining and X-AppMinLimit-Remaining headers. */
    public record Remaining(int day, int minute, int appMinute) {}

    private final XeroLimits limits;
    private final Clock clock;
    private final FixedWindowLimiter<String> tenantMinute;
    private final FixedWindowLimiter<String> tenantDay;
    private final FixedWindowLimiter<String> appMinute;
    private final ConcurrencyLimiter<String> inFlight;

    public RateLimits(XeroLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
        this.tenantMinute = FixedWindowLimiter.anchoredAtFirstRequest(clock, Duration.ofMinutes(1));
        this.tenantDay = FixedWindowLimiter.anchoredAtFirstRequest(clock, Duration.ofDays(1));
        this.appMinute = FixedWindowLimiter.anchoredAtFirstRequest(clock, Duration.ofMinutes(1));
        this.inFlight = new ConcurrencyLimiter<>(limits.concurrent());
    }

    private static String app(String clientId) {
        return clientId == null ? "" : clientId;
    }

    /** Takes a concurrency slot and one call of each window, or none of them. */
    public synchronized Admission enter(String tenantId, String clientId) {
        String app = app(clientId);
        if (tenantDay.remaining(tenantId, limits.perDay()) == 0) {
            return refused(Problem.DAY, retryAfterSeconds(tenantDay, tenantId), tenantId, app);
        }
        if (appMinute.remaining(app, limits.appPerMinute()) == 0) {
            return refused(Problem.APP_MINUTE, retryAfterSeconds(appMinute, app), tenantId, app);
        }
        if (tenantMinute.remaining(tenantId, limits.perMinute()) == 0) {
            return refused(Problem.MINUTE, retryAfterSeconds(tenantMinute, tenantId), tenantId, app);
        }
        if (!inFlight.tryEnter(tenantId)) {
            return refused(Problem.CONCURRENT, 0, tenantId, app);
        }
        tenantDay.record(tenantId);
        appMinute.record(app);
        tenantMinute.record(tenantId);
        return new Admission(null, 0, remainingOf(tenantId, app));
    }

    /** Gives back the slot of an admitted {@link #enter}. */
    public synchronized void leave(String tenantId) {
        inFlight.leave(tenantId);
    }

    private Admission refused(Problem p, long retryAfter, String tenantId, String app) {
        return new Admission(p, retryAfter, remainingOf(tenantId, app));
    }

    private Remaining remainingOf(String tenantId, String app) {
        return new Remaining((int) tenantDay.remaining(tenantId, limits.perDay()),
                (int) tenantMinute.remaining(tenantId, limits.perMinute()),
                (int) appMinute.remaining(app, limits.appPerMinute()));
    }

    /** Whole seconds until the key's window resets, at least 1 (1 when no window is open). */
    private long retryAfterSeconds(FixedWindowLimiter<String> window, String key) {
        Instant now = clock.instant();
        return window.resetsAt(key).map(end -> Math.max(1, (Duration.between(now, end).toMillis() + 999) / 1000)).orElse(1L);
    }

    public synchronized Remaining remaining(String tenantId, String clientId) {
        return remainingOf(tenantId, app(clientId));
    }

    /** Seconds until this tenant's minute window resets (for the throttle switch's Retry-After). */
    public synchronized long minuteRetryAfter(String tenantId) {
        return tenantMinute.remaining(tenantId, limits.perMinute()) == limits.perMinute() ? 60 : retryAfterSeconds(tenantMinute, tenantId);
    }

    /** The "exhaust the day" switch: the tenant's day window is used up until it rolls over. */
    public synchronized void exhaustDay(String tenantId) {
        tenantDay.exhaust(tenantId, limits.perDay());
    }

    /** Counts the tenant's day up to {@code calls} (other apps of the organisation made them): X-DayLimit-Remaining drops. */
    public synchronized void spendDay(String tenantId, int calls) {
        tenantDay.exhaust(tenantId, calls);
    }

    public synchronized long dayCallsUsed(String tenantId) {
        return tenantDay.used(tenantId);
    }

    public XeroLimits limits() {
        return limits;
    }
}
