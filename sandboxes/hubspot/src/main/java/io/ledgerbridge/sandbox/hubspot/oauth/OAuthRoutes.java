package io.ledgerbridge.sandbox.hubspot.oauth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.ledgerbridge.sandbox.hubspot.Json;
import io.ledgerbridge.sandbox.kit.html.Html;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * OAuth 2 (API_FACTS C.6): the consent page a person sees ({@code GET /oauth/authorize}), its Connect button
 * ({@code POST /oauth/authorize}, redirecting with {@code code} and {@code state}), the form-encoded token endpoint
 * ({@code POST /oauth/v1/token}; {@code /oauth/v1/tokens} and {@code /oauth/v3/token} are accepted too), token
 * metadata and refresh-token revocation ({@code DELETE /oauth/v1/refresh-tokens/{token}}).
 */
public final class OAuthRoutes {
    private final TokenStore tokens;
    private final Supplier<Map<Long, String>> portals;

    public OAuthRoutes(TokenStore tokens, Supplier<Map<Long, String>> portals) {
        this.tokens = tokens;
        this.portals = portals;
    }

    public void authorizePage(Context ctx) {
        OAuthApp app = tokens.appByClientId(ctx.queryParam("client_id")).orElse(null);
        if (app == null) {
            ctx.status(400).html(page("Unknown app", "<p>No app has the client_id <code>" + esc(ctx.queryParam("client_id")) + "</code>.</p>"));
            return;
        }
        String redirectUri = ctx.queryParam("redirect_uri");
        if (redirectUri == null || (app.redirectUri() != null && !app.redirectUri().equals(redirectUri))) {
            ctx.status(400).html(page("Redirect URI mismatch", "<p>The redirect_uri does not match the app's redirect URL.</p>"));
            return;
        }
        StringBuilder options = new StringBuilder();
        portals.get().forEach((id, name) -> options.append("<option value=\"").append(id).append("\">")
                .append(esc(name)).append(" (").append(id).append(")</option>"));
        String scope = ctx.queryParamAsClass("scope", String.class).getOrDefault("");
        String body = "<p><b>" + esc(app.name()) + "</b> wants to connect to your HubSpot account.</p>"
                + "<p>Scopes: <code>" + esc(scope.isBlank() ? String.join(" ", app.scopes()) : scope) + "</code></p>"
                + "<form method=\"post\" action=\"/oauth/authorize\">"
                + Html.hidden("client_id", app.clientId()) + Html.hidden("redirect_uri", redirectUri) + Html.hidden("scope", scope)
                + Html.hidden("state", ctx.queryParamAsClass("state", String.class).getOrDefault(""))
                + "<label>Account <select name=\"portal_id\">" + options + "</select></label> "
                + "<button type=\"submit\">Connect</button></form>";
        ctx.html(page("Connect " + app.name(), body));
    }

    public void authorize(Context ctx) {
        OAuthApp app = tokens.appByClientId(ctx.formParam("client_id")).orElse(null);
        String redirectUri = ctx.formParam("redirect_uri");
        long portalId;
        try {
            portalId = Long.parseLong(ctx.formParam("portal_id"));
        } catch (NumberFormatException | NullPointerException e) {
            portalId = -1;
        }
        if (app == null || redirectUri == null || !portals.get().containsKey(portalId)) {
            ctx.status(400).html(page("Cannot connect", "<p>Unknown app, redirect URI or account.</p>"));
            return;
        }
        String scope = ctx.formParam("scope");
        Set<String> scopes = scope == null || scope.isBlank() ? app.scopes()
                : Arrays.stream(scope.split("[ +]")).filter(s -> !s.isBlank()).collect(Collectors.toCollection(LinkedHashSet::new));
        String code = tokens.createCode(app, portalId, redirectUri, scopes);
        String state = ctx.formParam("state");
        String location = redirectUri + (redirectUri.contains("?") ? "&" : "?") + "code=" + enc(code)
                + (state == null || state.isEmpty() ? "" : "&state=" + enc(state));
        ctx.redirect(location, io.javalin.http.HttpStatus.FOUND);
    }

    public void token(Context ctx) {
        Map<String, String> form = new LinkedHashMap<>();
        ctx.formParamMap().forEach((k, v) -> { if (!v.isEmpty()) form.put(k, v.getFirst()); });
        ctx.queryParamMap().forEach((k, v) -> { if (!v.isEmpty()) form.putIfAbsent(k, v.getFirst()); });
        try {
            TokenStore.TokenGrant g = tokens.exchange(form);
            // Response fields as HubSpot's v1 token endpoint: token_type, refresh_token, access_token, expires_in.
            ObjectNode body = Json.object();
            body.put("token_type", "bearer");
            body.put("refresh_token", g.refreshToken());
            body.put("access_token", g.accessToken());
            body.put("expires_in", g.expiresInSeconds());
            ctx.json(body);
        } catch (TokenStore.TokenRefused refused) {
            ctx.status(400).json(refusal(refused));
        }
    }

    /** 400 {"status":"BAD_REFRESH_TOKEN","message":"missing or invalid refresh token",...} (nango.dev blog; mk-node-hubspot#64). */
    static ObjectNode refusal(TokenStore.TokenRefused refused) {
        ObjectNode body = Json.object();
        body.put("status", refused.status());
        body.put("message", refused.getMessage());
        body.put("correlationId", UUID.randomUUID().toString());
        if (refused.status().equals("BAD_REFRESH_TOKEN") || refused.status().equals("BAD_AUTH_CODE")) {
            body.put("error", "invalid_grant");
            body.put("error_description", refused.getMessage());
        }
        return body;
    }

    public void accessTokenInfo(Context ctx) {
        tokens.accessTokenInfo(ctx.pathParam("token")).ifPresentOrElse(ctx::json,
                () -> ctx.status(404).json(Map.of("status", "error", "message", "Token not found", "correlationId", UUID.randomUUID().toString(), "category", "OBJECT_NOT_FOUND")));
    }

    public void refreshTokenInfo(Context ctx) {
        tokens.refreshTokenInfo(ctx.pathParam("token")).ifPresentOrElse(ctx::json,
                () -> ctx.status(404).json(Map.of("status", "error", "message", "Token not found", "correlationId", UUID.randomUUID().toString(), "category", "OBJECT_NOT_FOUND")));
    }

    public void revokeRefreshToken(Context ctx) {
        if (tokens.revokeRefreshToken(ctx.pathParam("token"))) {
            ctx.status(204);
        } else {
            ctx.status(404).json(Map.of("status", "error", "message", "Token not found", "correlationId", UUID.randomUUID().toString(), "category", "OBJECT_NOT_FOUND"));
        }
    }

    private static String page(String title, String body) {
        return Html.page(title, "body{font-family:sans-serif;max-width:40em;margin:3em auto}button{padding:.4em 1.2em}",
                "<h1>" + esc(title) + "</h1>" + body + "<p><small>HubSpot sandbox (local emulator)</small></p>");
    }

    public static String esc(String s) {
        return Html.escape(s);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
