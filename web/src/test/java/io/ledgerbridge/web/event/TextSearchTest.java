package io.ledgerbridge.web.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.error.SyncError;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.engine.events.EventView;
import org.junit.jupiter.api.Test;

class TextSearchTest {

    private static EventView event(String sourceId, String naturalKey, SyncError error) {
        return new EventView(1, "f", RecordType.INVOICE, sourceId, naturalKey, SyncStatus.FAILED, null, null, 1, 0, error,
                null, null, null, null, null, null);
    }

    @Test
    void text_matches_ids_keys_error_codes_details_and_vendor_words_in_any_case() {
        var error = SyncError.of(ErrorCode.SKU_NOT_FOUND, "sku", "PROD-001").withVendorMessage("Item not found");

        assertThat(TextSearch.matches(event("INV-9", "1009", null), "inv-9")).isTrue();
        assertThat(TextSearch.matches(event("X", "ann@example.com", null), "example.com")).isTrue();
        assertThat(TextSearch.matches(event("X", null, error), "prod-001")).isTrue();
        assertThat(TextSearch.matches(event("X", null, error), "sku_not")).isTrue();
        assertThat(TextSearch.matches(event("X", null, error), "item not")).isTrue();
        assertThat(TextSearch.matches(event("X", null, error), "prod-002")).isFalse();
        assertThat(TextSearch.matches(event("X", null, null), "prod")).isFalse();
    }
}
