package io.ledgerbridge.engine.history;

import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A historical import: the records of a date range read from a flow's source and synced through the flow after
 * every live sync of the same destination ("yields to live syncs"), within a share of the destination's daily calls.
 * Its reading is checkpointed page by page in PostgreSQL (any node goes on where another stopped); each record read is
 * an item whose fate (synced, skipped with its reason, failed with its error) the import's report states at the end.
 *
 * @param expected    invoices the source said the range holds when the import started; -1 when it cannot count
 * @param budgetShare percent of the destination's daily calls the import may use (the rest stays for live syncs)
 * @param readingDone every page of the range has been read and stored
 */
public record HistoricalImport(UUID id, WorkspaceId workspace, FlowId flow, LocalDate from, LocalDate to,
        Set<RecordType> types, Status status, String statusReason, long expected, int budgetShare, boolean readingDone,
        int pages, Progress progress, String createdBy, Instant createdAt, Instant updatedAt, Instant finishedAt,
        Optional<Report> report) {

    public HistoricalImport {
        types = Set.copyOf(types);
    }

    public enum Status {
        /** Reading pages and syncing what was read. */
        RUNNING,
        /** Stopped by a person: nothing more is read or synced until resumed. */
        PAUSED,
        /** Stopped for good by a person: its waiting syncs were skipped. */
        CANCELLED,
        /** Every record read is synced, skipped or failed, and the count matches the source's. */
        COMPLETED,
        /** Finished, but the records read do not match what the source said the range holds. */
        FAILED;

        public boolean finished() {
            return this == CANCELLED || this == COMPLETED || this == FAILED;
        }
    }

    /**
     * Where the items stand now.
     *
     * @param items   records read so far (of the chosen types)
     * @param waiting items not finished yet (pending, in flight, or waiting for the budget or a dependency)
     * @param heldUntil when the import waits for the next day's budget, when it goes on; null otherwise
     */
    public record Progress(long items, long synced, long skipped, long failed, long waiting, Instant heldUntil) {
        public static final Progress NONE = new Progress(0, 0, 0, 0, 0, null);

        public long done() {
            return synced + skipped + failed;
        }
    }

    /**
     * The verification at the end: every item's fate, and whether the count matches the source's.
     *
     * @param invoicesRead invoices read, to compare with {@link #expected()}
     * @param skipped      reason → how many
     * @param failed       the failed items: record, error code and the event to open
     * @param mismatch     why the count does not match; null when it does
     */
    public record Report(long expected, long invoicesRead, long synced, Map<String, Long> skipped, List<FailedItem> failed,
            String mismatch, Instant verifiedAt) {
        public Report {
            skipped = Map.copyOf(skipped);
            failed = List.copyOf(failed);
        }
    }

    public record FailedItem(RecordType type, String sourceId, String errorCode, long eventId) {}
}
