package io.ledgerbridge.connector;

import io.ledgerbridge.domain.record.RecordType;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Writes records into one destination connection (a QuickBooks company, a Xero organisation, a HubSpot portal).
 *
 * <h2>Lifecycle and threading</h2>
 * A sink is opened per connection by its {@link Connector} and used by many worker threads at once; an
 * implementation must be thread-safe. The engine never calls a sink more often than {@link #rateLimits()}
 * allows, across all nodes, so an implementation does not throttle itself; it reports a vendor's "too many
 * requests" as a {@link io.ledgerbridge.domain.error.ErrorCode#RATE_LIMITED} rejection with the wait asked.
 *
 * <h2>Batches</h2>
 * {@link #write(List)} takes at most {@link SinkCapabilities#maxBatchSize()} writes and answers one
 * {@link WriteResult} per write, in the same order. One write's failure never fails the others. A failure of
 * the whole call (the vendor is down, the token is refused) is answered as the same rejection for every write.
 *
 * <h2>Idempotency</h2>
 * Every write carries an {@link IdempotencyKey} derived from (flow, record, record version). The engine may
 * send a write again with the same key after a timeout or a crash; a sink passes the key to the vendor when the
 * vendor supports one (QuickBooks {@code requestid}, Xero {@code Idempotency-Key}) so the vendor answers the
 * repeat with the first result. Before repeating a write whose outcome is unknown, the engine also calls
 * {@link #find} with the record's natural key, so vendors without idempotency keys do not get duplicates.
 *
 * <h2>Failures</h2>
 * Expected failures are data: a {@link WriteResult.Rejected} with a {@link io.ledgerbridge.domain.error.SyncError}
 * from the error catalogue, classified by the connector from the vendor's status, headers and error body. A
 * timeout after the request was sent is {@link WriteResult.Uncertain}. Exceptions thrown by a sink are bugs;
 * the engine treats them as transient failures and logs them.
 *
 * <h2>Deletion</h2>
 * A sink never deletes anything in an accounting system: {@link Write.Operation#VOID} voids.
 */
public interface Sink extends AutoCloseable {

    SinkCapabilities capabilities();

    RateLimits rateLimits();

    /**
     * Writes up to {@link SinkCapabilities#maxBatchSize()} records.
     *
     * @return one result per write, in order; never null
     * @throws IllegalArgumentException if the batch is larger than the sink accepts (a bug in the caller)
     */
    List<WriteResult> write(List<Write> writes);

    /**
     * Finds destination records by natural key (email for customers, exact case-sensitive SKU for products,
     * document number for invoices, the source payment id for payments).
     *
     * @return one {@link Lookup} per key given; keys are compared exactly
     */
    Map<String, Lookup> find(RecordType type, Collection<String> naturalKeys);

    /**
     * What the vendor said remains of this connection's budget with its latest answer, if it says so (Xero does);
     * empty otherwise. Read by the engine after each call to correct its shared budget. Thread-safe.
     */
    default java.util.Optional<RemainingCalls> remainingCalls() {
        return java.util.Optional.empty();
    }

    /** A human name of the destination for messages, e.g. "QuickBooks Online". */
    String displayName();

    @Override
    default void close() {}
}
