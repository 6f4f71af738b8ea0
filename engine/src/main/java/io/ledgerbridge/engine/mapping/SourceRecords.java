package io.ledgerbridge.engine.mapping;

import io.ledgerbridge.domain.record.Product;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.record.SourceRecord;
import io.ledgerbridge.domain.sync.SyncEventId;
import io.ledgerbridge.domain.workspace.ConnectionId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The latest version of records received from sources, and their intake. */
public interface SourceRecords {

    Map<String, SourceRecord> find(ConnectionId source, RecordType type, Collection<String> sourceIds);

    /** Products of the source by exact SKU (for product sync). */
    Map<String, Product> productsBySku(ConnectionId source, Collection<String> skus);

    boolean exists(ConnectionId source, RecordType type, String sourceId);

    /**
     * Stores a record received from {@code source} and, in the same transaction, makes one event per flow that
     * reads from it. The same content received twice makes no new version and no new event. A new version
     * updates a Pending event of the record in place (one pending sync per record), or adds a new event when the
     * record's newest event is Processing or finished.
     */
    Saved save(ConnectionId source, SourceRecord record, Instant now);

    /**
     * @param version the record's version after the save
     * @param changed false when the content was already stored
     * @param events  the events that will sync this version (new or updated)
     */
    record Saved(long version, boolean changed, List<SyncEventId> events) {}
}
