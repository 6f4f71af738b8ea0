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
     * Stores several records from {@code source}, each exactly as {@link #save} would, in one transaction (one commit
     * for all: what makes intake fast); the answers come in the records' order. A record may appear more than once:
     * its later content is a later version. Either every record is stored or none is (the transaction fails whole).
     */
    default List<Saved> saveAll(ConnectionId source, List<? extends SourceRecord> records, Instant now) {
        return records.stream().map(r -> save(source, r, now)).toList();
    }

    /**
     * Marks the given events, not tried yet, as historical: claimed after every live event of their destination (as a
     * historical import's are). A live change of the record, or a live event that waits on one, makes it live again.
     */
    default void markHistorical(Collection<io.ledgerbridge.domain.sync.SyncEventId> events) {}

    /** Which of {@code sourceIds} the source has sent (of one type). */
    default java.util.Set<String> existing(ConnectionId source, RecordType type, Collection<String> sourceIds) {
        return sourceIds.stream().filter(id -> exists(source, type, id)).collect(java.util.stream.Collectors.toSet());
    }

    /**
     * @param version the record's version after the save
     * @param changed false when the content was already stored
     * @param events  the events that will sync this version (new or updated)
     */
    record Saved(long version, boolean changed, List<SyncEventId> events) {}
}
