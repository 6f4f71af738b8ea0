package io.ledgerbridge.web.event;

import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.record.FieldProblem;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.engine.events.EventFilter;
import io.ledgerbridge.web.api.ApiError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads which events a list or a bulk action is about from query parameters or a filter body. Values are read
 * case-insensitively ({@code failed}, {@code FAILED}; {@code invoice}, {@code invoices}); a value that names
 * nothing is a 400 naming the parameter, never an empty result.
 */
final class EventQuery {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final int MAX_TEXT = 200;

    private EventQuery() {}

    /** The filter body of {@code POST /events/retry} and {@code /skip}. */
    record Filter(String status, String type, String error, String q) {
        boolean isEmpty() {
            return blank(status) && blank(type) && blank(error) && blank(q);
        }
    }

    static EventFilter filter(String status, String type, String error, String q, String before, String limit,
            String where) {
        var problems = new ArrayList<FieldProblem>();
        var s = status(status, problems);
        var t = type(type, problems);
        var e = error(error, problems);
        String text = blank(q) ? null : q.trim();
        if (text != null && text.length() > MAX_TEXT) {
            problems.add(new FieldProblem("q", "is longer than " + MAX_TEXT + " characters"));
        }
        Long beforeId = null;
        if (!blank(before)) {
            try {
                beforeId = Long.parseLong(before.trim());
                if (beforeId < 1) {
                    problems.add(new FieldProblem("before", "must be an event id (a positive whole number)"));
                }
            } catch (NumberFormatException nan) {
                problems.add(new FieldProblem("before", "must be an event id (a positive whole number)"));
            }
        }
        int size = DEFAULT_LIMIT;
        if (!blank(limit)) {
            try {
                size = Integer.parseInt(limit.trim());
            } catch (NumberFormatException nan) {
                size = -1;
            }
            if (size < 1 || size > MAX_LIMIT) {
                problems.add(new FieldProblem("limit", "must be a whole number from 1 to " + MAX_LIMIT));
            }
        }
        if (!problems.isEmpty()) {
            var first = problems.getFirst();
            throw new ApiError(400, "invalid_parameter", "The " + where + " '" + first.field() + "' " + first.problem()
                    + (problems.size() > 1 ? ", and " + (problems.size() - 1) + " more." : "."), problems);
        }
        return new EventFilter(s, t, e, text, null, null, null, beforeId, size);
    }

    static EventFilter filter(Filter body) {
        if (body.isEmpty()) {
            throw new ApiError(400, "empty_filter", "Give at least one of status, type, error or q, so that a bulk "
                    + "action never reaches every event of the workspace by accident.");
        }
        return filter(body.status(), body.type(), body.error(), body.q(), null, null, "filter field");
    }

    private static SyncStatus status(String value, List<FieldProblem> problems) {
        if (blank(value)) {
            return null;
        }
        for (var s : SyncStatus.values()) {
            if (s.name().equalsIgnoreCase(value.trim()) || s.label().equalsIgnoreCase(value.trim())) {
                return s;
            }
        }
        problems.add(new FieldProblem("status", "must be one of " + names(SyncStatus.values())));
        return null;
    }

    private static RecordType type(String value, List<FieldProblem> problems) {
        if (blank(value)) {
            return null;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (var t : RecordType.values()) {
            if (t.singular().equals(v) || t.plural().equals(v)) {
                return t;
            }
        }
        problems.add(new FieldProblem("type", "must be one of " + Arrays.stream(RecordType.values())
                .map(RecordType::singular).collect(Collectors.joining(", "))));
        return null;
    }

    private static ErrorCode error(String value, List<FieldProblem> problems) {
        if (blank(value)) {
            return null;
        }
        for (var c : ErrorCode.values()) {
            if (c.name().equalsIgnoreCase(value.trim())) {
                return c;
            }
        }
        problems.add(new FieldProblem("error", "must be an error code such as SKU_NOT_FOUND (one of "
                + names(ErrorCode.values()) + ")"));
        return null;
    }

    private static String names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).collect(Collectors.joining(", "));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
