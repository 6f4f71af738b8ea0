package io.ledgerbridge.dashboard.imports;

import io.ledgerbridge.engine.history.HistoricalImport;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where an import stands, as its page shows it and {@code /imports/{id}.json} answers it: the same figures and the same
 * words, so the page's script only copies them in.
 *
 * @param done     records synced, skipped or failed
 * @param max      what the progress bar goes to: the records read once reading is done, else the larger of those read
 *                 and those the source said the range holds (at least 1, a bar of nothing being invalid)
 * @param rate     records done a minute since the import was started, e.g. "410 records/min"
 * @param end      when it finished, or is expected to at the rate so far ("not known yet" before anything is done)
 * @param heldUntil when it waits for the next day's budget, when it goes on; null otherwise
 */
public record ImportFigures(String status, String statusLabel, String statusClass, boolean finished, String statusReason,
        long done, long max, long items, long synced, long skipped, long failed, long waiting, long perMinute, String rate,
        String end, String heldUntil) {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    public static ImportFigures of(HistoricalImport i, Instant now, ZoneId zone) {
        var p = i.progress();
        long done = p.done();
        long total = i.readingDone() ? p.items() : Math.max(p.items(), i.expected());
        Instant until = i.finishedAt() != null ? i.finishedAt() : now;
        long seconds = Math.max(0, Duration.between(i.createdAt(), until).toSeconds());
        long perMinute = seconds == 0 ? 0 : Math.round(done * 60.0 / seconds);
        String end;
        if (i.status().finished()) {
            end = "finished " + when(i.finishedAt() != null ? i.finishedAt() : i.updatedAt(), zone);
        } else if (i.status() == HistoricalImport.Status.PAUSED) {
            end = "not while paused";
        } else {
            end = expectedEnd(i, now).map(at -> "about " + when(at, zone)).orElse("not known yet");
        }
        return new ImportFigures(i.status().name(), label(i.status()), "status-" + tone(i.status()), i.status().finished(),
                i.statusReason() == null ? "" : i.statusReason(), done, Math.max(1, total), p.items(), p.synced(), p.skipped(),
                p.failed(), p.waiting(), perMinute, number(perMinute) + " records/min", end,
                p.heldUntil() == null || i.status().finished() ? null : when(p.heldUntil(), zone));
    }

    /**
     * When a running import should finish at its rate so far (records done since it started, waits for the budget
     * included), and not before it goes on when held; empty when nothing is done yet, or it is paused or finished.
     */
    public static Optional<Instant> expectedEnd(HistoricalImport i, Instant now) {
        var p = i.progress();
        long done = p.done();
        long seconds = Duration.between(i.createdAt(), now).toSeconds();
        if (i.status() != HistoricalImport.Status.RUNNING || done == 0 || seconds <= 0) {
            return Optional.empty();
        }
        long total = i.readingDone() ? p.items() : Math.max(p.items(), i.expected());
        Instant at = now.plusSeconds(Math.round(Math.max(0, total - done) * (double) seconds / done));
        return Optional.of(p.heldUntil() != null && p.heldUntil().isAfter(at) ? p.heldUntil() : at);
    }

    /** What {@code /imports/{id}.json} answers. */
    public Map<String, Object> json() {
        var m = new LinkedHashMap<String, Object>();
        m.put("status", status);
        m.put("statusLabel", statusLabel);
        m.put("finished", finished);
        m.put("statusReason", statusReason);
        m.put("done", done);
        m.put("max", max);
        m.put("items", items);
        m.put("synced", synced);
        m.put("skipped", skipped);
        m.put("failed", failed);
        m.put("waiting", waiting);
        m.put("perMinute", perMinute);
        m.put("rate", rate);
        m.put("end", end);
        m.put("heldUntil", heldUntil);
        return m;
    }

    public static String label(HistoricalImport.Status s) {
        return switch (s) {
            case RUNNING -> "Running";
            case PAUSED -> "Paused";
            case CANCELLED -> "Cancelled";
            case COMPLETED -> "Completed";
            case FAILED -> "Failed";
        };
    }

    /** The badge colours the records' statuses use. */
    private static String tone(HistoricalImport.Status s) {
        return switch (s) {
            case RUNNING -> "processing";
            case PAUSED -> "pending";
            case CANCELLED -> "skipped";
            case COMPLETED -> "success";
            case FAILED -> "failed";
        };
    }

    public static String number(long n) {
        return NumberFormat.getIntegerInstance(Locale.ENGLISH).format(n);
    }

    static String when(Instant at, ZoneId zone) {
        String id = zone.getId();
        return WHEN.format(at.atZone(zone)) + " " + (id.equals("Z") || id.equals("UTC") ? "UTC" : id);
    }
}
