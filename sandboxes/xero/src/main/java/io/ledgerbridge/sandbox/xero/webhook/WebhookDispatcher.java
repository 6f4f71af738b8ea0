package io.ledgerbridge.sandbox.xero.webhook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.sandbox.kit.webhook.RetrySchedule;
import io.ledgerbridge.sandbox.kit.webhook.WebhookAttempt;
import io.ledgerbridge.sandbox.kit.webhook.WebhookRequest;
import io.ledgerbridge.sandbox.xero.organisation.Resource;
import io.ledgerbridge.sandbox.xero.wire.XeroJson;
import io.ledgerbridge.sandbox.xero.write.Change;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Xero webhooks (API_FACTS B.9; xero-webhooks.yaml WebhookEvent), sent by the kit's dispatcher. A subscription (URL +
 * webhook key) first passes Intent to Receive: two correctly signed and one incorrectly signed empty-events payloads;
 * it is OK only if the endpoint answers 200 to the signed ones and 401 to the mis-signed one within 5 seconds
 * [OFFICIAL]. Events that happen meanwhile are held. Then INVOICE and CONTACT CREATE/UPDATE events are sent, batched
 * per tenant (every event waiting for a tenant goes in one payload), signed with {@code x-xero-signature}. A delivery
 * that is not 2xx within 5 s is retried at once, then every 15 minutes for up to 24 hours [2ND], each delay multiplied
 * by the builder's scale; then the batch is dropped. A retry resends the same payload (same sequence numbers and
 * entropy). This class keeps Xero's part: the handshake's verdict, the payload, the signature and the delivery log.
 */
public final class WebhookDispatcher implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(5);
    public static final Duration RETRY_EVERY = Duration.ofMinutes(15);
    public static final Duration RETRY_FOR = Duration.ofHours(24);
    public static final String SIGNATURE_HEADER = "x-xero-signature";
    static final String INTENT_TO_RECEIVE = "INTENT_TO_RECEIVE";
    static final String EVENTS = "EVENTS";
    private static final DateTimeFormatter EVENT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");
    private static final SecureRandom RANDOM = new SecureRandom();

    public enum Status { NONE, PENDING, OK, FAILED }

    /**
     * Who a POST was for, as the delivery log shows it: an intent-to-receive probe (no tenant; signed or deliberately
     * mis-signed) or one tenant's events. The subscription number keeps each subscription's senders apart.
     */
    private record Target(long subscription, String kind, String tenantId, boolean correctlySigned) {}

    private final Clock clock;
    private final String resourceBase;
    private final io.ledgerbridge.sandbox.kit.webhook.WebhookDispatcher<Target, ObjectNode> dispatcher;
    private URI url;
    private String key;
    private Status status = Status.NONE;
    private long subscription;
    private long sequence;
    private Thread handshake;

    public WebhookDispatcher(Clock clock, double scale, String resourceBase) {
        this.clock = clock;
        this.resourceBase = resourceBase;
        RetrySchedule retries = RetrySchedule.onceAtOnceThenEvery(RETRY_EVERY, RETRY_FOR).scaled(scale);
        this.dispatcher = io.ledgerbridge.sandbox.kit.webhook.WebhookDispatcher.renderingOnce(clock,
                new io.ledgerbridge.sandbox.kit.webhook.WebhookDispatcher.Settings(Integer.MAX_VALUE, Duration.ZERO, retries,
                        TIMEOUT, io.ledgerbridge.sandbox.kit.webhook.WebhookDispatcher.RETRY_ANY_FAILURE),
                this::render);
    }

    /** A new subscription: events not yet sent are forgotten, new ones are held until the handshake's verdict. */
    public synchronized void subscribe(String url, String webhookKey) {
        this.url = URI.create(url);
        this.key = webhookKey;
        this.status = Status.PENDING;
        long number = ++subscription;
        dispatcher.hold();
        dispatcher.discardHeld();
        URI target = this.url;
        String k = this.key;
        handshake = Thread.ofVirtual().name("xero-webhook-intent-" + number).start(() -> intentToReceive(number, target, k));
    }

    public synchronized Status status() {
        return status;
    }

    /** Every POST so far, oldest first. */
    public List<WebhookDelivery> deliveries() {
        return dispatcher.attempts().stream().map(WebhookDispatcher::delivery).toList();
    }

    private void intentToReceive(long number, URI target, String k) {
        boolean ok = true;
        try {
            for (int i = 0; i < 3; i++) {
                boolean signed = i != 1;
                String body = XeroJson.write(payload(XeroJson.array(), 0, 0));
                String signature = signed ? WebhookSignature.sign(body, k) : WebhookSignature.sign(body, k + "-wrong");
                int got = dispatcher.sendNow(new Target(number, INTENT_TO_RECEIVE, null, signed),
                        new WebhookRequest(target, body, Map.of(SIGNATURE_HEADER, signature))).status();
                ok &= signed ? got == 200 : got == 401;
            }
        } catch (InterruptedException e) {
            return; // the sandbox is closing
        }
        synchronized (this) {
            if (number != subscription) {
                return;
            }
            status = ok ? Status.OK : Status.FAILED;
            if (ok) {
                dispatcher.release();
            } else {
                dispatcher.discardHeld();
            }
        }
    }

    /** Called after each request's writes; only invoices and contacts have webhooks (API_FACTS B.9 [2ND]). */
    public synchronized void changed(List<Change> changes) {
        if (status == Status.NONE || status == Status.FAILED) {
            return;
        }
        String at = EVENT_TIME.format(LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        Map<String, List<ObjectNode>> byTenant = new LinkedHashMap<>();
        for (Change c : changes) {
            String category = c.resource() == Resource.INVOICES ? "INVOICE" : c.resource() == Resource.CONTACTS ? "CONTACT" : null;
            if (category == null) {
                continue;
            }
            ObjectNode e = XeroJson.object();
            e.put("resourceUrl", resourceBase + "/" + c.resource().plural() + "/" + c.id());
            e.put("resourceId", c.id());
            e.put("eventDateUtc", at);
            e.put("eventType", c.created() ? "CREATE" : "UPDATE");
            e.put("eventCategory", category);
            e.put("tenantId", c.tenantId());
            e.put("tenantType", "ORGANISATION");
            byTenant.computeIfAbsent(c.tenantId(), t -> new ArrayList<>()).add(e);
        }
        byTenant.forEach((tenantId, events) -> dispatcher.enqueueAll(new Target(subscription, EVENTS, tenantId, true), events));
    }

    /**
     * One tenant's batch, rendered before its first attempt: sequence numbers are taken now, and retries resend it.
     * Events of an earlier subscription, or of one that failed its handshake, are dropped.
     */
    private Optional<WebhookRequest> render(Target to, List<ObjectNode> batch) {
        long first;
        long last;
        URI target;
        String k;
        synchronized (this) {
            if (status != Status.OK || to.subscription() != subscription) {
                return Optional.empty();
            }
            first = sequence + 1;
            sequence += batch.size();
            last = sequence;
            target = url;
            k = key;
        }
        ArrayNode events = XeroJson.array();
        batch.forEach(events::add);
        String body = XeroJson.write(payload(events, first, last));
        return Optional.of(new WebhookRequest(target, body, Map.of(SIGNATURE_HEADER, WebhookSignature.sign(body, k))));
    }

    private static WebhookDelivery delivery(WebhookAttempt<Target> a) {
        Target t = a.destination();
        return new WebhookDelivery(a.at(), t.kind(), t.tenantId(), a.body(), a.headers().get(SIGNATURE_HEADER), t.correctlySigned(),
                a.attempt(), a.status(), a.duration().toMillis());
    }

    private ObjectNode payload(ArrayNode events, long first, long last) {
        ObjectNode p = XeroJson.object();
        p.set("events", events);
        p.put("lastEventSequence", last);
        p.put("firstEventSequence", first);
        p.put("entropy", entropy());
        return p;
    }

    private static String entropy() {
        String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            b.append(chars.charAt(RANDOM.nextInt(chars.length())));
        }
        return b.toString();
    }

    @Override
    public void close() {
        Thread h;
        synchronized (this) {
            h = handshake;
        }
        if (h != null) {
            h.interrupt();
        }
        dispatcher.close();
    }
}
