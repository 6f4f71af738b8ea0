package io.ledgerbridge.sandbox.xero.webhook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.sandbox.xero.organisation.Resource;
import io.ledgerbridge.sandbox.xero.wire.XeroJson;
import io.ledgerbridge.sandbox.xero.write.Change;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Xero webhooks (API_FACTS B.9; xero-webhooks.yaml WebhookEvent). A subscription (URL + webhook key) first passes
 * Intent to Receive: two correctly signed and one incorrectly signed empty-events payloads; it is OK only if the
 * endpoint answers 200 to the signed ones and 401 to the mis-signed one within 5 seconds [OFFICIAL]. Then INVOICE and
 * CONTACT CREATE/UPDATE events are sent, batched per tenant (every event waiting for a tenant goes in one payload),
 * signed with {@code x-xero-signature}. A delivery that is not 2xx within 5 s is retried at once, then every 15
 * minutes for up to 24 hours [2ND], each delay multiplied by the builder's scale; then the batch is dropped.
 */
public final class WebhookDispatcher implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(5);
    public static final Duration RETRY_EVERY = Duration.ofMinutes(15);
    public static final Duration RETRY_FOR = Duration.ofHours(24);
    private static final DateTimeFormatter EVENT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");
    private static final SecureRandom RANDOM = new SecureRandom();

    public enum Status { NONE, PENDING, OK, FAILED }

    private final Clock clock;
    private final double scale;
    private final String resourceBase;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, Thread.ofVirtual().name("xero-webhook-", 0).factory());
    private final List<WebhookDelivery> deliveries = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<ObjectNode>> pending = new HashMap<>();
    private final Map<String, Boolean> busy = new HashMap<>();
    private URI url;
    private String key;
    private Status status = Status.NONE;
    private long sequence;

    public WebhookDispatcher(Clock clock, double scale, String resourceBase) {
        this.clock = clock;
        this.scale = scale;
        this.resourceBase = resourceBase;
    }

    public synchronized void subscribe(String url, String webhookKey) {
        this.url = URI.create(url);
        this.key = webhookKey;
        this.status = Status.PENDING;
        pending.clear();
        busy.clear();
        URI target = this.url;
        String k = this.key;
        scheduler.execute(() -> intentToReceive(target, k));
    }

    public synchronized Status status() {
        return status;
    }

    public List<WebhookDelivery> deliveries() {
        return List.copyOf(deliveries);
    }

    private void intentToReceive(URI target, String k) {
        boolean ok = true;
        for (int i = 0; i < 3; i++) {
            boolean signed = i != 1;
            ObjectNode payload = payload(XeroJson.array(), 0, 0);
            String body = XeroJson.write(payload);
            String signature = signed ? WebhookSignature.sign(body, k) : WebhookSignature.sign(body, k + "-wrong");
            int got = post(target, body, signature, "INTENT_TO_RECEIVE", null, signed, 1);
            ok &= signed ? got == 200 : got == 401;
        }
        List<String> tenants;
        synchronized (this) {
            if (!target.equals(url)) {
                return;
            }
            status = ok ? Status.OK : Status.FAILED;
            tenants = new ArrayList<>(pending.keySet());
        }
        tenants.forEach(this::kick);
    }

    /** Called after each request's writes; only invoices and contacts have webhooks (API_FACTS B.9 [2ND]). */
    public void changed(List<Change> changes) {
        List<String> tenants = new ArrayList<>();
        synchronized (this) {
            if (status == Status.NONE || status == Status.FAILED) {
                return;
            }
            String at = EVENT_TIME.format(LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
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
                pending.computeIfAbsent(c.tenantId(), t -> new ArrayDeque<>()).add(e);
                if (!tenants.contains(c.tenantId())) {
                    tenants.add(c.tenantId());
                }
            }
        }
        tenants.forEach(this::kick);
    }

    private void kick(String tenantId) {
        ArrayNode events = XeroJson.array();
        long first;
        long last;
        URI target;
        String k;
        synchronized (this) {
            if (status != Status.OK || Boolean.TRUE.equals(busy.get(tenantId))) {
                return;
            }
            Deque<ObjectNode> q = pending.get(tenantId);
            if (q == null || q.isEmpty()) {
                return;
            }
            busy.put(tenantId, true);
            first = sequence + 1;
            while (!q.isEmpty()) {
                events.add(q.poll());
                sequence++;
            }
            last = sequence;
            target = url;
            k = key;
        }
        String body = XeroJson.write(payload(events, first, last));
        scheduler.execute(() -> attempt(tenantId, target, k, body, 1));
    }

    private void attempt(String tenantId, URI target, String k, String body, int attempt) {
        int got = post(target, body, WebhookSignature.sign(body, k), "EVENTS", tenantId, true, attempt);
        if (got >= 200 && got < 300) {
            done(tenantId);
            return;
        }
        // Attempt 2 at once; then one every 15 minutes until 24 hours have passed since the first retry.
        long maxAttempts = 2 + RETRY_FOR.toMinutes() / RETRY_EVERY.toMinutes();
        if (attempt >= maxAttempts) {
            done(tenantId);
            return;
        }
        long delayMillis = attempt == 1 ? 0 : Math.round(RETRY_EVERY.toMillis() * scale);
        scheduler.schedule(() -> attempt(tenantId, target, k, body, attempt + 1), delayMillis, TimeUnit.MILLISECONDS);
    }

    private void done(String tenantId) {
        synchronized (this) {
            busy.put(tenantId, false);
        }
        kick(tenantId);
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

    private int post(URI target, String body, String signature, String kind, String tenantId, boolean signed, int attempt) {
        long start = System.nanoTime();
        int status;
        try {
            HttpRequest req = HttpRequest.newBuilder(target).timeout(TIMEOUT).header("Content-Type", "application/json")
                    .header("x-xero-signature", signature).POST(HttpRequest.BodyPublishers.ofString(body)).build();
            status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            status = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = -1;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        deliveries.add(new WebhookDelivery(clock.instant(), kind, tenantId, body, signature, signed, attempt, status, millis));
        return status;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        http.close();
    }
}
