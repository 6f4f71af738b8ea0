package io.ledgerbridge.engine.history;

import io.ledgerbridge.connector.Source;
import io.ledgerbridge.domain.record.SourceRecord;
import io.ledgerbridge.domain.workspace.ConnectionId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's part in historical imports, run every second: reads the next pages of one running import (any node may,
 * one at a time: the reading is leased), stores each page with its cursor in one transaction, and verifies the imports
 * whose reading is done once nothing of theirs is waiting. A node that stops mid-page leaves the import at its last
 * stored page; its lease runs out and another node goes on from there.
 */
public final class ImportRunner {

    private static final Logger log = LoggerFactory.getLogger(ImportRunner.class);
    /** Invoices a page (HubSpot's search answers at most 200, API_FACTS C.1). */
    static final int PAGE = 100;
    /** Pages read in a round before the import's lease is handed back, so that several imports take turns. */
    static final int PAGES_PER_ROUND = 20;

    private final ImportReading imports;
    private final Function<ConnectionId, Optional<Source>> sources;
    private final Runnable wakeWorkers;
    private final Clock clock;
    private final String node;

    public ImportRunner(ImportReading imports, Function<ConnectionId, Optional<Source>> sources, Runnable wakeWorkers,
            Clock clock, String node) {
        this.imports = imports;
        this.sources = sources;
        this.wakeWorkers = wakeWorkers;
        this.clock = clock;
        this.node = node;
    }

    /** One round; never throws (a failed read is tried again next round, from the stored cursor). */
    public void step() {
        try {
            imports.settlePauses(clock.instant());
            for (var id : imports.readImports()) {
                imports.verify(id, clock.instant()).ifPresent(done -> log.info("import={} flow={} finished status={} {}",
                        done.id(), done.flow(), done.status(), done.statusReason()));
            }
            var reading = imports.leaseReading(node, clock.instant(), clock.instant().plus(ImportReading.READING_LEASE));
            reading.ifPresent(this::read);
        } catch (RuntimeException e) {
            log.warn("historical import round failed, the next round goes on from the stored cursor: {}", e.toString());
        }
    }

    private void read(ImportReading.Reading reading) {
        var history = sources.apply(reading.source()).flatMap(Source::history);
        if (history.isEmpty()) {
            log.warn("import={} its source {} cannot be read by date now", reading.id(), reading.source());
            return;
        }
        String cursor = reading.cursor();
        for (int page = 0; page < PAGES_PER_ROUND; page++) {
            var changes = history.get().page(reading.range(), cursor, PAGE);
            var valid = new ArrayList<SourceRecord>();
            var refused = new ArrayList<ImportReading.Refusal>();
            for (var r : changes.records()) {
                var problems = r.validate();
                if (problems.isEmpty()) {
                    valid.add(r);
                } else {
                    refused.add(new ImportReading.Refusal(r.type(), r.id(),
                            problems.stream().map(Object::toString).collect(Collectors.joining("; "))));
                }
            }
            boolean last = !changes.more();
            String next = changes.nextCursor() != null ? changes.nextCursor() : cursor;
            if (!imports.storePage(node, reading.id(), valid, refused, next, last, clock.instant())) {
                return; // paused, cancelled, or taken over by another node meanwhile
            }
            if (!valid.isEmpty()) {
                wakeWorkers.run();
            }
            if (last) {
                log.info("import={} read to the end of {}", reading.id(), reading.range());
                return;
            }
            cursor = next;
        }
    }
}
