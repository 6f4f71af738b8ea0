package io.ledgerbridge.sandbox.hubspot.fault;

import io.ledgerbridge.sandbox.hubspot.ErrorCategory;
import io.ledgerbridge.sandbox.hubspot.HubSpotException;
import io.ledgerbridge.sandbox.kit.fault.FaultSwitch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Fault switches of one portal, checked before a request reaches the CRM: forced 429s (next N requests or until a
 * moment), 503 until a moment, and added latency. Times are read from the sandbox clock.
 */
public final class PortalFaults {
    private final Clock clock;
    private final FaultSwitch throttle = new FaultSwitch();
    private final FaultSwitch unavailable = new FaultSwitch();
    private volatile Duration latency = Duration.ZERO;

    public PortalFaults(Clock clock) {
        this.clock = clock;
    }

    public void throttleNext(int requests) { throttle.failNext(requests); }
    public void throttleFor(Duration d) { throttle.failUntil(clock.instant().plus(d)); }
    public void unavailableFor(Duration d) { unavailable.failUntil(clock.instant().plus(d)); }
    public void latency(Duration d) { latency = d; }
    public Duration latency() { return latency; }

    public void clear() {
        throttle.clear();
        unavailable.clear();
        latency = Duration.ZERO;
    }

    /** How long a forced 429 lasts, if this request gets one. */
    public Optional<Duration> throttle() {
        Instant now = clock.instant();
        Duration window = throttle.remaining(now);
        if (!throttle.trip(now)) return Optional.empty();
        return Optional.of(window.isZero() ? Duration.ofSeconds(1) : window);
    }

    public void checkAvailable() {
        Instant now = clock.instant();
        if (unavailable.trip(now)) {
            long seconds = Math.max(1, unavailable.remaining(now).toSeconds());
            throw new HubSpotException(503, ErrorCategory.SERVICE_UNAVAILABLE, "Service Unavailable (sandbox fault)")
                    .withHeaders(Map.of("Retry-After", Long.toString(seconds)));
        }
    }
}
