package io.ledgerbridge.engine.history;

import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Historical imports kept in PostgreSQL (implemented by {@code PostgresImports}) as people see them: started, shown,
 * paused, resumed and cancelled. What nodes do with them (read pages, verify, keep the budget) is {@link ImportReading}.
 * Every method may be called from any node at any time.
 */
public interface HistoricalImports {

    HistoricalImport create(WorkspaceId workspace, FlowId flow, LocalDate from, LocalDate to, Set<RecordType> types,
            long expected, int budgetShare, String actor, Instant now);

    /** With its progress counted now. */
    Optional<HistoricalImport> find(WorkspaceId workspace, UUID id);

    /** The workspace's imports, newest first, of one flow when {@code flow} is not null. */
    List<HistoricalImport> list(WorkspaceId workspace, FlowId flow);

    /**
     * Pauses, resumes or cancels. Pausing holds the import's waiting syncs and its reading; resuming makes them due
     * again; cancelling skips them ("The import was cancelled by …"). Returns the import as it is now, or empty when it
     * was not in a state the change applies to (e.g. resuming a running import), or does not exist.
     */
    Optional<HistoricalImport> change(WorkspaceId workspace, UUID id, Status to, String actor, Instant now);

    enum Status { PAUSED, RUNNING, CANCELLED }
}
