package io.ledgerbridge.connector.reference;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.error.SyncError;
import java.util.LinkedHashMap;

/** Classifies the reference ledger's error bodies into the error catalogue, once, here. */
final class ReferenceErrors {

    private ReferenceErrors() {}

    /** One operation's error: {"code","message","details"}. */
    static SyncError classify(JsonNode error) {
        String code = error.path("code").asText();
        String message = error.path("message").asText();
        var details = new LinkedHashMap<String, String>();
        error.path("details").properties().forEach(e -> details.put(e.getKey(), e.getValue().asText()));
        var catalogue = switch (code) {
            case "DUPLICATE_NUMBER" -> ErrorCode.ALREADY_SYNCED;
            case "DUPLICATE_NAME" -> ErrorCode.DUPLICATE_NAME;
            case "INVALID_NAME" -> ErrorCode.INVALID_CHARACTERS;
            case "PERIOD_CLOSED" -> ErrorCode.CLOSED_PERIOD;
            case "INVOICE_PAID" -> ErrorCode.INVOICE_PAID;
            case "OVERPAYMENT" -> ErrorCode.PAYMENT_EXCEEDS_OUTSTANDING;
            case "UNAUTHORIZED" -> ErrorCode.UNAUTHORIZED;
            case "RATE_LIMITED" -> ErrorCode.RATE_LIMITED;
            case "UNAVAILABLE" -> ErrorCode.TEMPORARILY_UNAVAILABLE;
            default -> ErrorCode.VENDOR_ERROR;
        };
        return new SyncError(catalogue, details, message);
    }

    /** A whole call's failure from its HTTP status. */
    static SyncError ofStatus(int status, String body) {
        var code = switch (status) {
            case 401, 403 -> ErrorCode.UNAUTHORIZED;
            case 429 -> ErrorCode.RATE_LIMITED;
            case 500, 502, 503, 504 -> ErrorCode.TEMPORARILY_UNAVAILABLE;
            default -> ErrorCode.VENDOR_ERROR;
        };
        var error = SyncError.of(code).withVendorMessage("HTTP " + status + ": " + body);
        return code == ErrorCode.RATE_LIMITED ? error.with("limit", "minute") : error;
    }
}
