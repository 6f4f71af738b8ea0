package io.ledgerbridge.dashboard.audit;

import io.ledgerbridge.dashboard.signin.SignedIn;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.store.audit.PostgresAuditLog;
import java.time.Clock;
import java.util.Map;

/** What a signed-in person changed, into the audit log, under their email. */
public final class AuditTrail {

    private final PostgresAuditLog log;
    private final Clock clock;

    public AuditTrail(PostgresAuditLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    public void record(SignedIn who, String action, String target, String summary) {
        record(who, action, target, summary, Map.of(), Map.of());
    }

    public void record(SignedIn who, String action, String target, String summary, Map<String, ?> before,
            Map<String, ?> after) {
        log.record(new PostgresAuditLog.Entry(who.workspace(), who.email(), action, target, summary, before, after),
                clock.instant());
    }

    /** A change asked for by someone who is not signed in here: an API key or the command line ({@code actor}). */
    public void record(WorkspaceId workspace, String actor, String action, String target, String summary,
            Map<String, ?> before, Map<String, ?> after) {
        log.record(new PostgresAuditLog.Entry(workspace, actor, action, target, summary, before, after), clock.instant());
    }

    public PostgresAuditLog log() {
        return log;
    }
}
