package io.ledgerbridge.web.webhook;

import io.javalin.http.Context;
import io.ledgerbridge.domain.record.SourceRecord;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.ConnectionStatus;
import io.ledgerbridge.engine.connection.ConnectionRecord;
import io.ledgerbridge.engine.connection.ConnectionStore;
import io.ledgerbridge.engine.intake.RecordIntake;
import io.ledgerbridge.store.webhook.PostgresWebhookInbox;
import io.ledgerbridge.web.api.ApiError;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhooks/{connectionId}}: a vendor's webhook deliveries for one connection (public: the vendor's
 * signature is the authentication). For each delivery:
 * <ol>
 *   <li>the connection's system's {@link Receiver} checks it (signature, timestamp, body): 401 / 400 refuse it and
 *       nothing is stored;</li>
 *   <li>each notification is stored in the webhook inbox under the vendor's id: one seen before and processed is
 *       dropped, so the same delivery twice makes one event;</li>
 *   <li>the new notifications of all deliveries arriving within {@code window} are read back together by the
 *       receiver (one batch read for many deliveries), one read per connection at a time so an older read never
 *       lands after a newer one, and every record goes through {@link RecordIntake};</li>
 *   <li>the answer is 204 (or the receiver's {@link Receiver#acceptedStatus()}) once read, 500 when the read failed (the notifications stay unprocessed and the vendor's
 *       repeat is read again), or 202 when the read takes longer than {@code answerWithin} (vendors want a fast 2xx;
 *       the read goes on and the polling cursor is the safety net if it fails).</li>
 * </ol>
 */
public final class WebhookEndpoints {

    private static final Logger log = LoggerFactory.getLogger(WebhookEndpoints.class);

    /** One system's webhooks (HubSpot, QuickBooks): how a delivery is checked and how what it names is read. */
    public interface Receiver {
        /** Checks a delivery and reads its notifications; never throws for a bad delivery, refuses it. */
        Check check(ConnectionRecord connection, Delivery delivery);

        /**
         * Reads the records the notifications name, from the source. Called for one connection at a time, with the
         * notifications of one or more deliveries.
         *
         * @return the records in the order intake must receive them (customers before their invoices)
         * @throws RuntimeException when the source cannot be read now
         */
        List<SourceRecord> read(ConnectionRecord connection, List<Notification> notifications);

        /**
         * The status of the answer to a delivery that was accepted and read: 204 unless the vendor wants another (Xero's
         * intent to receive passes only on 200, API_FACTS B.9).
         */
        default int acceptedStatus() {
            return 204;
        }
    }

    /** A delivery as received: the full URL (scheme, host, path, query), headers by lower-case name, the raw body. */
    public record Delivery(String method, String url, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** @param id the vendor's id of the notification (the same on every repeat), the inbox's key */
    public record Notification(String id, String payload) {}

    public sealed interface Check {
        record Accepted(List<Notification> notifications) implements Check {}

        record Refused(int status, String reason) implements Check {}
    }

    private final ConnectionStore connections;
    private final PostgresWebhookInbox inbox;
    private final RecordIntake intake;
    private final Clock clock;
    private final Map<String, Receiver> receivers;
    private final Duration window;
    private final Duration answerWithin;
    private final Map<ConnectionId, Batcher> batchers = new ConcurrentHashMap<>();

    /**
     * @param receivers    system id ({@code hubspot}) → its receiver
     * @param window       how long a read waits for more deliveries to read them together
     * @param answerWithin how long a delivery waits for its read before it is answered 202
     */
    public WebhookEndpoints(ConnectionStore connections, PostgresWebhookInbox inbox, RecordIntake intake, Clock clock,
            Map<String, Receiver> receivers, Duration window, Duration answerWithin) {
        this.connections = connections;
        this.inbox = inbox;
        this.intake = intake;
        this.clock = clock;
        this.receivers = Map.copyOf(receivers);
        this.window = window;
        this.answerWithin = answerWithin;
    }

    /** No system takes webhooks: every delivery is answered 404. */
    public static WebhookEndpoints none() {
        return new WebhookEndpoints(null, null, null, Clock.systemUTC(), Map.of(), Duration.ZERO, Duration.ZERO);
    }

    public void receive(Context ctx) {
        var connection = connection(ctx.pathParam("connectionId"));
        var receiver = receivers.get(connection.system());
        if (receiver == null) {
            throw ApiError.notFound("Connection " + connection.id().value() + " does not take webhooks.");
        }
        if (connection.status() == ConnectionStatus.DISCONNECTED) {
            throw new ApiError(410, "disconnected", "Connection " + connection.id().value() + " is disconnected.");
        }
        var headers = new LinkedHashMap<String, String>();
        ctx.headerMap().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        var delivery = new Delivery(ctx.method().name(), ctx.fullUrl(), headers, ctx.body());
        var fresh = switch (receiver.check(connection, delivery)) {
            case Check.Refused r -> {
                log.info("webhook refused connection={} status={} reason={}", connection.id().value(), r.status(), r.reason());
                throw new ApiError(r.status(), r.status() == 401 ? "invalid_signature" : "invalid_body", r.reason());
            }
            case Check.Accepted a -> fresh(connection, a.notifications());
        };
        if (fresh.isEmpty()) {
            ctx.status(receiver.acceptedStatus());
            return;
        }
        var done = batchers.computeIfAbsent(connection.id(), c -> new Batcher(receiver)).submit(connection, fresh);
        try {
            done.get(answerWithin.toMillis(), TimeUnit.MILLISECONDS);
            ctx.status(receiver.acceptedStatus());
        } catch (TimeoutException slow) {
            ctx.status(202);
        } catch (ExecutionException e) {
            throw new ApiError(500, "read_failed", "The changes could not be read from the source now ("
                    + e.getCause().getMessage() + "); send the delivery again.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "stopping", "The server is stopping; send the delivery again.");
        }
    }

    private ConnectionRecord connection(String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiError.notFound("There is no connection '" + (id.length() > 40 ? id.substring(0, 40) : id) + "'.");
        }
        if (connections == null) {
            throw ApiError.notFound("This server takes no webhooks.");
        }
        return connections.find(new ConnectionId(uuid))
                .orElseThrow(() -> ApiError.notFound("There is no connection " + uuid + "."));
    }

    /** Notifications not received before, and those received before whose processing failed. */
    private List<Notification> fresh(ConnectionRecord connection, List<Notification> notifications) {
        var fresh = new ArrayList<Notification>();
        var seen = new ArrayList<Notification>();
        for (var n : notifications) {
            if (inbox.accept(connection.id(), n.id(), n.payload(), clock.instant())) {
                fresh.add(n);
            } else {
                seen.add(n);
            }
        }
        if (!seen.isEmpty()) {
            var again = inbox.unprocessed(connection.id(), seen.stream().map(Notification::id).toList());
            seen.stream().filter(n -> again.contains(n.id())).forEach(fresh::add);
        }
        return fresh;
    }

    /** Gathers one connection's notifications for {@code window} and reads them together, one read at a time. */
    private final class Batcher {
        private final Receiver receiver;
        private final ReentrantLock reading = new ReentrantLock();
        private final Object lock = new Object();
        private List<Notification> pending = new ArrayList<>();
        private CompletableFuture<Void> pendingDone = new CompletableFuture<>();
        private boolean scheduled;

        Batcher(Receiver receiver) {
            this.receiver = receiver;
        }

        CompletableFuture<Void> submit(ConnectionRecord connection, List<Notification> notifications) {
            synchronized (lock) {
                pending.addAll(notifications);
                var done = pendingDone;
                if (!scheduled) {
                    scheduled = true;
                    Thread.ofVirtual().name("webhook-read-" + connection.id().value()).start(() -> flush(connection));
                }
                return done;
            }
        }

        private void flush(ConnectionRecord connection) {
            try {
                Thread.sleep(window);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reading.lock();
            try {
                List<Notification> batch;
                CompletableFuture<Void> done;
                synchronized (lock) {
                    batch = pending;
                    done = pendingDone;
                    pending = new ArrayList<>();
                    pendingDone = new CompletableFuture<>();
                    scheduled = false;
                }
                try {
                    read(connection, batch);
                    done.complete(null);
                } catch (RuntimeException e) {
                    log.warn("webhook read failed connection={} notifications={}: {}", connection.id().value(),
                            batch.size(), e.getMessage());
                    done.completeExceptionally(e);
                }
            } finally {
                reading.unlock();
            }
        }

        private void read(ConnectionRecord connection, List<Notification> batch) {
            var distinct = new LinkedHashMap<String, Notification>();
            batch.forEach(n -> distinct.putIfAbsent(n.id(), n));
            var records = receiver.read(connection, List.copyOf(distinct.values()));
            int refused = 0;
            // The delivery's records in one transaction (an invoice may follow its customer in the same delivery).
            var results = records.isEmpty() ? List.<RecordIntake.Result>of() : intake.receiveAll(connection.id(), records);
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i) instanceof RecordIntake.Result.Invalid invalid) {
                    refused++;
                    log.info("webhook record refused connection={} {}={} problems={}", connection.id().value(),
                            records.get(i).type().singular(), records.get(i).id(), invalid.problems());
                }
            }
            var now = clock.instant();
            distinct.keySet().forEach(id -> inbox.markProcessed(connection.id(), id, now));
            log.debug("webhook read connection={} notifications={} records={} refused={}", connection.id().value(),
                    distinct.size(), records.size(), refused);
        }
    }
}
