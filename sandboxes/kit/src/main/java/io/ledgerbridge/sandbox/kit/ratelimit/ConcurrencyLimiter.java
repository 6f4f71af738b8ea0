package io.ledgerbridge.sandbox.kit.ratelimit;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code cap} requests in flight per key. {@link #tryEnter} never waits: false means the sandbox answers with
 * its vendor's "too many concurrent requests". Every true must be paired with one {@link #leave}, in a finally.
 * Thread-safe.
 *
 * @param <K> what is limited: a company, an app and company
 */
public final class ConcurrencyLimiter<K> {
    private final int cap;
    private final ConcurrentHashMap<K, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    public ConcurrencyLimiter(int cap) {
        if (cap < 1) {
            throw new IllegalArgumentException("cap must be at least 1: " + cap);
        }
        this.cap = cap;
    }

    public int cap() {
        return cap;
    }

    /** Takes a slot for {@code key}; false (nothing taken) when {@code cap} are already in flight. */
    public boolean tryEnter(K key) {
        AtomicInteger n = inFlight.computeIfAbsent(key, k -> new AtomicInteger());
        while (true) {
            int current = n.get();
            if (current >= cap) {
                return false;
            }
            if (n.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /** Gives back the slot a true {@link #tryEnter} took. */
    public void leave(K key) {
        AtomicInteger n = inFlight.get(key);
        if (n == null || n.getAndUpdate(v -> Math.max(0, v - 1)) == 0) {
            throw new IllegalStateException("leave without enter for " + key);
        }
    }

    public int inFlight(K key) {
        AtomicInteger n = inFlight.get(key);
        return n == null ? 0 : n.get();
    }
}
