package io.ledgerbridge.sandbox.hubspot;

import io.ledgerbridge.sandbox.hubspot.association.AssociationTypes;
import io.ledgerbridge.sandbox.hubspot.ratelimit.RateLimits;
import io.ledgerbridge.sandbox.hubspot.webhook.WebhookSettings;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything about the sandbox a test, the demo or a benchmark may want to change. Where API_FACTS marks a fact
 * UNCERTAIN (batch size, limits, status enum, association type ids) the value lives here. Change one with the
 * {@code with...} methods: {@code SandboxSettings.defaults().withPort(8091).withRateLimits(RateLimits.professional())}.
 *
 * @param host                 interface to bind; loopback by default
 * @param port                 0 = a random free port
 * @param clock                read for every timestamp, token lifetime, rate-limit window and webhook timestamp
 * @param batchLimit           inputs per batch request (100, API_FACTS C.1 UNCERTAIN)
 * @param searchLimit          max {@code limit} of a search page (200, C.1 [SPEC])
 * @param searchMaxFilterGroups filter groups per search (6, C.1 [SPEC])
 * @param searchMaxFiltersPerGroup filters per group (6, UNCERTAIN) — total filters are capped at 18 (UNCERTAIN)
 * @param searchMaxResults     how deep {@code after} may page (10,000, C.4 UNCERTAIN)
 * @param searchIndexLag       records created less than this long ago are not found by search yet (C.1 [2ND]); 0 = off
 * @param rateLimits           default limits of new portals
 * @param accessTokenLifetime  OAuth access token lifetime (1800 s, C.6 [OFFICIAL])
 * @param authCodeLifetime     how long an authorization code can be exchanged (sandbox choice: 10 min)
 * @param invoiceStatuses      allowed {@code hs_invoice_status} values (draft, open, paid, voided — C.2 [2ND])
 * @param associationTypes     association type ids served and accepted (C.2 UNCERTAIN for invoices)
 * @param webhooks             webhook batching and retry schedule (C.5)
 */
public record SandboxSettings(String host, int port, SandboxClock clock, int batchLimit, int searchLimit,
                              int searchMaxFilterGroups, int searchMaxFiltersPerGroup, int searchMaxResults,
                              Duration searchIndexLag, RateLimits rateLimits, Duration accessTokenLifetime,
                              Duration authCodeLifetime, List<String> invoiceStatuses, AssociationTypes associationTypes,
                              WebhookSettings webhooks) {
    public SandboxSettings {
        Objects.requireNonNull(host);
        Objects.requireNonNull(clock);
        invoiceStatuses = List.copyOf(invoiceStatuses);
        if (batchLimit < 1 || searchLimit < 1) throw new IllegalArgumentException("limits must be positive");
    }

    public static SandboxSettings defaults() {
        return new SandboxSettings("127.0.0.1", 0, SandboxClock.system(), 100, 200, 6, 6, 10_000, Duration.ZERO,
                RateLimits.starter(), Duration.ofSeconds(1800), Duration.ofMinutes(10),
                List.of("draft", "open", "paid", "voided"), AssociationTypes.defaults(), WebhookSettings.defaults());
    }

    public SandboxSettings withHost(String v) { return new SandboxSettings(v, port, clock, batchLimit, searchLimit, searchMaxFilterGroups, searchMaxFiltersPerGroup, searchMaxResults, searchIndexLag, rateLimits, accessTokenLifetime, authCodeLifetime, invoiceStatuses, associationTypes, webhooks); }
    public SandboxSettings withPort(int v) { return new SandboxSettings(host, v, clock, batchLimit, searchLimit, searchMaxFilterGroups, searchMaxFiltersPerGroup, searchMaxResults, searchIndexLag, rateLimits, accessTokenLifetime, authCodeLifetime, invoiceStatuses, associationTypes, webhooks); }
    public SandboxSettings withClock(SandboxClock v) { return new SandboxSettings(host, port, v, batchLimit, searchLimit, searchMaxFilterGroups, searchMaxFiltersPerGroup, searchMaxResults, searchIndexLag, rateLimits, accessTokenLifetime, authCodeLifetime, invoiceStatuses, associationTypes, webhooks); }
    public SandboxSettings withBatchLimit(int v) { return new SandboxSettings(host, port, clock, v, searchLimit, searchMaxFilterGroups, searchMaxFiltersPerGroup, searchMaxResults, searchIndexLag, rateLimits, accessTokenLifetime, authCodeLifetime, invoiceStatuses, associationTypes, webhooks); }
    public SandboxSettings withSearchIndexLag(Duration v) { return new SandboxSettings(host, port, clock, batchLimit, searchLimit, searchMaxFilterGroups, searchMaxFiltersPerGroup, searchMaxResults, v, rateLimits, accessTokenLifetime, authCodeLifetime, invoiceStatuses, associationTypes, webhooks); }
    public SandboxSettings withRateLimits(RateLimits v) { return new SandboxSettings(host, port, clock, batchLimit, searchLimit, searchMaxFilterGroups, searchMaxFiltersPerGroup, searchMaxResults, searchIndexLag, v, accessTokenLifetime, authCodeLifetime, invoiceStatuses, associationTypes, webhooks); }
    public SandboxSettings withAccessTokenLifetime(Duration v) { return new SandboxSettings(host, port, clock, batchLimit, searchLimit, searchMaxFilterGroups, searchMaxFiltersPerGroup, searchMaxResults, searchIndexLag, rateLimits, v, authCodeLifetime, invoiceStatuses, associationTypes, webhooks); }
    public SandboxSettings withInvoiceStatuses(List<String> v) { return new SandboxSettings(host, port, clock, batchLimit, searchLimit, searchMaxFilterGroups, searchMaxFiltersPerGroup, searchMaxResults, searchIndexLag, rateLimits, accessTokenLifetime, authCodeLifetime, v, associationTypes, webhooks); }
    public SandboxSettings withAssociationTypes(AssociationTypes v) { return new SandboxSettings(host, port, clock, batchLimit, searchLimit, searchMaxFilterGroups, searchMaxFiltersPerGroup, searchMaxResults, searchIndexLag, rateLimits, accessTokenLifetime, authCodeLifetime, invoiceStatuses, v, webhooks); }
    public SandboxSettings withWebhooks(WebhookSettings v) { return new SandboxSettings(host, port, clock, batchLimit, searchLimit, searchMaxFilterGroups, searchMaxFiltersPerGroup, searchMaxResults, searchIndexLag, rateLimits, accessTokenLifetime, authCodeLifetime, invoiceStatuses, associationTypes, v); }
}
