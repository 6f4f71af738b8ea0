package io.ledgerbridge.dashboard.home;

import io.ledgerbridge.dashboard.Html;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Synced and failed syncs per day as an inline SVG bar chart (no script, scales with the page), with the same
 * figures in a table for screen readers and for anyone who wants the numbers.
 */
public final class DailyChart {

    private static final int WIDTH = 720;
    private static final int HEIGHT = 240;
    private static final int LEFT = 44;
    private static final int BOTTOM = 28;
    private static final int TOP = 12;
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);

    private DailyChart() {}

    public static Html render(List<PostgresSyncTotals.Day> days) {
        long max = days.stream().mapToLong(d -> Math.max(d.synced(), d.failed())).max().orElse(0);
        long top = niceCeiling(max);
        double plotH = HEIGHT - BOTTOM - TOP;
        double slot = (WIDTH - LEFT - 8) / (double) Math.max(1, days.size());
        double bar = Math.max(2, slot * 0.36);
        var parts = new ArrayList<Html>();
        for (int i = 0; i <= 4; i++) {
            long v = top * i / 4;
            double y = TOP + plotH - plotH * i / 4;
            parts.add(Html.of("<line class=\"grid\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/>"
                    + "<text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
                    LEFT, WIDTH - 4, fmt(y), fmt(y), LEFT - 6, fmt(y + 4), v));
        }
        for (int i = 0; i < days.size(); i++) {
            var d = days.get(i);
            double x = LEFT + slot * i + (slot - 2 * bar) / 2;
            double hs = top == 0 ? 0 : plotH * d.synced() / top;
            double hf = top == 0 ? 0 : plotH * d.failed() / top;
            String day = SHORT.format(d.day());
            parts.add(Html.of("<rect class=\"synced\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><title>{}: {} synced</title></rect>",
                    fmt(x), fmt(TOP + plotH - hs), fmt(bar), fmt(hs), day, d.synced()));
            parts.add(Html.of("<rect class=\"failed\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><title>{}: {} failed</title></rect>",
                    fmt(x + bar), fmt(TOP + plotH - hf), fmt(bar), fmt(hf), day, d.failed()));
            if (days.size() <= 7 || i % 2 == (days.size() - 1) % 2) {
                parts.add(Html.of("<text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                        fmt(LEFT + slot * i + slot / 2), HEIGHT - 8, day));
            }
        }
        var rows = new ArrayList<Html>();
        for (var d : days) {
            rows.add(Html.of("<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>", SHORT.format(d.day()), d.synced(), d.failed()));
        }
        long synced = days.stream().mapToLong(PostgresSyncTotals.Day::synced).sum();
        long failed = days.stream().mapToLong(PostgresSyncTotals.Day::failed).sum();
        return Html.of("""
                <figure class="chart">
                  <svg viewBox="0 0 {} {}" role="img" aria-labelledby="chart-title chart-desc" preserveAspectRatio="xMidYMid meet">
                    <title id="chart-title">Synced and failed per day, last {} days</title>
                    <desc id="chart-desc">{} synced and {} failed in the last {} days. The table below has each day's figures.</desc>
                    {}
                  </svg>
                  <figcaption><span class="key synced"></span> Synced <span class="key failed"></span> Failed
                    <span class="muted">(by the day of each sync's last change)</span></figcaption>
                </figure>
                <details class="chart-table"><summary>The figures per day</summary>
                  <table><thead><tr><th scope="col">Day</th><th scope="col">Synced</th><th scope="col">Failed</th></tr></thead>
                  <tbody>{}</tbody></table></details>""", WIDTH, HEIGHT, days.size(), synced, failed, days.size(),
                Html.join(parts), Html.join(rows));
    }

    /** The chart's top: four times a round step (1, 2, 2.5, 5 times a power of ten), at or above {@code n}. */
    static long niceCeiling(long n) {
        long need = Math.max(1, (n + 3) / 4);
        for (long magnitude = 1; ; magnitude *= 10) {
            for (double m : new double[] {1, 2, 2.5, 5}) {
                double step = m * magnitude;
                if (step == Math.rint(step) && step >= need) {
                    return 4 * (long) step;
                }
            }
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
