package io.ledgerbridge.web.connection;

import io.javalin.http.Context;
import io.ledgerbridge.engine.connection.ConnectionRecord;
import io.ledgerbridge.engine.connection.ConnectionRules;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.engine.connection.ConnectionStore;
import io.ledgerbridge.engine.connection.Consents;
import io.ledgerbridge.engine.connection.TokenSet;
import io.ledgerbridge.store.audit.PostgresAuditLog;
import io.ledgerbridge.web.api.ApiError;
import io.ledgerbridge.web.api.JsonBody;
import io.ledgerbridge.web.auth.ApiKeyAuth;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The workspace's connections over the API, so that a workspace made with {@code workspace create} can be set up
 * without the dashboard: list them; add your app (the native source) or a reference ledger directly; connect or
 * reconnect QuickBooks, Xero or HubSpot through a consent request ({@link Consents}): the answer carries the vendor's
 * consent URL for a person to open in a browser, and {@code GET /connections/requests/{id}} tells when it is connected.
 * Tokens are never shown.
 */
public final class ConnectionEndpoints {

    static final int MAX_NAME = 80;
    static final String CONSENT_REQUESTS = "/api/v1/connections/requests";

    private final ConnectionStore connections;
    private final JsonBody body;
    private final PostgresAuditLog audit;
    private final Clock clock;
    private final Consents consents;

    public ConnectionEndpoints(ConnectionStore connections, JsonBody body, PostgresAuditLog audit, Clock clock,
            Consents consents) {
        this.consents = consents;
        this.connections = connections;
        this.body = body;
        this.audit = audit;
        this.clock = clock;
    }

    /** What a new connection is: its system, its name, and for a reference ledger its settings and access token. */
    public record NewConnection(String system, String name, Map<String, String> settings, String accessToken) {}

    public record ConnectionJson(String id, String system, String name, String status, String statusReason,
            Instant tokenRefreshedAt) {
        static ConnectionJson of(ConnectionRecord c) {
            return new ConnectionJson(c.id().toString(), c.system(), c.name(), c.status().name(), c.statusReason(),
                    c.tokenRefreshedAt());
        }
    }

    public record Connections(List<ConnectionJson> connections) {}

    /** A consent request: {@code consentUrl} only in the answer that starts it; {@code connection} once connected. */
    public record ConsentRequestJson(String id, String system, String name, String purpose, String status,
            String consentUrl, Instant expiresAt, ConnectionJson connection, String reason) {}

    private ConsentRequestJson json(Consents.Request r) {
        var connection = r.status() == Consents.Status.CONNECTED || r.reconnect()
                ? r.connection().flatMap(connections::find).map(ConnectionJson::of).orElse(null) : null;
        return new ConsentRequestJson(r.id().toString(), r.system(), r.name(), r.reconnect() ? "reconnect" : "connect",
                r.status().name(), r.consentUrl().map(Object::toString).orElse(null), r.expiresAt(), connection,
                r.reason().orElse(null));
    }

    private void answer(Context ctx, Consents.Asked asked) {
        switch (asked) {
            case Consents.Asked.Started s -> {
                String location = CONSENT_REQUESTS + "/" + s.request().id();
                ctx.status(202).header("Location", location).json(json(s.request()));
            }
            case Consents.Asked.Refused r -> throw new ApiError(r.status(), r.code(), r.message());
        }
    }

    /** GET /connections/requests/{requestId}: where a consent request stands. */
    public void request(Context ctx) {
        var workspace = ApiKeyAuth.workspace(ctx);
        java.util.UUID id;
        try {
            id = java.util.UUID.fromString(ctx.pathParam("requestId"));
        } catch (IllegalArgumentException e) {
            throw new ApiError(404, "not_found", "There is no consent request " + ctx.pathParam("requestId") + ".");
        }
        ctx.json(json(consents.find(workspace, id).orElseThrow(() -> new ApiError(404, "not_found",
                "There is no consent request " + id + " in this workspace (requests are kept for a day)."))));
    }

    /** POST /connections/{connectionId}/reconnect: a consent request to reconnect through the vendor's consent page. */
    public void reconnect(Context ctx) {
        var workspace = ApiKeyAuth.workspace(ctx);
        java.util.UUID id;
        try {
            id = java.util.UUID.fromString(ctx.pathParam("connectionId"));
        } catch (IllegalArgumentException e) {
            throw new ApiError(404, "not_found", "There is no connection " + ctx.pathParam("connectionId") + ".");
        }
        answer(ctx, consents.reconnect(workspace, new ConnectionId(id), ApiKeyAuth.actor(ctx)));
    }

    public void list(Context ctx) {
        ctx.json(new Connections(connections.list(ApiKeyAuth.workspace(ctx)).stream().map(ConnectionJson::of).toList()));
    }

    public void create(Context ctx) {
        var workspace = ApiKeyAuth.workspace(ctx);
        var asked = body.read(ctx, NewConnection.class, "connection");
        String system = asked.system() == null ? "" : asked.system().strip().toLowerCase(java.util.Locale.ROOT);
        String name = asked.name() == null ? "" : asked.name().strip();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            throw invalid("name", "must be 1 to " + MAX_NAME + " characters, e.g. \"Web shop\"");
        }
        if (ConnectionRules.needsConsent(system)) {
            if (asked.settings() != null || asked.accessToken() != null) {
                throw invalid("settings", "are not taken by a " + system + " connection: the account and its tokens come "
                        + "from the consent page");
            }
            answer(ctx, consents.connect(workspace, system, name, ApiKeyAuth.actor(ctx)));
            return;
        }
        var refusal = ConnectionRules.directRefusal(system);
        if (refusal.isPresent()) {
            throw ConnectionRules.needsConsent(system) ? new ApiError(422, "needs_consent", refusal.get())
                    : invalid("system", "must be native, reference, quickbooks, xero or hubspot");
        }
        if (connections.list(workspace).stream().anyMatch(c -> c.name().equalsIgnoreCase(name))) {
            throw new ApiError(409, "name_taken", "A connection named \"" + name + "\" already exists; choose another name.");
        }
        TokenSet tokens = null;
        Map<String, String> settings = asked.settings() == null ? Map.of() : asked.settings();
        if (system.equals("reference")) {
            if (asked.accessToken() == null || asked.accessToken().isBlank()) {
                throw invalid("accessToken", "is needed for a reference ledger");
            }
            tokens = new TokenSet(asked.accessToken().strip(), null, null);
        } else if (!settings.isEmpty() || asked.accessToken() != null) {
            throw invalid("settings", "are not taken by your app's connection: it pushes with an API key");
        }
        Instant now = clock.instant();
        var id = connections.create(workspace, system, name, settings, tokens, now);
        audit.record(new PostgresAuditLog.Entry(workspace, ApiKeyAuth.actor(ctx), "connection.connect", "connection:" + id,
                "Connected " + name + " (" + system + ")", Map.of(), Map.of("status", "CONNECTED", "system", system)), now);
        ctx.status(201).json(ConnectionJson.of(connections.find(id).orElseThrow()));
    }

    private static ApiError invalid(String field, String problem) {
        return new ApiError(400, "invalid_field", "Field '" + field + "' " + problem + ".",
                List.of(new io.ledgerbridge.domain.record.FieldProblem(field, problem)));
    }
}
