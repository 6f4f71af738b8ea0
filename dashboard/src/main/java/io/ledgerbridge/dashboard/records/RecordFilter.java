package io.ledgerbridge.dashboard.records;

import io.javalin.http.Context;
import io.ledgerbridge.dashboard.Layout;
import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.engine.events.EventFilter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The filters of a Data list as the form sends them ({@code ?status=FAILED&error=SKU_NOT_FOUND&from=2026-11-01&q=PROD}),
 * read leniently: a value that does not parse is dropped, not an error page.
 *
 * @param type null for all record types
 * @param from  first day, inclusive; {@code to} last day, inclusive (days in the dashboard's zone)
 * @param since changed at or after this instant: set after "Retry all", so that the list shows the retried syncs
 *              (their error is cleared by the retry, so the filter that found them no longer does)
 */
public record RecordFilter(RecordType type, SyncStatus status, ErrorCode error, LocalDate from, LocalDate to,
        String text, Instant since, Long before) {

    static final int PAGE = 50;

    public static RecordFilter of(RecordType type, Map<String, String> params) {
        return new RecordFilter(type, parse(SyncStatus.class, params.get("status")), parse(ErrorCode.class, params.get("error")),
                date(params.get("from")), date(params.get("to")), text(params.get("q")), instant(params.get("since")),
                number(params.get("before")));
    }

    static RecordFilter fromQuery(RecordType type, Context ctx) {
        return of(type, one(ctx, false));
    }

    static RecordFilter fromForm(RecordType type, Context ctx) {
        return of(type, one(ctx, true));
    }

    private static Map<String, String> one(Context ctx, boolean form) {
        var map = new LinkedHashMap<String, String>();
        for (var name : new String[] {"status", "error", "from", "to", "q", "since", "before"}) {
            String v = form ? ctx.formParam(name) : ctx.queryParam(name);
            if (v != null) {
                map.put(name, v);
            }
        }
        return map;
    }

    public EventFilter toEventFilter(ZoneId zone, int limit) {
        Instant start = from == null ? null : from.atStartOfDay(zone).toInstant();
        if (since != null && (start == null || since.isAfter(start))) {
            start = since;
        }
        return new EventFilter(status, type, error, text, null, start,
                to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant(), before, limit);
    }

    public boolean filtered() {
        return status != null || error != null || from != null || to != null || text != null || since != null;
    }

    public RecordFilter withBefore(Long id) {
        return new RecordFilter(type, status, error, from, to, text, since, id);
    }

    /** Only the syncs changed at or after {@code at}, with no other filter: what a "Retry all" just queued. */
    public static RecordFilter changedSince(RecordType type, Instant at) {
        return new RecordFilter(type, null, null, null, null, null, at, null);
    }

    public RecordFilter withStatus(SyncStatus s) {
        return new RecordFilter(type, s, error, from, to, text, since, before);
    }

    /** The filter as a query string, without the page position. */
    public String query() {
        var parts = new ArrayList<String>();
        if (status != null) parts.add("status=" + status.name());
        if (error != null) parts.add("error=" + error.name());
        if (from != null) parts.add("from=" + from);
        if (to != null) parts.add("to=" + to);
        if (text != null) parts.add("q=" + Layout.url(text));
        if (since != null) parts.add("since=" + Layout.url(since.toString()));
        if (before != null) parts.add("before=" + before);
        return String.join("&", parts);
    }

    /** The filter as the name/value pairs of hidden form fields (for "Retry all matching this filter"). */
    public String[] hiddenFields() {
        var out = new ArrayList<String>();
        if (status != null) { out.add("status"); out.add(status.name()); }
        if (error != null) { out.add("error"); out.add(error.name()); }
        if (from != null) { out.add("from"); out.add(from.toString()); }
        if (to != null) { out.add("to"); out.add(to.toString()); }
        if (text != null) { out.add("q"); out.add(text); }
        if (since != null) { out.add("since"); out.add(since.toString()); }
        return out.toArray(String[]::new);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static LocalDate date(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String text(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String t = value.trim();
        return t.length() > 200 ? t.substring(0, 200) : t;
    }

    private static Instant instant(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Long number(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
