package io.ledgerbridge.sandbox.quickbooks.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ledgerbridge.sandbox.quickbooks.entity.EntityType;
import io.ledgerbridge.sandbox.quickbooks.fault.FaultException;
import io.ledgerbridge.sandbox.quickbooks.query.Query.Literal;
import io.ledgerbridge.sandbox.quickbooks.query.Query.Operator;
import org.junit.jupiter.api.Test;

class QueryParserTest {

    @Test
    void select_star_with_and_conditions_in_and_paging_in_any_case() {
        Query q = QueryParser.parse("SeLeCt * FROM item WHERE Sku IN ('A', 'B') and Active = true startposition 11 MAXRESULTS 5");
        assertThat(q.entity()).isEqualTo(EntityType.ITEM);
        assertThat(q.count()).isFalse();
        assertThat(q.where()).hasSize(2);
        assertThat(q.where().getFirst().operator()).isEqualTo(Operator.IN);
        assertThat(q.where().getFirst().values()).extracting(Literal::text).containsExactly("A", "B");
        assertThat(q.where().get(1).values().getFirst().text()).isEqualTo("true");
        assertThat(q.startPosition()).isEqualTo(11);
        assertThat(q.maxResults()).isEqualTo(5);
    }

    @Test
    void count_dotted_paths_comparisons_and_escaped_quotes() {
        Query q = QueryParser.parse("select count(*) from Invoice where MetaData.LastUpdatedTime >= '2026-01-01T00:00:00-08:00' "
                + "and CustomerRef != 'O\\'Brien'");
        assertThat(q.count()).isTrue();
        assertThat(q.where().getFirst().path()).isEqualTo("MetaData.LastUpdatedTime");
        assertThat(q.where().getFirst().operator()).isEqualTo(Operator.GE);
        assertThat(q.where().get(1).operator()).isEqualTo(Operator.NE);
        assertThat(q.where().get(1).values().getFirst().text()).isEqualTo("O'Brien");
    }

    @Test
    void maxresults_is_capped_at_1000_and_defaults_to_100() {
        assertThat(QueryParser.parse("select * from Customer maxresults 5000").maxResults()).isEqualTo(1000);
        assertThat(QueryParser.parse("select * from Customer").maxResults()).isEqualTo(100);
    }

    @Test
    void projection_and_orderby() {
        Query q = QueryParser.parse("select Id, DisplayName from Customer orderby DisplayName desc, Id");
        assertThat(q.fields()).containsExactly("Id", "DisplayName");
        assertThat(q.orderBy()).hasSize(2);
        assertThat(q.orderBy().getFirst().descending()).isTrue();
    }

    @Test
    void or_and_garbage_are_error_4000() {
        for (String bad : new String[] {"select * from Customer where A = 'x' or B = 'y'", "select from Customer",
                "select * from Customer where", "select * from Customer where Name = 'open", "select * from Customer;"}) {
            FaultException e = catchThrowableOfType(FaultException.class, () -> QueryParser.parse(bad));
            assertThat(e).as(bad).isNotNull();
            assertThat(e.fault().code()).as(bad).isEqualTo("4000");
            assertThat(e.fault().errors().getFirst().message()).isEqualTo("Error parsing query");
        }
    }

    @Test
    void unknown_entity_is_a_query_validation_error() {
        FaultException e = catchThrowableOfType(FaultException.class, () -> QueryParser.parse("select * from Widget"));
        assertThat(e.fault().errors().getFirst().detail()).startsWith("QueryValidationError:");
    }
}
