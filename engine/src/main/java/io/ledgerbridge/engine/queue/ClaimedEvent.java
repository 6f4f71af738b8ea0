package io.ledgerbridge.engine.queue;

import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.record.SourceRecord;
import io.ledgerbridge.domain.sync.SyncEventId;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.WorkspaceId;

/**
 * An event a worker holds (status Processing, leased to its node), with the record's latest version.
 *
 * @param attempt    the number of this attempt (1 for the first) since the event was last queued by a person
 * @param uncertain  an earlier attempt may have written the record (its node stopped, or it timed out): the
 *                   destination is searched by natural key before writing again
 * @param importShare for an event a historical import made, the percent of the destination's daily calls the import
 *                   may use; 0 for a live event
 */
public record ClaimedEvent(SyncEventId id, WorkspaceId workspace, FlowId flow, RecordType type, String sourceId,
        long version, SourceRecord record, int attempt, int retryCount, boolean uncertain, int importShare) {

    public ClaimedEvent(SyncEventId id, WorkspaceId workspace, FlowId flow, RecordType type, String sourceId,
            long version, SourceRecord record, int attempt, int retryCount, boolean uncertain) {
        this(id, workspace, flow, type, sourceId, version, record, attempt, retryCount, uncertain, 0);
    }

    /** Made by a historical import (and not taken back to live priority since). */
    public boolean historical() {
        return importShare > 0;
    }
}
