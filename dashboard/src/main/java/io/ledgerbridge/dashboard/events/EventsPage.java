package io.ledgerbridge.dashboard.events;

import io.javalin.http.Context;
import io.ledgerbridge.dashboard.Html;
import io.ledgerbridge.dashboard.Layout;
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
        var body = new ArrayList<Html>();
        body.add(form(text, type, outcome));
        if (rows.isEmpty()) {
            body.add(Html.of("<p class=\"empty\">No attempts match.</p>"));
        } else {
            body.add(table(who, rows, here));
            if (more) {
                body.add(Html.of("<nav class=\"pages\" aria-label=\"Pages\"><a rel=\"next\" href=\"{}\">Older</a></nav>",
                        "/events?" + (query.isEmpty() ? "" : query + "&") + "before=" + rows.getLast().id()));
            }
        }
        layout.render(ctx, who, "Events", "/events", Html.join(body));
    }

    private static Html form(String text, RecordType type, String outcome) {
        var types = new ArrayList<Html>();
        types.add(Html.of("<option value=\"\">All types</option>"));
        for (var t : RecordType.values()) {
            types.add(option(t.plural(), Layout.capitalised(t.plural()), t == type));
        }
        var outcomes = new ArrayList<Html>();
        outcomes.add(Html.of("<option value=\"\">Any outcome</option>"));
        for (var o : AttemptOutcome.known()) {
            outcomes.add(option(o, AttemptOutcome.label(o), o.equals(outcome)));
        }
        return Html.of("""
                <form class="filters" method="get" action="/events" role="search" aria-label="Search events">
                  <div class="grow"><label for="e-q">Search</label>
                    <input id="e-q" type="search" name="q" value="{}" placeholder="Record id, number, SKU, message, sync id"></div>
                  <div><label for="e-type">Type</label><select id="e-type" name="type">{}</select></div>
                  <div><label for="e-outcome">Outcome</label><select id="e-outcome" name="outcome">{}</select></div>
                  <div class="buttons"><button type="submit">Search</button> <a href="/events">Clear</a></div>
                </form>""", text == null ? "" : text, Html.join(types), Html.join(outcomes));
    }

    private static Html option(String value, String label, boolean selected) {
        return selected ? Html.of("<option value=\"{}\" selected>{}</option>", value, label)
                : Html.of("<option value=\"{}\">{}</option>", value, label);
    }

    private Html table(SignedIn who, List<PostgresAttemptLog.Entry> rows, String here) {
        var trs = new ArrayList<Html>();
        for (var a : rows) {
            String path = "/data/" + a.type().plural() + "/" + a.eventId();
            String label = a.naturalKey() != null && !a.naturalKey().isBlank() ? a.naturalKey() : a.sourceId();
            boolean resyncable = a.statusNow() != SyncStatus.SUCCESS && a.statusNow() != SyncStatus.PROCESSING;
            trs.add(Html.of("""
                    <tr>
                      <td>{}</td>
                      <th scope="row"><a href="{}">{} {}</a> <span class="sub">attempt {}</span></th>
                      <td><span class="outcome tone-{}">{}</span>{}</td>
                      <td class="response">{}</td>
                      <td>{}</td>
                      <td>{}</td>
                    </tr>""", layout.when(a.finishedAt()), path, Layout.capitalised(a.type().singular()), label,
                    a.number(), AttemptOutcome.tone(a.outcome()), AttemptOutcome.label(a.outcome()),
                    a.operation() == null ? Html.EMPTY : Html.of(" <span class=\"sub\">{}</span>", a.operation().toLowerCase()),
                    a.response() == null ? "" : clip(a.response(), 220), Layout.badge(a.statusNow()),
                    resyncable ? Layout.button(who, path + "/retry", Html.of("Re-sync<span class=\"sr-only\"> {} {}</span>",
                            a.type().singular(), label), "small", "back", here) : Html.EMPTY));
        }
        return Html.of("""
                <div class="table-wrap"><table class="events">
                  <caption class="sr-only">Sync attempts, newest first</caption>
                  <thead><tr><th scope="col">When</th><th scope="col">Record</th><th scope="col">Outcome</th>
                    <th scope="col">What came back</th><th scope="col">Status now</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
                  <tbody>{}</tbody>
                </table></div>""", Html.join(trs));
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
