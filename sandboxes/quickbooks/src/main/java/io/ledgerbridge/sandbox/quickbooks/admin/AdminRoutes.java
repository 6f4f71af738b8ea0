package io.ledgerbridge.sandbox.quickbooks.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.ledgerbridge.sandbox.quickbooks.entity.EntityType;
import io.ledgerbridge.sandbox.quickbooks.entity.EntityWrites;
import io.ledgerbridge.sandbox.quickbooks.fault.FaultException;
import io.ledgerbridge.sandbox.quickbooks.oauth.TokenStore;
import io.ledgerbridge.sandbox.quickbooks.realm.Realm;
import io.ledgerbridge.sandbox.quickbooks.realm.Realms;
import io.ledgerbridge.sandbox.quickbooks.wire.Json;
import io.ledgerbridge.sandbox.quickbooks.wire.QboTime;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The sandbox's own endpoints under {@code /_sandbox/…}: fault switches for tests and demos, stats, and the console
 * page where a bookkeeper "creates the product in QuickBooks". Not part of the QuickBooks API.
 */
public final class AdminRoutes {
    private final Realms realms;
    private final TokenStore tokens;
    private final EntityWrites writes;
    private final QboTime time;
    private final LongSupplier throttledTotal;

    public AdminRoutes(Realms realms, TokenStore tokens, EntityWrites writes, QboTime time, LongSupplier throttledTotal) {
        this.realms = realms;
        this.tokens = tokens;
        this.writes = writes;
        this.time = time;
        this.throttledTotal = throttledTotal;
    }

    /** POST /_sandbox/realms?realmId=…&companyName=… */
    public void createRealm(Context ctx) {
        String realmId = ctx.queryParam("realmId");
        String name = ctx.queryParamAsClass("companyName", String.class).getOrDefault("Sandbox Company " + realmId);
        try {
            realms.create(realmId, name);
            ctx.status(201).json(Map.of("realmId", realmId));
        } catch (IllegalArgumentException e) {
            ctx.status(400).json(Map.of("error", e.getMessage()));
        }
    }

    /**
     * POST /_sandbox/realms/{realmId}/{switch}: expire-access-tokens, revoke-refresh-tokens, throttle (?next=N or
     * ?seconds=S), unavailable (?next=N or ?seconds=S), closing-date (?date=yyyy-MM-dd, none to reopen),
     * custom-txn-numbers (?enabled=true|false), latency (?millis=N), concurrent-edit (?next=N), reset.
     */
    public void flip(Context ctx) {
        Realm realm = realms.find(ctx.pathParam("realmId")).orElse(null);
        if (realm == null) {
            ctx.status(404).json(Map.of("error", "no realm " + ctx.pathParam("realmId")));
            return;
        }
        String realmId = realm.realmId();
        switch (ctx.pathParam("switch")) {
            case "expire-access-tokens" -> tokens.expireAccessTokens(realmId);
            case "revoke-refresh-tokens" -> tokens.revokeRefreshTokens(realmId);
            case "throttle" -> {
                if (ctx.queryParam("seconds") != null) {
                    realm.switches().throttleUntil(time.now().plusSeconds(Long.parseLong(ctx.queryParam("seconds"))));
                } else {
                    realm.switches().throttleNext(Integer.parseInt(ctx.queryParamAsClass("next", String.class).getOrDefault("1")));
                }
            }
            case "unavailable" -> {
                if (ctx.queryParam("seconds") != null) {
                    realm.switches().unavailableUntil(time.now().plusSeconds(Long.parseLong(ctx.queryParam("seconds"))));
                } else {
                    realm.switches().unavailableNext(Integer.parseInt(ctx.queryParamAsClass("next", String.class).getOrDefault("1")));
                }
            }
            case "closing-date" -> {
                String date = ctx.queryParam("date");
                realm.books().locked(() -> realm.books().closingDate(date == null || date.isBlank() ? null : LocalDate.parse(date)));
            }
            case "custom-txn-numbers" -> realm.books().locked(() ->
                    realm.books().customTxnNumbers(Boolean.parseBoolean(ctx.queryParam("enabled"))));
            case "latency" -> realm.switches().latency(Duration.ofMillis(Long.parseLong(ctx.queryParamAsClass("millis", String.class).getOrDefault("0"))));
            case "concurrent-edit" -> realm.switches().concurrentEditNext(
                    Integer.parseInt(ctx.queryParamAsClass("next", String.class).getOrDefault("1")));
            case "reset" -> realm.switches().reset();
            default -> {
                ctx.status(404).json(Map.of("error", "unknown switch " + ctx.pathParam("switch")));
                return;
            }
        }
        ctx.status(204);
    }

    /** GET /_sandbox/stats: 429s returned, per realm and in all, for benchmarks. */
    public void stats(Context ctx) {
        ObjectNode stats = Json.object();
        stats.put("throttled", throttledTotal.getAsLong());
        ObjectNode perRealm = stats.putObject("realms");
        for (Realm realm : realms.all()) {
            perRealm.putObject(realm.realmId()).put("throttled", realm.throttled().get());
        }
        ctx.contentType("application/json").result(Json.write(stats));
    }

    /** GET /_sandbox/console */
    public void console(Context ctx) {
        ctx.html(ConsolePage.render(realms.all(), ctx.queryParam("realmId"), ctx.queryParam("message")));
    }

    /** POST /_sandbox/console/items: the console's "new product or service" form, through the API's own rules. */
    public void createItem(Context ctx) {
        String realmId = ctx.formParam("realmId");
        Realm realm = realms.find(realmId).orElse(null);
        String message;
        if (realm == null) {
            message = "Choose a company.";
        } else {
            ObjectNode item = Json.object();
            item.put("Name", ctx.formParam("Name"));
            String sku = ctx.formParam("Sku");
            if (sku != null && !sku.isBlank()) {
                item.put("Sku", sku.strip());
            }
            String price = ctx.formParam("UnitPrice");
            try {
                if (price != null && !price.isBlank()) {
                    item.put("UnitPrice", new BigDecimal(price.strip()));
                }
                item.put("Type", ctx.formParamAsClass("Type", String.class).getOrDefault("Service"));
                item.set("IncomeAccountRef", Json.object().put("value", "1"));
                ObjectNode saved = writes.write(realm.books(), EntityType.ITEM, "create", item, false);
                message = "Created product or service \"" + Json.text(saved, "Name") + "\" (Id " + Json.text(saved, "Id") + ").";
            } catch (FaultException e) {
                message = e.fault().errors().getFirst().message() + ": " + e.fault().errors().getFirst().detail();
            } catch (NumberFormatException e) {
                message = "Price must be a number.";
            }
        }
        ctx.redirect("/_sandbox/console?realmId=" + URLEncoder.encode(String.valueOf(realmId), StandardCharsets.UTF_8)
                + "&message=" + URLEncoder.encode(message, StandardCharsets.UTF_8));
    }
}
