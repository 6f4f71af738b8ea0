package io.ledgerbridge.dashboard.records;

import io.javalin.http.Context;
import io.ledgerbridge.dashboard.Layout;
import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.engine.events.EventFilter;
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
 * @param from first day, inclusive; {@code to} last day, inclusive (days in the dashboard's zone)
 */
public record RecordFilter(RecordType type, SyncStatus status, ErrorCode error, LocalDate from, LocalDate to,
        String text, Long before) {

    static final int PAGE = 50;

    public static RecordFilter of(RecordType type, Map<String, String> params) {
        return new RecordFilter(type, parse(SyncStatus.class, params.get("status")), parse(ErrorCode.class, params.get("error")),
                date(params.get("from")), date(params.get("to")), text(params.get("q")), number(params.get("before")));
    }

    static RecordFilter fromQuery(RecordType type, Context ctx) {
        return of(type, one(ctx, false));
    }

    static RecordFilter fromForm(RecordType type, Context ctx) {
        return of(type, one(ctx, true));
    }

    private static Map<String, String> one(Context ctx, boolean form) {
        var map = new LinkedHashMap<String, String>();
        for (var name : new String[] {"status", "error", "from", "to", "q", "before"}) {
            String v = form ? ctx.formParam(name) : ctx.queryParam(name);
            if (v != null) {
                map.put(name, v);
            }
        }
        return map;
    }

    public EventFilter toEventFilter(ZoneId zone, int limit) {
        return new EventFilter(status, type, error, text, null,
                from == null ? null : from.atStartOfDay(zone).toInstant(),
                to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant(), before, limit);
    }

    public boolean filtered() {
        return status != null || error != null || from != null || to != null || text != null;
    }

    public RecordFilter withBefore(Long id) {
        return new RecordFilter(type, status, error, from, to, text, id);
    }

    public RecordFilter withStatus(SyncStatus s) {
        return new RecordFilter(type, s, error, from, to, text, before);
    }

    /** The filter as a query string, without the page position. */
    public String query() {
        var parts = new ArrayList<String>();
        if (status != null) parts.add("status=" + status.name());
        if (error != null) parts.add("error=" + error.name());
        if (from != null) parts.add("from=" + from);
        if (to != null) parts.add("to=" + to);
        if (text != null) parts.add("q=" + Layout.url(text));
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
