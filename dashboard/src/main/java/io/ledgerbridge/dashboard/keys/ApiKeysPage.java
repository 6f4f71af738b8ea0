package io.ledgerbridge.dashboard.keys;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.ledgerbridge.dashboard.Flash;
import io.ledgerbridge.dashboard.Html;
import io.ledgerbridge.dashboard.Layout;
import io.ledgerbridge.dashboard.Templates;
import io.ledgerbridge.dashboard.signin.PostgresSessions;
import io.ledgerbridge.dashboard.signin.SignedIn;
import io.ledgerbridge.store.apikey.PostgresApiKeys;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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
        var before = keys.find(who.workspace(), id.toString())
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
        var rows = new ArrayList<Key>();
        for (var k : keys.list(who.workspace())) {
            rows.add(new Key(k.id().toString(), k.name(), k.label() == null ? "(no name)" : k.label(), k.prefix(), k.readOnly(),
                    layout.when(k.createdAt()), k.lastUsedAt().map(layout::when).orElse(Html.of("never")),
                    k.revokedAt().map(layout::when).orElse(null), k.revokedBy().orElse("someone")));
        }
        var shown = created.map(c -> new NewKey(c.apiKey().name(), c.key(), c.apiKey().readOnly())).orElse(null);
        layout.render(ctx, who, "API keys", "/settings/keys", Templates.render("keys/keys.jte", new View(who.csrf(), shown, rows)));
    }

    /** What {@code keys/keys.jte} shows; {@code created} is the key just made (shown this once), or null. */
    public record View(String csrf, NewKey created, List<Key> keys) {
    }

    public record NewKey(String name, String key, boolean readOnly) {
    }

    /** One key; {@code revoked} is null while it is active. */
    public record Key(String id, String name, String label, String prefix, boolean readOnly, Html created, Html lastUsed,
            Html revoked, String revokedBy) {
    }
}
