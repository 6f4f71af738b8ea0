package io.ledgerbridge.app.webhook;

import io.ledgerbridge.connector.quickbooks.webhook.QuickBooksWebhooks;
import io.ledgerbridge.domain.record.SourceRecord;
import io.ledgerbridge.engine.connection.ConnectionRecord;
import io.ledgerbridge.engine.intake.SourcePoller;
import io.ledgerbridge.web.webhook.WebhookEndpoints;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * QuickBooks' webhooks (API_FACTS A.9): the {@code intuit-signature} is checked with the connection's verifier token
 * (setting {@code webhookVerifierToken}); a notification only names what changed, so it makes the poller read the
 * connection's change data capture now, which carries the full records and moves the cursor.
 */
public final class QuickBooksWebhookReceiver implements WebhookEndpoints.Receiver {

    private final SourcePoller poller;

    public QuickBooksWebhookReceiver(SourcePoller poller) {
        this.poller = poller;
    }

    @Override
    public WebhookEndpoints.Check check(ConnectionRecord connection, WebhookEndpoints.Delivery d) {
        String token = connection.settings().get("webhookVerifierToken");
        if (token == null || token.isBlank()) {
            return new WebhookEndpoints.Check.Refused(401, "this connection has no webhook verifier token configured");
        }
        byte[] body = d.body().getBytes(StandardCharsets.UTF_8);
        if (!QuickBooksWebhooks.verify(body, d.header(QuickBooksWebhooks.SIGNATURE_HEADER), token)) {
            return new WebhookEndpoints.Check.Refused(401, "the intuit-signature does not match the body");
        }
        List<QuickBooksWebhooks.Notification> notifications;
        try {
            notifications = QuickBooksWebhooks.parse(body);
        } catch (RuntimeException malformed) {
            return new WebhookEndpoints.Check.Refused(400, "the body is not a QuickBooks notification: " + malformed.getMessage());
        }
        return new WebhookEndpoints.Check.Accepted(notifications.stream()
                .map(n -> new WebhookEndpoints.Notification(
                        n.realmId() + "/" + n.entity() + "/" + n.id() + "/" + n.operation() + "/" + n.at(), n.entity()))
                .toList());
    }

    @Override
    public List<SourceRecord> read(ConnectionRecord connection, List<WebhookEndpoints.Notification> notifications) {
        poller.poll(connection.id()); // received through the intake by the poller itself
        return List.of();
    }
}
