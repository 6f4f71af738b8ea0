package io.ledgerbridge.sandbox.kit.webhook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * When a webhook delivery is tried again: the waits between attempts (after the list runs out, its last wait repeats)
 * and the attempts in all, the first try included, before a delivery is dropped. {@link #scaled(double)} keeps the
 * shape and shrinks the waits, so a test runs a vendor's whole schedule in milliseconds.
 *
 * @param delays the wait after the 1st failed attempt, after the 2nd, …; not empty
 */
public record RetrySchedule(List<Duration> delays, int maxAttempts) {
    public RetrySchedule {
        delays = List.copyOf(delays);
        if (delays.isEmpty() || maxAttempts < 1 || delays.stream().anyMatch(Duration::isNegative)) {
            throw new IllegalArgumentException("delays must be a non-empty list of waits >= 0, maxAttempts >= 1");
        }
    }

    /** The listed waits, the last one repeating. */
    public static RetrySchedule of(int maxAttempts, Duration... delays) {
        return new RetrySchedule(List.of(delays), maxAttempts);
    }

    /** {@code first}, then doubling, never more than {@code cap}. */
    public static RetrySchedule doubling(Duration first, Duration cap, int maxAttempts) {
        List<Duration> delays = new ArrayList<>();
        Duration d = first;
        for (int i = 0; i < Math.max(1, maxAttempts - 1); i++) {
            delays.add(d.compareTo(cap) > 0 ? cap : d);
            if (d.compareTo(cap) >= 0) {
                break;
            }
            d = d.multipliedBy(2);
        }
        return new RetrySchedule(delays, maxAttempts);
    }

    /**
     * Retried once at once, then every {@code every} until {@code total} has passed since that first retry: the first
     * try, the immediate retry and {@code total / every} more, {@code 2 + total / every} attempts in all.
     */
    public static RetrySchedule onceAtOnceThenEvery(Duration every, Duration total) {
        if (!every.isPositive() || total.isNegative()) {
            throw new IllegalArgumentException("every must be > 0 and total >= 0: " + every + ", " + total);
        }
        return new RetrySchedule(List.of(Duration.ZERO, every), Math.toIntExact(2 + total.dividedBy(every)));
    }

    /** Every wait multiplied by {@code factor} (>= 0; 0 retries without waiting). */
    public RetrySchedule scaled(double factor) {
        if (!(factor >= 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("factor must be >= 0 and finite: " + factor);
        }
        return new RetrySchedule(delays.stream().map(d -> Duration.ofNanos((long) (d.toNanos() * factor))).toList(), maxAttempts);
    }

    /** The wait before attempt {@code failedAttempts + 1}, after {@code failedAttempts} (>= 1) failed tries. */
    public Duration delayAfter(int failedAttempts) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failedAttempts starts at 1: " + failedAttempts);
        }
        return delays.get(Math.min(failedAttempts, delays.size()) - 1);
    }
}
