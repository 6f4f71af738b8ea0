package io.ledgerbridge.dashboard.flows;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.ledgerbridge.dashboard.Flash;
import io.ledgerbridge.dashboard.Html;
import io.ledgerbridge.dashboard.Layout;
import io.ledgerbridge.dashboard.connections.ConnectionHealth;
import io.ledgerbridge.dashboard.signin.PostgresSessions;
import io.ledgerbridge.dashboard.signin.SignedIn;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.engine.connection.ConnectionRecord;
import io.ledgerbridge.engine.connection.ConnectionStore;
import io.ledgerbridge.store.flow.PostgresFlows;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Flows part of Settings → Connections: the workspace's flows (what syncs where) and a form to make one between two
 * connections, with the default settings ({@link FlowSettings#defaults()}), changed afterwards under Settings → Sync.
 *
 * <p>Refused: a connection to itself; your app (the native source) as a destination and the reference ledger as a
 * source (they only send, or only receive); a flow that exists; and the reverse of a flow that exists, because with both
 * directions on, what Ledgerbridge writes into one system would sync back (one direction at a time, as PRODUCT.md's
 * settings say).
 */
public final class FlowsSection {

    private static final Logger log = LoggerFactory.getLogger(FlowsSection.class);
    /** Systems that only send records (a source) and only receive them (a destination). */
    private static final String SEND_ONLY = "native";
    private static final String RECEIVE_ONLY = "reference";

    private final PostgresFlows flows;
    private final ConnectionStore connections;
    private final ConnectionHealth health;
    private final PostgresSessions sessions;
    private final Clock clock;

    public FlowsSection(PostgresFlows flows, ConnectionStore connections, ConnectionHealth health, PostgresSessions sessions,
            Clock clock) {
        this.flows = flows;
        this.connections = connections;
        this.health = health;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** The flows and the form to make one. */
    public Html render(SignedIn who) {
        var all = connections.list(who.workspace());
        Map<ConnectionId, ConnectionRecord> byId = all.stream().collect(Collectors.toMap(ConnectionRecord::id, Function.identity()));
        var items = new ArrayList<Html>();
        for (var f : flows.list(who.workspace())) {
            String from = label(byId.get(f.source()));
            String to = label(byId.get(f.destination()));
            items.add(Html.of("""
                    <li class="flow" id="flow-{}"><span class="flow-route">{} <span aria-hidden="true">→</span><span class="sr-only"> to </span> {}</span>
                      <a href="/settings/sync/invoices?flow={}">Sync settings<span class="sr-only"> of {} to {}</span></a></li>""",
                    f.id(), from, to, f.id(), from, to));
        }
        var list = items.isEmpty()
                ? Html.of("<p class=\"empty\" id=\"no-flows\">No flow yet: records sync only through a flow.</p>")
                : Html.of("<ul class=\"flows\">{}</ul>", Html.join(items));
        Html form = all.size() < 2 ? Html.of("<p class=\"hint\">Connect a source and a destination to make a flow.</p>")
                : Html.of("""
                        <form method="post" action="/settings/flows" class="stack narrow">
                          {}
                          <label for="flow-source">From (source)</label>
                          <select id="flow-source" name="source" required><option value="">Choose a connection</option>{}</select>
                          <label for="flow-destination">To (destination)</label>
                          <select id="flow-destination" name="destination" required aria-describedby="flow-hint">
                            <option value="">Choose a connection</option>{}</select>
                          <p class="hint" id="flow-hint">The flow starts with every record type on and Open, Paid and Void
                            invoices; change that under Settings → Sync. Records received from now on sync.</p>
                          <button type="submit" class="primary">Create flow</button>
                        </form>""", Layout.csrf(who),
                        options(all.stream().filter(c -> !c.system().equals(RECEIVE_ONLY)).toList()),
                        options(all.stream().filter(c -> !c.system().equals(SEND_ONLY)).toList()));
        return Html.of("""
                <section class="flows-part" aria-labelledby="flows-heading">
                  <h2 id="flows-heading">Flows</h2>
                  <p class="hint">A flow syncs records from a source connection to a destination connection.</p>
                  {}
                  {}
                </section>""", list, form);
    }

    private Html options(List<ConnectionRecord> candidates) {
        var options = new ArrayList<Html>();
        for (var c : candidates) {
            options.add(Html.of("<option value=\"{}\">{}</option>", c.id(), label(c)));
        }
        return Html.join(options);
    }

    private String label(ConnectionRecord c) {
        return c == null ? "(a removed connection)" : c.name() + " · " + health.systemName(c.system());
    }

    /** POST /settings/flows */
    public void create(Context ctx, SignedIn who) {
        var source = connection(who, ctx.formParam("source"));
        var destination = connection(who, ctx.formParam("destination"));
        String refusal = null;
        if (source.isEmpty() || destination.isEmpty()) {
            refusal = "Choose a source and a destination connection.";
        } else if (source.get().id().equals(destination.get().id())) {
            refusal = "A flow needs two different connections.";
        } else if (source.get().system().equals(RECEIVE_ONLY)) {
            refusal = source.get().name() + " (" + health.systemName(RECEIVE_ONLY) + ") only receives records; it cannot be a source.";
        } else if (destination.get().system().equals(SEND_ONLY)) {
            refusal = destination.get().name() + " (" + health.systemName(SEND_ONLY) + ") only sends records; it cannot be a destination.";
        } else {
            for (var f : flows.list(who.workspace())) {
                if (f.source().equals(source.get().id()) && f.destination().equals(destination.get().id())) {
                    refusal = "A flow from " + source.get().name() + " to " + destination.get().name() + " already exists.";
                } else if (f.source().equals(destination.get().id()) && f.destination().equals(source.get().id())) {
                    refusal = "A flow from " + destination.get().name() + " to " + source.get().name() + " already exists. "
                            + "One direction at a time: with both, what Ledgerbridge writes into one would sync back.";
                }
            }
        }
        if (refusal != null) {
            sessions.flash(who.sessionKey(), Flash.refusal(refusal));
        } else {
            var id = flows.create(who.workspace(), source.get().id(), destination.get().id(), FlowSettings.defaults(), clock.instant());
            log.info("flow created workspace={} flow={} source={} destination={}", who.workspace(), id, source.get().id(),
                    destination.get().id());
            sessions.flash(who.sessionKey(), Flash.notice("Flow created: " + source.get().name() + " → " + destination.get().name()
                    + ", with every record type and Open, Paid and Void invoices. Change that under Settings → Sync."));
        }
        ctx.redirect("/settings/connections", HttpStatus.SEE_OTHER);
    }

    private Optional<ConnectionRecord> connection(SignedIn who, String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        try {
            return connections.find(ConnectionId.parse(id)).filter(c -> c.workspace().equals(who.workspace()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
