package io.ledgerbridge.engine.intake;

import io.ledgerbridge.connector.Source;
import io.ledgerbridge.domain.workspace.ConnectionId;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safety net behind webhooks, and the only feed for sources without them (QuickBooks change data capture): reads
 * every polled source from its cursor and hands each record to the intake, which makes one event per new version
 * only. One node polls a source at a time; the cursor is stored after the records are received, so a crash re-reads
 * a page (harmless) and never skips one.
 */
public final class SourcePoller {

    private static final Logger log = LoggerFactory.getLogger(SourcePoller.class);
    private static final int PAGE = 200;

    private final SourceCursors cursors;
    private final Function<ConnectionId, Optional<Source>> sources;
    private final RecordIntake intake;

    public SourcePoller(SourceCursors cursors, Function<ConnectionId, Optional<Source>> sources, RecordIntake intake) {
        this.cursors = cursors;
        this.sources = sources;
        this.intake = intake;
    }

    /** Polls every source once; returns how many records were accepted. Never throws for one source's failure. */
    public int pollAll() {
        int accepted = 0;
        for (var connection : cursors.polledSources()) {
            try {
                accepted += poll(connection);
            } catch (RuntimeException e) {
                log.warn("connection={} polling failed, next round retries: {}", connection, e.toString());
            }
        }
        return accepted;
    }

    /** Polls one source from its cursor to the end of what it has now. */
    public int poll(ConnectionId connection) {
        var source = sources.apply(connection);
        if (source.isEmpty()) {
            return 0;
        }
        int[] accepted = {0};
        cursors.whilePolling(connection, cursor -> {
            String at = cursor;
            while (true) {
                var changes = source.get().changesSince(at, PAGE);
                // A page in one transaction.
                var results = changes.records().isEmpty() ? java.util.List.<RecordIntake.Result>of()
                        : intake.receiveAll(connection, changes.records());
                for (int i = 0; i < results.size(); i++) {
                    if (results.get(i) instanceof RecordIntake.Result.Invalid invalid) {
                        log.warn("connection={} record={} from polling refused: {}", connection,
                                changes.records().get(i).id(), invalid.problems());
                    } else {
                        accepted[0]++;
                    }
                }
                if (changes.nextCursor() != null) {
                    at = changes.nextCursor();
                }
                if (!changes.more()) {
                    return at;
                }
            }
        });
        return accepted[0];
    }
}
