package io.ledgerbridge.sandbox.xero.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.ledgerbridge.sandbox.xero.XeroSandbox;
import io.ledgerbridge.sandbox.xero.organisation.Organisation;
import io.ledgerbridge.sandbox.xero.webhook.WebhookDelivery;
import io.ledgerbridge.sandbox.xero.wire.XeroJson;
import io.ledgerbridge.sandbox.xero.write.Invalid;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;

/**
 * The sandbox's own routes under {@code /_sandbox} (not Xero's): organisations, apps, fault switches, the clock,
 * webhooks and counters, each a thin call of the Java API of {@link XeroSandbox}.
 */
public final class AdminRoutes {
    private final XeroSandbox sandbox;

    public AdminRoutes(XeroSandbox sandbox) {
        this.sandbox = sandbox;
    }

    public void createOrganisation(Context ctx) {
        String id = sandbox.createOrganisation(ctx.queryParamAsClass("name", String.class).getOrDefault("Demo Company"),
                ctx.queryParamAsClass("country", String.class).getOrDefault("GB"),
                ctx.queryParamAsClass("currency", String.class).getOrDefault("GBP"));
        ctx.status(201).json(XeroJson.object().put("tenantId", id));
    }

    public void registerApp(Context ctx) {
        sandbox.registerApp(ctx.queryParam("client_id"), ctx.queryParam("client_secret"), ctx.queryParam("redirect_uri"));
        ctx.status(204);
    }

    public void flip(Context ctx) {
        String tenantId = ctx.pathParam("tenantId");
        try {
            sandbox.organisation(tenantId);
        } catch (IllegalArgumentException e) {
            ctx.status(404).result(e.getMessage());
            return;
        }
        switch (ctx.pathParam("switch").toLowerCase(Locale.ROOT)) {
            case "expire-access-tokens" -> sandbox.expireAccessTokens(tenantId);
            case "revoke-refresh-tokens" -> sandbox.revokeRefreshTokens(tenantId);
            case "throttle" -> sandbox.throttleNext(tenantId, intParam(ctx, "next", 1));
            case "exhaust-day" -> sandbox.exhaustDay(tenantId);
            case "offline" -> {
                if (ctx.queryParam("seconds") != null) {
                    sandbox.offlineFor(tenantId, Duration.ofSeconds(intParam(ctx, "seconds", 60)));
                } else {
                    sandbox.offlineNext(tenantId, intParam(ctx, "next", 1));
                }
            }
            case "fail-writes" -> sandbox.failNextWrites(tenantId, intParam(ctx, "next", 1));
            case "lock-dates" -> sandbox.setLockDates(tenantId, date(ctx.queryParam("period")), date(ctx.queryParam("endOfYear")));
            case "reset" -> sandbox.resetSwitches(tenantId);
            default -> {
                ctx.status(404).result("unknown switch " + ctx.pathParam("switch"));
                return;
            }
        }
        ctx.status(204);
    }

    public void advanceClock(Context ctx) {
        sandbox.advanceClock(Duration.ofSeconds(intParam(ctx, "seconds", 60)));
        ctx.status(204);
    }

    public void subscribe(Context ctx) {
        sandbox.subscribeWebhooks(ctx.queryParam("url"), ctx.queryParam("key"));
        ctx.status(204);
    }

    public void deliveries(Context ctx) {
        ArrayNode out = XeroJson.array();
        for (WebhookDelivery d : sandbox.webhookDeliveries()) {
            out.addObject().put("at", d.at().toString()).put("kind", d.kind()).put("tenantId", d.tenantId()).put("attempt", d.attempt())
                    .put("status", d.status()).put("correctlySigned", d.correctlySigned()).put("millis", d.millis()).put("body", d.body());
        }
        ctx.json(XeroJson.object().put("subscription", sandbox.webhookStatus().name()).set("deliveries", out));
    }

    public void stats(Context ctx) {
        ObjectNode out = XeroJson.object();
        for (Organisation o : sandbox.organisations()) {
            out.putObject(o.tenantId()).put("name", o.name()).put("requests", o.requests().get()).put("throttled", o.throttled().get())
                    .put("dayCallsUsed", sandbox.dayCallsUsed(o.tenantId())).put("switches", o.switches().describe());
        }
        ctx.json(out);
    }

    public void renameItem(Context ctx) {
        rename(ctx, () -> sandbox.renameItem(ctx.formParam("tenantId"), ctx.formParam("code"), ctx.formParam("name")));
    }

    public void renameContact(Context ctx) {
        rename(ctx, () -> sandbox.renameContact(ctx.formParam("tenantId"), ctx.formParam("contactId"), ctx.formParam("name")));
    }

    private static void rename(Context ctx, Runnable work) {
        String tenantId = ctx.formParam("tenantId");
        try {
            work.run();
            ctx.redirect("/_sandbox/console?tenantId=" + tenantId + "&saved=1");
        } catch (Invalid | IllegalArgumentException e) {
            ctx.redirect("/_sandbox/console?tenantId=" + tenantId + "&error=" + java.net.URLEncoder.encode(e.getMessage(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static int intParam(Context ctx, String name, int fallback) {
        return ctx.queryParamAsClass(name, Integer.class).getOrDefault(fallback);
    }

    private static LocalDate date(String s) {
        return s == null || s.isBlank() || s.equalsIgnoreCase("none") ? null : LocalDate.parse(s);
    }
}
