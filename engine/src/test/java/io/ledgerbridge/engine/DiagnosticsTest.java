package io.ledgerbridge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.error.SyncError;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.engine.events.Diagnostics;
import io.ledgerbridge.engine.events.EventView;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class DiagnosticsTest {

    private static EventView failed(long id, SyncError error) {
        return new EventView(id, "f", RecordType.INVOICE, "i" + id, "N" + id, SyncStatus.FAILED, null, null, 1, 0, error,
                null, null, null, null, null, null);
    }

    @Test
    void failures_are_grouped_by_cause_with_counts_and_the_fix() {
        var events = new ArrayList<EventView>();
        for (int i = 0; i < 14; i++) {
            events.add(failed(i, SyncError.of(ErrorCode.SKU_NOT_FOUND, "sku", "PROD-001", "line", "1")));
        }
        events.add(failed(20, SyncError.of(ErrorCode.SKU_NOT_FOUND, "sku", "PROD-002", "line", "1")));
        events.add(failed(21, SyncError.of(ErrorCode.TAX_CODE_NOT_MAPPED, "taxCode", "VAT5")));
        var groups = Diagnostics.of(events);
        assertThat(groups).extracting(Diagnostics.Group::summary).containsExactly(
                "14 invoices: SKU not found (PROD-001)",
                "1 invoice: SKU not found (PROD-002)",
                "1 invoice: Tax code not mapped (VAT5)");
        assertThat(groups.getFirst().fix()).contains("\"PROD-001\"");
        assertThat(groups.getFirst().eventIds()).hasSize(14);
    }
}
