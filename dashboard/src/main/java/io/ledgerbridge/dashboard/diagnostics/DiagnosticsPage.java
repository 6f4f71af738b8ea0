package io.ledgerbridge.dashboard.diagnostics;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.ledgerbridge.dashboard.Html;
import io.ledgerbridge.dashboard.Layout;
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
        var tabs = new ArrayList<Html>();
        for (var t : TABS) {
            String href = "/diagnostics/" + t.plural();
            tabs.add(t == type
                    ? Html.of("<li><a href=\"{}\" aria-current=\"page\">{} diagnostics</a></li>", href, Layout.capitalised(t.singular()))
                    : Html.of("<li><a href=\"{}\">{} diagnostics</a></li>", href, Layout.capitalised(t.singular())));
        }
        var failed = groups.failed(who.workspace(), type);
        var waiting = groups.waiting(who.workspace(), type);
        var body = new ArrayList<Html>();
        body.add(Html.of("<nav aria-label=\"Diagnostics\"><ul class=\"tabs\">{}</ul></nav>", Html.join(tabs)));
        body.add(Html.of("<h2>Failed {}, by cause</h2>", type.plural()));
        if (failed.isEmpty()) {
            body.add(Html.of("<p class=\"empty\">No failed {}. </p>", type.plural()));
        } else {
            var items = new ArrayList<Html>();
            for (var g : failed) {
                items.add(group(who, type, g));
            }
            body.add(Html.of("<ul class=\"causes\">{}</ul>", Html.join(items)));
        }
        if (type == RecordType.PAYMENT) {
            body.add(Html.of("<p class=\"muted\">A payment waits until its invoice has synced; when the invoice fails, "
                    + "its payments fail with \"Invoice not synced\" and a link to it. Check the "
                    + "<a href=\"/diagnostics/invoices\">invoice diagnostics</a> too.</p>"));
        }
        if (type == RecordType.INVOICE) {
            body.add(Html.of("<p class=\"muted\">Customer errors cascade to invoices (\"Customer not synced\"): fix the "
                    + "<a href=\"/diagnostics/customers\">customer</a> first, and its invoices retry by themselves.</p>"));
        }
        if (!waiting.isEmpty()) {
            var items = new ArrayList<Html>();
            for (var w : waiting) {
                items.add(Html.of("<li><strong>{}</strong>: {}. <a href=\"/data/{}?status=PENDING\">Show them</a></li>",
                        Layout.plural(w.count(), type.singular(), type.plural()), w.reason().label().toLowerCase(),
                        type.plural()));
            }
            body.add(Html.of("<h2>Waiting</h2><ul class=\"waiting\">{}</ul>", Html.join(items)));
        }
        layout.render(ctx, who, Layout.capitalised(type.singular()) + " diagnostics", "/diagnostics", Html.join(body));
    }

    private Html group(SignedIn who, RecordType type, PostgresFailureGroups.Group g) {
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
        return Html.of("""
                <li class="cause-group">
                  <p class="headline"><strong>{}</strong></p>
                  <p class="fix"><strong>How to fix:</strong> {}</p>
                  <div class="group-actions"><a href="/data/{}?{}">Show {}<span class="sr-only"> ({})</span></a>
                    <a href="/data/{}/{}">Open the newest<span class="sr-only"> ({})</span></a> {}</div>
                  <p class="muted">Latest {}</p>
                </li>""", headline, fix, type.plural(), query, g.count() == 1 ? "it" : "these " + g.count(), headline,
                type.plural(), g.example(), headline, Layout.button(who, "/data/" + type.plural() + "/retry-all",
                        Html.of("{}<span class=\"sr-only\"> ({})</span>", g.count() == 1 ? "Retry it" : "Retry all " + g.count(),
                                headline), "secondary", filter.toArray(String[]::new)),
                layout.when(g.latest()));
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
