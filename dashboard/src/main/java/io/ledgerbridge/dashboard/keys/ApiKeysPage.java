package io.ledgerbridge.dashboard.keys;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.ledgerbridge.dashboard.Flash;
import io.ledgerbridge.dashboard.Html;
import io.ledgerbridge.dashboard.Layout;
import io.ledgerbridge.dashboard.signin.PostgresSessions;
import io.ledgerbridge.dashboard.signin.SignedIn;
import io.ledgerbridge.store.apikey.PostgresApiKeys;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Optional;
import java.util.UUID;

/**
 * Settings → API keys: the workspace's keys (name, prefix, created, last used, read-only, revoked), a form to create
 * one, shown once on the page that answers the form (never stored, never in a flash), and Revoke, after which the
 * next request with the key is refused.
 */
public final class ApiKeysPage {

    private final PostgresApiKeys keys;
    private final PostgresSessions sessions;
    private final Layout layout;
    private final Clock clock;

    public ApiKeysPage(PostgresApiKeys keys, PostgresSessions sessions, Layout layout, Clock clock) {
        this.keys = keys;
        this.sessions = sessions;
        this.layout = layout;
        this.clock = clock;
    }

    /** GET /settings/keys */
    public void show(Context ctx, SignedIn who) {
        render(ctx, who, Optional.empty());
    }

    /** POST /settings/keys: creates a key and shows it this once. */
    public void create(Context ctx, SignedIn who) {
        String name = ctx.formParam("name");
        if (name == null || name.isBlank()) {
            sessions.flash(who.sessionKey(), Flash.refusal("Give the key a name, such as the app that will use it."));
            ctx.redirect("/settings/keys", HttpStatus.SEE_OTHER);
            return;
        }
        boolean readOnly = "on".equals(ctx.formParam("readOnly")) || "true".equals(ctx.formParam("readOnly"));
        PostgresApiKeys.Created created;
        try {
            created = keys.create(who.workspace(), name, readOnly, Optional.of(who.email()), clock.instant());
        } catch (IllegalArgumentException e) {
            sessions.flash(who.sessionKey(), Flash.refusal(Layout.capitalised(e.getMessage()) + "."));
            ctx.redirect("/settings/keys", HttpStatus.SEE_OTHER);
            return;
        }
        ctx.header("Cache-Control", "no-store");
        render(ctx, who, Optional.of(created));
    }

    /** POST /settings/keys/{id}/revoke */
    public void revoke(Context ctx, SignedIn who) {
        UUID id;
        try {
            id = UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw new NotFoundResponse("There is no such API key.");
        }
        var before = keys.list(who.workspace()).stream().filter(k -> k.id().equals(id)).findFirst()
                .orElseThrow(() -> new NotFoundResponse("There is no such API key."));
        if (before.revokedAt().isPresent()) {
            sessions.flash(who.sessionKey(), Flash.refusal("The key " + before.name() + " is already revoked."));
        } else {
            keys.revoke(who.workspace(), id, who.email(), clock.instant());
            sessions.flash(who.sessionKey(), Flash.notice("The key " + before.name() + " is revoked: the next request "
                    + "with it is refused. Apps that used it need a new key."));
        }
        ctx.redirect("/settings/keys", HttpStatus.SEE_OTHER);
    }

    private void render(Context ctx, SignedIn who, Optional<PostgresApiKeys.Created> created) {
        var rows = new ArrayList<Html>();
        for (var k : keys.list(who.workspace())) {
            Html state = k.revokedAt().isPresent()
                    ? Html.of("<span class=\"badge status-skipped\">Revoked</span> {} by {}", layout.when(k.revokedAt().get()),
                            k.revokedBy().orElse("someone"))
                    : Html.of("<span class=\"badge status-success\">Active</span>");
            Html action = k.revokedAt().isPresent() ? Html.EMPTY : Html.of("""
                    <form method="post" action="/settings/keys/{}/revoke" class="inline"
                      data-confirm="Revoke {}? Apps using it are refused from their next request.">{}
                      <button type="submit" class="danger">Revoke<span class="sr-only"> {}</span></button></form>""",
                    k.id(), k.name(), Layout.csrf(who), k.name());
            rows.add(Html.of("""
                    <tr id="key-{}"><th scope="row">{}</th><td><code>{}…</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>""",
                    k.id(), k.label() == null ? "(no name)" : k.label(), k.prefix(), k.readOnly() ? "Read-only" : "Read and write",
                    layout.when(k.createdAt()), k.lastUsedAt().map(layout::when).orElse(Html.of("never")), state, action));
        }
        Html shown = created.map(c -> Html.of("""
                <div class="flash notice" role="status" id="new-key">
                  <p><strong>Your new key {}</strong>: copy it now, it is not shown again.</p>
                  <p><code class="secret" id="new-key-value">{}</code></p>
                  <p class="hint">Send it as <code>Authorization: Bearer …</code>. {}</p>
                </div>""", c.apiKey().name(), c.key(),
                c.apiKey().readOnly() ? "It can read (GET) and nothing else." : "It can push records and act on syncs."))
                .orElse(Html.EMPTY);
        Html table = rows.isEmpty() ? Html.of("<p class=\"empty\">No API keys yet.</p>") : Html.of("""
                <table class="records" id="api-keys">
                  <thead><tr><th scope="col">Name</th><th scope="col">Starts with</th><th scope="col">Can</th>
                    <th scope="col">Created</th><th scope="col">Last used</th><th scope="col">State</th><th scope="col"><span class="sr-only">Action</span></th></tr></thead>
                  <tbody>{}</tbody>
                </table>""", Html.join(rows));
        Html form = Html.of("""
                <form method="post" action="/settings/keys" class="stack narrow" id="create-key">
                  {}
                  <h2>Create a key</h2>
                  <label for="key-name">Name</label>
                  <input id="key-name" name="name" required maxlength="100" placeholder="Web shop" aria-describedby="key-hint">
                  <label class="check"><input type="checkbox" name="readOnly" value="on"> Read-only (can only read, GET)</label>
                  <p class="hint" id="key-hint">The key is shown once, on the next page. Only its fingerprint is stored.</p>
                  <button type="submit" class="primary">Create key</button>
                </form>""", Layout.csrf(who));
        layout.render(ctx, who, "API keys", "/settings/keys", Html.of("{}{}{}", shown, table, form));
    }
}
