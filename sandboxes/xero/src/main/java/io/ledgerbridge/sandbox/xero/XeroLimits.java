package io.ledgerbridge.sandbox.xero;

/**
 * Xero's API limits (API_FACTS B.6 [OFFICIAL] developer.xero.com/documentation/oauth2/limits): per tenant 5 calls in
 * progress at once, 60 a minute and 5,000 a day; per app 10,000 a minute across all tenants. Tests may lower them.
 */
public record XeroLimits(int concurrent, int perMinute, int perDay, int appPerMinute) {
    public static final XeroLimits XERO = new XeroLimits(5, 60, 5_000, 10_000);

    public XeroLimits {
        if (concurrent < 1 || perMinute < 1 || perDay < 1 || appPerMinute < 1) {
            throw new IllegalArgumentException("every limit must be at least 1: " + concurrent + "/" + perMinute + "/" + perDay + "/" + appPerMinute);
        }
    }
}
