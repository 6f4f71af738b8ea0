package io.ledgerbridge.sandbox.kit.webhook;

import io.ledgerbridge.sandbox.kit.fault.FaultSwitch;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * Delivers a sandbox's events as webhook POSTs. Events are queued per destination (an app, an app and company…); one
 * virtual thread per destination takes them in order, in batches of up to {@code batchSize} (a batch that is not full
 * waits {@code batchWindow} for more to join it), and retries a failed batch on the {@link RetrySchedule}. With
 * {@code concurrency} 1 (the default) each batch is sent on that thread, so later events of that destination wait
 * while a batch is sent or retried, as vendors that "hold subsequent events until acknowledged" do; with more, up to
 * that many batches of a destination are in flight at once (HubSpot's {@code maxConcurrentRequests}), each retried on
 * its own, and their order of arrival is not guaranteed. The sandbox owns
 * the wire format: its {@link Renderer} turns a batch into the exact body and headers (signature, timestamp,
 * attempt number) for each attempt, or drops it; a {@link BatchRenderer} (see {@link #renderingOnce}) renders a batch
 * once and every retry resends the same request.
 *
 * <p>A 2xx within {@code timeout} is an acknowledgement. Other answers, timeouts and unreachable receivers (status -1)
 * are retried when {@code retryOn} says so. The waits between attempts are real time, scaled by the schedule;
 * attempts are stamped with the sandbox clock and timed in real time. {@link #enqueue} only queues, so it may be called
 * under a sandbox's lock. A sandbox that must verify an endpoint before sending (a handshake) {@link #hold}s delivery,
 * probes with {@link #sendNow}, then {@link #release}s or {@link #discardHeld discards} what waited. Thread-safe.
 *
 * @param <K> the destination key (equals/hashCode); it is also what {@link WebhookAttempt#destination()} shows
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
     * Builds the POST of a batch once, before its first attempt; every retry resends it unchanged (same body, same
     * signature, same sequence numbers). Empty drops the batch.
     */
    @FunctionalInterface
    public interface BatchRenderer<K, E> {
        Optional<WebhookRequest> render(K destination, List<E> batch);
    }

    /**
     * @param batchSize events per POST, at least 1 ({@link Integer#MAX_VALUE}: everything waiting goes in one POST)
     * @param batchWindow how long the first event of a batch waits for more to join it (zero: send at once)
     * @param retries waits and attempts in all
     * @param timeout connect and response timeout of one POST; slower is a failed attempt (status -1)
     * @param retryOn which failed statuses are tried again
     * @param concurrency how many batches of one destination may be in flight at once (1: in order, one at a time)
     */
    public record Settings(int batchSize, Duration batchWindow, RetrySchedule retries, Duration timeout, IntPredicate retryOn,
                           int concurrency) {
        public Settings {
            Objects.requireNonNull(retries, "retries");
            Objects.requireNonNull(retryOn, "retryOn");
            if (batchSize < 1 || batchWindow.isNegative() || timeout.isNegative() || timeout.isZero() || concurrency < 1) {
                throw new IllegalArgumentException(
                        "batchSize >= 1, batchWindow >= 0, timeout > 0 and concurrency >= 1 are required");
            }
        }

        /** One batch of a destination at a time, in order. */
        public Settings(int batchSize, Duration batchWindow, RetrySchedule retries, Duration timeout, IntPredicate retryOn) {
            this(batchSize, batchWindow, retries, timeout, retryOn, 1);
        }
    }

    /** One destination's waiting events; events added together are seen by the sender together. */
    private static final class Inbox<E> {
        private final ArrayDeque<E> events = new ArrayDeque<>();

        synchronized void addAll(List<E> more) {
            events.addAll(more);
            notifyAll();
        }

        /** Waits for at least one event, then takes up to {@code max}. */
        synchronized List<E> take(int max) throws InterruptedException {
            while (events.isEmpty()) {
                wait();
            }
            return drain(max);
        }

        synchronized List<E> drain(int max) {
            List<E> out = new ArrayList<>();
            while (!events.isEmpty() && out.size() < max) {
                out.add(events.poll());
            }
            return out;
        }
    }

    private final Clock clock;
    private final Settings settings;
    private final Renderer<K, E> renderer;
    private final boolean renderOnce;
    private final HttpClient http;
    private final Map<K, Inbox<E>> inboxes = new ConcurrentHashMap<>();
    private final List<Thread> senders = new CopyOnWriteArrayList<>();
    private final java.util.Set<Thread> posting = ConcurrentHashMap.newKeySet();
    private final List<WebhookAttempt<K>> attempts = new CopyOnWriteArrayList<>();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final FaultSwitch failing = new FaultSwitch();
    private final Object holdLock = new Object();
    private final Map<K, List<E>> held = new LinkedHashMap<>();
    private boolean holding;
    private volatile boolean closed;

    public WebhookDispatcher(Clock clock, Settings settings, Renderer<K, E> renderer) {
        this(clock, settings, renderer, false);
    }

    private WebhookDispatcher(Clock clock, Settings settings, Renderer<K, E> renderer, boolean renderOnce) {
        this.clock = clock;
        this.settings = settings;
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.renderOnce = renderOnce;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    /** A dispatcher whose batches are rendered once: every retry of a batch resends its first request. */
    public static <K, E> WebhookDispatcher<K, E> renderingOnce(Clock clock, Settings settings, BatchRenderer<K, E> renderer) {
        Objects.requireNonNull(renderer, "renderer");
        return new WebhookDispatcher<>(clock, settings, (destination, batch, attempt) -> renderer.render(destination, batch), true);
    }

    /** Queues one event for {@code destination}; returns at once. Ignored after {@link #close()}. */
    public void enqueue(K destination, E event) {
        enqueueAll(destination, List.of(event));
    }

    /**
     * Queues events for {@code destination} at once: a sender sees all of them or none, so they share a batch when
     * {@code batchSize} allows. Returns at once. Ignored after {@link #close()}.
     */
    public void enqueueAll(K destination, List<E> events) {
        if (closed || events.isEmpty()) {
            return;
        }
        List<E> copy = List.copyOf(events);
        outstanding.addAndGet(copy.size());
        synchronized (holdLock) {
            if (holding) {
                held.computeIfAbsent(destination, d -> new ArrayList<>()).addAll(copy);
            } else {
                inbox(destination).addAll(copy);
            }
        }
    }

    /**
     * From now on, queued events wait (none is sent) until {@link #release()}; a batch already being sent or retried
     * carries on. For a handshake that must pass before any event goes out.
     */
    public void hold() {
        synchronized (holdLock) {
            holding = true;
        }
    }

    /** Ends a {@link #hold()}: the events that waited go to their senders, in order, each destination's together. */
    public void release() {
        synchronized (holdLock) {
            holding = false;
            held.forEach((destination, events) -> inbox(destination).addAll(events));
            held.clear();
        }
    }

    /** Forgets the events waiting for {@link #release()} (the hold stays on); returns how many there were. */
    public int discardHeld() {
        synchronized (holdLock) {
            int n = held.values().stream().mapToInt(List::size).sum();
            held.clear();
            outstanding.addAndGet(-n);
            return n;
        }
    }

    /** True between {@link #hold()} and {@link #release()}. */
    public boolean holding() {
        synchronized (holdLock) {
            return holding;
        }
    }

    /**
     * Sends one request now on the caller's thread: no queue, no batch, no retry, not held (a handshake's probe).
     * Recorded in {@link #attempts()} as attempt 1 of 0 events; the fault switch of {@link #failNext} applies.
     *
     * @throws InterruptedException when the caller is interrupted while waiting for the answer
     */
    public WebhookAttempt<K> sendNow(K destination, WebhookRequest request) throws InterruptedException {
        return attempt(destination, request, 1, 0);
    }

    private Inbox<E> inbox(K destination) {
        return inboxes.computeIfAbsent(destination, d -> {
            Inbox<E> inbox = new Inbox<>();
            senders.add(Thread.ofVirtual().name("webhook-" + d).start(() -> send(d, inbox)));
            return inbox;
        });
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

    private void send(K destination, Inbox<E> inbox) {
        var slots = new java.util.concurrent.Semaphore(settings.concurrency());
        try {
            while (!closed) {
                List<E> batch = inbox.take(settings.batchSize());
                if (settings.batchWindow().isPositive() && batch.size() < settings.batchSize()) {
                    Thread.sleep(settings.batchWindow());
                    batch.addAll(inbox.drain(settings.batchSize() - batch.size()));
                }
                if (settings.concurrency() == 1) {
                    deliverCounted(destination, batch);
                    continue;
                }
                slots.acquire();
                Thread.ofVirtual().name("webhook-" + destination + "-post").start(() -> {
                    posting.add(Thread.currentThread());
                    try {
                        if (!closed) {
                            deliverCounted(destination, batch);
                        } else {
                            outstanding.addAndGet(-batch.size());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        posting.remove(Thread.currentThread());
                        slots.release();
                    }
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliverCounted(K destination, List<E> batch) throws InterruptedException {
        try {
            deliver(destination, batch);
        } finally {
            outstanding.addAndGet(-batch.size());
        }
    }

    private void deliver(K destination, List<E> batch) throws InterruptedException {
        RetrySchedule schedule = settings.retries();
        WebhookRequest rendered = null;
        for (int attempt = 1; attempt <= schedule.maxAttempts() && !closed; attempt++) {
            if (rendered == null || !renderOnce) {
                Optional<WebhookRequest> request = renderer.render(destination, batch, attempt);
                if (request.isEmpty()) {
                    return;
                }
                rendered = request.get();
            }
            int status = attempt(destination, rendered, attempt, batch.size()).status();
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

    private WebhookAttempt<K> attempt(K destination, WebhookRequest r, int attempt, int events) throws InterruptedException {
        boolean tripped = failing.trip(clock.instant());
        long start = System.nanoTime();
        int status = tripped ? -1 : post(r);
        Duration took = tripped ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - start);
        WebhookAttempt<K> a = new WebhookAttempt<>(destination, r.url(), attempt, status, events, r.body(), r.headers(),
                clock.instant(), took);
        attempts.add(a);
        return a;
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
        posting.forEach(Thread::interrupt);
        http.shutdownNow();
    }
}
