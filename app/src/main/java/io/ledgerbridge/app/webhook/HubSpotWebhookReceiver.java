package io.ledgerbridge.app.webhook;

import io.ledgerbridge.connector.hubspot.HubSpotConnector;
import io.ledgerbridge.connector.hubspot.HubSpotSource;
import io.ledgerbridge.connector.hubspot.HubSpotWebhooks;
import io.ledgerbridge.domain.record.SourceRecord;
import io.ledgerbridge.engine.connection.ConnectionRecord;
import io.ledgerbridge.engine.connection.ConnectorRegistry;
import io.ledgerbridge.web.webhook.WebhookEndpoints;
import java.util.List;

/**
 * HubSpot's webhooks as the application wires them: the connector checks the v3 signature and timestamp and reads the
 * events; the registry's source (with refreshing tokens) reads back, in batches, the records they name.
 */
public final class HubSpotWebhookReceiver implements WebhookEndpoints.Receiver {

    private final HubSpotConnector connector;
    private final ConnectorRegistry registry;

    public HubSpotWebhookReceiver(HubSpotConnector connector, ConnectorRegistry registry) {
        this.connector = connector;
        this.registry = registry;
    }

    @Override
    public WebhookEndpoints.Check check(ConnectionRecord connection, WebhookEndpoints.Delivery d) {
        return switch (connector.checkWebhook(connection.settings(), d.method(), d.url(), d.body(),
                d.header(HubSpotWebhooks.TIMESTAMP_HEADER), d.header(HubSpotWebhooks.SIGNATURE_HEADER))) {
            case HubSpotWebhooks.Verdict.Accepted a -> new WebhookEndpoints.Check.Accepted(a.events().stream()
                    .map(e -> new WebhookEndpoints.Notification(e.eventId(), e.json())).toList());
            case HubSpotWebhooks.Verdict.Refused r -> new WebhookEndpoints.Check.Refused(r.status(), r.reason());
        };
    }

    @Override
    public List<SourceRecord> read(ConnectionRecord connection, List<WebhookEndpoints.Notification> notifications) {
        var events = notifications.stream().map(n -> HubSpotWebhooks.event(n.payload())).toList();
        var source = (HubSpotSource) registry.source(connection.id()).orElseThrow(
                () -> new IllegalStateException("connection " + connection.id() + " has no HubSpot source"));
        return source.read(connector.changed(connection.settings(), events));
    }
}
