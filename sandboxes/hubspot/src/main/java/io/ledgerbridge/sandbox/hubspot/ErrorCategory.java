package io.ledgerbridge.sandbox.hubspot;

/** The {@code category} field of HubSpot's error body (API_FACTS C.3, categories seen [2ND]). */
public enum ErrorCategory {
    VALIDATION_ERROR,
    OBJECT_NOT_FOUND,
    CONFLICT,
    RATE_LIMITS,
    EXPIRED_AUTHENTICATION,
    INVALID_AUTHENTICATION,
    MISSING_SCOPES,
    /** Sandbox choice for the "503 for a duration" fault; real 5xx bodies vary and are often not JSON. */
    SERVICE_UNAVAILABLE
}
