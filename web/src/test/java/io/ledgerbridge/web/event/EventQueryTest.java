package io.ledgerbridge.web.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.web.api.ApiError;
import org.junit.jupiter.api.Test;

class EventQueryTest {

    @Test
    void values_are_read_in_any_case_and_types_singular_or_plural() {
        var f = EventQuery.filter("failed", "Invoices", "sku_not_found", "  PROD-1 ", "42", "10", "query parameter");

        assertThat(f.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(f.type()).isEqualTo(RecordType.INVOICE);
        assertThat(f.errorCode()).isEqualTo(ErrorCode.SKU_NOT_FOUND);
        assertThat(f.text()).isEqualTo("PROD-1");
        assertThat(f.beforeId()).isEqualTo(42L);
        assertThat(f.limit()).isEqualTo(10);
    }

    @Test
    void nothing_given_lists_the_newest_hundred() {
        var f = EventQuery.filter(null, null, null, null, null, null, "query parameter");

        assertThat(f.status()).isNull();
        assertThat(f.limit()).isEqualTo(100);
    }

    @Test
    void every_bad_value_is_named() {
        var e = catchThrowableOfType(ApiError.class,
                () -> EventQuery.filter("done", "widget", "OOPS", null, "-1", "1001", "query parameter"));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.problems()).extracting(p -> p.field()).containsExactly("status", "type", "error", "before", "limit");
        assertThat(e.getMessage()).startsWith("The query parameter 'status' must be one of PENDING").endsWith("and 4 more.");
    }

    @Test
    void a_bulk_action_needs_a_filter() {
        var e = catchThrowableOfType(ApiError.class, () -> EventQuery.filter(new EventQuery.Filter(null, " ", null, "")));

        assertThat(e.code()).isEqualTo("empty_filter");
    }
}
