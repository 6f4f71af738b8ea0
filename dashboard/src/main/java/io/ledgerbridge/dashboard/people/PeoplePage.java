package io.ledgerbridge.dashboard.people;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.ledgerbridge.dashboard.Flash;
import io.ledgerbridge.dashboard.Html;
import io.ledgerbridge.dashboard.Layout;
import io.ledgerbridge.dashboard.Templates;
import io.ledgerbridge.dashboard.audit.AuditTrail;
import io.ledgerbridge.dashboard.signin.PostgresSessions;
import io.ledgerbridge.dashboard.signin.PostgresUsers;
import io.ledgerbridge.dashboard.signin.SignedIn;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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
        var rows = new ArrayList<Person>();
        for (var p : users.people(who.workspace())) {
            rows.add(new Person(p.id().toString(), p.email(), p.id().equals(who.userId()), p.role(),
                    p.lastSignedInAt().map(layout::when).orElse(Html.of("never"))));
        }
        var waiting = new ArrayList<Invited>();
        for (var w : invites.waiting(who.workspace(), clock.instant())) {
            waiting.add(new Invited(w.email(), w.role().label().toLowerCase(), w.invitedBy(), layout.when(w.expiresAt())));
        }
        layout.render(ctx, who, "People", "/settings/people", Templates.render("people/people.jte", new View(
                manages ? who.csrf() : null, rows, waiting, rolesHint(), who.role().label().toLowerCase(), who.role().means())));
    }

    /** What {@code people/people.jte} shows; {@code csrf} is null for those who may not manage people. */
    public record View(String csrf, List<Person> people, List<Invited> invited, String rolesHint, String yourRole,
            String yourRoleMeans) {
    }

    public record Person(String id, String email, boolean you, Role role, Html lastSignedIn) {
    }

    public record Invited(String email, String role, String invitedBy, Html until) {
    }

    /** What {@code people/join.jte} shows; {@code error} is null when there is none. */
    public record Join(String workspaceName, String invitedBy, String email, String role, String means, String error, String token) {
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
        ctx.html(Layout.document("Welcome", Templates.render("people/welcome.jte", Map.of("workspaceName",
                invite.get().workspaceName(), "role", invite.get().role().label().toLowerCase()))).value());
    }

    private void invitationForm(Context ctx, PostgresInvites.Invite i, String error, HttpStatus status) {
        ctx.status(status).html(Layout.document("Join " + i.workspaceName(), Templates.render("people/join.jte",
                new Join(i.workspaceName(), i.invitedBy(), i.email(), i.role().label().toLowerCase(), i.role().means(), error,
                        ctx.pathParam("token")))).value());
    }

    private static void gone(Context ctx) {
        ctx.status(HttpStatus.GONE).html(Layout.document("Invitation not valid", Templates.render("people/gone.jte",
                Map.<String, Object>of())).value());
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

    private static String rolesHint() {
        var parts = new ArrayList<String>();
        for (var r : Role.values()) {
            parts.add(r.label() + " " + r.means());
        }
        return String.join("; ", parts) + ".";
    }
}
