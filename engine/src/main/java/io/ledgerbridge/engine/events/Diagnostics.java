package io.ledgerbridge.engine.events;

import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.record.RecordType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Failures grouped by cause, as the diagnostic screens show them: "14 invoices: SKU PROD-001 not found", with the
 * fix once for the whole group.
 */
public final class Diagnostics {

    /** Detail keys that tell one cause of a code from another, most telling first. */
    private static final List<String> CAUSE_KEYS = List.of("sku", "taxCode", "customer", "invoice", "closedThrough", "name");

    private Diagnostics() {}

    /**
     * @param summary e.g. "14 invoices: SKU not found (PROD-001)"
     * @param eventIds the failed events of the group, newest first
     */
    public record Group(RecordType type, ErrorCode code, String cause, String summary, String fix, List<Long> eventIds) {}

    public static List<Group> of(List<EventView> failed) {
        var groups = new LinkedHashMap<String, List<EventView>>();
        for (var e : failed) {
            if (e.error() == null) {
                continue;
            }
            groups.computeIfAbsent(e.type() + "|" + e.error().code() + "|" + cause(e), k -> new ArrayList<>()).add(e);
        }
        var out = new ArrayList<Group>();
        for (var events : groups.values()) {
            var first = events.getFirst();
            var error = first.error();
            String cause = cause(first);
            int n = events.size();
            String noun = n == 1 ? first.type().singular() : first.type().plural();
            String summary = n + " " + noun + ": " + error.title() + (cause.isEmpty() ? "" : " (" + cause + ")");
            out.add(new Group(first.type(), error.code(), cause, summary, error.fix(),
                    events.stream().map(EventView::id).toList()));
        }
        out.sort(Comparator.comparingInt((Group g) -> -g.eventIds().size()).thenComparing(Group::summary));
        return out;
    }

    private static String cause(EventView e) {
        Map<String, String> d = e.error().details();
        for (var key : CAUSE_KEYS) {
            if (d.containsKey(key)) {
                return d.get(key);
            }
        }
        return e.error().code() == ErrorCode.VENDOR_ERROR && e.error().vendorMessage() != null ? e.error().vendorMessage() : "";
    }
}
