package io.ledgerbridge.sandbox.xero.oauth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.javalin.http.Context;
import io.ledgerbridge.sandbox.xero.organisation.Organisation;
import io.ledgerbridge.sandbox.xero.organisation.Organisations;
import io.ledgerbridge.sandbox.xero.wire.Html;
import io.ledgerbridge.sandbox.xero.wire.XeroError;
import io.ledgerbridge.sandbox.xero.wire.XeroJson;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Xero's identity endpoints (API_FACTS B.1, B.8; xero_accounting.yaml securitySchemes): the consent page
 * {@code GET /identity/connect/authorize} (organisations with checkboxes: one grant may cover several), its form
 * {@code POST /identity/connect/authorize} (Allow or Deny, then a redirect to redirect_uri with code and state),
 * {@code POST /connect/token} (client_secret_basic or client_id/client_secret in the form; authorization_code and
 * refresh_token), {@code POST /connect/revocation}, and {@code GET|DELETE /connections}.
 */
public final class OAuthRoutes {
    private final TokenStore tokens;
    private final Organisations organisations;
    private final Clock clock;

    public OAuthRoutes(TokenStore tokens, Organisations organisations, Clock clock) {
        this.tokens = tokens;
        this.organisations = organisations;
        this.clock = clock;
    }

    public void authorize(Context ctx) {
        String clientId = ctx.queryParam("client_id");
        String redirectUri = ctx.queryParam("redirect_uri");
        String problem = checkClient(clientId, redirectUri, ctx.queryParam("response_type"));
        if (problem != null) {
            ctx.status(400).html(Html.page("Xero | Error", "<h1>Error</h1><p>" + Html.esc(problem) + "</p>"));
            return;
        }
        String scope = ctx.queryParamAsClass("scope", String.class).getOrDefault("");
        StringBuilder b = new StringBuilder();
        b.append("<h1>Xero</h1><p><b>").append(Html.esc(clientId)).append("</b> wants access to your organisations.</p>");
        b.append("<p class=\"muted\">Scopes: ").append(Html.esc(scope)).append("</p>");
        b.append("<form method=\"post\" action=\"/identity/connect/authorize\">");
        hidden(b, "client_id", clientId);
        hidden(b, "redirect_uri", redirectUri);
        hidden(b, "scope", scope);
        hidden(b, "state", ctx.queryParam("state"));
        b.append("<fieldset><legend>Organisations</legend>");
        List<Organisation> all = organisations.all();
        for (int i = 0; i < all.size(); i++) {
            Organisation o = all.get(i);
            b.append("<label><input type=\"checkbox\" name=\"tenantId\" value=\"").append(Html.esc(o.tenantId())).append("\"")
                    .append(i == 0 ? " checked" : "").append("> ").append(Html.esc(o.name())).append(" <span class=\"muted\">(")
                    .append(Html.esc(o.countryCode())).append(")</span></label>");
        }
        b.append("</fieldset><p><button type=\"submit\" name=\"decision\" value=\"allow\">Allow access</button> ")
                .append("<button type=\"submit\" name=\"decision\" value=\"deny\">Cancel</button></p></form>");
        ctx.html(Html.page("Xero | Authorise", b.toString()));
    }

    public void consent(Context ctx) {
        String clientId = ctx.formParam("client_id");
        String redirectUri = ctx.formParam("redirect_uri");
        String problem = checkClient(clientId, redirectUri, "code");
        if (problem != null) {
            ctx.status(400).html(Html.page("Xero | Error", "<h1>Error</h1><p>" + Html.esc(problem) + "</p>"));
            return;
        }
        String state = ctx.formParam("state");
        List<String> tenantIds = ctx.formParams("tenantId").stream().filter(t -> organisations.find(t).isPresent()).toList();
        String sep = redirectUri.contains("?") ? "&" : "?";
        if (!"allow".equals(ctx.formParam("decision")) || tenantIds.isEmpty()) {
            ctx.redirect(redirectUri + sep + "error=access_denied" + (state == null ? "" : "&state=" + enc(state)));
            return;
        }
        String code = tokens.newCode(clientId, redirectUri, ctx.formParamAsClass("scope", String.class).getOrDefault(""), tenantIds);
        ctx.redirect(redirectUri + sep + "code=" + enc(code) + "&scope=" + enc(ctx.formParam("scope")) + (state == null ? "" : "&state=" + enc(state)));
    }

    public void token(Context ctx) {
        String[] client = clientCredentials(ctx);
        var app = tokens.app(client[0]);
        if (app.isEmpty() || !app.get().clientSecret().equals(client[1])) {
            oauthError(ctx, "invalid_client");
            return;
        }
        try {
            TokenStore.TokenResponse r = switch (String.valueOf(ctx.formParam("grant_type"))) {
                case "authorization_code" -> tokens.exchangeCode(client[0], ctx.formParam("code"), ctx.formParam("redirect_uri"), names());
                case "refresh_token" -> tokens.refresh(client[0], ctx.formParam("refresh_token"));
                default -> throw new TokenStore.OAuthFailure("unsupported_grant_type");
            };
            ctx.header("Cache-Control", "no-store");
            ctx.contentType("application/json").result(XeroJson.write(r.toJson(clock.instant())));
        } catch (TokenStore.OAuthFailure e) {
            oauthError(ctx, e.error);
        }
    }

    public void revoke(Context ctx) {
        String[] client = clientCredentials(ctx);
        var app = tokens.app(client[0]);
        if (app.isEmpty() || !app.get().clientSecret().equals(client[1])) {
            oauthError(ctx, "invalid_client");
            return;
        }
        tokens.revoke(client[0], ctx.formParam("token"));
        ctx.status(200);
    }

    public void connections(Context ctx) {
        try {
            TokenStore.Grant g = tokens.authenticate(ctx.header("Authorization"));
            ArrayNode out = XeroJson.array();
            tokens.connections(g, ctx.queryParam("authEventId")).forEach(out::add);
            ctx.contentType("application/json").result(XeroJson.write(out));
        } catch (XeroError e) {
            ctx.status(e.answer().status()).contentType(e.answer().contentType()).result(e.answer().body());
        }
    }

    public void disconnect(Context ctx) {
        try {
            TokenStore.Grant g = tokens.authenticate(ctx.header("Authorization"));
            if (!tokens.disconnect(g, ctx.pathParam("id"))) {
                throw XeroError.notFound();
            }
            ctx.status(204);
        } catch (XeroError e) {
            ctx.status(e.answer().status()).contentType(e.answer().contentType()).result(e.answer().body());
        }
    }

    private Map<String, String> names() {
        return organisations.all().stream().collect(Collectors.toMap(Organisation::tenantId, Organisation::name));
    }

    private String checkClient(String clientId, String redirectUri, String responseType) {
        var app = tokens.app(clientId);
        if (app.isEmpty()) {
            return "unauthorized_client: unknown client_id";
        }
        if (redirectUri == null || !app.get().redirectUris().contains(redirectUri)) {
            return "invalid_request: redirect_uri is not registered for this app";
        }
        if (!"code".equals(responseType)) {
            return "unsupported_response_type";
        }
        return null;
    }

    /** client_secret_basic, else client_id and client_secret in the form. */
    private static String[] clientCredentials(Context ctx) {
        String auth = ctx.header("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
                }
            } catch (IllegalArgumentException ignored) {
                // falls through to the form
            }
        }
        return new String[] {ctx.formParam("client_id"), ctx.formParam("client_secret")};
    }

    private static void oauthError(Context ctx, String error) {
        ctx.status(400).contentType("application/json").result("{\"error\":\"" + error + "\"}");
    }

    private static void hidden(StringBuilder b, String name, String value) {
        if (value != null) {
            b.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"").append(Html.esc(value)).append("\">");
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }
}
