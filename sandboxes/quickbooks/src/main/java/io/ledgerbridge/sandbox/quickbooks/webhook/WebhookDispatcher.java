package io.ledgerbridge.sandbox.quickbooks.webhook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.sandbox.quickbooks.entity.Change;
import io.ledgerbridge.sandbox.quickbooks.oauth.OAuthApp;
import io.ledgerbridge.sandbox.quickbooks.oauth.TokenStore;
import io.ledgerbridge.sandbox.quickbooks.wire.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends change notifications to every app connected to the realm that has a webhook URL (API_FACTS A.9). One virtual
 * thread per (app, realm) sends in order: notifications go one realm at a time, and later events wait while an
 * earlier notification is being retried ("subsequent events may be held until acknowledged"). A delivery counts as
 * acknowledged on a 2xx within 3 seconds.
 */
public final class WebhookDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(3); // API_FACTS A.9: respond within 3 seconds
    private static final int MAX_EVENTS_PER_NOTIFICATION = 100; // design choice

    private final TokenStore tokens;
    private final Clock clock;
    private final RetrySchedule schedule;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(ACK_TIMEOUT).build();
    private final Map<String, BlockingQueue<Change>> queues = new ConcurrentHashMap<>();
    private final List<Thread> senders = new CopyOnWriteArrayList<>();
    private final List<WebhookDelivery> deliveries = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    public WebhookDispatcher(TokenStore tokens, Clock clock, RetrySchedule schedule) {
        this.tokens = tokens;
        this.clock = clock;
        this.schedule = schedule;
    }

    /** Called under the realm's lock: only enqueues. */
    public void changed(Change change) {
        if (closed) {
            return;
        }
        for (String clientId : tokens.connectedApps(change.realmId())) {
            OAuthApp app = tokens.app(clientId).orElse(null);
            if (app == null || app.webhookUrl() == null) {
                continue;
            }
            queues.computeIfAbsent(clientId + "\u0000" + change.realmId(), key -> {
                BlockingQueue<Change> queue = new LinkedBlockingQueue<>();
                senders.add(Thread.ofVirtual().name("qbo-webhook-" + clientId + "-" + change.realmId())
                        .start(() -> send(clientId, queue)));
                return queue;
            }).add(change);
        }
    }

    public List<WebhookDelivery> deliveries() {
        return List.copyOf(deliveries);
    }

    private void send(String clientId, BlockingQueue<Change> queue) {
        try {
            while (!closed) {
                List<Change> batch = new ArrayList<>();
                batch.add(queue.take());
                queue.drainTo(batch, MAX_EVENTS_PER_NOTIFICATION - 1);
                OAuthApp app = tokens.app(clientId).orElse(null);
                if (app == null || app.webhookUrl() == null) {
                    continue;
                }
                String body = app.webhookFormat() == WebhookFormat.LEGACY ? legacy(batch) : cloudEvents(app, batch);
                deliver(app, batch.getFirst().realmId(), body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(OAuthApp app, String realmId, String body) throws InterruptedException {
        String signature = WebhookSignature.sign(body, app.verifierToken());
        for (int attempt = 1; attempt <= schedule.maxAttempts() && !closed; attempt++) {
            int status = post(app.webhookUrl(), body, signature);
            deliveries.add(new WebhookDelivery(app.clientId(), realmId, app.webhookUrl().toString(), attempt, status, body,
                    signature, clock.instant()));
            if (status >= 200 && status < 300) {
                return;
            }
            if (attempt < schedule.maxAttempts()) {
                Thread.sleep(schedule.delayAfter(attempt));
            }
        }
        LOG.warn("webhook notification dropped after {} attempts: app={}, realm={}", schedule.maxAttempts(), app.clientId(), realmId);
    }

    private int post(URI url, String body, String signature) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(ACK_TIMEOUT)
                .header("Content-Type", "application/json")
                .header(WebhookSignature.HEADER, signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    /** API_FACTS A.9 legacy payload: {@code {"eventNotifications":[{"realmId","dataChangeEvent":{"entities":[…]}}]}}. */
    static String legacy(List<Change> batch) {
        ObjectNode root = Json.object();
        ObjectNode notification = root.putArray("eventNotifications").addObject();
        notification.put("realmId", batch.getFirst().realmId());
        ArrayNode entities = notification.putObject("dataChangeEvent").putArray("entities");
        for (Change c : batch) {
            ObjectNode e = entities.addObject();
            e.put("name", c.type().entityName());
            e.put("id", c.id());
            e.put("operation", c.operation());
            e.put("lastUpdated", DateTimeFormatter.ISO_INSTANT.format(c.at()));
        }
        return Json.write(root);
    }

    /** API_FACTS A.9 CloudEvents array, type {@code qbo.<entity>.<created|updated|deleted|voided…>.v1}. */
    static String cloudEvents(OAuthApp app, List<Change> batch) {
        ArrayNode events = Json.array();
        for (Change c : batch) {
            ObjectNode e = events.addObject();
            e.put("specversion", "1.0");
            e.put("id", UUID.randomUUID().toString());
            e.put("source", "intuit." + UUID.nameUUIDFromBytes(app.clientId().getBytes(StandardCharsets.UTF_8)));
            e.put("type", "qbo." + c.type().entityName().toLowerCase(Locale.ROOT) + "." + pastTense(c.operation()) + ".v1");
            e.put("datacontenttype", "application/json");
            e.put("time", DateTimeFormatter.ISO_INSTANT.format(c.at()));
            e.put("intuitentityid", c.id());
            e.put("intuitaccountid", c.realmId());
            e.putObject("data");
        }
        return Json.write(events);
    }

    private static String pastTense(String operation) {
        return switch (operation) {
            case "Create" -> "created";
            case "Update" -> "updated";
            case "Delete" -> "deleted";
            case "Void" -> "voided";
            case "Merge" -> "merged";
            case "Emailed" -> "emailed";
            default -> operation.toLowerCase(Locale.ROOT);
        };
    }

    @Override
    public void close() {
        closed = true;
        senders.forEach(Thread::interrupt);
        http.close();
    }
}
