package io.ledgerbridge.sandbox.quickbooks.query;

import io.ledgerbridge.sandbox.quickbooks.entity.EntityType;
import java.util.List;

/**
 * A parsed query of the subset of API_FACTS A.3:
 * {@code SELECT * | count(*) | fields FROM Entity [WHERE c AND c …] [ORDERBY f [ASC|DESC], …] [STARTPOSITION n] [MAXRESULTS n]}.
 *
 * @param fields the projected fields, empty for {@code *}
 * @param startPosition 1-based, as QuickBooks counts
 */
public record Query(boolean count, List<String> fields, EntityType entity, List<Condition> where, List<Order> orderBy,
                    int startPosition, int maxResults) {

    /** API_FACTS A.3: at most 1000 entities per response; 100 when MAXRESULTS is not given (design choice). */
    public static final int MAX_RESULTS = 1000;
    public static final int DEFAULT_MAX_RESULTS = 100;

    public enum Operator { EQ, NE, LT, LE, GT, GE, IN, LIKE }

    public record Literal(String text, boolean quoted) {}

    public record Condition(String path, Operator operator, List<Literal> values) {}

    public record Order(String path, boolean descending) {}

    public Query {
        fields = List.copyOf(fields);
        where = List.copyOf(where);
        orderBy = List.copyOf(orderBy);
    }
}
