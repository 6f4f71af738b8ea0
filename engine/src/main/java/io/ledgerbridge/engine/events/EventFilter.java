package io.ledgerbridge.engine.events;

import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncStatus;
import java.time.Instant;

/**
 * Which events a list or a bulk action is about. Null fields do not filter.
 *
 * @param text matches the record's source id, the error message or its details (e.g. a SKU)
 */
public record EventFilter(SyncStatus status, RecordType type, ErrorCode errorCode, String text, String sourceId,
        Instant from, Instant to, Long beforeId, int limit) {

    public EventFilter {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be between 1 and 1000");
        }
    }

    public static EventFilter all() {
        return new EventFilter(null, null, null, null, null, null, null, null, 100);
    }

    public EventFilter withStatus(SyncStatus s) {
        return new EventFilter(s, type, errorCode, text, sourceId, from, to, beforeId, limit);
    }

    public EventFilter withType(RecordType t) {
        return new EventFilter(status, t, errorCode, text, sourceId, from, to, beforeId, limit);
    }

    public EventFilter withErrorCode(ErrorCode c) {
        return new EventFilter(status, type, c, text, sourceId, from, to, beforeId, limit);
    }

    public EventFilter withText(String t) {
        return new EventFilter(status, type, errorCode, t, sourceId, from, to, beforeId, limit);
    }

    public EventFilter withSourceId(String id) {
        return new EventFilter(status, type, errorCode, text, id, from, to, beforeId, limit);
    }

    public EventFilter withLimit(int l) {
        return new EventFilter(status, type, errorCode, text, sourceId, from, to, beforeId, l);
    }
}
