package io.ledgerbridge.connector;

import io.ledgerbridge.domain.record.SourceRecord;
import java.util.List;

/**
 * Reads changes from a source connection by polling a cursor (HubSpot search by modification date, QuickBooks
 * change data capture). Webhooks are the fast path; polling is the safety net that finds what a webhook missed.
 *
 * <p>Thread-safety: the engine polls one source from one thread at a time.
 */
public interface Source {

    /**
     * Returns the changes after {@code cursor} (null: from the beginning or the flow's cut-off), at most
     * {@code limit}, and the cursor to continue from. Duplicated changes are fine: the engine makes one event
     * per record version.
     */
    Changes changesSince(String cursor, int limit);

    record Changes(List<SourceRecord> records, String nextCursor, boolean more) {
        public Changes {
            records = List.copyOf(records);
        }
    }
}
