package io.ledgerbridge.connector.hubspot;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code starts} calls starting in any {@code window} (a sliding window of start times); {@link #take()} waits
 * for room. HubSpot counts its limits per portal over rolling windows (API_FACTS C.4: 100 requests per 10 s for public
 * apps, policy {@code TEN_SECONDLY_ROLLING}; search 4 a second, {@code SECONDLY}), so every call of this node to a
 * portal takes from that portal's pace first, and HubSpot never has to say 429.
 */
final class RollingPace {

    /** 100 a rolling 10 s, less a tenth kept for other nodes' and other apps' calls. */
    static final int PORTAL_STARTS = 90;
    static final Duration PORTAL_WINDOW = Duration.ofSeconds(10);

    private static final ConcurrentHashMap<String, RollingPace> PORTALS = new ConcurrentHashMap<>();

    /** The pace of one portal, shared by every connection to it in this process (source and sink alike). */
    static RollingPace ofPortal(String baseUrl, String portalId) {
        if (portalId == null) { // not known yet: a pace of its own rather than one shared by every such connection
            return new RollingPace(PORTAL_STARTS, PORTAL_WINDOW);
        }
        return PORTALS.computeIfAbsent(baseUrl + "#" + portalId, k -> new RollingPace(PORTAL_STARTS, PORTAL_WINDOW));
    }

    private static final ConcurrentHashMap<String, RollingPace> SEARCHES = new ConcurrentHashMap<>();

    /**
     * The search pace of one portal's token (4 a second, {@code SECONDLY}), shared by every reader in this process:
     * the poller and a historical import search the same portal at once, and two paces of 4 each made HubSpot say 429.
     */
    static RollingPace ofSearch(String baseUrl, String portalId) {
        if (portalId == null) {
            return new RollingPace(4, Duration.ofMillis(1250));
        }
        // 4 in any 1.25 s rather than 1 s: HubSpot counts arrivals, we count starts, and a request that waited for a
        // connection arrives late (measured: 4 a second by our starts still drew 429 SECONDLY on a busy machine).
        return SEARCHES.computeIfAbsent(baseUrl + "#" + portalId, k -> new RollingPace(4, Duration.ofMillis(1250)));
    }

    private final int starts;
    private final long windowNanos;
    private final ArrayDeque<Long> started = new ArrayDeque<>();

    RollingPace(int starts, Duration window) {
        this.starts = starts;
        this.windowNanos = window.toNanos();
    }

    void take() {
        while (true) {
            long wait;
            synchronized (this) {
                long now = System.nanoTime();
                while (!started.isEmpty() && now - started.peekFirst() >= windowNanos) {
                    started.removeFirst();
                }
                if (started.size() < starts) {
                    started.addLast(now);
                    return;
                }
                wait = windowNanos - (now - started.peekFirst());
            }
            try {
                Thread.sleep(Duration.ofNanos(Math.max(1, wait)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for HubSpot's rate limit");
            }
        }
    }
}
