package io.ledgerbridge.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.history.HistoricalImport;
import io.ledgerbridge.engine.history.HistoricalImport.Progress;
import io.ledgerbridge.engine.history.HistoricalImport.Status;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ImportCommandsTest {

    private static final Instant STARTED = Instant.parse("2026-03-02T16:00:00Z");
    private static final Instant NOW = STARTED.plusSeconds(180);

    private static HistoricalImport imported(Status status, Progress progress, Optional<HistoricalImport.Report> report) {
        return new HistoricalImport(UUID.randomUUID(), WorkspaceId.random(), FlowId.random(), LocalDate.parse("2025-01-01"),
                LocalDate.parse("2025-12-31"), Set.of(RecordType.INVOICE), status, null, 3000, 80, false, 3, progress,
                "office@acme.example", STARTED, NOW, status.finished() ? NOW : null, report);
    }

    @Test
    void the_watch_line_shows_the_bar_the_counts_the_rate_and_the_end() {
        // 1,234 done in three minutes: 411 a minute, the 1,766 left in about four more minutes
        assertThat(ImportCommands.line(imported(Status.RUNNING, new Progress(1300, 1200, 31, 3, 66, null), Optional.empty()), NOW))
                .isEqualTo("[####------] 1,234/3,000 synced 1,200 failed 3 skipped 31 · 411/min · ends ~16:07");
    }

    @Test
    void a_held_import_says_until_when_and_a_paused_one_has_no_end() {
        var held = Instant.parse("2026-03-03T00:00:00Z");
        assertThat(ImportCommands.line(imported(Status.RUNNING, new Progress(3000, 2400, 0, 0, 600, held), Optional.empty()), NOW))
                .endsWith(" · ends ~2026-03-03 00:00 · waiting for tomorrow's budget until 2026-03-03 00:00");
        assertThat(ImportCommands.line(imported(Status.PAUSED, new Progress(10, 10, 0, 0, 0, null), Optional.empty()), NOW))
                .isEqualTo("[----------] 10/3,000 synced 10 failed 0 skipped 0 · 3/min · paused");
    }

    @Test
    void the_report_puts_a_count_mismatch_first_and_lists_skips_and_failures() {
        var report = new HistoricalImport.Report(3000, 2990, 2950, Map.of("already synced", 39L),
                List.of(new HistoricalImport.FailedItem(RecordType.INVOICE, "INV-7", "SKU_NOT_FOUND", 42)),
                "the source counted 3,000 invoices; 2,990 were read", NOW);

        assertThat(ImportCommands.report(report)).containsExactly(
                "FAILED: the count does not match the source's: the source counted 3,000 invoices; 2,990 were read",
                "report: 2,950 synced; invoices counted by the source 3,000, read 2,990",
                "  skipped 39  already synced",
                "  failed  invoice INV-7  SKU_NOT_FOUND  event 42");
    }
}
