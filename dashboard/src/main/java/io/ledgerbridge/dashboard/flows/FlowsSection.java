package io.ledgerbridge.dashboard.flows;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.ledgerbridge.dashboard.Flash;
import io.ledgerbridge.dashboard.Html;
import io.ledgerbridge.dashboard.Layout;
import io.ledgerbridge.dashboard.Templates;
import io.ledgerbridge.dashboard.connections.ConnectionHealth;
import io.ledgerbridge.dashboard.imports.ImportPages;
import io.ledgerbridge.dashboard.signin.PostgresSessions;
import io.ledgerbridge.dashboard.signin.SignedIn;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.engine.connection.ConnectionRecord;
import io.ledgerbridge.engine.connection.ConnectionStore;
import io.ledgerbridge.engine.flow.FlowRules;
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
 * <p>What is refused is {@link FlowRules}' to say, as for the API and the command line.
 */
public final class FlowsSection {

    private static final Logger log = LoggerFactory.getLogger(FlowsSection.class);

    private final PostgresFlows flows;
    private final ConnectionStore connections;
    private final ConnectionHealth health;
    private final PostgresSessions sessions;
    private final Layout layout;
    private final Clock clock;
    private volatile ImportPages imports;

    public FlowsSection(PostgresFlows flows, ConnectionStore connections, ConnectionHealth health, PostgresSessions sessions,
            Layout layout, Clock clock) {
        this.flows = flows;
        this.connections = connections;
        this.health = health;
        this.sessions = sessions;
        this.layout = layout;
        this.clock = clock;
    }

    /** The flows and the form to make one. */
    public Html render(SignedIn who) {
        var all = connections.list(who.workspace());
        Map<ConnectionId, ConnectionRecord> byId = all.stream().collect(Collectors.toMap(ConnectionRecord::id, Function.identity()));
        var items = new ArrayList<Item>();
        var imports = this.imports;
        for (var f : flows.list(who.workspace())) {
            String from = label(byId.get(f.source()));
            String to = label(byId.get(f.destination()));
            items.add(new Item(f.id().toString(), from, to,
                    f.isPaused() ? f.paused().map(p -> io.ledgerbridge.engine.events.EventView.pausedLabel(p, layout.zone())).orElse("")
                            : null,
                    imports == null ? Html.EMPTY : imports.forFlow(who, f.id(), from + " → " + to)));
        }
        return Templates.render("flows/flows.jte", new View(who.csrf(), items, all.size() >= 2,
                choices(all.stream().filter(c -> !c.system().equals(FlowRules.RECEIVE_ONLY)).toList()),
                choices(all.stream().filter(c -> !c.system().equals(FlowRules.SEND_ONLY)).toList())));
    }

    /** What {@code flows/flows.jte} shows. */
    public record View(String csrf, List<Item> flows, boolean canMake, List<Choice> sources, List<Choice> destinations) {
    }

    /**
     * One flow; {@code paused} says since when and by whom, null while it runs; {@code imports} its historical imports
     * and "Import the past" ({@link ImportPages#forFlow}), empty when imports are not turned on.
     */
    public record Item(String id, String from, String to, String paused, Html imports) {
    }

    /** Shows each flow's historical imports from now on. */
    public void imports(ImportPages pages) {
        this.imports = pages;
    }

    public record Choice(String id, String label) {
    }

    /** What {@code flows/delete.jte} asks before deleting a flow. */
    public record Delete(String id, String from, String to, String waiting, boolean none, String csrf) {
    }

    private List<Choice> choices(List<ConnectionRecord> candidates) {
        var options = new ArrayList<Choice>();
        for (var c : candidates) {
            options.add(new Choice(c.id().toString(), label(c)));
        }
        return options;
    }

    private String label(ConnectionRecord c) {
        return c == null ? "(a removed connection)" : c.name() + " · " + health.systemName(c.system());
    }

    /** POST /settings/flows */
    public void create(Context ctx, SignedIn who) {
        var source = connection(who, ctx.formParam("source"));
        var destination = connection(who, ctx.formParam("destination"));
        String refusal = source.isEmpty() || destination.isEmpty() ? "Choose a source and a destination connection."
                : FlowRules.refusal(source.get(), destination.get(), flows.list(who.workspace()), health::systemName).orElse(null);
        if (refusal != null) {
            sessions.flash(who.sessionKey(), Flash.refusal(refusal));
        } else {
            var id = flows.create(who.workspace(), source.get().id(), destination.get().id(), FlowSettings.defaults(),
                    Optional.of(who.email()), clock.instant());
            log.info("flow created workspace={} flow={} source={} destination={}", who.workspace(), id, source.get().id(),
                    destination.get().id());
            sessions.flash(who.sessionKey(), Flash.notice("Flow created: " + source.get().name() + " → " + destination.get().name()
                    + ", with every record type and Open, Paid and Void invoices. Change that under Settings → Sync."));
        }
        ctx.redirect("/settings/connections", HttpStatus.SEE_OTHER);
    }

    /** POST /settings/flows/{id}/pause */
    public void pause(Context ctx, SignedIn who) {
        change(ctx, who, flows.pause(who.workspace(), flowId(ctx), who.email(), clock.instant()), "paused");
    }

    /** POST /settings/flows/{id}/resume */
    public void resume(Context ctx, SignedIn who) {
        change(ctx, who, flows.resume(who.workspace(), flowId(ctx), who.email(), clock.instant()), "resumed");
    }

    /** GET /settings/flows/{id}/delete: says what deleting does, with how many syncs wait, and asks to confirm. */
    public void confirmDelete(Context ctx, SignedIn who) {
        var f = flows.find(flowId(ctx)).filter(x -> x.workspace().equals(who.workspace()) && !x.isDeleted())
                .orElseThrow(() -> new NotFoundResponse("There is no such flow."));
        var byId = connections.list(who.workspace()).stream().collect(Collectors.toMap(ConnectionRecord::id, Function.identity()));
        String from = label(byId.get(f.source()));
        String to = label(byId.get(f.destination()));
        int waiting = flows.waitingSyncs(f.id());
        layout.render(ctx, who, "Delete the flow " + from + " → " + to, "/settings/connections", Templates.render(
                "flows/delete.jte", new Delete(f.id().toString(), from, to,
                        Layout.plural(waiting, "sync is waiting", "syncs are waiting") + ".", waiting == 0, who.csrf())));
    }

    /** POST /settings/flows/{id}/delete */
    public void delete(Context ctx, SignedIn who) {
        change(ctx, who, flows.delete(who.workspace(), flowId(ctx), who.email(), clock.instant()), "deleted");
    }

    private void change(Context ctx, SignedIn who, PostgresFlows.Change result, String done) {
        switch (result) {
            case PostgresFlows.Change.Done d -> {
                String syncs = switch (done) {
                    case "paused" -> d.syncs() == 0 ? "Records still come in; their syncs wait until you resume it."
                            : Layout.plural(d.syncs(), "waiting sync waits", "waiting syncs wait") + " until you resume it; records still come in.";
                    case "resumed" -> Layout.plural(d.syncs(), "waiting sync goes", "waiting syncs go") + " now, in the order they came.";
                    default -> Layout.plural(d.syncs(), "waiting sync was", "waiting syncs were") + " skipped (flow deleted); "
                            + "nothing was deleted in the destination.";
                };
                log.info("flow {} workspace={} flow={} by={}", done, who.workspace(), d.flow().id(), who.email());
                sessions.flash(who.sessionKey(), Flash.notice("The flow is " + done + ". " + syncs));
            }
            case PostgresFlows.Change.Unchanged u -> sessions.flash(who.sessionKey(), Flash.refusal(u.why()));
            case PostgresFlows.Change.NotFound n -> throw new NotFoundResponse("There is no such flow.");
        }
        ctx.redirect("/settings/connections", HttpStatus.SEE_OTHER);
    }

    private static io.ledgerbridge.domain.workspace.FlowId flowId(Context ctx) {
        try {
            return new io.ledgerbridge.domain.workspace.FlowId(java.util.UUID.fromString(ctx.pathParam("id")));
        } catch (IllegalArgumentException e) {
            throw new NotFoundResponse("There is no such flow.");
        }
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
