package io.ledgerbridge.web.auth;

import io.javalin.http.Context;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.web.api.ApiError;
import io.ledgerbridge.store.apikey.PostgresApiKeys.Authentication;
import io.ledgerbridge.store.apikey.PostgresApiKeys.Grant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every {@code /api/v1} request carries a workspace API key as {@code Authorization: Bearer lb_...}; the key
 * decides the workspace, and everything the request reads or changes is within it. A missing or unknown key is a 401
 * that does not say which; a revoked key is a 401 that says it was revoked and when (its holder had it, so this tells
 * them nothing new but what to do). A read-only key may only read: anything but GET is a 403.
 */
public final class ApiKeyAuth {

    private static final String GRANT = "ledgerbridge.grant";
    private static final String WORKSPACE = "ledgerbridge.workspace";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final Function<String, Authentication> authenticate;

    /** @param authenticate what a key is: granted, revoked or unknown */
    public ApiKeyAuth(Function<String, Authentication> authenticate) {
        this.authenticate = authenticate;
    }

    /** A before-handler: admits the request, or answers 401 (no key, unknown, revoked) or 403 (read-only key). */
    public void admit(Context ctx) {
        var key = bearer(ctx.header("Authorization"));
        var result = key.map(authenticate).orElse(new Authentication.Unknown());
        switch (result) {
            case Authentication.Granted g -> {
                if (g.grant().readOnly() && !ctx.method().name().equals("GET") && !ctx.method().name().equals("HEAD")) {
                    throw new ApiError(403, "read_only_key", "The API key " + g.grant().name() + " is read-only: it can "
                            + "read (GET) but not " + ctx.method() + ". Use a key that is not read-only to change anything.");
                }
                ctx.attribute(GRANT, g.grant());
                ctx.attribute(WORKSPACE, g.grant().workspace());
            }
            case Authentication.Revoked r -> {
                ctx.header("WWW-Authenticate", "Bearer realm=\"ledgerbridge\", error=\"invalid_token\"");
                throw new ApiError(401, "key_revoked", "The API key " + r.name() + " was revoked on " + WHEN.format(r.at())
                        + ". Create a new key under Settings → API keys (or `./lb cli keys create`) and use it instead.");
            }
            case Authentication.Unknown u -> {
                ctx.header("WWW-Authenticate", "Bearer realm=\"ledgerbridge\"");
                throw new ApiError(401, "unauthorized", key.isEmpty()
                        ? "Send your workspace API key as 'Authorization: Bearer lb_...'."
                        : "The API key is unknown; check that you copied all of it, or ask for a new one.");
            }
        }
    }

    /** The workspace the request was admitted for. */
    public static WorkspaceId workspace(Context ctx) {
        WorkspaceId w = ctx.attribute(WORKSPACE);
        if (w == null) {
            throw new IllegalStateException("request " + ctx.path() + " reached a handler without authentication");
        }
        return w;
    }

    /** Who is acting, as the audit log records it: "API key lb_AbC1x… (Web shop)". */
    public static String actor(Context ctx) {
        Grant g = ctx.attribute(GRANT);
        if (g == null) {
            throw new IllegalStateException("request " + ctx.path() + " reached a handler without authentication");
        }
        return "API key " + g.name();
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
