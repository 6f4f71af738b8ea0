package io.ledgerbridge.dashboard.events;

import io.javalin.http.Context;
import io.ledgerbridge.dashboard.Html;
import io.ledgerbridge.dashboard.Layout;
import io.ledgerbridge.dashboard.Templates;
import io.ledgerbridge.dashboard.signin.SignedIn;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Events: every sync attempt, newest first, searchable, each with a Re-sync button. */
public final class EventsPage {

    private static final int PAGE = 100;

    private final PostgresAttemptLog log;
    private final Layout layout;

    public EventsPage(PostgresAttemptLog log, Layout layout) {
        this.log = log;
        this.layout = layout;
    }

    /** GET /events?q=&type=&outcome=&before= */
    public void show(Context ctx, SignedIn who) {
        String text = blankToNull(ctx.queryParam("q"));
        if (text != null && text.length() > 200) {
            text = text.substring(0, 200);
        }
        RecordType type = Arrays.stream(RecordType.values()).filter(t -> t.plural().equals(ctx.queryParam("type")))
                .findFirst().orElse(null);
        String outcome = blankToNull(ctx.queryParam("outcome"));
        if (outcome != null && !outcome.matches("[A-Z_]{1,40}")) {
            outcome = null;
        }
        Long before = null;
        try {
            before = ctx.queryParam("before") == null ? null : Long.parseLong(ctx.queryParam("before"));
        } catch (NumberFormatException ignored) {
            // first page
        }
        var rows = log.list(who.workspace(), type, outcome, text, before, PAGE + 1);
        boolean more = rows.size() > PAGE;
        if (more) {
            rows = rows.subList(0, PAGE);
        }
        String query = query(text, type, outcome);
        String here = "/events" + (query.isEmpty() ? "" : "?" + query);
        String older = more ? "/events?" + (query.isEmpty() ? "" : query + "&") + "before=" + rows.getLast().id() : null;
        var types = new ArrayList<Option>();
        for (var t : RecordType.values()) {
            types.add(new Option(t.plural(), Layout.capitalised(t.plural()), t == type));
        }
        var outcomes = new ArrayList<Option>();
        for (var o : AttemptOutcome.known()) {
            outcomes.add(new Option(o, AttemptOutcome.label(o), o.equals(outcome)));
        }
        var attempts = new ArrayList<Attempt>();
        for (var a : rows) {
            String path = "/data/" + a.type().plural() + "/" + a.eventId();
            String label = a.naturalKey() != null && !a.naturalKey().isBlank() ? a.naturalKey() : a.sourceId();
            boolean resyncable = a.statusNow() != SyncStatus.SUCCESS && a.statusNow() != SyncStatus.PROCESSING;
            attempts.add(new Attempt(layout.when(a.finishedAt()), path, Layout.capitalised(a.type().singular()),
                    a.type().singular(), label, String.valueOf(a.number()), AttemptOutcome.tone(a.outcome()),
                    AttemptOutcome.label(a.outcome()), a.operation() == null ? null : a.operation().toLowerCase(),
                    a.response() == null ? "" : clip(a.response(), 220), a.statusNow(), resyncable ? who.csrf() : null));
        }
        layout.render(ctx, who, "Events", "/events", Templates.render("events/events.jte",
                new View(text == null ? "" : text, types, outcomes, attempts, here, older)));
    }

    /** What {@code events/events.jte} shows; {@code older} is null on the last page. */
    public record View(String text, List<Option> types, List<Option> outcomes, List<Attempt> attempts, String here, String older) {
    }

    public record Option(String value, String label, boolean selected) {
    }

    /** One attempt; {@code operation} is null when none was tried, {@code resyncCsrf} null when it cannot be re-synced. */
    public record Attempt(Html when, String path, String type, String singular, String label, String number, String tone,
            String outcome, String operation, String response, SyncStatus statusNow, String resyncCsrf) {
    }

    private static String query(String text, RecordType type, String outcome) {
        var parts = new ArrayList<String>();
        if (text != null) parts.add("q=" + Layout.url(text));
        if (type != null) parts.add("type=" + type.plural());
        if (outcome != null) parts.add("outcome=" + outcome);
        return String.join("&", parts);
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
