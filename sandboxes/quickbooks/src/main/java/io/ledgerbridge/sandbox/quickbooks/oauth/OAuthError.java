package io.ledgerbridge.sandbox.quickbooks.oauth;

/** An OAuth 2.0 error response ({@code {"error":"invalid_grant"}}, API_FACTS A.8). */
public final class OAuthError extends RuntimeException {
    private final int status;
    private final String error;

    public OAuthError(int status, String error, String description) {
        super(description, null, false, false);
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }
}
