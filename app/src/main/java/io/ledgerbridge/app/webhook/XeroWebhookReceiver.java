package io.ledgerbridge.app.webhook;

import io.ledgerbridge.connector.xero.XeroConnector;
import io.ledgerbridge.connector.xero.XeroSource;
import io.ledgerbridge.connector.xero.webhook.XeroWebhooks;
import io.ledgerbridge.domain.record.SourceRecord;
import io.ledgerbridge.engine.connection.ConnectionRecord;
import io.ledgerbridge.engine.connection.ConnectorRegistry;
import io.ledgerbridge.web.webhook.WebhookEndpoints;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Xero's webhooks as the application wires them (API_FACTS B.9): the connector checks {@code x-xero-signature} with
 * the connection's {@code webhookKey} (401 when wrong, as Xero's intent-to-receive requires; an intent-to-receive
 * delivery is accepted with no events), and the registry's source (with refreshing tokens) reads back, in batches, the
 * invoices and contacts the events name. Xero answers the delivery within its 5 seconds because reading back happens
 * after the answer, from the inbox.
 */
public final class XeroWebhookReceiver implements WebhookEndpoints.Receiver {

    private final XeroConnector connector;
    private final ConnectorRegistry registry;

    public XeroWebhookReceiver(XeroConnector connector, ConnectorRegistry registry) {
        this.connector = connector;
        this.registry = registry;
    }

    @Override
    public WebhookEndpoints.Check check(ConnectionRecord connection, WebhookEndpoints.Delivery d) {
        return switch (connector.checkWebhook(connection.settings(), d.body().getBytes(StandardCharsets.UTF_8),
                d.header(XeroWebhooks.SIGNATURE_HEADER))) {
            case XeroWebhooks.Verdict.Accepted a -> new WebhookEndpoints.Check.Accepted(a.events().stream()
                    .map(e -> new WebhookEndpoints.Notification(e.deliveryId(), e.json())).toList());
            case XeroWebhooks.Verdict.Refused r -> new WebhookEndpoints.Check.Refused(r.status(), r.reason());
        };
    }

    /** Xero's intent to receive passes only when a correctly signed delivery gets 200 (API_FACTS B.9 [OFFICIAL]). */
    @Override
    public int acceptedStatus() {
        return 200;
    }

    @Override
    public List<SourceRecord> read(ConnectionRecord connection, List<WebhookEndpoints.Notification> notifications) {
        var events = notifications.stream().map(n -> XeroWebhooks.event(n.payload())).toList();
        var source = (XeroSource) registry.source(connection.id()).orElseThrow(
                () -> new IllegalStateException("connection " + connection.id() + " has no Xero source"));
        return source.read(connector.changed(connection.settings(), events));
    }
}
