package io.ledgerbridge.web.auth;

import io.javalin.http.Context;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.web.api.ApiError;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every {@code /api/v1} request carries a workspace API key as {@code Authorization: Bearer lb_...}; the key
 * decides the workspace, and everything the request reads or changes is within it. A missing, malformed,
 * unknown or revoked key is a 401 that does not say which of these it was.
 */
public final class ApiKeyAuth {

    private static final String WORKSPACE = "ledgerbridge.workspace";

    private final Function<String, Optional<WorkspaceId>> authenticate;

    /** @param authenticate the workspace of a key, empty when the key is unknown or revoked */
    public ApiKeyAuth(Function<String, Optional<WorkspaceId>> authenticate) {
        this.authenticate = authenticate;
    }

    /** A before-handler: admits the request, or answers 401. */
    public void admit(Context ctx) {
        var key = bearer(ctx.header("Authorization"));
        var workspace = key.flatMap(authenticate);
        if (workspace.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"ledgerbridge\"");
            throw new ApiError(401, "unauthorized", key.isEmpty()
                    ? "Send your workspace API key as 'Authorization: Bearer lb_...'."
                    : "The API key is unknown or revoked; check that you copied all of it, or ask for a new one.");
        }
        ctx.attribute(WORKSPACE, workspace.get());
    }

    /** The workspace the request was admitted for. */
    public static WorkspaceId workspace(Context ctx) {
        WorkspaceId w = ctx.attribute(WORKSPACE);
        if (w == null) {
            throw new IllegalStateException("request " + ctx.path() + " reached a handler without authentication");
        }
        return w;
    }

    /** The key of an {@code Authorization: Bearer <key>} header; the scheme is case-insensitive. */
    public static Optional<String> bearer(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String h = header.trim();
        if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String key = h.substring(7).trim();
        return key.isEmpty() ? Optional.empty() : Optional.of(key);
    }
}
