package io.ledgerbridge.engine.history;

import io.ledgerbridge.connector.Source;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.record.SourceRecord;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.FlowId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The nodes' side of historical imports (implemented by {@code PostgresImports}, beside {@link HistoricalImports}):
 * the reading lease, storing a page with its cursor, verification, pauses settled, and the import share of each
 * destination's day. Used by {@link ImportRunner} and the pipeline only.
 */
public interface ImportReading {

    /** A running import whose next page this node may read now, leased until {@code leaseUntil}; empty when none. */
    Optional<Reading> leaseReading(String node, Instant now, Instant leaseUntil);

    /**
     * What a node needs to read the next page.
     *
     * @param cursor where the last stored page ended; null before the first
     */
    record Reading(UUID id, FlowId flow, ConnectionId source, Source.Range range, String cursor) {}

    /**
     * Stores one page in one transaction: the records (as intake stores them), a historical event for every record of
     * the page that has no event in the flow yet (after every live event of the destination), the page's records of
     * the chosen types as the import's items, the records intake refused, and the cursor to go on from. A page stored twice (a node stopped after
     * storing it, before its lease ended) changes nothing the second time. Returns false, storing nothing, when the
     * import is no longer running or the lease was lost.
     */
    boolean storePage(String node, UUID id, List<SourceRecord> records, List<Refusal> refused, String nextCursor,
            boolean last, Instant now);

    /** A record of a page that intake refused (an invoice without lines, an unknown currency): a failed item. */
    record Refusal(RecordType type, String id, String problems) {}

    /**
     * Puts every waiting event of a paused import on hold and releases those of a running one: a completion that
     * raced a pause or a resume, or a lease that expired meanwhile, may have left one on the wrong side. Returns how
     * many it moved. Nodes call it every round.
     */
    int settlePauses(Instant now);

    /** Running imports whose reading is done, to verify. */
    List<UUID> readImports();

    /**
     * Verifies an import whose reading is done: when every item is synced, skipped or failed, writes the report and
     * marks it Completed (or Failed, when the count does not match the source's). Returns the import when it finished.
     */
    Optional<HistoricalImport> verify(UUID id, Instant now);

    /**
     * Takes one call from the import share of the destination's day ({@code callsPerDay}, counted per UTC day across
     * nodes). Returns empty when taken, otherwise when the next day's share starts.
     */
    Optional<Instant> takeBudget(ConnectionId destination, long callsPerDay, Instant now);

    /** Events are claimed after every live event of the destination: their priority is raised by this much. */
    int PRIORITY_OFFSET = 10;

    /** How long a node holds an import's reading before another node may take it over. */
    Duration READING_LEASE = Duration.ofSeconds(30);
}
