package io.ledgerbridge.sandbox.hubspot.fault;

import io.ledgerbridge.sandbox.hubspot.ErrorCategory;
import io.ledgerbridge.sandbox.hubspot.HubSpotException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault switches of one portal, checked before a request reaches the CRM: forced 429s (next N requests or until a
 * moment), 503 until a moment, and added latency. Times are read from the sandbox clock.
 */
public final class PortalFaults {
    private final Clock clock;
    private final AtomicInteger throttleNext = new AtomicInteger();
    private volatile Instant throttleUntil = Instant.MIN;
    private volatile Instant unavailableUntil = Instant.MIN;
    private volatile Duration latency = Duration.ZERO;

    public PortalFaults(Clock clock) {
        this.clock = clock;
    }

    public void throttleNext(int requests) { throttleNext.set(requests); }
    public void throttleFor(Duration d) { throttleUntil = clock.instant().plus(d); }
    public void unavailableFor(Duration d) { unavailableUntil = clock.instant().plus(d); }
    public void latency(Duration d) { latency = d; }
    public Duration latency() { return latency; }

    public void clear() {
        throttleNext.set(0);
        throttleUntil = Instant.MIN;
        unavailableUntil = Instant.MIN;
        latency = Duration.ZERO;
    }

    /** How long a forced 429 lasts, if this request gets one. */
    public Optional<Duration> throttle() {
        Instant now = clock.instant();
        if (now.isBefore(throttleUntil)) return Optional.of(Duration.between(now, throttleUntil));
        if (throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) return Optional.of(Duration.ofSeconds(1));
        return Optional.empty();
    }

    public void checkAvailable() {
        Instant now = clock.instant();
        if (now.isBefore(unavailableUntil)) {
            long seconds = Math.max(1, Duration.between(now, unavailableUntil).toSeconds());
            throw new HubSpotException(503, ErrorCategory.SERVICE_UNAVAILABLE, "Service Unavailable (sandbox fault)")
                    .withHeaders(Map.of("Retry-After", Long.toString(seconds)));
        }
    }
}
