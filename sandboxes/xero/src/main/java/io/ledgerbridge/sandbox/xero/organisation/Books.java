package io.ledgerbridge.sandbox.xero.organisation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One organisation's tables, in wire form (what GET answers), in insertion order. Every read and write holds the one
 * lock ({@link #locked}), so a request's elements are validated and saved as one step.
 */
public final class Books {
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Resource, LinkedHashMap<String, ObjectNode>> tables = new EnumMap<>(Resource.class);
    private LocalDate periodLockDate;
    private LocalDate endOfYearLockDate;
    private int nextInvoiceNumber = 1;
    private int nextCreditNoteNumber = 1;

    public Books() {
        for (Resource r : Resource.values()) {
            tables.put(r, new LinkedHashMap<>());
        }
    }

    public <T> T locked(Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    public void locked(Runnable work) {
        locked(() -> {
            work.run();
            return null;
        });
    }

    public Optional<ObjectNode> get(Resource r, String id) {
        if (id == null) {
            return Optional.empty();
        }
        ObjectNode exact = tables.get(r).get(id);
        if (exact != null) {
            return Optional.of(exact);
        }
        // Ids are GUIDs: Xero matches them without regard to case.
        return tables.get(r).entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(id)).map(Map.Entry::getValue).findFirst();
    }

    public void put(Resource r, String id, ObjectNode entity) {
        tables.get(r).put(id, entity);
    }

    /** Removes an entity for good: only for what Xero deletes outright (an item, {@code DELETE /Items/{ItemID}}). */
    public boolean remove(Resource r, String id) {
        var found = get(r, id);
        found.ifPresent(e -> tables.get(r).values().remove(e));
        return found.isPresent();
    }

    public List<ObjectNode> all(Resource r) {
        return new ArrayList<>(tables.get(r).values());
    }

    public LocalDate periodLockDate() {
        return periodLockDate;
    }

    public LocalDate endOfYearLockDate() {
        return endOfYearLockDate;
    }

    public void lockDates(LocalDate period, LocalDate endOfYear) {
        this.periodLockDate = period;
        this.endOfYearLockDate = endOfYear;
    }

    /** INV-0001, INV-0002… (Xero's default invoice settings: prefix INV-, next number 0001). */
    public String nextInvoiceNumber() {
        return "INV-%04d".formatted(nextInvoiceNumber++);
    }

    public String nextCreditNoteNumber() {
        return "CN-%04d".formatted(nextCreditNoteNumber++);
    }
}
