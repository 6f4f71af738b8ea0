package io.ledgerbridge.dashboard.diagnostics;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.ledgerbridge.dashboard.Html;
import io.ledgerbridge.dashboard.Layout;
import io.ledgerbridge.dashboard.Templates;
import io.ledgerbridge.dashboard.signin.SignedIn;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.engine.events.SyncEvents;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Diagnostics: invoice diagnostics and payment diagnostics (and the same for customers and products, whose errors
 * cascade to invoices), failures grouped by cause with their counts and the fix, and what is waiting.
 */
public final class DiagnosticsPage {

    private static final List<RecordType> TABS = List.of(RecordType.INVOICE, RecordType.PAYMENT, RecordType.CUSTOMER,
            RecordType.PRODUCT);

    private final PostgresFailureGroups groups;
    private final SyncEvents events;
    private final Layout layout;

    public DiagnosticsPage(PostgresFailureGroups groups, SyncEvents events, Layout layout) {
        this.groups = groups;
        this.events = events;
        this.layout = layout;
    }

    /** GET /diagnostics and /diagnostics/{type} */
    public void show(Context ctx, SignedIn who) {
        String plural = ctx.pathParamMap().getOrDefault("type", "invoices");
        var type = Arrays.stream(RecordType.values()).filter(t -> t.plural().equals(plural)).findFirst()
                .orElseThrow(() -> new NotFoundResponse("There is no record type '" + plural + "'."));
        var tabs = new ArrayList<Tab>();
        for (var t : TABS) {
            tabs.add(new Tab("/diagnostics/" + t.plural(), Layout.capitalised(t.singular()), t == type));
        }
        var causes = new ArrayList<Cause>();
        for (var g : groups.failed(who.workspace(), type)) {
            causes.add(cause(who, type, g));
        }
        var waiting = new ArrayList<Waiting>();
        for (var w : groups.waiting(who.workspace(), type)) {
            waiting.add(new Waiting(Layout.plural(w.count(), type.singular(), type.plural()), w.reason().label().toLowerCase()));
        }
        layout.render(ctx, who, Layout.capitalised(type.singular()) + " diagnostics", "/diagnostics",
                Templates.render("diagnostics/diagnostics.jte", new View(type, type.plural(), who.csrf(), tabs, causes, waiting)));
    }

    /** What {@code diagnostics/diagnostics.jte} shows for one record type. */
    public record View(RecordType type, String plural, String csrf, List<Tab> tabs, List<Cause> causes, List<Waiting> waiting) {
    }

    public record Tab(String href, String label, boolean current) {
    }

    /** Failed records of one cause; {@code filter} are the Retry-all form's hidden name/value pairs. */
    public record Cause(String headline, String fix, String query, String these, String example, String retry,
            List<String> filter, Html latest) {
    }

    public record Waiting(String count, String reason) {
    }

    private Cause cause(SignedIn who, RecordType type, PostgresFailureGroups.Group g) {
        String headline = Layout.plural(g.count(), type.singular(), type.plural()) + ": " + cause(g);
        var example = events.get(who.workspace(), g.example()).orElse(null);
        String fix = example == null || example.error() == null ? "" : example.error().fix();
        var filter = new ArrayList<String>(List.of("status", "FAILED", "error", g.code().name()));
        String query = "status=FAILED&error=" + g.code().name();
        if (g.subject() != null) {
            filter.add("q");
            filter.add(g.subject());
            query += "&q=" + Layout.url(g.subject());
        }
        filter.add("back");
        filter.add("/diagnostics/" + type.plural());
        return new Cause(headline, fix, query, g.count() == 1 ? "it" : "these " + g.count(), String.valueOf(g.example()),
                g.count() == 1 ? "Retry it" : "Retry all " + g.count(), filter, layout.when(g.latest()));
    }

    /** "SKU PROD-001 not found", "Customer email missing: Acme Ltd". */
    static String cause(PostgresFailureGroups.Group g) {
        if (g.subject() == null) {
            return g.code().title();
        }
        return switch (g.code()) {
            case SKU_NOT_FOUND -> "SKU " + g.subject() + " not found";
            case CLOSED_PERIOD -> "Closed period (books closed through " + g.subject() + ")";
            case TAX_CODE_NOT_MAPPED -> "Tax code " + g.subject() + " not mapped";
            case VENDOR_ERROR -> "the destination said \u201c" + g.subject() + "\u201d";
            default -> g.code().title() + ": " + g.subject();
        };
    }

}
