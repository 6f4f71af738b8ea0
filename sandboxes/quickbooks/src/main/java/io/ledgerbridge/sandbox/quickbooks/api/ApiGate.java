package io.ledgerbridge.sandbox.quickbooks.api;

import io.javalin.http.Context;
import io.ledgerbridge.sandbox.quickbooks.fault.Fault;
import io.ledgerbridge.sandbox.quickbooks.fault.FaultException;
import io.ledgerbridge.sandbox.quickbooks.fault.Faults;
import io.ledgerbridge.sandbox.quickbooks.oauth.TokenStore;
import io.ledgerbridge.sandbox.quickbooks.realm.Realm;
import io.ledgerbridge.sandbox.quickbooks.realm.Realms;
import io.ledgerbridge.sandbox.quickbooks.wire.Envelope;
import io.ledgerbridge.sandbox.quickbooks.wire.QboTime;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What every {@code /v3/company/{realmId}/…} request passes, in order: {@code intuit_tid} header (API_FACTS A.1),
 * bearer token (A.8, 401 faults of A.5), the realm's fault switches (503, 429), its concurrency cap and per-minute
 * windows (A.4/A.6, 429 ThrottleExceeded), the configured latency, then {@code requestid} replay (A.7) around the
 * operation itself. Faults become HTTP responses here.
 */
public final class ApiGate {
    private final Realms realms;
    private final TokenStore tokens;
    private final QboTime time;
    private final boolean requireAccessToken;
    private final boolean gatewayFaultsAsXml;
    private final AtomicLong throttledTotal = new AtomicLong();

    public ApiGate(Realms realms, TokenStore tokens, QboTime time, boolean requireAccessToken, boolean gatewayFaultsAsXml) {
        this.realms = realms;
        this.tokens = tokens;
        this.time = time;
        this.requireAccessToken = requireAccessToken;
        this.gatewayFaultsAsXml = gatewayFaultsAsXml;
    }

    public long throttledTotal() {
        return throttledTotal.get();
    }

    /**
     * @param idempotent the operation honours {@code ?requestid=} (writes and batch)
     * @param batch the request counts toward the batch-per-minute window as well
     */
    public void handle(Context ctx, boolean idempotent, boolean batch, ApiHandler handler) {
        ctx.header("intuit_tid", "1-" + UUID.randomUUID().toString().replace("-", "").substring(0, 24));
        ApiResponse response;
        try {
            response = admit(ctx, idempotent, batch, handler);
        } catch (FaultException e) {
            response = fault(e.fault());
        }
        ctx.status(response.status()).contentType(response.contentType()).result(response.body());
        if (response.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"Intuit\", error=\"invalid_token\"");
        }
    }

    private ApiResponse admit(Context ctx, boolean idempotent, boolean batch, ApiHandler handler) {
        String realmId = ctx.pathParam("realmId");
        if (requireAccessToken) {
            tokens.authenticate(ctx.header("Authorization"), realmId);
        }
        Realm realm = realms.find(realmId).orElseThrow(Faults::generalAuthentication);
        if (realm.switches().takeUnavailable(time.now())) {
            return fault(Faults.unavailable());
        }
        if (realm.switches().takeThrottle(time.now())) {
            return throttled(realm);
        }
        if (!realm.throttle().enter()) {
            return throttled(realm);
        }
        try {
            if (!realm.throttle().admit(batch)) {
                return throttled(realm);
            }
            pause(realm.switches().latency());
            Supplier<ApiResponse> work = () -> {
                try {
                    return handler.handle(realm, ctx);
                } catch (FaultException e) {
                    return fault(e.fault());
                }
            };
            String requestId = idempotent ? ctx.queryParam("requestid") : null;
            return requestId == null || requestId.isBlank() ? work.get() : realm.replays().answer(requestId, work);
        } finally {
            realm.throttle().leave();
        }
    }

    private ApiResponse throttled(Realm realm) {
        realm.throttled().incrementAndGet();
        throttledTotal.incrementAndGet();
        return fault(Faults.throttled());
    }

    public ApiResponse fault(Fault fault) {
        boolean gateway = Fault.GATEWAY_SERVICE.equals(fault.type()) || Fault.GATEWAY_AUTHENTICATION.equals(fault.type());
        if (gateway && gatewayFaultsAsXml) {
            return new ApiResponse(fault.httpStatus(), ApiResponse.XML, fault.toXml(time.envelopeTime()));
        }
        return ApiResponse.json(fault.httpStatus(), Envelope.of("Fault", fault.toJson(), time.envelopeTime()));
    }

    private static void pause(Duration latency) {
        if (latency.isZero()) {
            return;
        }
        try {
            Thread.sleep(latency);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
