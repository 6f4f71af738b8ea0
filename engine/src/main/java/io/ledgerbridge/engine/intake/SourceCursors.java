package io.ledgerbridge.engine.intake;

import io.ledgerbridge.domain.workspace.ConnectionId;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Where each polled source continues from, and who polls it now. */
public interface SourceCursors {

    /** Source connections that are Connected, read by at least one flow, and not pushed to (the native source). */
    List<ConnectionId> polledSources();

    /**
     * Runs {@code poll} for the connection unless another node is polling it right now (then returns empty). {@code poll}
     * gets the stored cursor (null the first time) and returns the cursor to store.
     */
    Optional<String> whilePolling(ConnectionId source, Function<String, String> poll);
}
