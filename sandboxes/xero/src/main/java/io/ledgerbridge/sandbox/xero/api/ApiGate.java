package io.ledgerbridge.sandbox.xero.api;

import io.javalin.http.Context;
import io.ledgerbridge.sandbox.xero.idempotency.IdempotencyCache;
import io.ledgerbridge.sandbox.xero.oauth.TokenStore;
import io.ledgerbridge.sandbox.xero.organisation.Organisation;
import io.ledgerbridge.sandbox.xero.organisation.Organisations;
import io.ledgerbridge.sandbox.xero.ratelimit.RateLimits;
import io.ledgerbridge.sandbox.xero.wire.ApiAnswer;
import io.ledgerbridge.sandbox.xero.wire.XeroError;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every {@code /api.xro/2.0/…} request passes, in order: bearer token (401, API_FACTS B.5/B.8), the
 * {@code xero-tenant-id} header naming an organisation the token reaches (403, API_FACTS B.1 [SPEC] requiredHeader,
 * B.5), the organisation's offline switch (503), its throttle switch and Xero's four limits (429 with
 * {@code X-Rate-Limit-Problem} and {@code Retry-After}, API_FACTS B.6), the write-failure switch (500), then
 * {@code Idempotency-Key} replay (API_FACTS B.7; replays count against the limits) around the handler.
 * {@code X-DayLimit-Remaining}, {@code X-MinLimit-Remaining} and {@code X-AppMinLimit-Remaining} go on every answer
 * whose organisation is known.
 */
public final class ApiGate {
    /** One API operation, run with the organisation the gate admitted. */
    public interface Handler {
        ApiAnswer handle(Organisation organisation, Context ctx);
    }

    private final TokenStore tokens;
    private final Organisations organisations;
    private final RateLimits limits;
    private final IdempotencyCache idempotency;
    private final Clock clock;
    private final AtomicLong throttledTotal = new AtomicLong();

    public ApiGate(TokenStore tokens, Organisations organisations, RateLimits limits, IdempotencyCache idempotency, Clock clock) {
        this.tokens = tokens;
        this.organisations = organisations;
        this.limits = limits;
        this.idempotency = idempotency;
        this.clock = clock;
    }

    public long throttledTotal() {
        return throttledTotal.get();
    }

    public void handle(Context ctx, boolean write, Handler handler) {
        String tenantHeader = ctx.header("xero-tenant-id");
        Organisation org = organisations.find(tenantHeader).orElse(null);
        String clientId = null;
        ApiAnswer answer;
        try {
            TokenStore.Grant grant = tokens.authenticate(ctx.header("Authorization"));
            clientId = TokenStore.clientId(grant);
            if (org == null || !TokenStore.reaches(grant, org.tenantId())) {
                throw XeroError.forbidden();
            }
            answer = admit(ctx, org, clientId, write, handler);
        } catch (XeroError e) {
            answer = e.answer();
        }
        if (org != null) {
            if (!answer.headers().containsKey("X-DayLimit-Remaining")) {
                answer = withRemaining(answer, limits.remaining(org.tenantId(), clientId));
            }
        }
        answer.headers().forEach(ctx::header);
        ctx.status(answer.status()).contentType(answer.contentType()).result(answer.body());
        if (answer.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        }
    }

    private ApiAnswer admit(Context ctx, Organisation org, String clientId, boolean write, Handler handler) {
        org.requests().incrementAndGet();
        String offline = org.switches().takeOffline(clock.instant());
        if (offline != null) {
            return XeroError.offline(offline).answer();
        }
        if (org.switches().takeThrottle(clock.instant())) {
            return throttled(org, RateLimits.Problem.MINUTE, limits.minuteRetryAfter(org.tenantId()), limits.remaining(org.tenantId(), clientId));
        }
        RateLimits.Admission admission = limits.enter(org.tenantId(), clientId);
        if (!admission.admitted()) {
            return throttled(org, admission.problem(), admission.retryAfterSeconds(), admission.remaining());
        }
        try {
            ApiAnswer answer;
            String key = write ? ctx.header("Idempotency-Key") : null;
            if (key == null || key.isEmpty()) {
                answer = run(ctx, org, write, handler);
            } else {
                answer = idempotency.once(org.tenantId(), key, ctx.method().name(), ctx.path(), ctx.queryString(), ctx.body(),
                        () -> run(ctx, org, write, handler));
            }
            return withRemaining(answer, admission.remaining());
        } finally {
            limits.leave(org.tenantId());
        }
    }

    private ApiAnswer run(Context ctx, Organisation org, boolean write, Handler handler) {
        try {
            if (write && org.switches().takeWriteFailure(clock.instant())) {
                return XeroError.serverError().answer();
            }
            return handler.handle(org, ctx);
        } catch (XeroError e) {
            return e.answer();
        }
    }

    private ApiAnswer throttled(Organisation org, RateLimits.Problem problem, long retryAfter, RateLimits.Remaining remaining) {
        org.throttled().incrementAndGet();
        throttledTotal.incrementAndGet();
        // 429 with X-Rate-Limit-Problem, and Retry-After for the windowed limits (API_FACTS B.6 [OFFICIAL]); the body is
        // empty (design choice: clients read the headers).
        ApiAnswer a = new ApiAnswer(429, ApiAnswer.TEXT, "", Map.of("X-Rate-Limit-Problem", problem.header));
        if (problem != RateLimits.Problem.CONCURRENT) {
            a = a.withHeader("Retry-After", Long.toString(retryAfter));
        }
        return withRemaining(a, remaining);
    }

    private static ApiAnswer withRemaining(ApiAnswer a, RateLimits.Remaining r) {
        return a.withHeader("X-DayLimit-Remaining", Integer.toString(r.day()))
                .withHeader("X-MinLimit-Remaining", Integer.toString(r.minute()))
                .withHeader("X-AppMinLimit-Remaining", Integer.toString(r.appMinute()));
    }
}
