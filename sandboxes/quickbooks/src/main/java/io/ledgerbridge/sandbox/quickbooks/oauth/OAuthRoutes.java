package io.ledgerbridge.sandbox.quickbooks.oauth;

import io.javalin.http.Context;
import io.ledgerbridge.sandbox.quickbooks.realm.Realm;
import io.ledgerbridge.sandbox.quickbooks.realm.Realms;
import io.ledgerbridge.sandbox.kit.html.Html;
import io.ledgerbridge.sandbox.quickbooks.wire.QboPage;
import io.ledgerbridge.sandbox.quickbooks.wire.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The OAuth 2.0 endpoints of API_FACTS A.8: the consent page (Intuit's {@code appcenter.intuit.com/connect/oauth2}),
 * the token endpoint ({@code /oauth2/v1/tokens/bearer}) and revocation.
 */
public final class OAuthRoutes {
    /** API_FACTS A.8 / Intuit scopes: the accounting scope a QuickBooks connection needs. */
    public static final String ACCOUNTING_SCOPE = "com.intuit.quickbooks.accounting";

    private final TokenStore tokens;
    private final Realms realms;

    public OAuthRoutes(TokenStore tokens, Realms realms) {
        this.tokens = tokens;
        this.realms = realms;
    }

    /** GET /connect/oauth2: validate the app and redirect URI, then show the company chooser. */
    public void authorize(Context ctx) {
        String clientId = ctx.queryParam("client_id");
        String redirectUri = ctx.queryParam("redirect_uri");
        OAuthApp app = tokens.app(clientId).orElse(null);
        if (app == null || redirectUri == null || !app.redirectUris().contains(redirectUri)) {
            // Never redirect to an unregistered URI: show the error instead.
            ctx.status(400).html(QboPage.page("Error", "<h1>Something went wrong</h1><p>"
                    + (app == null ? "Unknown client_id." : "The redirect_uri is not registered for this app.") + "</p>"));
            return;
        }
        String state = ctx.queryParam("state");
        String scope = ctx.queryParam("scope");
        if (!"code".equals(ctx.queryParam("response_type"))) {
            ctx.redirect(redirect(redirectUri, "error", "unsupported_response_type", "state", state));
            return;
        }
        if (scope == null || !scope.contains(ACCOUNTING_SCOPE)) {
            ctx.redirect(redirect(redirectUri, "error", "invalid_scope", "state", state));
            return;
        }
        StringBuilder options = new StringBuilder();
        for (Realm realm : realms.all()) {
            options.append("<option value=\"").append(Html.escape(realm.realmId())).append("\">")
                    .append(Html.escape(realm.books().companyName())).append(" (").append(Html.escape(realm.realmId()))
                    .append(")</option>");
        }
        ctx.html(QboPage.page("Connect to QuickBooks", "<h1>QuickBooks sandbox</h1>"
                + "<p><b>" + Html.escape(clientId) + "</b> wants to connect to your QuickBooks company and access its accounting data ("
                + Html.escape(scope) + ").</p>"
                + "<form method=\"post\" action=\"/connect/oauth2/consent\">"
                + Html.hidden("client_id", clientId) + Html.hidden("redirect_uri", redirectUri) + Html.hidden("state", state) + Html.hidden("scope", scope)
                + "<label>Company <select name=\"realmId\">" + options + "</select></label> "
                + "<button type=\"submit\" name=\"decision\" value=\"allow\">Connect</button> "
                + "<button class=\"secondary\" type=\"submit\" name=\"decision\" value=\"deny\">Cancel</button></form>"));
    }

    /** POST /connect/oauth2/consent: the Connect button; redirects with code, state and realmId (API_FACTS A.8). */
    public void consent(Context ctx) {
        String clientId = ctx.formParam("client_id");
        String redirectUri = ctx.formParam("redirect_uri");
        OAuthApp app = tokens.app(clientId).orElse(null);
        if (app == null || redirectUri == null || !app.redirectUris().contains(redirectUri)) {
            ctx.status(400).html(QboPage.page("Error", "<h1>Something went wrong</h1><p>Unknown app or redirect URI.</p>"));
            return;
        }
        String state = ctx.formParam("state");
        String realmId = ctx.formParam("realmId");
        if (!"allow".equals(ctx.formParam("decision"))) {
            ctx.redirect(redirect(redirectUri, "error", "access_denied", "state", state));
            return;
        }
        if (realms.find(realmId).isEmpty()) {
            ctx.status(400).html(QboPage.page("Error", "<h1>Something went wrong</h1><p>Choose a company.</p>"));
            return;
        }
        String code = tokens.issueCode(clientId, realmId, redirectUri);
        ctx.redirect(redirect(redirectUri, "code", code, "state", state, "realmId", realmId));
    }

    /** POST /oauth2/v1/tokens/bearer (form-encoded, HTTP Basic client auth). */
    public void token(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        try {
            OAuthApp app = tokens.authenticateClient(ctx.header("Authorization"));
            TokenPair pair = switch (String.valueOf(ctx.formParam("grant_type"))) {
                case "authorization_code" -> tokens.exchangeCode(app, ctx.formParam("code"), ctx.formParam("redirect_uri"));
                case "refresh_token" -> tokens.refresh(app, ctx.formParam("refresh_token"));
                default -> throw new OAuthError(400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token");
            };
            // API_FACTS A.8: BearerTokenResponse fields
            ctx.contentType("application/json").result(Json.write(Json.object()
                    .put("token_type", "bearer")
                    .put("access_token", pair.accessToken())
                    .put("refresh_token", pair.refreshToken())
                    .put("expires_in", pair.expiresIn())
                    .put("x_refresh_token_expires_in", pair.refreshTokenExpiresIn())));
        } catch (OAuthError e) {
            ctx.status(e.status()).contentType("application/json").result(Json.write(Json.object().put("error", e.error())));
        }
    }

    /** POST /oauth2/v1/tokens/revoke with {@code {"token":"…"}} (JSON or form), HTTP Basic client auth. */
    public void revoke(Context ctx) {
        try {
            OAuthApp app = tokens.authenticateClient(ctx.header("Authorization"));
            String token = ctx.formParam("token");
            if (token == null) {
                token = Json.text(Json.parse(ctx.body()), "token");
            }
            tokens.revoke(app, token);
            ctx.status(200);
        } catch (OAuthError e) {
            ctx.status(e.status()).contentType("application/json").result(Json.write(Json.object().put("error", e.error())));
        } catch (IllegalArgumentException e) {
            ctx.status(400).contentType("application/json").result(Json.write(Json.object().put("error", "invalid_request")));
        }
    }

    private static String redirect(String base, String... pairs) {
        StringBuilder url = new StringBuilder(base).append(base.contains("?") ? '&' : '?');
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                continue;
            }
            if (url.charAt(url.length() - 1) != '?' && url.charAt(url.length() - 1) != '&') {
                url.append('&');
            }
            url.append(pairs[i]).append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return url.toString();
    }
}
