package io.ledgerbridge.dashboard.home;

import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** The dashboard's figures: syncs by type and status, and synced and failed syncs per day. */
public final class PostgresSyncTotals {

    private final Jdbi jdbi;

    public PostgresSyncTotals(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Count of syncs per record type and status; every type and status is present, zero when none. */
    public Map<RecordType, Map<SyncStatus, Long>> byTypeAndStatus(WorkspaceId workspace) {
        var out = new EnumMap<RecordType, Map<SyncStatus, Long>>(RecordType.class);
        for (var t : RecordType.values()) {
            var m = new EnumMap<SyncStatus, Long>(SyncStatus.class);
            for (var s : SyncStatus.values()) {
                m.put(s, 0L);
            }
            out.put(t, m);
        }
        jdbi.useHandle(h -> h.createQuery("""
                        SELECT record_type, status, count(*) AS n FROM sync_event WHERE workspace_id = :w GROUP BY 1, 2""")
                .bind("w", workspace.value())
                .map((rs, ctx) -> new Object() {
                    final RecordType type = RecordType.valueOf(rs.getString("record_type"));
                    final SyncStatus status = SyncStatus.valueOf(rs.getString("status"));
                    final long n = rs.getLong("n");
                })
                .forEach(r -> out.get(r.type).put(r.status, r.n)));
        return out;
    }

    /** One day of the chart: syncs that ended Success and syncs that ended Failed, by the day of their last change. */
    public record Day(LocalDate day, long synced, long failed) {}

    /** The last {@code days} days up to {@code today}, oldest first, days without syncs included as zeros. */
    public List<Day> daily(WorkspaceId workspace, LocalDate today, int days, ZoneId zone) {
        LocalDate first = today.minusDays(days - 1L);
        var found = new HashMap<LocalDate, Day>();
        jdbi.useHandle(h -> h.createQuery("""
                        SELECT (updated_at AT TIME ZONE :zone)::date AS day,
                               count(*) FILTER (WHERE status = 'SUCCESS') AS synced,
                               count(*) FILTER (WHERE status = 'FAILED') AS failed
                          FROM sync_event
                         WHERE workspace_id = :w AND status IN ('SUCCESS', 'FAILED') AND updated_at >= :since
                         GROUP BY 1""")
                .bind("zone", zone.getId()).bind("w", workspace.value())
                .bind("since", first.atStartOfDay(zone).toInstant())
                .map((rs, ctx) -> new Day(rs.getObject("day", LocalDate.class), rs.getLong("synced"), rs.getLong("failed")))
                .forEach(d -> found.put(d.day(), d)));
        var out = new ArrayList<Day>();
        for (int i = 0; i < days; i++) {
            var d = first.plusDays(i);
            out.add(found.getOrDefault(d, new Day(d, 0, 0)));
        }
        return out;
    }
}
