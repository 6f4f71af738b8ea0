package io.ledgerbridge.sandbox.hubspot;

import io.ledgerbridge.sandbox.hubspot.ratelimit.RateLimits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AuthAndLimitsIT {
    static HubSpotSandbox hubspot;
    long portal;
    HubSpotHttp http;

    @BeforeAll
    static void start() {
        hubspot = HubSpotSandbox.start(SandboxSettings.defaults().withClock(SandboxClock.fixedAt(Instant.parse("2026-03-02T09:00:00Z")))
                .withRateLimits(new RateLimits(5, 1000, 2)));
    }

    @AfterAll
    static void stop() {
        hubspot.close();
    }

    @BeforeEach
    void portal() {
        portal = hubspot.createPortal("Acme");
        http = new HubSpotHttp(hubspot.baseUrl(), hubspot.createPrivateAppToken(portal));
    }

    @Test
    void no_or_unknown_token_is_401_invalid_authentication() {
        var none = new HubSpotHttp(hubspot.baseUrl(), null).get("/crm/v3/objects/contacts");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().get("category").asText()).isEqualTo("INVALID_AUTHENTICATION");
        var unknown = new HubSpotHttp(hubspot.baseUrl(), "pat-na1-nope").get("/crm/v3/objects/contacts");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.json().get("status").asText()).isEqualTo("error");
    }

    @Test
    void the_token_decides_the_portal() {
        long other = hubspot.createPortal("Other");
        hubspot.createContact(other, "only-in-other@example.com", null, null);
        assertThat(http.get("/crm/v3/objects/contacts").json().get("results")).isEmpty();
        var otherHttp = new HubSpotHttp(hubspot.baseUrl(), hubspot.createPrivateAppToken(other));
        assertThat(otherHttp.get("/crm/v3/objects/contacts").json().get("results")).hasSize(1);
    }

    @Test
    void ten_secondly_limit_answers_429_with_hubspot_body_and_headers_then_recovers() {
        for (int i = 0; i < 5; i++) {
            var ok = http.get("/crm/v3/objects/contacts");
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.header("X-HubSpot-RateLimit-Remaining")).isEqualTo(Integer.toString(4 - i));
            assertThat(ok.header("X-HubSpot-RateLimit-Max")).isEqualTo("5");
            assertThat(ok.header("X-HubSpot-RateLimit-Daily")).isEqualTo("1000");
            assertThat(ok.header("X-HubSpot-RateLimit-Interval-Milliseconds")).isEqualTo("10000");
            assertThat(ok.header("X-HubSpot-RateLimit-Secondly")).isNotNull();
        }
        var limited = http.get("/crm/v3/objects/contacts");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.json().get("status").asText()).isEqualTo("error");
        assertThat(limited.json().get("category").asText()).isEqualTo("RATE_LIMITS");
        assertThat(limited.json().get("errorType").asText()).isEqualTo("RATE_LIMIT");
        assertThat(limited.json().get("policyName").asText()).isEqualTo("TEN_SECONDLY_ROLLING");
        assertThat(limited.header("X-HubSpot-RateLimit-Remaining")).isEqualTo("0");
        assertThat(limited.header("Retry-After")).isEqualTo("10");
        assertThat(hubspot.requestCount(portal)).isEqualTo(6);
        assertThat(hubspot.throttledCount(portal)).isEqualTo(1);

        hubspot.clock().advance(Duration.ofSeconds(10));
        assertThat(http.get("/crm/v3/objects/contacts").status()).isEqualTo(200);
    }

    @Test
    void search_has_its_own_per_second_limit_and_skips_the_ten_second_window() {
        String search = "{\"filterGroups\":[]}";
        assertThat(http.post("/crm/v3/objects/contacts/search", search).status()).isEqualTo(200);
        assertThat(http.post("/crm/v3/objects/contacts/search", search).status()).isEqualTo(200);
        var limited = http.post("/crm/v3/objects/contacts/search", search);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.json().get("policyName").asText()).isEqualTo("SECONDLY");
        assertThat(http.get("/crm/v3/objects/contacts").header("X-HubSpot-RateLimit-Remaining")).isEqualTo("4");
        hubspot.clock().advance(Duration.ofSeconds(1));
        assertThat(http.post("/crm/v3/objects/contacts/search", search).status()).isEqualTo(200);
    }

    @Test
    void daily_limit() {
        hubspot.setRateLimits(portal, new RateLimits(100, 3, 4));
        for (int i = 0; i < 3; i++) assertThat(http.get("/crm/v3/objects/contacts").status()).isEqualTo(200);
        var limited = http.get("/crm/v3/objects/contacts");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.json().get("policyName").asText()).isEqualTo("DAILY");
        assertThat(limited.header("X-HubSpot-RateLimit-Daily-Remaining")).isEqualTo("0");
        hubspot.clock().advance(Duration.ofDays(1));
        assertThat(http.get("/crm/v3/objects/contacts").status()).isEqualTo(200);
    }

    @Test
    void fault_switches_throttle_and_unavailable() {
        hubspot.setRateLimits(portal, RateLimits.unlimited());
        hubspot.throttleNextRequests(portal, 2);
        assertThat(http.get("/crm/v3/objects/contacts").status()).isEqualTo(429);
        assertThat(http.get("/crm/v3/objects/contacts").status()).isEqualTo(429);
        assertThat(http.get("/crm/v3/objects/contacts").status()).isEqualTo(200);

        hubspot.throttleFor(portal, Duration.ofSeconds(30));
        assertThat(http.get("/crm/v3/objects/contacts").status()).isEqualTo(429);
        hubspot.clock().advance(Duration.ofSeconds(31));
        assertThat(http.get("/crm/v3/objects/contacts").status()).isEqualTo(200);

        hubspot.unavailableFor(portal, Duration.ofSeconds(60));
        var down = http.get("/crm/v3/objects/contacts");
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.header("Retry-After")).isEqualTo("60");
        hubspot.clearFaults(portal);
        assertThat(http.get("/crm/v3/objects/contacts").status()).isEqualTo(200);
        assertThat(hubspot.throttledCount(portal)).isEqualTo(3);
    }

    @Test
    void latency_fault_slows_answers_down() {
        hubspot.addLatency(portal, Duration.ofMillis(150));
        long start = System.nanoTime();
        assertThat(http.get("/crm/v3/objects/contacts").status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        hubspot.clearFaults(portal);
    }

    @Test
    void admin_endpoints_flip_faults_over_http() {
        var admin = new HubSpotHttp(hubspot.baseUrl(), null);
        assertThat(admin.post("/_sandbox/portals/" + portal + "/faults/throttle", "{\"requests\":1}").status()).isEqualTo(204);
        assertThat(http.get("/crm/v3/objects/contacts").status()).isEqualTo(429);
        var stats = admin.get("/_sandbox/portals/" + portal + "/stats");
        assertThat(stats.json().get("throttled").asLong()).isEqualTo(1);
        var created = admin.post("/_sandbox/portals", "{\"name\":\"Via HTTP\"}");
        assertThat(created.status()).isEqualTo(201);
        var viaToken = new HubSpotHttp(hubspot.baseUrl(), created.json().get("privateAppToken").asText());
        assertThat(viaToken.get("/crm/v3/objects/invoices").status()).isEqualTo(200);
    }

    @Test
    void a_token_without_the_scope_gets_403_missing_scopes() {
        var limited = new HubSpotHttp(hubspot.baseUrl(), hubspot.createPrivateAppToken(portal, "Contacts only", Set.of("crm.objects.contacts.read")));
        assertThat(limited.get("/crm/v3/objects/contacts").status()).isEqualTo(200);
        var denied = limited.get("/crm/v3/objects/invoices");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.json().get("category").asText()).isEqualTo("MISSING_SCOPES");
        assertThat(denied.json().at("/errors/0/context/requiredGranularScopes/0").asText()).isEqualTo("crm.objects.invoices.read");
    }
}
