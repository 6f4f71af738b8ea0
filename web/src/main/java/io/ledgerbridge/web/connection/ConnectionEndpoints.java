package io.ledgerbridge.web.connection;

import io.javalin.http.Context;
import io.ledgerbridge.engine.connection.ConnectionRecord;
import io.ledgerbridge.engine.connection.ConnectionRules;
import io.ledgerbridge.engine.connection.ConnectionStore;
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
 * The workspace's connections over the API: list them, and add your app (the native source) or a reference ledger, so
 * that a workspace made with {@code workspace create} can be set up without the dashboard. QuickBooks, Xero and HubSpot
 * connect through their consent page, which only the dashboard walks today (Settings → Connections → Connect); asking
 * for one here says so. Tokens are never shown.
 */
public final class ConnectionEndpoints {

    static final int MAX_NAME = 80;

    private final ConnectionStore connections;
    private final JsonBody body;
    private final PostgresAuditLog audit;
    private final Clock clock;

    public ConnectionEndpoints(ConnectionStore connections, JsonBody body, PostgresAuditLog audit, Clock clock) {
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
