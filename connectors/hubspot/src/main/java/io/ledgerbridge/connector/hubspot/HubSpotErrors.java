package io.ledgerbridge.connector.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerbridge.connector.Outbound;
import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.error.SyncError;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place where HubSpot's answers become the error catalogue: from the HTTP status, the {@code Retry-After}
 * header, the error body ({@code {"status":"error","message","correlationId","category","errorType"?,"policyName"?}},
 * API_FACTS C.3) and the record being written (the SKU behind a product id, the contact's email).
 *
 * <p>Thread-safe (stateless apart from its settings).
 */
public final class HubSpotErrors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NO_PRODUCT = Pattern.compile("No product with ID (\\S+?) exists");
    private static final Pattern PROPERTY_PROBLEMS = Pattern.compile("Property values were not valid: (\\[.*])",
            Pattern.DOTALL);

    private final Clock clock;
    private final Duration throttleWait;

    public HubSpotErrors(Clock clock, Duration throttleWait) {
        this.clock = clock;
        this.throttleWait = throttleWait;
    }

    /** A classified failure; {@code retryAfter} is set for rate limits and outages that say when to come back. */
    public record Classified(SyncError error, Instant retryAfter) {}

    /**
     * A whole HTTP answer that is not a success.
     *
     * @param record        what was being written (null for reads and look-ups)
     * @param destinationId the HubSpot id an update or void aimed at (null for creates)
     */
    public Classified response(int status, String retryAfterHeader, String body, Outbound record, String destinationId) {
        return classify(status, json(body), body, retryAfterHeader, record, destinationId);
    }

    /** One input's {@code StandardError} inside a batch answer (HTTP 207, API_FACTS C.3). */
    public Classified batchError(JsonNode error, Outbound record, String destinationId) {
        int status = switch (error.path("category").asText("")) {
            case "OBJECT_NOT_FOUND" -> 404;
            case "CONFLICT" -> 409;
            case "RATE_LIMITS" -> 429;
            default -> 400;
        };
        return classify(status, error, error.toString(), null, record, destinationId);
    }

    /** The token endpoint said the refresh token is dead: only a person reconnecting can fix it. */
    public SyncError tokenRefreshFailed(String reason) {
        return SyncError.of(ErrorCode.TOKEN_REFRESH_FAILED).withVendorMessage(reason);
    }

    /** The request never reached HubSpot (connection refused, token endpoint down): nothing was written. */
    public SyncError unreachable(String reason) {
        return SyncError.of(ErrorCode.TEMPORARILY_UNAVAILABLE).withVendorMessage(reason);
    }

    /** An update or void whose HubSpot record is gone (archived or merged there). */
    public SyncError missingTarget(Outbound record, String destinationId) {
        return SyncError.of(ErrorCode.VENDOR_ERROR).withVendorMessage("HubSpot has no " + noun(record) + " with ID "
                + destinationId + " any more (archived or merged there); link this record again or mark it as synced.");
    }

    private Classified classify(int status, JsonNode body, String raw, String retryAfterHeader, Outbound record,
            String destinationId) {
        String category = body.path("category").asText("");
        String message = body.path("message").asText("");
        String vendor = vendorMessage(status, message, raw);
        if (status == 429 || category.equals("RATE_LIMITS") || body.path("errorType").asText("").equals("RATE_LIMIT")) {
            String policy = body.path("policyName").asText("");
            if (policy.equals("DAILY")) {
                Instant midnight = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(1)
                        .atStartOfDay().toInstant(ZoneOffset.UTC);
                Instant at = retryAfterHeader == null ? midnight : clock.instant().plus(wait(retryAfterHeader));
                return new Classified(SyncError.of(ErrorCode.RATE_LIMITED, "limit", "daily").withVendorMessage(vendor), at);
            }
            String limit = policy.equals("SECONDLY") ? "search (per second)" : "ten-second";
            return new Classified(SyncError.of(ErrorCode.RATE_LIMITED, "limit", limit).withVendorMessage(vendor),
                    clock.instant().plus(wait(retryAfterHeader)));
        }
        if (status == 401 || status == 403 || category.equals("EXPIRED_AUTHENTICATION")
                || category.equals("INVALID_AUTHENTICATION") || category.equals("MISSING_SCOPES")) {
            String why = category.equals("MISSING_SCOPES")
                    ? vendor + " (reconnect and grant the scopes: " + scopes(body) + ")" : vendor;
            return new Classified(SyncError.of(ErrorCode.UNAUTHORIZED).withVendorMessage(why), null);
        }
        if (status >= 500 || category.equals("SERVICE_UNAVAILABLE")) {
            Instant at = retryAfterHeader == null ? null : clock.instant().plus(wait(retryAfterHeader));
            return new Classified(SyncError.of(ErrorCode.TEMPORARILY_UNAVAILABLE).withVendorMessage(vendor), at);
        }
        if (status == 409 || category.equals("CONFLICT")) {
            if (message.startsWith("Contact already exists") && record instanceof Outbound.OutboundCustomer c) {
                return plain(SyncError.of(ErrorCode.DUPLICATE_NAME, "entity", "contact", "name", c.customer().email())
                        .withVendorMessage(vendor));
            }
            return plain(SyncError.of(ErrorCode.VENDOR_ERROR).withVendorMessage(vendor));
        }
        if ((status == 404 || category.equals("OBJECT_NOT_FOUND")) && destinationId != null && record != null) {
            return plain(missingTarget(record, destinationId).withVendorMessage(
                    missingTarget(record, destinationId).vendorMessage() + " HubSpot said: " + vendor));
        }
        Matcher noProduct = NO_PRODUCT.matcher(message);
        if (noProduct.find() && record instanceof Outbound.OutboundInvoice inv) {
            String productId = noProduct.group(1);
            var lines = inv.invoice().lines();
            for (int i = 0; i < lines.size(); i++) {
                if (productId.equals(inv.itemRefs().get(lines.get(i).sku()))) {
                    return plain(SyncError.of(ErrorCode.SKU_NOT_FOUND, "sku", lines.get(i).sku(), "line",
                            String.valueOf(i + 1), "number", inv.invoice().number()).withVendorMessage(vendor));
                }
            }
        }
        return plain(SyncError.of(ErrorCode.VENDOR_ERROR).withVendorMessage(vendor));
    }

    /** HubSpot's own words; the JSON list inside "Property values were not valid: [...]" read as "name: message". */
    private static String vendorMessage(int status, String message, String raw) {
        if (message.isBlank()) {
            return "HTTP " + status + (raw == null || raw.isBlank() ? "" : ": " + abbreviate(raw));
        }
        Matcher m = PROPERTY_PROBLEMS.matcher(message);
        if (m.find()) {
            try {
                var problems = new ArrayList<String>();
                for (JsonNode p : JSON.readTree(m.group(1))) {
                    problems.add(p.path("name").asText("?") + ": " + p.path("message").asText(p.path("error").asText("")));
                }
                if (!problems.isEmpty()) {
                    return "Property values were not valid: " + String.join("; ", problems);
                }
            } catch (IOException notJson) {
                return message;
            }
        }
        return message;
    }

    private static String scopes(JsonNode body) {
        List<String> scopes = new ArrayList<>();
        for (JsonNode e : body.path("errors")) {
            e.path("context").path("requiredGranularScopes").forEach(s -> scopes.add(s.asText()));
        }
        return scopes.isEmpty() ? "see the app's scopes" : String.join(", ", scopes);
    }

    private Duration wait(String retryAfterHeader) {
        if (retryAfterHeader != null) {
            try {
                long seconds = Long.parseLong(retryAfterHeader.strip());
                if (seconds > 0) {
                    return Duration.ofSeconds(seconds);
                }
            } catch (NumberFormatException notSeconds) {
                // an HTTP date: fall back to the setting
            }
        }
        return throttleWait;
    }

    private static Classified plain(SyncError error) {
        return new Classified(error, null);
    }

    private static JsonNode json(String body) {
        if (body == null || !body.stripLeading().startsWith("{")) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static String noun(Outbound record) {
        if (record == null) {
            return "record";
        }
        return switch (record.type()) {
            case CUSTOMER -> "contact";
            case PRODUCT -> "product";
            case INVOICE -> "invoice";
            case PAYMENT -> "payment";
        };
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() <= 300 ? one : one.substring(0, 297) + "...";
    }
}
