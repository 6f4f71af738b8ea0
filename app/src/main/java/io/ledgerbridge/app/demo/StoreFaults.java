package io.ledgerbridge.app.demo;

import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.engine.mapping.Mappings;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo's fault switch on Ledgerbridge's own side, like the sandboxes' switches on the vendors' side: the next
 * {@code n} reads of a flow's mappings fail as a store that did not answer would. It is how the demo shows "Could not
 * get or create mapping", the one error of the catalogue that no external system can cause. Only the demo uses it.
 */
final class StoreFaults {

    private final Map<FlowId, AtomicInteger> failNext = new ConcurrentHashMap<>();

    /** The next {@code n} mapping reads of {@code flow} fail. */
    void failMappingReads(FlowId flow, int n) {
        failNext.put(flow, new AtomicInteger(n));
    }

    /** Wraps the store's mapping reads with the switch. */
    Mappings wrap(Mappings store) {
        return new Mappings() {
            @Override
            public Map<String, String> find(FlowId flow, RecordType type, Collection<String> sourceKeys) {
                trip(flow);
                return store.find(flow, type, sourceKeys);
            }

            @Override
            public Map<RecordType, Map<String, String>> findAll(FlowId flow,
                    Map<RecordType, ? extends Collection<String>> keys) {
                trip(flow);
                return store.findAll(flow, keys);
            }
        };
    }

    private void trip(FlowId flow) {
        var left = failNext.get(flow);
        if (left != null && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("the mapping store did not answer (the demo's store fault switch)");
        }
    }
}
