package io.ledgerbridge.sandbox.hubspot.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.sandbox.hubspot.Json;
import io.ledgerbridge.sandbox.hubspot.crm.ObjectChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;

/**
 * Turns record changes into HubSpot v3 webhook deliveries (API_FACTS C.5): events are queued per app, posted as a
 * JSON array of up to {@code batchSize} events, signed with the app's client secret, and retried with doubling
 * delays on 5xx, 429, timeouts and connection failures, never on other 4xx. Each delivery runs on a virtual thread;
 * the retry sleep is real time (scaled by {@link WebhookSettings}), the timestamps come from the sandbox clock.
 */
public final class WebhookDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

    /** An app's webhook settings: where to POST, the secret that signs, what it subscribed to. */
    public record Target(long appId, String targetUrl, String clientSecret, List<WebhookSubscription> subscriptions) {}

    private final Clock clock;
    private final WebhookSettings settings;
    private final BiPredicate<Long, Long> installed;
    private final HttpClient http;
    private final Map<Long, Target> targets = new ConcurrentHashMap<>();
    private final Map<Long, List<ObjectNode>> pending = new ConcurrentHashMap<>();
    private final Map<Long, Boolean> flushScheduled = new ConcurrentHashMap<>();
    private final List<DeliveryAttempt> attempts = new CopyOnWriteArrayList<>();
    private final AtomicLong nextEventId = new AtomicLong(100_000_001);
    private final AtomicInteger failNext = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ScheduledExecutorService timer;
    private final ExecutorService deliveries = Executors.newVirtualThreadPerTaskExecutor();

    /** @param installed (appId, portalId) → whether the app is installed in the portal */
    public WebhookDispatcher(Clock clock, WebhookSettings settings, BiPredicate<Long, Long> installed) {
        this.clock = clock;
        this.settings = settings;
        this.installed = installed;
        this.http = HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).executor(deliveries).build();
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("hubspot-webhook-timer").factory());
    }

    public void configure(Target target) {
        targets.put(target.appId(), target);
    }

    public void failNext(int attempts) { failNext.set(attempts); }

    public List<DeliveryAttempt> attempts() { return List.copyOf(attempts); }

    public void clearAttempts() { attempts.clear(); }

    /** Called by a portal's store for every change, under the portal lock: only builds events and enqueues. */
    public void publish(long portalId, ObjectChange change) {
        for (Target t : targets.values()) {
            if (!installed.test(t.appId(), portalId)) continue;
            for (WebhookSubscription s : t.subscriptions()) {
                ObjectNode event = event(portalId, t.appId(), s, change);
                if (event != null) enqueue(t.appId(), event);
            }
        }
    }

    /** Waits until nothing is queued or being delivered (tests). Returns false on timeout. */
    public boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean queued = pending.values().stream().anyMatch(l -> { synchronized (l) { return !l.isEmpty(); } });
            if (!queued && inFlight.get() == 0 && flushScheduled.isEmpty()) return true;
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private ObjectNode event(long portalId, long appId, WebhookSubscription s, ObjectChange change) {
        if (s.objectType() != change.type()) return null;
        String eventType = switch (change) {
            case ObjectChange.Created c -> "creation";
            case ObjectChange.PropertyChanged p -> "propertyChange";
            case ObjectChange.Deleted d -> "deletion";
        };
        if (!eventType.equals(s.eventType())) return null;
        if (change instanceof ObjectChange.PropertyChanged p && s.propertyName() != null && !s.propertyName().equals(p.propertyName())) return null;
        ObjectNode e = Json.object();
        e.put("eventId", nextEventId.getAndIncrement());
        e.put("subscriptionId", s.id());
        e.put("portalId", portalId);
        e.put("appId", appId);
        e.put("occurredAt", change.at().toEpochMilli());
        e.put("subscriptionType", s.subscriptionType());
        e.put("attemptNumber", 0);
        e.put("objectId", Long.parseLong(change.objectId()));
        if (s.generic()) e.put("objectTypeId", change.type().typeId());
        switch (change) {
            case ObjectChange.Created c -> e.put("changeFlag", "CREATED");
            case ObjectChange.Deleted d -> e.put("changeFlag", "DELETED");
            case ObjectChange.PropertyChanged p -> {
                e.put("propertyName", p.propertyName());
                e.put("propertyValue", p.propertyValue());
            }
        }
        e.put("changeSource", change.source().type());
        e.put("sourceId", change.source().id());
        return e;
    }

    private void enqueue(long appId, ObjectNode event) {
        List<ObjectNode> q = pending.computeIfAbsent(appId, k -> new ArrayList<>());
        synchronized (q) {
            q.add(event);
        }
        if (flushScheduled.putIfAbsent(appId, Boolean.TRUE) == null) {
            timer.schedule(() -> flush(appId), settings.batchWindow().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void flush(long appId) {
        List<ObjectNode> q = pending.get(appId);
        List<List<ObjectNode>> batches = new ArrayList<>();
        synchronized (q) {
            while (!q.isEmpty()) {
                int n = Math.min(settings.batchSize(), q.size());
                batches.add(new ArrayList<>(q.subList(0, n)));
                q.subList(0, n).clear();
            }
            inFlight.addAndGet(batches.size());
            flushScheduled.remove(appId);
        }
        Target target = targets.get(appId);
        for (List<ObjectNode> batch : batches) {
            deliveries.submit(() -> {
                try {
                    deliver(target, batch);
                } finally {
                    inFlight.decrementAndGet();
                }
            });
        }
    }

    private void deliver(Target target, List<ObjectNode> events) {
        for (int attempt = 0; attempt < settings.maxAttempts(); attempt++) {
            if (attempt > 0) {
                try {
                    Thread.sleep(settings.retryDelay(attempt));
                } catch (InterruptedException e) {
                    return; // sandbox closing
                }
            }
            ArrayNode array = Json.array();
            for (ObjectNode e : events) array.add(e.deepCopy().put("attemptNumber", attempt));
            String body;
            try {
                body = Json.MAPPER.writeValueAsString(array);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            int status = post(target, body);
            attempts.add(new DeliveryAttempt(target.appId(), target.targetUrl(), attempt, status, events.size(), clock.instant(), body));
            if (status >= 200 && status < 300) return;
            // API_FACTS C.5 [2ND]: 4xx are not retried, except 429; 5xx and timeouts are.
            if (status >= 400 && status < 500 && status != 429) return;
        }
        LOG.warn("webhook batch for app={} gave up after {} attempts", target.appId(), settings.maxAttempts());
    }

    private int post(Target target, String body) {
        if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) return -1;
        long timestamp = clock.instant().toEpochMilli();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(target.targetUrl()))
                    .timeout(settings.requestTimeout())
                    .header("Content-Type", "application/json")
                    .header("X-HubSpot-Request-Timestamp", Long.toString(timestamp))
                    .header("X-HubSpot-Signature-v3", WebhookSignature.v3(target.clientSecret(), "POST", target.targetUrl(), body, timestamp))
                    .header("X-HubSpot-Signature", WebhookSignature.v1(target.clientSecret(), body))
                    .header("X-HubSpot-Signature-Version", "v1")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (HttpTimeoutException e) {
            return -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        deliveries.shutdownNow();
        http.shutdownNow();
    }
}
