package io.ledgerbridge.web.event;

import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncAction;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.events.AttemptView;
import io.ledgerbridge.engine.events.EventFilter;
import io.ledgerbridge.engine.events.EventView;
import io.ledgerbridge.engine.events.SyncEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The text part of an event filter ({@code q}), matched here rather than in the store: the store's text condition
 * is appended without a leading space ({@code PostgresSyncEvents.filtered} builds {@code ":workspaceAND (...)"}),
 * so every query with text fails there. Everything else is the store's. Once the store is fixed, delete this class
 * and its line in {@link EventEndpoints}.
 *
 * <p>Text matches, case-insensitively, the record's id, its natural key (email, SKU, number), the error's code,
 * its details (e.g. the SKU) and the vendor's message, as the store's SQL does. Events are scanned newest first in
 * windows of {@value #WINDOW}, at most {@value #MAX_WINDOWS} windows per call.
 */
final class TextSearch implements SyncEvents {

    static final int WINDOW = 1000;
    static final int MAX_WINDOWS = 20;

    private final SyncEvents store;

    TextSearch(SyncEvents store) {
        this.store = store;
    }

    @Override
    public List<EventView> list(WorkspaceId workspace, EventFilter filter) {
        if (blank(filter.text())) {
            return store.list(workspace, filter);
        }
        return scan(workspace, filter, filter.limit());
    }

    @Override
    public BulkResult actOnAll(WorkspaceId workspace, EventFilter filter, SyncAction action, Instant now) {
        if (blank(filter.text())) {
            return store.actOnAll(workspace, filter, action, now);
        }
        int changed = 0;
        int refused = 0;
        for (var e : scan(workspace, filter, WINDOW).reversed()) {
            if (store.act(workspace, e.id(), action, null, now) instanceof ActionResult.Done) {
                changed++;
            } else {
                refused++;
            }
        }
        return new BulkResult(changed, refused);
    }

    private List<EventView> scan(WorkspaceId workspace, EventFilter filter, int limit) {
        String text = filter.text().trim().toLowerCase(Locale.ROOT);
        var found = new ArrayList<EventView>();
        Long before = filter.beforeId();
        for (int w = 0; w < MAX_WINDOWS; w++) {
            var window = store.list(workspace, new EventFilter(filter.status(), filter.type(), filter.errorCode(), null,
                    filter.sourceId(), filter.from(), filter.to(), before, WINDOW));
            for (var e : window) {
                if (matches(e, text)) {
                    found.add(e);
                    if (found.size() == limit) {
                        return found;
                    }
                }
            }
            if (window.size() < WINDOW) {
                break;
            }
            before = window.getLast().id();
        }
        return found;
    }

    static boolean matches(EventView e, String lowerText) {
        if (contains(e.sourceId(), lowerText) || contains(e.naturalKey(), lowerText)) {
            return true;
        }
        var error = e.error();
        if (error == null) {
            return false;
        }
        if (contains(error.code().name(), lowerText) || contains(error.vendorMessage(), lowerText)) {
            return true;
        }
        for (Map.Entry<String, String> d : error.details().entrySet()) {
            if (contains(d.getKey(), lowerText) || contains(d.getValue(), lowerText)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(String value, String lowerText) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(lowerText);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public Optional<EventView> get(WorkspaceId workspace, long eventId) {
        return store.get(workspace, eventId);
    }

    @Override
    public List<EventView> ofRecord(WorkspaceId workspace, RecordType type, String sourceId) {
        return store.ofRecord(workspace, type, sourceId);
    }

    @Override
    public List<AttemptView> attempts(WorkspaceId workspace, long eventId) {
        return store.attempts(workspace, eventId);
    }

    @Override
    public Map<String, Long> countsByStatus(WorkspaceId workspace) {
        return store.countsByStatus(workspace);
    }

    @Override
    public ActionResult act(WorkspaceId workspace, long eventId, SyncAction action, String destinationId, Instant now) {
        return store.act(workspace, eventId, action, destinationId, now);
    }
}
