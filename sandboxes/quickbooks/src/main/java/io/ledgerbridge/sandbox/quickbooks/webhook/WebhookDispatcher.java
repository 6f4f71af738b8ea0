package io.ledgerbridge.sandbox.quickbooks.webhook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.sandbox.kit.webhook.WebhookAttempt;
import io.ledgerbridge.sandbox.kit.webhook.WebhookRequest;
import io.ledgerbridge.sandbox.quickbooks.entity.Change;
import io.ledgerbridge.sandbox.quickbooks.oauth.OAuthApp;
import io.ledgerbridge.sandbox.quickbooks.oauth.TokenStore;
import io.ledgerbridge.sandbox.quickbooks.wire.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Sends change notifications to every app connected to the realm that has a webhook URL (API_FACTS A.9), through the
 * kit's dispatcher: one sender per (app, realm) sends in order, so notifications go one realm at a time and later
 * events wait while an earlier notification is being retried ("subsequent events may be held until acknowledged").
 * A delivery counts as acknowledged on a 2xx within 3 seconds; anything else is retried on QuickBooks' {@link RetrySchedule}.
 * This class keeps QuickBooks' part: who is notified, the two payload formats and the signature.
 */
public final class WebhookDispatcher implements AutoCloseable {
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(3); // API_FACTS A.9: respond within 3 seconds
    private static final int MAX_EVENTS_PER_NOTIFICATION = 100; // design choice

    /** One sender per app and realm. */
    private record Subscriber(String clientId, String realmId) {}

    private final TokenStore tokens;
    private final io.ledgerbridge.sandbox.kit.webhook.WebhookDispatcher<Subscriber, Change> dispatcher;

    public WebhookDispatcher(TokenStore tokens, Clock clock, RetrySchedule schedule) {
        this.tokens = tokens;
        this.dispatcher = new io.ledgerbridge.sandbox.kit.webhook.WebhookDispatcher<>(clock,
                new io.ledgerbridge.sandbox.kit.webhook.WebhookDispatcher.Settings(MAX_EVENTS_PER_NOTIFICATION, Duration.ZERO,
                        schedule.kit(), ACK_TIMEOUT, io.ledgerbridge.sandbox.kit.webhook.WebhookDispatcher.RETRY_ANY_FAILURE),
                this::render);
    }

    /** Called under the realm's lock: only enqueues. */
    public void changed(Change change) {
        for (String clientId : tokens.connectedApps(change.realmId())) {
            OAuthApp app = tokens.app(clientId).orElse(null);
            if (app != null && app.webhookUrl() != null) {
                dispatcher.enqueue(new Subscriber(clientId, change.realmId()), change);
            }
        }
    }

    public List<WebhookDelivery> deliveries() {
        return dispatcher.attempts().stream().map(WebhookDispatcher::delivery).toList();
    }

    /** The app is read at send time: an app that lost its webhook URL meanwhile gets nothing. */
    private Optional<WebhookRequest> render(Subscriber to, List<Change> batch, int attempt) {
        OAuthApp app = tokens.app(to.clientId()).orElse(null);
        if (app == null || app.webhookUrl() == null) {
            return Optional.empty();
        }
        String body = app.webhookFormat() == WebhookFormat.LEGACY ? legacy(batch) : cloudEvents(app, batch);
        return Optional.of(new WebhookRequest(app.webhookUrl(), body,
                Map.of(WebhookSignature.HEADER, WebhookSignature.sign(body, app.verifierToken()))));
    }

    private static WebhookDelivery delivery(WebhookAttempt<Subscriber> a) {
        return new WebhookDelivery(a.destination().clientId(), a.destination().realmId(), a.url().toString(), a.attempt(),
                a.status(), a.body(), a.headers().get(WebhookSignature.HEADER), a.at());
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
        dispatcher.close();
    }
}
