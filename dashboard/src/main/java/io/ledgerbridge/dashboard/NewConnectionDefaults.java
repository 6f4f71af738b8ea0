package io.ledgerbridge.dashboard;

import io.ledgerbridge.connector.Authorization;
import java.util.Map;
import java.util.Optional;

/**
 * The systems a person can connect from Settings → Connections, and where a new connection of each goes: system id →
 * the vendor's consent page, token endpoint and API. The application builds it (from {@code LEDGERBRIDGE_*_URL}, the
 * real vendors by default; the sandboxes in the demo and the tests); the dashboard never reads the environment. A
 * system is offered when it is listed here and its connector has an {@link Authorization}.
 *
 * <pre>
 * new NewConnectionDefaults(Map.of(
 *         QuickBooksConnector.SYSTEM, Authorization.Endpoints.of(qbo.baseUrl() + "/connect/oauth2",
 *                 qbo.baseUrl() + "/oauth2/v1/tokens/bearer", qbo.baseUrl()),
 *         HubSpotConnector.SYSTEM, Authorization.Endpoints.of(hubspot.baseUrl() + "/oauth/authorize",
 *                 hubspot.baseUrl() + "/oauth/v1/token", hubspot.baseUrl())));
 * </pre>
 */
public record NewConnectionDefaults(Map<String, Authorization.Endpoints> endpoints) {

    public NewConnectionDefaults {
        endpoints = Map.copyOf(endpoints);
    }

    /** No system can be connected from the dashboard (existing connections can still be reconnected). */
    public static NewConnectionDefaults none() {
        return new NewConnectionDefaults(Map.of());
    }

    public Optional<Authorization.Endpoints> endpoints(String system) {
        return Optional.ofNullable(endpoints.get(system));
    }
}
