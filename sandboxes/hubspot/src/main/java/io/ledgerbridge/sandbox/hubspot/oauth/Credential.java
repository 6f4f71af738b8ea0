package io.ledgerbridge.sandbox.hubspot.oauth;

import io.ledgerbridge.sandbox.hubspot.crm.WriteSource;

import java.util.Set;

/**
 * Who is calling, decided by the bearer token: the portal whose data it reaches, the app behind it and its scopes.
 *
 * @param scopes null = every scope (private-app tokens made without a list)
 */
public record Credential(long portalId, long appId, String appName, Set<String> scopes, String token) {
    public boolean allows(String scope) {
        if (scopes == null) return true;
        if (scopes.contains(scope)) return true;
        // A write scope lets a token read as well (sandbox leniency); products also accept the legacy e-commerce scope.
        if (scope.endsWith(".read") && scopes.contains(scope.substring(0, scope.length() - 5) + ".write")) return true;
        return scope.startsWith("crm.objects.products.") && scopes.contains("e-commerce");
    }

    public WriteSource source() {
        return WriteSource.integration(appId, appName);
    }
}
