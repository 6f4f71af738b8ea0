package io.ledgerbridge.sandbox.quickbooks.realm;

import io.ledgerbridge.sandbox.quickbooks.admin.FaultSwitches;
import io.ledgerbridge.sandbox.quickbooks.entity.Books;
import io.ledgerbridge.sandbox.quickbooks.ratelimit.RealmThrottle;
import io.ledgerbridge.sandbox.quickbooks.requestid.ReplayCache;
import java.util.concurrent.atomic.AtomicLong;

/** One QuickBooks company (realm) and everything the sandbox keeps per realm. */
public record Realm(String realmId, Books books, RealmThrottle throttle, FaultSwitches switches, ReplayCache replays,
                    AtomicLong throttled) {}
