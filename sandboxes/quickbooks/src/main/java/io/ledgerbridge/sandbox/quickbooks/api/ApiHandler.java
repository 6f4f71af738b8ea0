package io.ledgerbridge.sandbox.quickbooks.api;

import io.javalin.http.Context;
import io.ledgerbridge.sandbox.quickbooks.realm.Realm;

/** One accounting API operation, run by {@link ApiGate} once the request is authenticated and admitted. */
@FunctionalInterface
public interface ApiHandler {
    ApiResponse handle(Realm realm, Context ctx);
}
