package io.ledgerbridge.dashboard.home;

import io.ledgerbridge.dashboard.Html;
import io.ledgerbridge.dashboard.Templates;
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

    /** What {@code home/chart.jte} draws; the coordinates are worked out here, the template only places them. */
    public record View(int width, int height, int labelY, int days, long synced, long failed, List<Grid> grid, List<Bar> bars,
            List<Row> rows) {
    }

    /** A horizontal grid line at {@code y} and its value on the axis. */
    public record Grid(int x1, int x2, String y, int textX, String textY, long value) {
    }

    /** One day's two bars; {@code labelX} is null for a day whose name is left off the axis. */
    public record Bar(String day, String width, String syncedX, String syncedY, String syncedHeight, long synced, String failedX,
            String failedY, String failedHeight, long failed, String labelX) {
    }

    /** One day's figures in the table. */
    public record Row(String day, long synced, long failed) {
    }

    public static Html render(List<PostgresSyncTotals.Day> days) {
        long max = days.stream().mapToLong(d -> Math.max(d.synced(), d.failed())).max().orElse(0);
        long top = niceCeiling(max);
        double plotH = HEIGHT - BOTTOM - TOP;
        double slot = (WIDTH - LEFT - 8) / (double) Math.max(1, days.size());
        double bar = Math.max(2, slot * 0.36);
        var grid = new ArrayList<Grid>();
        for (int i = 0; i <= 4; i++) {
            long v = top * i / 4;
            double y = TOP + plotH - plotH * i / 4;
            grid.add(new Grid(LEFT, WIDTH - 4, fmt(y), LEFT - 6, fmt(y + 4), v));
        }
        var bars = new ArrayList<Bar>();
        for (int i = 0; i < days.size(); i++) {
            var d = days.get(i);
            double x = LEFT + slot * i + (slot - 2 * bar) / 2;
            double hs = top == 0 ? 0 : plotH * d.synced() / top;
            double hf = top == 0 ? 0 : plotH * d.failed() / top;
            boolean labelled = days.size() <= 7 || i % 2 == (days.size() - 1) % 2;
            bars.add(new Bar(SHORT.format(d.day()), fmt(bar), fmt(x), fmt(TOP + plotH - hs), fmt(hs), d.synced(), fmt(x + bar),
                    fmt(TOP + plotH - hf), fmt(hf), d.failed(), labelled ? fmt(LEFT + slot * i + slot / 2) : null));
        }
        var rows = new ArrayList<Row>();
        for (var d : days) {
            rows.add(new Row(SHORT.format(d.day()), d.synced(), d.failed()));
        }
        long synced = days.stream().mapToLong(PostgresSyncTotals.Day::synced).sum();
        long failed = days.stream().mapToLong(PostgresSyncTotals.Day::failed).sum();
        return Templates.render("home/chart.jte", new View(WIDTH, HEIGHT, HEIGHT - 8, days.size(), synced, failed, grid, bars, rows));
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
