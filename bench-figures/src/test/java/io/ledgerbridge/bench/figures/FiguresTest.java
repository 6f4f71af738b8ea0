package io.ledgerbridge.bench.figures;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FiguresTest {

    @Test
    void each_figure_is_printed_beside_its_target_and_whether_it_was_met() {
        var figures = Figures.of("quickbooks").atLeast("invoices a minute", 1113, "invoices/min", 1100)
                .atMost("HTTP 429 received", 2, "", 0).measured("API calls an invoice", 0.04, "calls");

        assertThat(figures.table()).contains("1,113 invoices/min  target ≥ 1,100 invoices/min  met")
                .contains("target ≤ 0  NOT MET").contains("0.04 calls\n");
        assertThat(Figures.format(0.0995)).isEqualTo("0.0995");
        assertThat(figures.allMet()).isFalse();
    }

    @Test
    void the_json_file_holds_name_date_machine_and_figures_and_two_runs_compare_by_figure_name(@TempDir Path dir)
            throws Exception {
        Path a = Figures.of("xero").atLeast("invoices a minute", 2000, "invoices/min", 2500).write(dir);
        Thread.sleep(1100); // one file a second: the name carries the date to the second
        Path b = Figures.of("xero").atLeast("invoices a minute", 2619, "invoices/min", 2500).write(dir);

        assertThat(a.getFileName().toString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\dZ-xero\\.json");
        var json = Figures.JSON.readTree(Files.readString(b));
        assertThat(json.path("name").asText()).isEqualTo("xero");
        assertThat(json.path("machine").path("cores").asInt()).isPositive();
        var figure = json.path("figures").get(0);
        assertThat(figure.path("value").asDouble()).isEqualTo(2619);
        assertThat(figure.path("target").asText()).isEqualTo("≥ 2,500");
        assertThat(figure.path("met").asBoolean()).isTrue();
        assertThat(Compare.compare(Figures.JSON.readTree(a.toFile()), json)).contains("+31.0 %").contains("≥ 2,500  met");
    }
}
