package io.ledgerbridge.sandbox.quickbooks.realm;

import io.ledgerbridge.sandbox.kit.idempotency.ReplayCache;
import io.ledgerbridge.sandbox.quickbooks.admin.FaultSwitches;
import io.ledgerbridge.sandbox.quickbooks.entity.Books;
import io.ledgerbridge.sandbox.quickbooks.ratelimit.RealmThrottle;
import io.ledgerbridge.sandbox.quickbooks.api.ApiResponse;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One QuickBooks company (realm) and everything the sandbox keeps per realm.
 *
 * @param replays {@code ?requestid=} idempotency (API_FACTS A.7): the first response to a request id (a fault
 *                included) is returned again for that id
 */
public record Realm(String realmId, Books books, RealmThrottle throttle, FaultSwitches switches, ReplayCache<ApiResponse> replays,
                    AtomicLong throttled) {}
