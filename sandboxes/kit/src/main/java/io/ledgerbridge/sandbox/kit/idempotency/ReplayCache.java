package io.ledgerbridge.sandbox.kit.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Answers by idempotency key: the first request with a key runs, its answer (a vendor error included) is kept for
 * {@code ttl}, and a later request with the same key gets that answer without running again. A second request that
 * arrives while the first is still running waits for it, so two retries racing each other still write once. A request
 * whose fingerprint (a hash of method, path and body, chosen by the sandbox) differs from the first one's is a
 * {@link Replay.Conflict}; a null fingerprint turns that check off. The latest {@code capacity} keys are kept, so long
 * benchmarks do not grow without bound. Expiry reads the injected clock. Thread-safe.
 *
 * <p>If the work throws, nothing is kept: the exception is a bug, not an answer, and the next request runs again.
 *
 * @param <R> the kept answer: the sandbox's response (status and body)
 */
public final class ReplayCache<R> {
    private record Entry<R>(Object fingerprint, Instant expiresAt, CompletableFuture<R> answer) {}

    private final Clock clock;
    private final Duration ttl;
    private final int capacity;
    private final ConcurrentHashMap<String, Entry<R>> entries = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();

    /** @param ttl how long an answer is kept; null keeps it until {@code capacity} newer keys push it out */
    public ReplayCache(Clock clock, Duration ttl, int capacity) {
        if (capacity < 1 || (ttl != null && (ttl.isNegative() || ttl.isZero()))) {
            throw new IllegalArgumentException("capacity must be >= 1 and ttl positive or null");
        }
        this.clock = clock;
        this.ttl = ttl;
        this.capacity = capacity;
    }

    /** Answers kept until pushed out by {@code capacity} newer keys (a vendor that documents no retention). */
    public static <R> ReplayCache<R> withoutExpiry(int capacity) {
        return new ReplayCache<>(Clock.systemUTC(), null, capacity);
    }

    /** Runs {@code work} once per key, ignoring fingerprints: the answer, first or repeated. */
    public R answer(String key, Supplier<R> work) {
        return switch (once(key, null, work)) {
            case Replay.First<R> f -> f.answer();
            case Replay.Repeat<R> r -> r.answer();
            case Replay.Conflict<R> c -> c.original();
        };
    }

    /** Runs {@code work} unless an unexpired answer is kept for {@code key}; see the class comment. */
    public Replay<R> once(String key, Object fingerprint, Supplier<R> work) {
        Objects.requireNonNull(key, "key");
        Instant now = clock.instant();
        Entry<R> mine = new Entry<>(fingerprint, ttl == null ? Instant.MAX : now.plus(ttl), new CompletableFuture<>());
        Entry<R> first = entries.compute(key, (k, old) -> old == null || !old.expiresAt().isAfter(now) ? mine : old);
        if (first != mine) {
            R answer;
            try {
                answer = first.answer().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the first request with key " + key, e);
            } catch (ExecutionException e) {
                return once(key, fingerprint, work); // the first run died with a bug, not an answer: run again
            }
            if (fingerprint != null && first.fingerprint() != null && !fingerprint.equals(first.fingerprint())) {
                return new Replay.Conflict<>(answer);
            }
            return new Replay.Repeat<>(answer);
        }
        order.add(key);
        while (entries.size() > capacity) {
            String oldest = order.poll();
            if (oldest == null) {
                break;
            }
            entries.remove(oldest);
        }
        try {
            R answer = work.get();
            mine.answer().complete(answer);
            return new Replay.First<>(answer);
        } catch (RuntimeException e) {
            entries.remove(key, mine);
            mine.answer().completeExceptionally(e);
            throw e;
        }
    }

    /** Keys kept (expired ones included until they are asked for again or pushed out). */
    public int size() {
        return entries.size();
    }

    public void clear() {
        entries.clear();
        order.clear();
    }
}
