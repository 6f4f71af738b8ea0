package io.ledgerbridge.sandbox.hubspot;

import io.ledgerbridge.sandbox.hubspot.association.AssociationGraph;
import io.ledgerbridge.sandbox.hubspot.association.AssociationTypes;
import io.ledgerbridge.sandbox.hubspot.crm.ObjectStore;
import io.ledgerbridge.sandbox.hubspot.fault.PortalFaults;
import io.ledgerbridge.sandbox.hubspot.ratelimit.RateLimits;
import io.ledgerbridge.sandbox.hubspot.ratelimit.PortalLimiter;

import java.time.Clock;
import java.util.List;

/** One HubSpot account ("portal", "hub") with its own records, associations, limits, counters and faults. */
public final class Portal {
    private final long id;
    private final String name;
    private final ObjectStore store;
    private final AssociationGraph associations;
    private final PortalLimiter limiter;
    private final PortalFaults faults;

    Portal(long id, String name, Clock clock, List<String> invoiceStatuses, AssociationTypes types, RateLimits limits) {
        this.id = id;
        this.name = name;
        Object lock = new Object();
        this.store = new ObjectStore(lock, clock, invoiceStatuses, 1001);
        this.associations = new AssociationGraph(lock, store, types);
        this.limiter = new PortalLimiter(clock, limits);
        this.faults = new PortalFaults(clock);
    }

    public long id() { return id; }
    public String name() { return name; }
    public ObjectStore store() { return store; }
    public AssociationGraph associations() { return associations; }
    public PortalLimiter limiter() { return limiter; }
    public PortalFaults faults() { return faults; }
}
