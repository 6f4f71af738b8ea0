package io.ledgerbridge.dashboard.people;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.ledgerbridge.dashboard.Flash;
import io.ledgerbridge.dashboard.Html;
import io.ledgerbridge.dashboard.Layout;
import io.ledgerbridge.dashboard.audit.AuditTrail;
import io.ledgerbridge.dashboard.signin.PostgresSessions;
import io.ledgerbridge.dashboard.signin.PostgresUsers;
import io.ledgerbridge.dashboard.signin.SignedIn;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;

/**
 * Settings → People: who can sign in and with which role; invite by email (a one-time link, shown here because no
 * mail server is set up), change a role, remove a person. Everyone sees the page; only the owner changes it (the
 * routes say so, see {@code DashboardServer}). The invited person's page is {@code /invite/{token}}.
 */
public final class PeoplePage {

    private final PostgresUsers users;
    private final PostgresInvites invites;
    private final PostgresSessions sessions;
    private final Layout layout;
    private final AuditTrail audit;
    private final Clock clock;

    public PeoplePage(PostgresUsers users, PostgresInvites invites, PostgresSessions sessions, Layout layout,
            AuditTrail audit, Clock clock) {
        this.users = users;
        this.invites = invites;
        this.sessions = sessions;
        this.layout = layout;
        this.audit = audit;
        this.clock = clock;
    }

    /** GET /settings/people */
    public void show(Context ctx, SignedIn who) {
        boolean manages = who.can(Role.Permission.MANAGE_PEOPLE);
        var rows = new ArrayList<Html>();
        for (var p : users.people(who.workspace())) {
            Html actions = !manages || p.id().equals(who.userId()) ? Html.EMPTY : Html.of("""
                    <form method="post" action="/settings/people/{}/role" class="inline">{}
                      <label class="sr-only" for="role-{}">Role of {}</label>
                      <select id="role-{}" name="role">{}</select>
                      <button type="submit" class="secondary">Change role<span class="sr-only"> of {}</span></button></form>
                    <form method="post" action="/settings/people/{}/remove" class="inline"
                      data-confirm="Remove {}? They can no longer sign in.">{}
                      <button type="submit" class="danger">Remove<span class="sr-only"> {}</span></button></form>""",
                    p.id(), Layout.csrf(who), p.id(), p.email(), p.id(), roleOptions(p.role()), p.email(),
                    p.id(), p.email(), Layout.csrf(who), p.email());
            rows.add(Html.of("""
                    <tr id="person-{}"><th scope="row">{}{}</th><td data-field="role">{}</td><td>{}</td><td>{}</td></tr>""",
                    p.id(), p.email(), p.id().equals(who.userId()) ? Html.of(" <span class=\"muted\">(you)</span>") : Html.EMPTY,
                    p.role().label(), p.lastSignedInAt().map(layout::when).orElse(Html.of("never")), actions));
        }
        var waiting = new ArrayList<Html>();
        for (var w : invites.waiting(who.workspace(), clock.instant())) {
            waiting.add(Html.of("<li>{} as {}, invited by {}, link valid until {}</li>", w.email(), w.role().label().toLowerCase(),
                    w.invitedBy(), layout.when(w.expiresAt())));
        }
        Html form = manages ? Html.of("""
                <form method="post" action="/settings/people/invite" class="stack narrow" id="invite">
                  {}
                  <h2>Invite someone</h2>
                  <label for="invite-email">Email</label>
                  <input id="invite-email" name="email" type="email" required maxlength="254">
                  <label for="invite-role">Role</label>
                  <select id="invite-role" name="role" aria-describedby="roles-hint">{}</select>
                  <p class="hint" id="roles-hint">{}</p>
                  <button type="submit" class="primary">Invite</button>
                </form>""", Layout.csrf(who), roleOptions(Role.VIEWER), rolesHint())
                : Html.of("<p class=\"hint\">Only the owner invites and removes people. You are {}: you {}.</p>",
                        who.role().label().toLowerCase(), who.role().means());
        layout.render(ctx, who, "People", "/settings/people", Html.of("""
                <table class="records" id="people">
                  <thead><tr><th scope="col">Person</th><th scope="col">Role</th><th scope="col">Last signed in</th>
                    <th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
                  <tbody>{}</tbody>
                </table>
                {}
                {}""", Html.join(rows),
                waiting.isEmpty() ? Html.EMPTY : Html.of("<h2>Invited, not joined yet</h2><ul id=\"invited\">{}</ul>", Html.join(waiting)),
                form));
    }

    /** POST /settings/people/invite: the link is shown on the next page, once. */
    public void invite(Context ctx, SignedIn who) {
        var role = Role.parse(ctx.formParam("role"));
        if (role.isEmpty()) {
            refuse(ctx, who, "Choose a role: owner, admin or viewer.");
            return;
        }
        PostgresInvites.Created created;
        try {
            created = invites.invite(who.workspace(), ctx.formParam("email"), role.get(), who.email(), clock.instant());
        } catch (IllegalArgumentException e) {
            refuse(ctx, who, Layout.capitalised(e.getMessage()) + ".");
            return;
        }
        audit.record(who, "person.invite", "person:" + created.email(), "Invited " + created.email() + " as "
                + created.role().label().toLowerCase(), Map.of(), Map.of("role", created.role().name()));
        String link = ctx.scheme() + "://" + ctx.host() + "/invite/" + created.token();
        sessions.flash(who.sessionKey(), Flash.notice("Invited " + created.email() + " as " + created.role().label().toLowerCase()
                + ". Send them this link; it works once, for 7 days: " + link));
        ctx.redirect("/settings/people", HttpStatus.SEE_OTHER);
    }

    /** POST /settings/people/{id}/role */
    public void changeRole(Context ctx, SignedIn who) {
        var id = person(ctx);
        var role = Role.parse(ctx.formParam("role"));
        if (role.isEmpty()) {
            refuse(ctx, who, "Choose a role: owner, admin or viewer.");
            return;
        }
        switch (users.changeRole(who.workspace(), id, role.get())) {
            case PostgresUsers.PeopleChange.Done done -> {
                audit.record(who, "person.role", "person:" + done.before().email(), Layout.capitalised(done.summary()),
                        Map.of("role", done.before().role().name()), Map.of("role", role.get().name()));
                sessions.flash(who.sessionKey(), Flash.notice(Layout.capitalised(done.summary()) + "."));
            }
            case PostgresUsers.PeopleChange.Refused r -> sessions.flash(who.sessionKey(), Flash.refusal(r.reason()));
        }
        ctx.redirect("/settings/people", HttpStatus.SEE_OTHER);
    }

    /** POST /settings/people/{id}/remove */
    public void remove(Context ctx, SignedIn who) {
        var id = person(ctx);
        if (id.equals(who.userId())) {
            refuse(ctx, who, "You cannot remove yourself; another owner can.");
            return;
        }
        switch (users.remove(who.workspace(), id)) {
            case PostgresUsers.PeopleChange.Done done -> {
                audit.record(who, "person.remove", "person:" + done.before().email(), done.summary(),
                        Map.of("role", done.before().role().name()), Map.of());
                sessions.flash(who.sessionKey(), Flash.notice(done.summary() + "."));
            }
            case PostgresUsers.PeopleChange.Refused r -> sessions.flash(who.sessionKey(), Flash.refusal(r.reason()));
        }
        ctx.redirect("/settings/people", HttpStatus.SEE_OTHER);
    }

    /** GET /invite/{token}: the invited person chooses a password. Public: the link's token is the proof. */
    public void invitation(Context ctx) {
        var invite = invites.find(ctx.pathParam("token"), clock.instant());
        if (invite.isEmpty()) {
            gone(ctx);
            return;
        }
        var i = invite.get();
        invitationForm(ctx, i, null, HttpStatus.OK);
    }

    /** POST /invite/{token} */
    public void accept(Context ctx) {
        String token = ctx.pathParam("token");
        var invite = invites.find(token, clock.instant());
        if (invite.isEmpty()) {
            gone(ctx);
            return;
        }
        String password = ctx.formParam("password");
        if (password == null || !password.equals(ctx.formParam("confirm"))) {
            invitationForm(ctx, invite.get(), "The two passwords differ; type the same password twice.", HttpStatus.UNPROCESSABLE_CONTENT);
            return;
        }
        try {
            var user = invites.accept(token, password, clock.instant());
            if (user.isEmpty()) {
                gone(ctx);
                return;
            }
            audit.log().record(new io.ledgerbridge.store.audit.PostgresAuditLog.Entry(invite.get().workspace(), user.get().email(),
                    "person.join", "person:" + user.get().email(), "Joined as " + invite.get().role().label().toLowerCase()
                            + ", invited by " + invite.get().invitedBy(), Map.of(), Map.of("role", invite.get().role().name())),
                    clock.instant());
        } catch (IllegalArgumentException e) {
            invitationForm(ctx, invite.get(), Layout.capitalised(e.getMessage()) + ".", HttpStatus.UNPROCESSABLE_CONTENT);
            return;
        }
        ctx.html(Layout.document("Welcome", Html.of("""
                <main id="main" class="signin" tabindex="-1"><h1>Welcome to {}</h1>
                  <p>You joined as {}. <a class="button primary" href="/signin">Sign in</a></p></main>""",
                invite.get().workspaceName(), invite.get().role().label().toLowerCase())).value());
    }

    private void invitationForm(Context ctx, PostgresInvites.Invite i, String error, HttpStatus status) {
        ctx.status(status).html(Layout.document("Join " + i.workspaceName(), Html.of("""
                <main id="main" class="signin" tabindex="-1">
                  <h1>Join {}</h1>
                  <p>{} invited {} as {}: you {}.</p>
                  {}
                  <form method="post" action="/invite/{}" class="stack">
                    <label for="password">Choose a password (at least 10 characters)</label>
                    <input id="password" name="password" type="password" autocomplete="new-password" required minlength="10" maxlength="72">
                    <label for="confirm">The same password again</label>
                    <input id="confirm" name="confirm" type="password" autocomplete="new-password" required minlength="10" maxlength="72">
                    <button type="submit" class="primary">Join</button>
                  </form>
                </main>""", i.workspaceName(), i.invitedBy(), i.email(), i.role().label().toLowerCase(), i.role().means(),
                error == null ? Html.EMPTY : Html.of("<p class=\"flash refusal\" role=\"alert\">{}</p>", error),
                ctx.pathParam("token"))).value());
    }

    private static void gone(Context ctx) {
        ctx.status(HttpStatus.GONE).html(Layout.document("Invitation not valid", Html.of("""
                <main id="main" class="signin" tabindex="-1"><h1>This invitation is not valid</h1>
                  <p>It was used already, it expired (links work for 7 days), or it was replaced by a newer one. Ask the
                  workspace's owner for a new invitation.</p></main>""")).value());
    }

    private void refuse(Context ctx, SignedIn who, String reason) {
        sessions.flash(who.sessionKey(), Flash.refusal(reason));
        ctx.redirect("/settings/people", HttpStatus.SEE_OTHER);
    }

    private static UUID person(Context ctx) {
        try {
            return UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw new NotFoundResponse("There is no such person in this workspace.");
        }
    }

    private static Html roleOptions(Role selected) {
        var out = new ArrayList<Html>();
        for (var r : Role.values()) {
            out.add(r == selected ? Html.of("<option value=\"{}\" selected>{}</option>", r.name(), r.label())
                    : Html.of("<option value=\"{}\">{}</option>", r.name(), r.label()));
        }
        return Html.join(out);
    }

    private static String rolesHint() {
        var parts = new ArrayList<String>();
        for (var r : Role.values()) {
            parts.add(r.label() + " " + r.means());
        }
        return String.join("; ", parts) + ".";
    }
}
