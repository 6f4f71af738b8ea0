package io.ledgerbridge.engine.intake;

import io.ledgerbridge.domain.record.FieldProblem;
import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.Payment;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.record.SourceRecord;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.engine.mapping.SourceRecords;
import java.time.Clock;
import java.util.List;

/**
 * Where every change from a source enters: the REST API's pushes, webhooks, polls and imports. Checks the record,
 * stores it and queues its syncs; a refused record changes nothing.
 */
public final class RecordIntake {

    private final SourceRecords records;
    private final Clock clock;
    private final Runnable wakeWorkers;

    public RecordIntake(SourceRecords records, Clock clock, Runnable wakeWorkers) {
        this.records = records;
        this.clock = clock;
        this.wakeWorkers = wakeWorkers;
    }

    public sealed interface Result {
        record Accepted(SourceRecords.Saved saved) implements Result {}

        record Invalid(List<FieldProblem> problems) implements Result {}
    }

    public Result receive(ConnectionId source, SourceRecord record) {
        var problems = record.validate();
        if (problems.isEmpty()) {
            problems = unknownReferences(source, record);
        }
        if (!problems.isEmpty()) {
            return new Result.Invalid(problems);
        }
        var saved = records.save(source, record, clock.instant());
        if (!saved.events().isEmpty()) {
            wakeWorkers.run();
        }
        return new Result.Accepted(saved);
    }

    /** An invoice's customer and a payment's invoice must have been received first, so a sync can never wait forever. */
    private List<FieldProblem> unknownReferences(ConnectionId source, SourceRecord record) {
        return switch (record) {
            case Invoice inv when !records.exists(source, RecordType.CUSTOMER, inv.customerId()) -> List.of(new FieldProblem(
                    "customerId", "customer '" + inv.customerId() + "' is unknown; create the customer first"));
            case Payment p when !records.exists(source, RecordType.INVOICE, p.invoiceId()) -> List.of(new FieldProblem(
                    "invoiceId", "invoice '" + p.invoiceId() + "' is unknown; create the invoice first"));
            default -> List.of();
        };
    }
}
