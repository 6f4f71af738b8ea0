package io.ledgerbridge.sandbox.hubspot;

import java.util.List;
import java.util.Map;

/**
 * An expected API failure, rendered by the server as HubSpot's error body
 * {@code {"status":"error","message","correlationId","category",...}} (API_FACTS C.3, spec {@code Error} schema).
 *
 * @param extra top-level fields added to the body as they are (e.g. {@code errorType}, {@code policyName} on 429s)
 */
public final class HubSpotException extends RuntimeException {
    private final int status;
    private final ErrorCategory category;
    private final String subCategory;
    private final Map<String, List<String>> context;
    private final Map<String, Object> extra;
    private final Map<String, String> headers;

    public HubSpotException(int status, ErrorCategory category, String message) {
        this(status, category, message, null, Map.of(), Map.of());
    }

    public HubSpotException(int status, ErrorCategory category, String message, String subCategory,
                            Map<String, List<String>> context, Map<String, Object> extra) {
        super(message, null, false, false);
        this.status = status;
        this.category = category;
        this.subCategory = subCategory;
        this.context = Map.copyOf(context);
        this.extra = Map.copyOf(extra);
        this.headers = Map.of();
    }

    private HubSpotException(HubSpotException e, Map<String, String> headers) {
        super(e.getMessage(), null, false, false);
        this.status = e.status;
        this.category = e.category;
        this.subCategory = e.subCategory;
        this.context = e.context;
        this.extra = e.extra;
        this.headers = Map.copyOf(headers);
    }

    /** The same error, sent with these response headers (rate-limit headers, Retry-After). */
    public HubSpotException withHeaders(Map<String, String> headers) {
        return new HubSpotException(this, headers);
    }

    public static HubSpotException validation(String message) {
        return new HubSpotException(400, ErrorCategory.VALIDATION_ERROR, message);
    }

    public static HubSpotException notFound(String message) {
        return new HubSpotException(404, ErrorCategory.OBJECT_NOT_FOUND, message);
    }

    public int status() { return status; }
    public ErrorCategory category() { return category; }
    public String subCategory() { return subCategory; }
    public Map<String, List<String>> context() { return context; }
    public Map<String, Object> extra() { return extra; }
    public Map<String, String> headers() { return headers; }
}
