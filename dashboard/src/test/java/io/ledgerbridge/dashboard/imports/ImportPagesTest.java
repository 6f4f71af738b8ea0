package io.ledgerbridge.dashboard.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerbridge.dashboard.Layout;
import io.ledgerbridge.dashboard.Templates;
import io.ledgerbridge.dashboard.people.Role;
import io.ledgerbridge.dashboard.signin.SignedIn;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.history.HistoricalImport;
import io.ledgerbridge.engine.history.HistoricalImport.Progress;
import io.ledgerbridge.engine.history.HistoricalImport.Status;
import io.ledgerbridge.engine.history.ImportPlanner;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An import's page and a flow's list of imports as rendered, for each status and role, from an in-memory store. */
class ImportPagesTest {

    private static final Instant STARTED = Instant.parse("2026-03-02T10:00:00Z");
    private static final Instant NOW = STARTED.plusSeconds(600);
    private static final WorkspaceId WS = WorkspaceId.random();
    private static final FlowId FLOW = FlowId.random();

    private final InMemoryImports store = new InMemoryImports();
    private final ImportPages pages = new ImportPages(null, store, null, null, null, new Layout(null, null, ZoneOffset.UTC),
            null, Clock.fixed(NOW, ZoneOffset.UTC));

    private static HistoricalImport running(Progress progress) {
        return imported(Status.RUNNING, null, progress, false, null, Optional.empty());
    }

    private static HistoricalImport imported(Status status, String reason, Progress progress, boolean readingDone,
            Instant finishedAt, Optional<HistoricalImport.Report> report) {
        return new HistoricalImport(UUID.randomUUID(), WS, FLOW, LocalDate.parse("2025-01-01"), LocalDate.parse("2025-12-31"),
                Set.of(RecordType.INVOICE, RecordType.CUSTOMER), status, reason, 3000, 80, readingDone, 4, progress,
                "office@acme.example", STARTED, NOW, finishedAt, report);
    }

    private String render(HistoricalImport i, String csrf) {
        return Templates.render("imports/import.jte", pages.page(i, "Shop → Books", csrf)).value();
    }

    @Test
    void a_running_import_shows_its_bar_figures_rate_and_end_with_pause_and_cancel() {
        var html = render(running(new Progress(1300, 1200, 31, 3, 66, null)), "tok");

        // 1,234 done of the 3,000 the source counted, in ten minutes: 123 a minute, 1,766 to go in about 14 more minutes
        assertThat(html).contains("<progress id=\"import-progress\" value=\"1234\" max=\"3000\">1,234 of 3,000</progress>")
                .contains("<strong data-field=\"done\">1,234</strong> of <span data-field=\"max\">3,000</span> records done")
                .contains("<span data-field=\"synced\">1,200</span> synced, <span data-field=\"skipped\">31</span> skipped")
                .contains("<span data-field=\"failed\">3</span> failed, <span data-field=\"waiting\">66</span> remaining.")
                .contains("<span data-field=\"rate\">123 records/min</span>")
                .contains("ends <span data-field=\"end\">about 2026-03-02 10:24 UTC</span>")
                .contains("data-import-src=\"/imports/").contains("data-status=\"RUNNING\" data-finished=\"false\"")
                .contains("<p id=\"import-held\" class=\"wait\" hidden>")
                .contains("/pause\" class=\"inline\"").contains("Pause the import")
                .contains("/cancel\" class=\"inline\" data-confirm=").contains("Cancel the import")
                .doesNotContain("Resume the import").doesNotContain("id=\"import-report\"");
    }

    @Test
    void an_import_waiting_for_the_next_days_budget_says_when_it_goes_on() {
        var held = Instant.parse("2026-03-03T00:00:00Z");
        var html = render(running(new Progress(3000, 2400, 0, 0, 600, held)), "tok");

        assertThat(html).contains("<p id=\"import-held\" class=\"wait\">Waiting for tomorrow's budget: goes on at "
                + "<span data-field=\"held-until\">2026-03-03 00:00 UTC</span>.</p>")
                .contains("<span data-field=\"end\">about 2026-03-03 00:00 UTC</span>");
    }

    @Test
    void a_paused_import_offers_resume_and_cancel_and_a_viewer_sees_no_buttons() {
        var paused = imported(Status.PAUSED, "paused by office@acme.example", new Progress(10, 10, 0, 0, 0, null), false, null,
                Optional.empty());

        assertThat(render(paused, "tok")).contains("Resume the import").contains("Cancel the import")
                .doesNotContain("Pause the import")
                .contains("<span class=\"badge status-pending\" data-field=\"status\">Paused</span> "
                        + "<span data-field=\"status-reason\">paused by office@acme.example</span>")
                .contains("<span data-field=\"end\">not while paused</span>");
        assertThat(render(paused, null)).doesNotContain("Resume the import").doesNotContain("Cancel the import")
                .doesNotContain("_csrf");
    }

    @Test
    void a_completed_import_shows_its_report_with_links_to_the_failed_events_and_no_buttons() {
        var report = new HistoricalImport.Report(3000, 3000, 2966, Map.of("already synced", 30L, "draft invoice", 1L),
                List.of(new HistoricalImport.FailedItem(RecordType.INVOICE, "INV-7", "SKU_NOT_FOUND", 42)), null, NOW);
        var html = render(imported(Status.COMPLETED, null, new Progress(3000, 2966, 31, 3, 0, null), true, NOW,
                Optional.of(report)), "tok");

        assertThat(html).contains("data-finished=\"true\"").contains("value=\"3000\" max=\"3000\"")
                .doesNotContain("Pause the import").doesNotContain("Resume the import").doesNotContain("Cancel the import")
                .contains("<dd id=\"report-synced\">2,966</dd>")
                .contains("<ul id=\"report-skipped\"><li>already synced: 30</li><li>draft invoice: 1</li></ul>")
                .contains("<li><a href=\"/data/invoices/42\">Invoice INV-7</a>")
                .contains("<span data-field=\"end\">finished 2026-03-02 10:10 UTC</span>")
                .doesNotContain("id=\"import-mismatch\"");
    }

    @Test
    void a_count_that_does_not_match_is_shown_as_a_failure() {
        var report = new HistoricalImport.Report(3000, 2990, 2990, Map.of(), List.of(),
                "The source said 3,000 invoices; 2,990 were read.", NOW);
        var html = render(imported(Status.FAILED, "the count does not match", new Progress(2990, 2990, 0, 0, 0, null), true,
                NOW, Optional.of(report)), "tok");

        assertThat(html).contains("<span class=\"badge status-failed\" data-field=\"status\">Failed</span>")
                .contains("<div class=\"error-box\" role=\"alert\" id=\"import-mismatch\">")
                .contains("<h3>Failed: the count does not match the source's</h3>")
                .contains("<p class=\"message\">The source said 3,000 invoices; 2,990 were read.</p>")
                .contains("<p class=\"empty\">Nothing failed.</p>");
    }

    @Test
    void the_json_has_the_figures_the_page_shows() {
        var json = ImportFigures.of(running(new Progress(1300, 1200, 31, 3, 66, null)), NOW, ZoneOffset.UTC).json();

        assertThat(json).containsEntry("status", "RUNNING").containsEntry("finished", false).containsEntry("done", 1234L)
                .containsEntry("max", 3000L).containsEntry("waiting", 66L).containsEntry("perMinute", 123L)
                .containsEntry("rate", "123 records/min").containsEntry("end", "about 2026-03-02 10:24 UTC")
                .containsEntry("heldUntil", null);
    }

    @Test
    void a_flows_imports_are_listed_and_only_people_who_change_flows_see_import_the_past() {
        var older = store.put(running(new Progress(1300, 1200, 31, 3, 66, null)));
        var admin = new SignedIn(UUID.randomUUID(), "a@acme.example", WS, "Acme", "k", "tok", Role.ADMIN);
        var viewer = new SignedIn(UUID.randomUUID(), "v@acme.example", WS, "Acme", "k", "tok", Role.VIEWER);

        var html = pages.forFlow(admin, FLOW, "Shop → Books").value();
        assertThat(html).contains("<a class=\"button\" id=\"import-" + FLOW + "\" href=\"/flows/" + FLOW + "/imports/new\">"
                        + "Import the past<span class=\"sr-only\"> of Shop → Books</span></a>")
                .contains("<li><a href=\"/imports/" + older.id() + "\">Import of 2025-01-01 – 2025-12-31</a> "
                        + "<span class=\"badge status-processing\" data-status=\"RUNNING\">Running</span> 1,234/3,000 done "
                        + "<span class=\"muted\">· started by office@acme.example 2026-03-02 10:00 UTC</span></li>");
        assertThat(pages.forFlow(viewer, FLOW, "Shop → Books").value()).doesNotContain("Import the past")
                .contains("/imports/" + older.id());
        assertThat(pages.forFlow(admin, FlowId.random(), "Other").value()).doesNotContain("<ul");
    }

    @Test
    void the_form_always_asks_for_invoices_and_refuses_what_is_not_a_date_or_a_percent() {
        var request = ImportPages.request(FLOW, "2025-01-01", "", false, true, "");
        assertThat(request.types()).containsExactlyInAnyOrder(RecordType.INVOICE, RecordType.PRODUCT);
        assertThat(request.from()).isEqualTo(LocalDate.parse("2025-01-01"));
        assertThat(request.to()).isNull();
        assertThat(request.budgetShare()).isNull();

        assertThatThrownBy(() -> ImportPages.request(FLOW, "01/02/2025", "", true, true, "80"))
                .isInstanceOf(ImportPlanner.Refused.class).hasMessage("From is not a date (YYYY-MM-DD): \"01/02/2025\".");
        assertThatThrownBy(() -> ImportPages.request(FLOW, "", "", true, true, "most"))
                .isInstanceOf(ImportPlanner.Refused.class).hasMessageContaining("whole percent from 1 to 100");
    }
}
