package io.ledgerbridge.sandbox.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reference ledger's HTTP server: Ledgerbridge's own minimal accounting API, used where no vendor is
 * involved (the engine's tests, the demo's "reference" destination, the benchmark). It behaves like the real
 * vendors in the ways that matter to a sync: bearer tokens that can be revoked (401), a batch endpoint with a
 * size limit, per-operation results, request ids that replay, rate limiting with {@code Retry-After} (429),
 * outages (503) and answers lost after the write was applied (the client times out).
 *
 * <pre>
 * POST /ledgers/{ledger}/batch   {"operations":[{"requestId","op":"create|update|void","entity","id","recordKey","data"}]}
 *                                → {"results":[{"status":201,"id":"1001"} | {"status":400,"error":{"code","message","details"}}]}
 * POST /ledgers/{ledger}/lookup  {"entity","field","values":[...]} → {"matches":{"value":"id"}}
 * GET  /_sandbox/console         a page listing each ledger's records, with a form to create an item
 * </pre>
 */
public final class ReferenceSandbox implements AutoCloseable {

    /** Most operations one batch call takes. */
    public static final int MAX_BATCH = 100;

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, ReferenceLedger> ledgers = new ConcurrentHashMap<>();
    private final Map<String, Faults> faults = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final Javalin app;

    /** Fault switches of one ledger. */
    public static final class Faults {
        volatile int failNext;
        volatile int failStatus = 503;
        volatile long retryAfterSeconds = 1;
        volatile long latencyMillis;
        volatile int stallNext;
        volatile long stallMillis;
    }

    private ReferenceSandbox(int port) {
        app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.useVirtualThreads = true;
            config.http.maxRequestSize = 5_000_000L;
        });
        app.post("/ledgers/{ledger}/batch", this::batch);
        app.post("/ledgers/{ledger}/lookup", this::lookup);
        app.get("/_sandbox/console", this::console);
        app.post("/_sandbox/ledgers/{ledger}/items", this::createItemFromConsole);
        app.start("127.0.0.1", port);
    }

    public static ReferenceSandbox start(int port) {
        return new ReferenceSandbox(port);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + app.port();
    }

    public ReferenceLedger createLedger(String id, String token) {
        var ledger = new ReferenceLedger(id, token);
        ledgers.put(id, ledger);
        faults.put(id, new Faults());
        return ledger;
    }

    /** Forgets a ledger and everything in it (benchmarks run many ledgers through one sandbox). */
    public void removeLedger(String id) {
        ledgers.remove(id);
        faults.remove(id);
    }

    public ReferenceLedger ledger(String id) {
        return ledgers.get(id);
    }

    /** The next {@code n} calls to the ledger fail with {@code status} (503 unavailable, 429 rate limited). */
    public void failNext(String ledger, int n, int status, Duration retryAfter) {
        var f = faults.get(ledger);
        f.failStatus = status;
        f.retryAfterSeconds = Math.max(1, retryAfter.toSeconds());
        f.failNext = n;
    }

    /** Every call to the ledger takes at least this long. */
    public void latency(String ledger, Duration latency) {
        faults.get(ledger).latencyMillis = latency.toMillis();
    }

    /** The next {@code n} batch calls are applied, but their answer comes only after {@code stall} (clients time out). */
    public void stallAfterWriting(String ledger, int n, Duration stall) {
        var f = faults.get(ledger);
        f.stallMillis = stall.toMillis();
        f.stallNext = n;
    }

    /** HTTP requests received. */
    public int requests() {
        return requests.get();
    }

    private ReferenceLedger authorise(Context ctx) {
        requests.incrementAndGet();
        var ledger = ledgers.get(ctx.pathParam("ledger"));
        if (ledger == null) {
            ctx.status(404).json(Map.of("error", Map.of("code", "NOT_FOUND", "message", "no ledger " + ctx.pathParam("ledger"))));
            return null;
        }
        String auth = ctx.header("Authorization");
        if (auth == null || !auth.startsWith("Bearer ") || !ledger.authorised(auth.substring(7))) {
            ctx.status(401).json(Map.of("error", Map.of("code", "UNAUTHORIZED",
                    "message", auth == null ? "missing bearer token" : "token expired or revoked")));
            return null;
        }
        var f = faults.get(ledger.id());
        pause(f.latencyMillis);
        synchronized (f) {
            if (f.failNext > 0) {
                f.failNext--;
                if (f.failStatus == 429) {
                    ctx.header("Retry-After", String.valueOf(f.retryAfterSeconds));
                    ctx.status(429).json(Map.of("error", Map.of("code", "RATE_LIMITED", "message", "too many requests")));
                } else {
                    ctx.status(f.failStatus).json(Map.of("error", Map.of("code", "UNAVAILABLE",
                            "message", "the ledger is temporarily unavailable")));
                }
                return null;
            }
        }
        return ledger;
    }

    private void batch(Context ctx) throws Exception {
        var ledger = authorise(ctx);
        if (ledger == null) {
            return;
        }
        JsonNode body = json.readTree(ctx.body());
        var operations = body.get("operations");
        if (operations == null || !operations.isArray()) {
            ctx.status(400).json(Map.of("error", Map.of("code", "BAD_REQUEST", "message", "operations[] is required")));
            return;
        }
        if (operations.size() > MAX_BATCH) {
            ctx.status(400).json(Map.of("error", Map.of("code", "BATCH_TOO_LARGE",
                    "message", "a batch takes at most " + MAX_BATCH + " operations")));
            return;
        }
        var keys = new ArrayList<String>();
        operations.forEach(op -> {
            if (op.hasNonNull("recordKey")) keys.add(op.get("recordKey").asText());
        });
        ledger.enter(keys);
        var results = json.createArrayNode();
        try {
            for (var op : operations) {
                var answer = ledger.apply(op.path("requestId").asText(null), op.path("op").asText(),
                        op.path("entity").asText(), op.path("id").asText(null),
                        op.has("data") ? op.get("data").deepCopy() : json.createObjectNode());
                var r = results.addObject().put("status", answer.status());
                if (answer.ok()) {
                    r.put("id", answer.body().get("id").asText());
                } else {
                    r.set("error", answer.body().get("error"));
                }
            }
        } finally {
            ledger.leave(keys);
        }
        var f = faults.get(ledger.id());
        boolean stall;
        synchronized (f) {
            stall = f.stallNext > 0;
            if (stall) f.stallNext--;
        }
        if (stall) {
            pause(f.stallMillis);
        }
        ObjectNode out = json.createObjectNode();
        out.set("results", results);
        ctx.json(out);
    }

    private void lookup(Context ctx) throws Exception {
        var ledger = authorise(ctx);
        if (ledger == null) {
            return;
        }
        JsonNode body = json.readTree(ctx.body());
        var values = new ArrayList<String>();
        body.path("values").forEach(v -> values.add(v.asText()));
        ctx.json(Map.of("matches", ledger.lookup(body.path("entity").asText(), body.path("field").asText(), values)));
    }

    private void console(Context ctx) {
        var html = new StringBuilder("""
                <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
                <title>Reference ledger console</title></head><body><h1>Reference ledger console</h1>""");
        for (var ledger : ledgers.values()) {
            html.append("<h2>Ledger ").append(esc(ledger.id())).append("</h2>");
            for (var entity : List.of("customer", "item", "invoice", "payment")) {
                html.append("<h3>").append(entity).append("s (").append(ledger.count(entity)).append(")</h3><ul>");
                ledger.list(entity).stream().limit(200).forEach(e -> html.append("<li>").append(esc(e.toString())).append("</li>"));
                html.append("</ul>");
            }
            html.append("<form method=post action=\"/_sandbox/ledgers/").append(esc(ledger.id())).append("/items\">")
                    .append("<label>SKU <input name=sku required></label> <label>Name <input name=name required></label>")
                    .append(" <button>Create item</button></form>");
        }
        ctx.html(html.append("</body></html>").toString());
    }

    private void createItemFromConsole(Context ctx) {
        var ledger = ledgers.get(ctx.pathParam("ledger"));
        if (ledger == null) {
            ctx.status(404).result("no such ledger");
            return;
        }
        try {
            ledger.createItem(ctx.formParam("sku"), ctx.formParam("name"));
            ctx.redirect("/_sandbox/console");
        } catch (IllegalArgumentException e) {
            ctx.status(400).result(e.getMessage());
        }
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        app.stop();
    }

    public static void main(String[] args) {
        var sandbox = start(args.length > 0 ? Integer.parseInt(args[0]) : 8091);
        sandbox.createLedger("demo", "demo-token");
        System.out.println("reference ledger at " + sandbox.baseUrl() + " (ledger demo, token demo-token)");
    }
}
