package io.ledgerbridge.sandbox.xero.invoice;

import java.util.Map;
import java.util.Set;

/**
 * Invoice statuses and the transitions a client may ask for (API_FACTS B.3 [2ND] digest of the invoices page):
 * DRAFT→{DRAFT,SUBMITTED,AUTHORISED,DELETED}; SUBMITTED→{SUBMITTED,AUTHORISED,DRAFT,DELETED};
 * AUTHORISED→{AUTHORISED,VOIDED} (void only without payments); PAID is set by Xero when fully paid; PAID, VOIDED and
 * DELETED accept nothing.
 */
public final class InvoiceStatus {
    public static final Set<String> ALL = Set.of("DRAFT", "SUBMITTED", "DELETED", "AUTHORISED", "PAID", "VOIDED");
    public static final Set<String> ON_CREATE = Set.of("DRAFT", "SUBMITTED", "AUTHORISED");

    private static final Map<String, Set<String>> NEXT = Map.of(
            "DRAFT", Set.of("DRAFT", "SUBMITTED", "AUTHORISED", "DELETED"),
            "SUBMITTED", Set.of("SUBMITTED", "AUTHORISED", "DRAFT", "DELETED"),
            "AUTHORISED", Set.of("AUTHORISED", "VOIDED"),
            "PAID", Set.of(),
            "VOIDED", Set.of(),
            "DELETED", Set.of());

    private InvoiceStatus() {}

    public static boolean allowed(String from, String to) {
        return NEXT.getOrDefault(from, Set.of()).contains(to);
    }
}
