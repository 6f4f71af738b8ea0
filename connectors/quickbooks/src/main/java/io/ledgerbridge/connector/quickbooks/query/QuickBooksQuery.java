package io.ledgerbridge.connector.quickbooks.query;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Statements of QuickBooks' query language (API_FACTS A.3): {@code select … from Entity where … and …}, AND only,
 * string values in single quotes with {@code \'} for a quote, at most 1000 results a page.
 *
 * <p>Text comparisons in QuickBooks are not reliably case-sensitive, so callers compare the answers exactly
 * themselves; a query only narrows.
 */
public final class QuickBooksQuery {

    /** Values per {@code in (…)} list, so the statement stays short. */
    public static final int MAX_VALUES = 30;
    public static final int MAX_RESULTS = 1000;

    private QuickBooksQuery() {}

    /**
     * {@code select * from {entity} where {field} in ('v1', 'v2') [and {extra}] maxresults 1000}.
     *
     * @param extra another condition, or null (e.g. {@code Active in (true, false)} to see inactive list entities)
     */
    public static String in(String entity, String field, Collection<String> values, String extra) {
        if (values.isEmpty() || values.size() > MAX_VALUES) {
            throw new IllegalArgumentException("an in-list holds 1 to " + MAX_VALUES + " values, not " + values.size());
        }
        String list = values.stream().map(QuickBooksQuery::quote).collect(Collectors.joining(", "));
        return "select * from " + entity + " where " + field + " in (" + list + ")"
                + (extra == null ? "" : " and " + extra) + " maxresults " + MAX_RESULTS;
    }

    /** A string literal: single quotes, a quote inside escaped as {@code \'}. */
    public static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** Splits values into lists of at most {@link #MAX_VALUES}. */
    public static <T> List<List<T>> chunks(Collection<T> values) {
        var all = new ArrayList<>(values);
        var out = new ArrayList<List<T>>();
        for (int i = 0; i < all.size(); i += MAX_VALUES) {
            out.add(List.copyOf(all.subList(i, Math.min(all.size(), i + MAX_VALUES))));
        }
        return out;
    }
}
