package io.ledgerbridge.dashboard.diagnostics;

import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.WaitReason;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.store.events.PostgresSyncEvents;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Failed syncs grouped by their cause: the error, and the one detail that tells causes apart (the SKU of "SKU not
 * found", the customer of "Customer email missing", the vendor's words of "Destination error"), so that fourteen
 * invoices missing one product read as one line.
 */
public final class PostgresFailureGroups {

    /** Which detail names the cause, per error. Errors not listed group by their code alone. */
    static final String SUBJECT = """
            CASE error_code
                 WHEN 'SKU_NOT_FOUND' THEN error_details->>'sku'
                 WHEN 'PRODUCT_NOT_SYNCED' THEN error_details->>'sku'
                 WHEN 'CUSTOMER_EMAIL_MISSING' THEN error_details->>'customer'
                 WHEN 'CUSTOMER_NOT_SYNCED' THEN error_details->>'customer'
                 WHEN 'INVOICE_NOT_SYNCED' THEN error_details->>'invoice'
                 WHEN 'TAX_CODE_NOT_MAPPED' THEN error_details->>'taxCode'
                 WHEN 'DUPLICATE_NAME' THEN error_details->>'name'
                 WHEN 'INVALID_CHARACTERS' THEN error_details->>'name'
                 WHEN 'CLOSED_PERIOD' THEN error_details->>'closedThrough'
                 WHEN 'VENDOR_ERROR' THEN left(error_vendor_message, 200)
                 WHEN 'TAX_MISMATCH' THEN left(error_vendor_message, 200)
                 ELSE NULL END""";

    private final Jdbi jdbi;

    public PostgresFailureGroups(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * @param subject the detail that names the cause, or null
     * @param example the newest failed sync of the group, whose error renders the fix
     */
    public record Group(ErrorCode code, String subject, long count, long example, Instant latest) {}

    public record Waiting(WaitReason reason, long count, long example) {}

    public List<Group> failed(WorkspaceId workspace, RecordType type) {
        return jdbi.withHandle(h -> h.createQuery("SELECT error_code, " + SUBJECT + " AS subject," + """
                         count(*) AS n, max(id) AS example, max(updated_at) AS latest
                          FROM sync_event
                         WHERE workspace_id = :w AND record_type = :type AND status = 'FAILED' AND error_code IS NOT NULL
                         GROUP BY 1, 2
                         ORDER BY n DESC, latest DESC""")
                .bind("w", workspace.value()).bind("type", type.name())
                .map((rs, ctx) -> new Group(ErrorCode.valueOf(rs.getString("error_code")), rs.getString("subject"),
                        rs.getLong("n"), rs.getLong("example"), rs.getTimestamp("latest").toInstant()))
                .list());
    }

    /** Pending syncs that wait for something other than their turn: a reconnect, a rate limit, a dependency. */
    public List<Waiting> waiting(WorkspaceId workspace, RecordType type) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT w.wait_reason, count(*) AS n, max(w.id) AS example
                          FROM (SELECT e.id, """ + PostgresSyncEvents.WAIT_REASON + """
                                        AS wait_reason
                                  FROM sync_event e JOIN connection c ON c.id = e.destination_connection_id
                                 WHERE e.workspace_id = :w AND e.record_type = :type AND e.status = 'PENDING') w
                         WHERE w.wait_reason IS NOT NULL AND w.wait_reason <> 'QUEUED'
                         GROUP BY 1 ORDER BY n DESC""")
                .bind("w", workspace.value()).bind("type", type.name())
                .map((rs, ctx) -> new Waiting(WaitReason.valueOf(rs.getString("wait_reason")), rs.getLong("n"),
                        rs.getLong("example")))
                .list());
    }
}
