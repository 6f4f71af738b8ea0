package io.ledgerbridge.sandbox.hubspot.webhook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.sandbox.hubspot.Json;
import io.ledgerbridge.sandbox.hubspot.crm.ObjectChange;
import io.ledgerbridge.sandbox.kit.webhook.WebhookAttempt;
import io.ledgerbridge.sandbox.kit.webhook.WebhookDispatcher;
import io.ledgerbridge.sandbox.kit.webhook.WebhookRequest;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;

/**
 * Turns record changes into HubSpot v3 webhook deliveries (API_FACTS C.5) through the kit's {@link WebhookDispatcher}:
 * events are queued per app, posted as a JSON array of up to {@code batchSize} events, signed with the app's client
 * secret, and retried with doubling delays on 5xx, 429, timeouts and connection failures, never on other 4xx. The
 * kit posts up to {@link WebhookSettings#maxConcurrentRequests()} of an app's batches at once, as HubSpot does (so a
 * receiver that reads deliveries together sees them together; batches may arrive out of order); the retry sleep is
 * real time (scaled by {@link WebhookSettings}), the timestamps come from the sandbox clock. This class
 * keeps HubSpot's part: who is subscribed, the event payload, its {@code attemptNumber} and the signature headers.
 */
public final class WebhookPublisher implements AutoCloseable {
    /** An app's webhook settings: where to POST, the secret that signs, what it subscribed to. */
    public record Target(long appId, String targetUrl, String clientSecret, List<WebhookSubscription> subscriptions) {}

    private final Clock clock;
    private final BiPredicate<Long, Long> installed;
    private final Map<Long, Target> targets = new ConcurrentHashMap<>();
    private final AtomicLong nextEventId = new AtomicLong(100_000_001);
    private final WebhookDispatcher<Long, ObjectNode> dispatcher;

    /** @param installed (appId, portalId) → whether the app is installed in the portal */
    public WebhookPublisher(Clock clock, WebhookSettings settings, BiPredicate<Long, Long> installed) {
        this.clock = clock;
        this.installed = installed;
        this.dispatcher = new WebhookDispatcher<>(clock, settings.kit(), this::render);
    }

    public void configure(Target target) {
        targets.put(target.appId(), target);
    }

    /** The next {@code attempts} POSTs fail as unreachable (status -1) without being sent. */
    public void failNext(int attempts) { dispatcher.failNext(attempts); }

    public List<DeliveryAttempt> attempts() {
        return dispatcher.attempts().stream().map(WebhookPublisher::delivery).toList();
    }

    public void clearAttempts() { dispatcher.clearAttempts(); }

    /** Called by a portal's store for every change, under the portal lock: only builds events and enqueues. */
    public void publish(long portalId, ObjectChange change) {
        for (Target t : targets.values()) {
            if (!installed.test(t.appId(), portalId)) continue;
            for (WebhookSubscription s : t.subscriptions()) {
                ObjectNode event = event(portalId, t.appId(), s, change);
                if (event != null) dispatcher.enqueue(t.appId(), event);
            }
        }
    }

    /** Waits until nothing is queued or being delivered (tests). Returns false on timeout. */
    public boolean awaitIdle(Duration timeout) { return dispatcher.awaitIdle(timeout); }

    /** HubSpot counts attempts from 0 in {@code attemptNumber}; the kit counts them from 1. */
    private Optional<WebhookRequest> render(Long appId, List<ObjectNode> events, int attempt) {
        Target target = targets.get(appId);
        if (target == null) return Optional.empty();
        ArrayNode array = Json.array();
        for (ObjectNode e : events) array.add(e.deepCopy().put("attemptNumber", attempt - 1));
        String body = io.ledgerbridge.sandbox.kit.json.Json.write(array);
        long timestamp = clock.instant().toEpochMilli();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-HubSpot-Request-Timestamp", Long.toString(timestamp));
        headers.put("X-HubSpot-Signature-v3", WebhookSignature.v3(target.clientSecret(), "POST", target.targetUrl(), body, timestamp));
        headers.put("X-HubSpot-Signature", WebhookSignature.v1(target.clientSecret(), body));
        headers.put("X-HubSpot-Signature-Version", "v1");
        return Optional.of(new WebhookRequest(URI.create(target.targetUrl()), body, headers));
    }

    private static DeliveryAttempt delivery(WebhookAttempt<Long> a) {
        return new DeliveryAttempt(a.destination(), a.url().toString(), a.attempt() - 1, a.status(), a.events(), a.at(), a.body());
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

    @Override
    public void close() {
        dispatcher.close();
    }
}
