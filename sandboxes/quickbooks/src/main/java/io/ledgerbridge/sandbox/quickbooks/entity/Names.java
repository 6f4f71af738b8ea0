package io.ledgerbridge.sandbox.quickbooks.entity;

import io.ledgerbridge.sandbox.quickbooks.fault.Faults;

/** Rules shared by the name fields of lists (Customer.DisplayName, Item.Name). */
final class Names {
    private Names() {}

    /**
     * API_FACTS A.2: a name must not contain {@code :} (QuickBooks uses it to join parent and child names in
     * FullyQualifiedName); tabs and line breaks are rejected too. The fault wording is a design choice.
     */
    static void requireValidCharacters(String name, String element) {
        if (name.indexOf(':') >= 0 || name.indexOf('\t') >= 0 || name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
            throw Faults.businessValidation(
                    "The " + element + " contains an invalid character. Remove any colon (:), tab or line break.", element);
        }
    }

    static boolean same(String a, String b) {
        return a != null && b != null && a.strip().equalsIgnoreCase(b.strip());
    }
}
