package io.ledgerbridge.dashboard.events;

import java.util.Locale;
import java.util.Map;

/** The words for how an attempt ended, as the store records it ({@code SYNCED}, {@code USER_RETRY}...). */
public final class AttemptOutcome {

    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("SYNCED", "Synced"),
            Map.entry("LINKED", "Matched an existing record"),
            Map.entry("FAILED", "Failed"),
            Map.entry("WILL_RETRY", "Failed for now, will retry"),
            Map.entry("RATE_LIMITED", "Rate limited, will resume"),
            Map.entry("WAITING_FOR_DEPENDENCY", "Waiting for a dependency"),
            Map.entry("WAITING_FOR_RECONNECT", "Waiting for reconnect"),
            Map.entry("SKIPPED", "Skipped"),
            Map.entry("LEASE_EXPIRED", "Node stopped, taken over"),
            Map.entry("USER_RETRY", "Retry requested by a person"),
            Map.entry("USER_SKIP", "Skipped by a person"),
            Map.entry("USER_MARK_SYNCED", "Marked as synced by a person"));

    private AttemptOutcome() {}

    public static String label(String outcome) {
        if (outcome == null) {
            return "";
        }
        var label = LABELS.get(outcome);
        return label != null ? label
                : outcome.substring(0, 1) + outcome.substring(1).toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** A CSS class for the outcome's colour: good, bad, wait or plain. */
    public static String tone(String outcome) {
        if (outcome == null) {
            return "plain";
        }
        return switch (outcome) {
            case "SYNCED", "LINKED", "USER_MARK_SYNCED" -> "good";
            case "FAILED" -> "bad";
            case "WILL_RETRY", "RATE_LIMITED", "WAITING_FOR_DEPENDENCY", "WAITING_FOR_RECONNECT", "LEASE_EXPIRED" -> "wait";
            default -> "plain";
        };
    }

    public static Iterable<String> known() {
        return LABELS.keySet().stream().sorted().toList();
    }
}
