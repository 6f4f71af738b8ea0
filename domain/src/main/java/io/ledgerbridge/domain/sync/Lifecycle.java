package io.ledgerbridge.domain.sync;

import static io.ledgerbridge.domain.sync.SyncAction.*;
import static io.ledgerbridge.domain.sync.SyncStatus.*;

import java.util.EnumMap;
import java.util.Map;

/**
 * The sync event lifecycle as one transition table. Every status change in Ledgerbridge, by the engine or by
 * a user, is looked up here first; a refused transition carries the sentence the user sees.
 *
 * <pre>
 * Pending ──claim──▶ Processing ──succeed──▶ Success
 *    ▲                   │  └──fail──────▶ Failed ──retry (count+1)──▶ Pending
 *    └──reschedule / lease expired──┘
 * Pending, Failed ──skip──▶ Skipped;   Pending ──retry──▶ Pending (re-queued now)
 * Success ──retry──▶ refused: a later change of the record makes a new event
 * Processing ──retry/skip──▶ refused: wait for it to finish
 * </pre>
 */
public final class Lifecycle {

    /** The answer to "may this event do that now?". */
    public sealed interface Transition {
        /** Allowed: the event moves to {@code to}; {@code countsAsRetry} adds one to the retry count users see. */
        record Allowed(SyncStatus to, boolean countsAsRetry) implements Transition {}

        record Refused(String reason) implements Transition {}
    }

    private static final Map<SyncStatus, Map<SyncAction, Transition>> TABLE = new EnumMap<>(SyncStatus.class);

    static {
        on(PENDING, CLAIM, allow(PROCESSING));
        on(PENDING, RETRY, allow(PENDING));
        on(PENDING, SKIP, allow(SKIPPED));
        on(PENDING, MARK_SYNCED, allow(SUCCESS));
        on(PENDING, SUPERSEDE, allow(SKIPPED));
        on(PENDING, FILTER_OUT, allow(SKIPPED));

        on(PROCESSING, SUCCEED, allow(SUCCESS));
        on(PROCESSING, FAIL, allow(FAILED));
        on(PROCESSING, RESCHEDULE, allow(PENDING));
        on(PROCESSING, LEASE_EXPIRED, allow(PENDING));
        on(PROCESSING, FILTER_OUT, allow(SKIPPED));
        on(PROCESSING, RETRY, refuse("This sync is processing now; wait for it to finish."));
        on(PROCESSING, SKIP, refuse("This sync is processing now; wait for it to finish."));
        on(PROCESSING, MARK_SYNCED, refuse("This sync is processing now; wait for it to finish."));
        on(PROCESSING, SUPERSEDE, refuse("This sync is processing now; the newer change waits for it."));

        on(FAILED, RETRY, new Transition.Allowed(PENDING, true));
        on(FAILED, SKIP, allow(SKIPPED));
        on(FAILED, MARK_SYNCED, allow(SUCCESS));
        on(FAILED, SUPERSEDE, allow(SKIPPED));

        on(SUCCESS, RETRY, refuse("This sync succeeded and cannot be retried; a later change of the record makes a new sync."));
        on(SUCCESS, SKIP, refuse("This sync already succeeded."));
        on(SUCCESS, MARK_SYNCED, refuse("This sync already succeeded."));

        on(SKIPPED, RETRY, new Transition.Allowed(PENDING, true));
        on(SKIPPED, SKIP, refuse("This sync is already skipped."));
        on(SKIPPED, MARK_SYNCED, allow(SUCCESS));
    }

    private Lifecycle() {}

    public static Transition transition(SyncStatus from, SyncAction action) {
        var t = TABLE.get(from).get(action);
        return t != null ? t : new Transition.Refused(
                "A " + from.label() + " sync cannot " + action.name().toLowerCase().replace('_', ' ') + ".");
    }

    public static boolean allows(SyncStatus from, SyncAction action) {
        return transition(from, action) instanceof Transition.Allowed;
    }

    /** Statuses from which {@code action} is allowed; used to build the SQL guard of bulk actions. */
    public static java.util.Set<SyncStatus> statusesAllowing(SyncAction action) {
        var set = java.util.EnumSet.noneOf(SyncStatus.class);
        for (var s : SyncStatus.values()) {
            if (allows(s, action)) {
                set.add(s);
            }
        }
        return set;
    }

    private static void on(SyncStatus from, SyncAction action, Transition t) {
        TABLE.computeIfAbsent(from, k -> new EnumMap<>(SyncAction.class)).put(action, t);
    }

    private static Transition allow(SyncStatus to) {
        return new Transition.Allowed(to, false);
    }

    private static Transition refuse(String reason) {
        return new Transition.Refused(reason);
    }
}
