package io.ledgerbridge.sandbox.quickbooks.api;

/** A finished response of the accounting API, kept as bytes-to-be so a requestid replay returns it unchanged. */
public record ApiResponse(int status, String contentType, String body) {
    public static final String JSON = "application/json;charset=UTF-8";
    public static final String XML = "application/xml;charset=UTF-8";

    public static ApiResponse json(int status, String body) {
        return new ApiResponse(status, JSON, body);
    }
}
