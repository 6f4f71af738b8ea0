package io.ledgerbridge.dashboard.signin;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.ledgerbridge.dashboard.DashboardConfig;
import io.ledgerbridge.dashboard.Layout;
import io.ledgerbridge.dashboard.Templates;
import java.time.Clock;

/**
 * Signing in and out, and the gate in front of every other page: a request without a live session is sent to the
 * sign-in page (or refused, for the page's background requests); a form sent without its session's CSRF token is
 * refused.
 *
 * <p>The sign-in form itself is protected by a double-submit token: a random value in a short-lived cookie and
 * the same value in the form. Signing in always starts a new session (no session fixation).
 */
public final class SignIn {

    public static final String SESSION_COOKIE = "lb_session";
    static final String FORM_COOKIE = "lb_signin";
    public static final String CSRF_FIELD = "_csrf";
    /** Where the signed-in person is kept for the request's handlers and error pages. */
    public static final String ATTRIBUTE = "ledgerbridge.signedIn";

    private final DashboardConfig config;
    private final PostgresUsers users;
    private final PostgresSessions sessions;
    private final Clock clock;
    private final FailedSignIns failures = new FailedSignIns();

    public SignIn(DashboardConfig config, PostgresUsers users, PostgresSessions sessions, Clock clock) {
        this.config = config;
        this.users = users;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** GET /signin */
    public void page(Context ctx) {
        if (current(ctx) != null) {
            ctx.redirect(safeNext(ctx.queryParam("next")), HttpStatus.SEE_OTHER);
            return;
        }
        String notice = ctx.queryParam("signedout") != null ? "You are signed out." : null;
        form(ctx, "", notice, null, HttpStatus.OK);
    }

    /** POST /signin */
    public void submit(Context ctx) {
        String email = ctx.formParam("email") == null ? "" : ctx.formParam("email").trim();
        String password = ctx.formParam("password");
        if (!PostgresSessions.same(ctx.cookie(FORM_COOKIE), ctx.formParam(CSRF_FIELD))) {
            form(ctx, email, null, "This sign-in form had expired. Please sign in again.", HttpStatus.FORBIDDEN);
            return;
        }
        var now = clock.instant();
        if (failures.blocked(email, now)) {
            form(ctx, email, null, "Too many wrong passwords for this email. Wait 15 minutes, then try again.",
                    HttpStatus.TOO_MANY_REQUESTS);
            return;
        }
        var user = users.verify(email, password, now);
        if (user.isEmpty()) {
            failures.failed(email, now);
            form(ctx, email, null, "The email or the password is not right. Check both and try again.",
                    HttpStatus.UNAUTHORIZED);
            return;
        }
        failures.succeeded(email);
        var opened = sessions.open(user.get().id(), now, config.sessionLifetime());
        setCookie(ctx, SESSION_COOKIE, opened.token(), config.sessionLifetime().toSeconds());
        setCookie(ctx, FORM_COOKIE, "", 0);
        ctx.redirect(safeNext(ctx.formParam("next")), HttpStatus.SEE_OTHER);
    }

    /** POST /signout (behind {@link #admit}) */
    public void signOut(Context ctx, SignedIn who) {
        sessions.close(who.sessionKey());
        setCookie(ctx, SESSION_COOKIE, "", 0);
        ctx.redirect("/signin?signedout", HttpStatus.SEE_OTHER);
    }

    /**
     * The person behind this request, or null after answering it: to the sign-in page for a page, 401 for a
     * background request, 403 for a form without its CSRF token.
     */
    public SignedIn admit(Context ctx, boolean background) {
        var who = current(ctx);
        if (who == null) {
            if (background || !"GET".equals(ctx.method().name())) {
                ctx.status(HttpStatus.UNAUTHORIZED).contentType("text/plain; charset=utf-8")
                        .result("Your sign-in has ended. Sign in again.");
            } else {
                String next = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
                ctx.redirect("/signin?next=" + Layout.url(next), HttpStatus.SEE_OTHER);
            }
            return null;
        }
        if ("POST".equals(ctx.method().name()) && !PostgresSessions.same(who.csrf(), ctx.formParam(CSRF_FIELD))) {
            ctx.status(HttpStatus.FORBIDDEN).contentType("text/plain; charset=utf-8")
                    .result("This form had expired or did not come from the dashboard; nothing was changed. Go back, reload the page and try again.");
            return null;
        }
        ctx.attribute(ATTRIBUTE, who);
        return who;
    }

    private SignedIn current(Context ctx) {
        String token = ctx.cookie(SESSION_COOKIE);
        return token == null ? null : sessions.find(token, clock.instant()).orElse(null);
    }

    private void form(Context ctx, String email, String notice, String error, HttpStatus status) {
        String formToken = ctx.cookie(FORM_COOKIE);
        if (formToken == null || formToken.length() < 20 || status != HttpStatus.OK) {
            formToken = PostgresSessions.randomToken();
            setCookie(ctx, FORM_COOKIE, formToken, 3600);
        }
        String next = ctx.formParam("next") != null ? ctx.formParam("next") : ctx.queryParam("next");
        ctx.status(status).html(Layout.document("Sign in", Templates.render("signin/signin.jte",
                new View(notice, error, formToken, safeNext(next), email == null ? "" : email))).value());
    }

    /** What {@code signin/signin.jte} shows; {@code notice} and {@code error} are null when there is none. */
    public record View(String notice, String error, String formToken, String next, String email) {
    }

    /** Only a path of this site: never another host ({@code //evil}, {@code https://...}). */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")
                || next.contains("\r") || next.contains("\n") || next.startsWith("/signin")) {
            return "/";
        }
        return next;
    }

    private void setCookie(Context ctx, String name, String value, long maxAgeSeconds) {
        ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds
                + "; HttpOnly; SameSite=Lax" + (config.secureCookies() ? "; Secure" : ""));
    }
}
