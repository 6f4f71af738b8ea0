package io.ledgerbridge.engine.connection;

import java.util.Optional;
import java.util.Set;

/**
 * Which connections may be added directly (over the API or the command line), without a vendor's consent page: your
 * app (the native source) and a reference ledger. QuickBooks, Xero and HubSpot connect through their consent page,
 * where a person signs in and chooses the account: from the dashboard, or through a consent request ({@link Consents})
 * whose link the API or the command line hands out.
 */
public final class ConnectionRules {

    public static final Set<String> DIRECT = Set.of("native", "reference");
    private static final Set<String> CONSENT = Set.of("quickbooks", "xero", "hubspot");

    private ConnectionRules() {}

    /** Whether {@code system} needs its consent page (the API answers that as {@code needs_consent}). */
    public static boolean needsConsent(String system) {
        return CONSENT.contains(system);
    }

    /** Why a connection of {@code system} cannot be added directly, in a sentence; empty when it can. */
    public static Optional<String> directRefusal(String system) {
        if (DIRECT.contains(system)) {
            return Optional.empty();
        }
        if (needsConsent(system)) {
            return Optional.of("A " + system + " connection is made through its consent page, where a person "
                    + "signs in and chooses the account: use Settings → Connections → Connect in the dashboard, or "
                    + "'connections connect' on the command line. Directly, you can add \"native\" (your app) and "
                    + "\"reference\" connections.");
        }
        return Optional.of("'" + system + "' is not a system; use native, reference, quickbooks, xero or hubspot.");
    }
}
