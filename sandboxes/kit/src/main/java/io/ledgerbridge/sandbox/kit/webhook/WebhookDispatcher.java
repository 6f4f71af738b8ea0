package io.ledgerbridge.sandbox.kit.webhook;

import io.ledgerbridge.sandbox.kit.fault.FaultSwitch;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * Delivers a sandbox's events as webhook POSTs. Events are queued per destination (an app, an app and company…); one
 * virtual thread per destination sends them in order, in batches of up to {@code batchSize} (after waiting
 * {@code batchWindow} for more to join the first), and retries a failed batch on the {@link RetrySchedule} while later
 * events of that destination wait, as vendors that "hold subsequent events until acknowledged" do. The sandbox owns
 * the wire format: its {@link Renderer} turns a batch into the exact body and headers (signature, timestamp,
 * attempt number) for each attempt, or drops it.
 *
 * <p>A 2xx within {@code timeout} is an acknowledgement. Other answers, timeouts and unreachable receivers (status -1)
 * are retried when {@code retryOn} says so. The waits between attempts are real time, scaled by the schedule;
 * attempts are stamped with the sandbox clock. {@link #enqueue} only queues, so it may be called under a sandbox's
 * lock. Thread-safe.
 *
 * @param <K> the destination key (equals/hashCode)
 * @param <E> one event, as the sandbox keeps it until rendered
 */
public final class WebhookDispatcher<K, E> implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WebhookDispatcher.class.getName());

    /** Retries every failure (non-2xx, timeout, unreachable). */
    public static final IntPredicate RETRY_ANY_FAILURE = status -> true;

    /** Retries 5xx, 429, timeouts and unreachable receivers; other 4xx are final. */
    public static final IntPredicate RETRY_UNLESS_CLIENT_ERROR = status -> status < 400 || status >= 500 || status == 429;

    /** Builds the POST for one attempt of a batch; empty drops the batch (the destination has gone). */
    @FunctionalInterface
    public interface Renderer<K, E> {
        Optional<WebhookRequest> render(K destination, List<E> batch, int attempt);
    }

    /**
     * @param batchSize events per POST, at least 1
     * @param batchWindow how long the first event of a batch waits for more to join it (zero: send at once)
     * @param retries waits and attempts in all
     * @param timeout connect and response timeout of one POST; slower is a failed attempt (status -1)
     * @param retryOn which failed statuses are tried again
     */
    public record Settings(int batchSize, Duration batchWindow, RetrySchedule retries, Duration timeout, IntPredicate retryOn) {
        public Settings {
            Objects.requireNonNull(retries, "retries");
            Objects.requireNonNull(retryOn, "retryOn");
            if (batchSize < 1 || batchWindow.isNegative() || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("batchSize >= 1, batchWindow >= 0 and timeout > 0 are required");
            }
        }
    }

    private final Clock clock;
    private final Settings settings;
    private final Renderer<K, E> renderer;
    private final HttpClient http;
    private final Map<K, BlockingQueue<E>> queues = new ConcurrentHashMap<>();
    private final List<Thread> senders = new CopyOnWriteArrayList<>();
    private final List<WebhookAttempt<K>> attempts = new CopyOnWriteArrayList<>();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final FaultSwitch failing = new FaultSwitch();
    private volatile boolean closed;

    public WebhookDispatcher(Clock clock, Settings settings, Renderer<K, E> renderer) {
        this.clock = clock;
        this.settings = settings;
        this.renderer = renderer;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    /** Queues one event for {@code destination}; returns at once. Ignored after {@link #close()}. */
    public void enqueue(K destination, E event) {
        if (closed) {
            return;
        }
        outstanding.incrementAndGet();
        queues.computeIfAbsent(destination, d -> {
            BlockingQueue<E> queue = new LinkedBlockingQueue<>();
            senders.add(Thread.ofVirtual().name("webhook-" + d).start(() -> send(d, queue)));
            return queue;
        }).add(event);
    }

    /** Fault switch: the next {@code attempts} POSTs fail as unreachable (status -1) without being sent. */
    public void failNext(int attempts) {
        failing.failNext(attempts);
    }

    public List<WebhookAttempt<K>> attempts() {
        return List.copyOf(attempts);
    }

    public void clearAttempts() {
        attempts.clear();
    }

    /** Waits (real time) until every queued event is delivered or dropped; false on timeout. For tests. */
    public boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (outstanding.get() > 0) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private void send(K destination, BlockingQueue<E> queue) {
        try {
            while (!closed) {
                List<E> batch = new ArrayList<>();
                batch.add(queue.take());
                if (settings.batchWindow().isPositive()) {
                    Thread.sleep(settings.batchWindow());
                }
                queue.drainTo(batch, settings.batchSize() - 1);
                try {
                    deliver(destination, batch);
                } finally {
                    outstanding.addAndGet(-batch.size());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(K destination, List<E> batch) throws InterruptedException {
        RetrySchedule schedule = settings.retries();
        for (int attempt = 1; attempt <= schedule.maxAttempts() && !closed; attempt++) {
            Optional<WebhookRequest> request = renderer.render(destination, batch, attempt);
            if (request.isEmpty()) {
                return;
            }
            WebhookRequest r = request.get();
            int status = failing.trip(clock.instant()) ? -1 : post(r);
            attempts.add(new WebhookAttempt<>(destination, r.url(), attempt, status, batch.size(), r.body(), r.headers(),
                    clock.instant()));
            if (status >= 200 && status < 300 || !settings.retryOn().test(status)) {
                return;
            }
            if (attempt < schedule.maxAttempts()) {
                Thread.sleep(schedule.delayAfter(attempt));
            }
        }
        LOG.log(System.Logger.Level.WARNING, "webhook batch dropped after {0} attempts: destination={1}",
                schedule.maxAttempts(), destination);
    }

    private int post(WebhookRequest r) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(r.url()).timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(r.body()));
        r.headers().forEach(request::setHeader);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        closed = true;
        senders.forEach(Thread::interrupt);
        http.shutdownNow();
    }
}
