package io.ledgerbridge.engine.worker;

import io.ledgerbridge.engine.pipeline.Outcome;
import io.ledgerbridge.engine.pipeline.SyncPipeline;
import io.ledgerbridge.engine.queue.ClaimedEvent;
import io.ledgerbridge.engine.queue.Completion;
import io.ledgerbridge.engine.queue.SyncQueue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Ledgerbridge process working the shared queue: worker loops on virtual threads that claim, run the
 * pipeline and complete; a heartbeat that keeps this node's leases; a reaper that returns the events of stopped
 * nodes to the queue. Any number of nodes can share one database.
 */
public final class Node implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Node.class);

    private final NodeConfig config;
    private final SyncQueue queue;
    private final SyncPipeline pipeline;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final AtomicBoolean running = new AtomicBoolean();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final List<Thread> workers = new ArrayList<>();
    /** Events this node's workers hold right now; only these leases are extended. */
    private final java.util.Set<io.ledgerbridge.domain.sync.SyncEventId> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Timer batchTimer;
    private final Timer claimTimer;
    private final Timer decideTimer;
    private final Timer completeTimer;
    private ScheduledExecutorService housekeeping;

    public Node(NodeConfig config, SyncQueue queue, SyncPipeline pipeline, Clock clock, MeterRegistry metrics) {
        this.config = config;
        this.queue = queue;
        this.pipeline = pipeline;
        this.clock = clock;
        this.metrics = metrics;
        this.batchTimer = Timer.builder("ledgerbridge.batch.duration")
                .description("time to process one claimed batch, destination calls included").register(metrics);
        this.claimTimer = Timer.builder("ledgerbridge.queue.claim").description("time of one claim statement").register(metrics);
        this.decideTimer = Timer.builder("ledgerbridge.attempt.duration")
                .description("time to decide a claimed batch: lookups and destination writes").register(metrics);
        this.completeTimer = Timer.builder("ledgerbridge.queue.complete")
                .description("time to write a batch's outcomes, mappings and attempts").register(metrics);
    }

    public String id() {
        return config.nodeId();
    }

    public void start() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        housekeeping = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("lb-housekeeping").factory());
        long beat = Math.max(200, config.lease().toMillis() / 3);
        housekeeping.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
        housekeeping.scheduleWithFixedDelay(this::reap, 0, Math.max(500, config.lease().toMillis() / 2), TimeUnit.MILLISECONDS);
        for (int i = 0; i < config.workers(); i++) {
            workers.add(Thread.ofVirtual().name("lb-worker-" + i).start(this::loop));
        }
        log.info("node={} started workers={} batch={} lease={}", id(), config.workers(), config.batchSize(), config.lease());
    }

    /** How long a worker waits after a batch that was less than half full, for more events to gather. */
    static final java.time.Duration LINGER = java.time.Duration.ofMillis(50);

    /** Wakes idle workers: new work was queued on this node. */
    public void wake() {
        lock.lock();
        try {
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (running.get()) {
            try {
                long t0 = System.nanoTime();
                var claimed = queue.claim(id(), config.batchSize(), clock.instant(), clock.instant().plus(config.lease()));
                claimTimer.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
                if (claimed.isEmpty()) {
                    idle();
                    continue;
                }
                runBatch(claimed);
                if (claimed.size() < config.batchSize() / 2) {
                    // Events trickle in (live pushes): let a few more gather before the next claim, so that each claim
                    // carries a batch instead of one or two events at a claim's full cost. A first event after a quiet
                    // spell is claimed at once; only the ones after it wait, at most this long.
                    Thread.sleep(LINGER);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The store failed for now (database restart, network): leases expire and events are retried.
                log.error("node={} worker failed; its claimed events return to the queue when their lease expires", id(), e);
                try {
                    idle();
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void runBatch(List<ClaimedEvent> claimed) throws InterruptedException {
        long start = System.nanoTime();
        claimed.forEach(e -> inFlight.add(e.id()));
        List<Completion> completions;
        try {
            long t0 = System.nanoTime();
            completions = pipeline.process(claimed, id());
            long t1 = System.nanoTime();
            decideTimer.record(t1 - t0, TimeUnit.NANOSECONDS);
            complete(completions);
            completeTimer.record(System.nanoTime() - t1, TimeUnit.NANOSECONDS);
        } finally {
            // Completed, or given up: either way no longer ours to keep alive. Events whose completion failed are
            // returned to the queue by the reaper when their lease expires, marked uncertain.
            claimed.forEach(e -> inFlight.remove(e.id()));
        }
        batchTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        // Counted per (outcome, type), not per event: registering a meter is a lookup with tags.
        var counts = new java.util.HashMap<String, java.util.Map<String, Integer>>();
        for (var c : completions) {
            counts.computeIfAbsent(outcomeName(c.outcome()), o -> new java.util.HashMap<>())
                    .merge(c.event().type().singular(), 1, Integer::sum);
        }
        counts.forEach((outcome, byType) -> byType.forEach((type, n) -> Counter.builder("ledgerbridge.events.completed")
                .tag("outcome", outcome).tag("type", type).register(metrics).increment(n)));
    }

    /** Completes, retrying a few times when the database answered with a transient failure (a deadlock, a failover). */
    private void complete(List<Completion> completions) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                queue.complete(id(), completions, clock.instant());
                return;
            } catch (RuntimeException e) {
                if (attempt >= 3) {
                    throw e;
                }
                log.warn("node={} completing {} events failed (attempt {}), retrying: {}", id(), completions.size(), attempt,
                        e.toString());
                idle();
            }
        }
    }

    private static String outcomeName(Outcome o) {
        return switch (o) {
            case Outcome.Synced s -> "synced";
            case Outcome.Failed f -> "failed";
            case Outcome.Skipped s -> "skipped";
            case Outcome.RetryAt r -> "retry";
            case Outcome.WaitForDependency w -> "wait_dependency";
            case Outcome.WaitForReconnect w -> "wait_reconnect";
        };
    }

    private void idle() throws InterruptedException {
        lock.lock();
        try {
            work.await(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            lock.unlock();
        }
    }

    private void heartbeat() {
        try {
            queue.heartbeat(id(), List.copyOf(inFlight), clock.instant().plus(config.lease()));
        } catch (RuntimeException e) {
            log.warn("node={} heartbeat failed: {}", id(), e.toString());
        }
    }

    private void reap() {
        try {
            var released = queue.releaseExpired(clock.instant());
            if (!released.isEmpty()) {
                log.warn("node={} returned {} events of a stopped node to the queue", id(), released.size());
                wake();
            }
        } catch (RuntimeException e) {
            log.warn("node={} reaper failed: {}", id(), e.toString());
        }
    }

    @Override
    public void close() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        wake();
        for (var t : workers) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                t.interrupt();
            }
        }
        workers.clear();
        housekeeping.shutdownNow();
        log.info("node={} stopped", id());
    }
}
