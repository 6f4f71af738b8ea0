package io.ledgerbridge.sandbox.xero.ratelimit;

import io.ledgerbridge.sandbox.xero.XeroLimits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Xero's four limits (API_FACTS B.6 [OFFICIAL]): per tenant concurrent / minute / day, per app (client id) minute
 * across tenants. Windows are read from the injected clock. A call that is refused uses up nothing.
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
    private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();
    private final Map<String, FixedWindow> apps = new ConcurrentHashMap<>();

    private final class Tenant {
        final FixedWindow minute = new FixedWindow(limits.perMinute(), Duration.ofMinutes(1));
        final FixedWindow day = new FixedWindow(limits.perDay(), Duration.ofDays(1));
        int inFlight;
    }

    public RateLimits(XeroLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    private Tenant tenant(String tenantId) {
        return tenants.computeIfAbsent(tenantId, k -> new Tenant());
    }

    private FixedWindow app(String clientId) {
        return apps.computeIfAbsent(clientId == null ? "" : clientId, k -> new FixedWindow(limits.appPerMinute(), Duration.ofMinutes(1)));
    }

    /** Takes a concurrency slot and one call of each window, or none of them. */
    public Admission enter(String tenantId, String clientId) {
        Instant now = clock.instant();
        Tenant t = tenant(tenantId);
        FixedWindow app = app(clientId);
        synchronized (this) {
            if (t.day.remaining(now) == 0) {
                return refused(Problem.DAY, t.day.retryAfterSeconds(now), t, app, now);
            }
            if (app.remaining(now) == 0) {
                return refused(Problem.APP_MINUTE, app.retryAfterSeconds(now), t, app, now);
            }
            if (t.minute.remaining(now) == 0) {
                return refused(Problem.MINUTE, t.minute.retryAfterSeconds(now), t, app, now);
            }
            if (t.inFlight >= limits.concurrent()) {
                return refused(Problem.CONCURRENT, 0, t, app, now);
            }
            t.day.tryTake(now);
            app.tryTake(now);
            t.minute.tryTake(now);
            t.inFlight++;
            return new Admission(null, 0, remaining(t, app, now));
        }
    }

    public synchronized void leave(String tenantId) {
        Tenant t = tenant(tenantId);
        t.inFlight = Math.max(0, t.inFlight - 1);
    }

    private Admission refused(Problem p, long retryAfter, Tenant t, FixedWindow app, Instant now) {
        return new Admission(p, retryAfter, remaining(t, app, now));
    }

    private static Remaining remaining(Tenant t, FixedWindow app, Instant now) {
        return new Remaining(t.day.remaining(now), t.minute.remaining(now), app.remaining(now));
    }

    public synchronized Remaining remaining(String tenantId, String clientId) {
        Instant now = clock.instant();
        return remaining(tenant(tenantId), app(clientId), now);
    }

    /** Seconds until this tenant's minute window resets (for the throttle switch's Retry-After). */
    public synchronized long minuteRetryAfter(String tenantId) {
        Tenant t = tenant(tenantId);
        long s = t.minute.retryAfterSeconds(clock.instant());
        return t.minute.remaining(clock.instant()) == limits.perMinute() ? 60 : s;
    }

    /** The "exhaust the day" switch: the tenant's day window is used up until it rolls over. */
    public synchronized void exhaustDay(String tenantId) {
        tenant(tenantId).day.exhaust(clock.instant());
    }

    public synchronized long dayCallsUsed(String tenantId) {
        return tenant(tenantId).day.used(clock.instant());
    }

    public XeroLimits limits() {
        return limits;
    }
}
