package io.ledgerbridge.dashboard.home;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class DailyChartTest {

    @Test
    void the_top_of_the_chart_is_a_round_number_at_or_above_the_highest_bar() {
        assertThat(DailyChart.niceCeiling(0)).isEqualTo(4);
        assertThat(DailyChart.niceCeiling(3)).isEqualTo(4);
        assertThat(DailyChart.niceCeiling(5)).isEqualTo(8);
        assertThat(DailyChart.niceCeiling(14)).isEqualTo(20);
        assertThat(DailyChart.niceCeiling(100)).isEqualTo(100);
        assertThat(DailyChart.niceCeiling(101)).isEqualTo(200);
        assertThat(DailyChart.niceCeiling(3999)).isEqualTo(4000);
    }

    @Test
    void each_day_has_a_synced_and_a_failed_bar_and_a_row_in_the_table() {
        var days = new ArrayList<PostgresSyncTotals.Day>();
        for (int i = 0; i < 14; i++) {
            days.add(new PostgresSyncTotals.Day(LocalDate.of(2026, 11, 1).plusDays(i), i, i % 3));
        }
        String svg = DailyChart.render(days).value();
        assertThat(svg).contains("role=\"img\"").contains("Synced and failed per day, last 14 days")
                .contains("91 synced and 13 failed");
        assertThat(svg.split("class=\"synced\"", -1)).hasSize(15);
        assertThat(svg.split("class=\"failed\"", -1)).hasSize(15);
        assertThat(svg).contains("<tr><th scope=\"row\">Nov 14</th><td>13</td><td>1</td></tr>");
    }
}
