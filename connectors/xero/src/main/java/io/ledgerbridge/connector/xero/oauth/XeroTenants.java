package io.ledgerbridge.connector.xero.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET https://api.xero.com/connections} (API_FACTS B.1): the organisations ("tenants") a token reaches, each
 * with the {@code tenantId} every API call names in {@code xero-tenant-id}.
 */
public final class XeroTenants {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One organisation the token reaches.
     *
     * @param connectionId Xero's id of the app's connection to it ({@code id})
     * @param createdAt    when the app was connected to it ({@code createdDateUtc}); null when not said
     */
    public record Tenant(String tenantId, String tenantName, String tenantType, String connectionId, Instant createdAt) {}

    /** The list could not be read; the message says why, without the token. */
    public static final class Unreadable extends RuntimeException {
        public final int status;

        public Unreadable(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final HttpClient http;

    public XeroTenants(HttpClient http) {
        this.http = http;
    }

    /** Every tenant the access token reaches, as Xero lists them. */
    public List<Tenant> list(URI connectionsUrl, String accessToken, Duration timeout) {
        var request = HttpRequest.newBuilder(connectionsUrl).timeout(timeout)
                .header("Authorization", "Bearer " + accessToken).header("Accept", "application/json").GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new Unreadable(0, "Xero's connections list did not answer: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreadable(0, "interrupted while reading Xero's connections");
        }
        if (response.statusCode() != 200) {
            throw new Unreadable(response.statusCode(), "Xero's connections list answered HTTP " + response.statusCode());
        }
        JsonNode root;
        try {
            root = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new Unreadable(200, "Xero's connections list is not JSON");
        }
        var out = new ArrayList<Tenant>();
        for (JsonNode c : root) {
            out.add(new Tenant(c.path("tenantId").asText(null), c.path("tenantName").asText(null),
                    c.path("tenantType").asText(null), c.path("id").asText(null), instant(c.path("createdDateUtc").asText(null))));
        }
        return out;
    }

    /**
     * The organisation a consent just connected: a grant may reach several (the person ticked more than one, or the
     * app was connected before), and the one this grant added is the newest connection. Organisations only
     * ({@code tenantType ORGANISATION}; practice-level tenants hold no books).
     */
    public static Optional<Tenant> newest(List<Tenant> tenants) {
        return tenants.stream()
                .filter(t -> t.tenantId() != null && (t.tenantType() == null || t.tenantType().equals("ORGANISATION")))
                .max(Comparator.comparing(t -> t.createdAt() == null ? Instant.EPOCH : t.createdAt()));
    }

    private static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
