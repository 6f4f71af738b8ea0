package io.ledgerbridge.connector;

import io.ledgerbridge.domain.record.SourceRecord;
import io.ledgerbridge.domain.record.RecordType;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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

    /**
     * How this source is read for a historical import, when it can be read by date; empty when it cannot.
     */
    default Optional<History> history() {
        return Optional.empty();
    }

    /**
     * The records of a date range, for a historical import: invoices dated within it (and the customers and products
     * they name, before them), in pages that go on from a cursor. Pages are stable under changes made while they are
     * read (a record changed meanwhile is still read once; the live path brings its change).
     */
    interface History {
        /** Invoices the range holds, when the source can count them without reading them all; -1 otherwise. */
        long countInvoices(Range range);

        /** The page after {@code cursor} (null: the first), at most {@code limit} invoices with what they name. */
        Changes page(Range range, String cursor, int limit);
    }

    /** Documents dated from {@code from} to {@code to}, both included; {@code types} the record types wanted. */
    record Range(LocalDate from, LocalDate to, Set<RecordType> types) {
        public Range {
            if (to.isBefore(from)) {
                throw new IllegalArgumentException("the range ends (" + to + ") before it starts (" + from + ")");
            }
            types = Set.copyOf(types);
        }
    }
}
