package io.ledgerbridge.connector.xero;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code Code} of each Xero item this node has recently seen, by ItemID (lower case), for one organisation.
 *
 * <p>Xero's invoice lines name items by Code only (API_FACTS B.3 {@code ItemCode}), while the engine's mapping holds the
 * ItemID, so every invoice line needs its item's current Code. Reading them with {@code GET /Items?IDs=…} for every
 * batch of 50 invoices doubled the calls of a sync (BENCHMARKS.md, Xero). So the codes are kept here, filled from the
 * items this sink wrote, found and read, and forgotten after {@link #TTL}. A code that went stale in the meantime (the
 * item's Code changed or the item was removed in Xero) makes Xero refuse the line with "Item code '…' is not valid";
 * {@link XeroSink} then forgets the codes of that invoice, reads them again and resends it once, so a stale entry costs
 * one extra call, never a wrong line or a lost invoice. Thread-safe.
 */
final class ItemCodes {

    /** How long a code read from Xero is trusted without reading it again. */
    static final Duration TTL = Duration.ofMinutes(15);

    private record Seen(String code, Instant at) {}

    private final Clock clock;
    private final Map<String, Seen> byId = new ConcurrentHashMap<>();

    ItemCodes(Clock clock) {
        this.clock = clock;
    }

    /** The codes known and still fresh for these item ids, keyed by lower-case id. */
    Map<String, String> known(Collection<String> itemIds) {
        var out = new HashMap<String, String>();
        Instant now = clock.instant();
        for (String id : itemIds) {
            String key = key(id);
            var seen = byId.get(key);
            if (seen != null && now.isBefore(seen.at().plus(TTL))) {
                out.put(key, seen.code());
            }
        }
        return out;
    }

    void put(String itemId, String code) {
        if (itemId != null && code != null) {
            byId.put(key(itemId), new Seen(code, clock.instant()));
        }
    }

    void forget(Collection<String> itemIds) {
        itemIds.forEach(id -> byId.remove(key(id)));
    }

    static String key(String itemId) {
        return itemId.toLowerCase(Locale.ROOT);
    }
}
