package io.ledgerbridge.engine.mapping;

import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.workspace.FlowId;
import java.util.Collection;
import java.util.Map;

/**
 * Source record ⇄ destination record, per flow and record type. Written only by
 * {@link io.ledgerbridge.engine.queue.SyncQueue#complete}, in the transaction that marks an event Success.
 * The source key is the record's source id, except for products, which are keyed by SKU.
 */
public interface Mappings {
    /** Destination ids of the given source keys; keys without a mapping are absent. */
    Map<String, String> find(FlowId flow, RecordType type, Collection<String> sourceKeys);

    /** {@link #find} for several record types at once (one round trip where the store can); every type is present. */
    default Map<RecordType, Map<String, String>> findAll(FlowId flow, Map<RecordType, ? extends Collection<String>> keys) {
        var out = new java.util.EnumMap<RecordType, Map<String, String>>(RecordType.class);
        keys.forEach((type, sourceKeys) -> out.put(type, find(flow, type, sourceKeys)));
        return out;
    }
}
