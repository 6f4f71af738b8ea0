package io.ledgerbridge.engine.pipeline;

import io.ledgerbridge.connector.IdempotencyKey;
import io.ledgerbridge.connector.Lookup;
import io.ledgerbridge.connector.Outbound;
import io.ledgerbridge.connector.Sink;
import io.ledgerbridge.connector.Write;
import io.ledgerbridge.connector.WriteResult;
import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.error.SyncError;
import io.ledgerbridge.domain.record.Customer;
import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.InvoiceLine;
import io.ledgerbridge.domain.record.InvoiceStatus;
import io.ledgerbridge.domain.record.Payment;
import io.ledgerbridge.domain.record.Product;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.domain.sync.WaitReason;
import io.ledgerbridge.engine.connection.Connections;
import io.ledgerbridge.engine.flow.Flow;
import io.ledgerbridge.engine.flow.Flows;
import io.ledgerbridge.engine.mapping.Mappings;
import io.ledgerbridge.engine.mapping.SourceRecords;
import io.ledgerbridge.engine.queue.Attempt;
import io.ledgerbridge.engine.queue.ClaimedEvent;
import io.ledgerbridge.engine.queue.Completion;
import io.ledgerbridge.engine.queue.DependencyState;
import io.ledgerbridge.engine.queue.SyncQueue;
import io.ledgerbridge.engine.ratelimit.Throttle;
import io.ledgerbridge.engine.retry.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline for one record, run for a batch of claimed events of one flow at a time:
 *
 * <ol>
 *   <li><b>Filters</b>: the record type is enabled, the invoice status is selected, the record was not written by
 *       an integration ("Skip Integration Source"), it is not older than the historical cut-off.</li>
 *   <li><b>Dependencies</b>: an invoice needs its customer's mapping (created when the customer syncs; matched by
 *       exact email), every line's product (matched by exact, case-sensitive SKU) and a tax code for every
 *       line's tax rate; a payment needs its invoice. A dependency still syncing makes the record wait; a failed
 *       one fails it with a link to the cause.</li>
 *   <li><b>Write</b>: create with an idempotency key, or update/void through the mapping, in batches as large as
 *       the destination takes, within its rate limits. A write whose earlier outcome is unknown first searches
 *       the destination by natural key.</li>
 *   <li><b>Outcome</b>: returned as data; the worker writes it with the mapping in one transaction.</li>
 * </ol>
 *
 * This class decides; it never writes to the store except to enqueue a product that product sync needs.
 */
public final class SyncPipeline {

    private static final Logger log = LoggerFactory.getLogger(SyncPipeline.class);
    /** Rate-limit waits up to this long are waited out in the worker; longer ones return the events to the queue. */
    private static final Duration INLINE_WAIT = Duration.ofSeconds(2);

    private final Flows flows;
    private final Connections connections;
    private final Mappings mappings;
    private final SourceRecords records;
    private final SyncQueue queue;
    private final Throttle throttle;
    private final RetryPolicy retry;
    private final Clock clock;
    private final RandomGenerator random;
    private final Pause pause;

    /**
     * The import share of a destination's day (implemented by {@code ImportReading#takeBudget}): takes one call,
     * or says when the next day's share starts.
     */
    public interface ImportBudget {
        java.util.Optional<Instant> take(io.ledgerbridge.domain.workspace.ConnectionId destination, long callsPerDay,
                Instant now);

        ImportBudget UNLIMITED = (d, c, n) -> java.util.Optional.empty();
    }

    private ImportBudget importBudget = ImportBudget.UNLIMITED;

    /** Historical imports take their calls from this share of each destination's day (default: no share kept). */
    public SyncPipeline importBudget(ImportBudget budget) {
        this.importBudget = budget;
        return this;
    }

    /** How a worker waits out a short rate-limit wait; injected so tests need not sleep. */
    public interface Pause {
        void pause(Duration d) throws InterruptedException;
    }

    public SyncPipeline(Flows flows, Connections connections, Mappings mappings, SourceRecords records,
            SyncQueue queue, Throttle throttle, RetryPolicy retry, Clock clock, RandomGenerator random, Pause pause) {
        this.flows = flows;
        this.connections = connections;
        this.mappings = mappings;
        this.records = records;
        this.queue = queue;
        this.throttle = throttle;
        this.retry = retry;
        this.clock = clock;
        this.random = random;
        this.pause = pause;
    }

    /** Decides an outcome for every claimed event; one completion per event, in no particular order. */
    public List<Completion> process(List<ClaimedEvent> batch, String node) throws InterruptedException {
        var byFlow = batch.stream().collect(Collectors.groupingBy(ClaimedEvent::flow, LinkedHashMap::new,
                Collectors.toList()));
        var done = new ArrayList<Completion>(batch.size());
        for (var entry : byFlow.entrySet()) {
            done.addAll(new FlowBatch(flows.flow(entry.getKey()), node).run(entry.getValue()));
        }
        // Every claimed event leaves with exactly one outcome; one without would wait for its lease to expire.
        var decided = done.stream().map(c -> c.event().id()).collect(Collectors.toSet());
        if (decided.size() != done.size()) {
            throw new IllegalStateException("the pipeline decided an event twice: " + done);
        }
        for (var e : batch) {
            if (!decided.contains(e.id())) {
                log.error("event={} flow={} got no outcome from the pipeline (a bug); it is retried", e.id(), e.flow());
                done.add(new Completion(e, new Outcome.RetryAt(clock.instant().plusSeconds(5), WaitReason.RETRY_BACKOFF,
                        SyncError.of(ErrorCode.TEMPORARILY_UNAVAILABLE).withVendorMessage("no outcome decided"), false,
                        true)));
            }
        }
        return done;
    }

    /** One flow's share of a claimed batch. */
    private final class FlowBatch {
        private final Flow flow;
        private final String node;
        private final Sink sink;
        private final String destination;
        private final String source;
        private final List<Completion> done = new ArrayList<>();
        private final List<Planned> planned = new ArrayList<>();
        /** Invoice events of a routed flow whose invoice is routed elsewhere now: voided here if it was written here. */
        private final java.util.Set<io.ledgerbridge.domain.sync.SyncEventId> routedAway = new java.util.HashSet<>();
        private List<Flow> routedWith;

        FlowBatch(Flow flow, String node) {
            this.flow = flow;
            this.node = node;
            this.sink = connections.sink(flow.destination());
            this.destination = sink.displayName();
            this.source = connections.systemName(flow.source());
        }

        List<Completion> run(List<ClaimedEvent> events) throws InterruptedException {
            var byType = new HashMap<RecordType, List<ClaimedEvent>>();
            for (var e : events) {
                var skip = filteredOut(e);
                if (skip != null) {
                    done.add(new Completion(e, new Outcome.Skipped(skip)));
                } else {
                    byType.computeIfAbsent(e.type(), t -> new ArrayList<>()).add(routed(e));
                }
            }
            int decidedByFilters = done.size();
            RecordType reading = RecordType.CUSTOMER;
            try {
                planCustomers(byType.getOrDefault(RecordType.CUSTOMER, List.of()));
                reading = RecordType.PRODUCT;
                planProducts(byType.getOrDefault(RecordType.PRODUCT, List.of()));
                reading = RecordType.INVOICE;
                planInvoices(byType.getOrDefault(RecordType.INVOICE, List.of()));
                reading = RecordType.PAYMENT;
                planPayments(byType.getOrDefault(RecordType.PAYMENT, List.of()));
                resolveUncertain();
            } catch (RuntimeException storeFailed) {
                // Our own store did not answer a read (mappings, dependencies, source records). Nothing has been
                // written to the destination yet: every event of the batch tries again later, counted, and says why.
                log.warn("flow={} reading mappings failed; {} events retry: {}", flow.id(), events.size() - decidedByFilters,
                        storeFailed.toString());
                done.subList(decidedByFilters, done.size()).clear();
                planned.clear();
                var error = decorate(SyncError.of(ErrorCode.MAPPING_UNAVAILABLE)
                        .withVendorMessage(mappingWords(reading) + ": " + storeFailed.getMessage()));
                byType.values().forEach(group -> group.forEach(e ->
                        done.add(new Completion(e, rejected(e, error, null, false)))));
                return done;
            }
            write();
            return done;
        }

        // ---- 1. Filters and routes --------------------------------------------------------------------------

        /**
         * An invoice of a routed flow, as this destination has it: under its number with the route's prefix, and, when
         * the invoice is routed elsewhere now, as a void (the group wins: a copy written here is voided, nothing is
         * deleted). See {@link io.ledgerbridge.engine.routing.Routing} for which events reach this flow.
         */
        private ClaimedEvent routed(ClaimedEvent e) {
            var route = flow.settings().route();
            if (route == null || !(e.record() instanceof Invoice inv)) {
                return e;
            }
            var here = inv.withNumber(route.number(inv.number()));
            if (!route.matches(inv.attributes())) {
                routedAway.add(e.id());
                here = here.withStatus(InvoiceStatus.VOID);
            }
            return new ClaimedEvent(e.id(), e.workspace(), e.flow(), e.type(), e.sourceId(), e.version(), here,
                    e.attempt(), e.retryCount(), e.uncertain());
        }

        /** The flows of this flow's routed flow, read once per batch (only when an invoice was routed away). */
        private List<Flow> routedFlow() {
            if (routedWith == null) {
                routedWith = flows.routedWith(flow);
            }
            return routedWith;
        }

        /** An invoice routed away from here that was never written here: routed elsewhere, or nowhere (a fix). */
        private void notRoutedHere(ClaimedEvent e, Invoice inv) {
            var route = flow.settings().route();
            var group = routedFlow();
            var takers = group.stream().filter(f -> f.settings().route().matches(inv.attributes())).toList();
            if (!takers.isEmpty()) {
                done.add(new Completion(e, new Outcome.Skipped("Routed to another destination of this flow: "
                        + route.fieldLabel() + " is " + io.ledgerbridge.engine.routing.Routing.valueOf(inv, route) + ".")));
                return;
            }
            String number = inv.number().startsWith(route.numberPrefix())
                    ? inv.number().substring(route.numberPrefix().length()) : inv.number();
            fail(e, SyncError.of(ErrorCode.NO_ROUTE, "number", number, "field", route.fieldLabel(), "value",
                    io.ledgerbridge.engine.routing.Routing.valueOf(inv, route), "options",
                    io.ledgerbridge.engine.routing.Routing.options(group.stream().map(f -> f.settings().route()).toList())),
                    null);
        }

        private String filteredOut(ClaimedEvent e) {
            var settings = flow.settings();
            if (!settings.enabled(e.type())) {
                return capitalised(e.type().singular()) + " sync is turned off for this flow.";
            }
            if (settings.skipIntegrationSource() && e.record().writtenBy() != null) {
                return "Written by " + e.record().writtenBy() + "; \"Skip Integration Source\" is on.";
            }
            if (e.record() instanceof Invoice inv) {
                if (!settings.invoiceStatuses().contains(inv.status())) {
                    return "Invoice status " + capitalised(inv.status().name().toLowerCase())
                            + " is not among the selected statuses " + settings.invoiceStatuses().stream()
                                    .map(s -> capitalised(s.name().toLowerCase())).sorted().toList() + ".";
                }
                if (beforeCutoff(inv.issueDate())) {
                    return "Dated " + inv.issueDate() + ", before the historical import cut-off "
                            + settings.historicalCutoff() + ".";
                }
            }
            if (e.record() instanceof Payment p && beforeCutoff(p.date())) {
                return "Dated " + p.date() + ", before the historical import cut-off " + settings.historicalCutoff() + ".";
            }
            return null;
        }

        private boolean beforeCutoff(LocalDate date) {
            var cutoff = flow.settings().historicalCutoff();
            return cutoff != null && date != null && date.isBefore(cutoff);
        }

        // ---- 2. Dependencies, per record type --------------------------------------------------------------

        private void planCustomers(List<ClaimedEvent> events) throws InterruptedException {
            var withEmail = new ArrayList<ClaimedEvent>();
            for (var e : events) {
                var c = (Customer) e.record();
                if (!c.hasEmail()) {
                    fail(e, SyncError.of(ErrorCode.CUSTOMER_EMAIL_MISSING, "customer", c.displayName()), null);
                } else {
                    withEmail.add(e);
                }
            }
            planMatchedByNaturalKey(withEmail, RecordType.CUSTOMER, e -> e.sourceId(),
                    e -> ((Customer) e.record()).email(), e -> new Outbound.OutboundCustomer((Customer) e.record()));
        }

        private void planProducts(List<ClaimedEvent> events) throws InterruptedException {
            planMatchedByNaturalKey(events, RecordType.PRODUCT, e -> ((Product) e.record()).sku(),
                    e -> ((Product) e.record()).sku(), e -> new Outbound.OutboundProduct((Product) e.record()));
        }

        /** Customers and products: update through the mapping, else link to a match by natural key, else create. */
        private void planMatchedByNaturalKey(List<ClaimedEvent> events, RecordType type,
                Function<ClaimedEvent, String> sourceKey, Function<ClaimedEvent, String> naturalKey,
                Function<ClaimedEvent, Outbound> outbound) throws InterruptedException {
            if (events.isEmpty()) {
                return;
            }
            var mapped = mappings.find(flow.id(), type, events.stream().map(sourceKey).toList());
            var unmapped = events.stream().filter(e -> !mapped.containsKey(sourceKey.apply(e))).toList();
            var matches = find(type, unmapped.stream().map(naturalKey).toList(), events);
            if (matches == null) {
                return; // the lookup itself failed; every event of the group has its outcome
            }
            for (var e : events) {
                String key = sourceKey.apply(e);
                String destinationId = mapped.get(key);
                if (destinationId != null) {
                    plan(e, Write.Operation.UPDATE, destinationId, key, outbound.apply(e));
                } else if (matches.get(naturalKey.apply(e)) instanceof Lookup.Found found) {
                    done.add(new Completion(e, new Outcome.Synced(key, found.destinationId(), true)));
                } else {
                    plan(e, Write.Operation.CREATE, null, key, outbound.apply(e));
                }
            }
        }

        private void planInvoices(List<ClaimedEvent> events) throws InterruptedException {
            if (events.isEmpty()) {
                return;
            }
            var invoices = events.stream().map(e -> (Invoice) e.record()).toList();
            var customerIds = invoices.stream().map(Invoice::customerId).collect(Collectors.toSet());
            var skus = invoices.stream().flatMap(i -> i.lines().stream()).map(InvoiceLine::sku)
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            // Customers, products and the invoices' own mappings in one round trip.
            var known = mappings.findAll(flow.id(), Map.of(RecordType.CUSTOMER, customerIds,
                    RecordType.INVOICE, events.stream().map(ClaimedEvent::sourceId).toList(), RecordType.PRODUCT, skus));
            var unmappedCustomers = missing(customerIds, known.get(RecordType.CUSTOMER));
            var customerDeps = dependencies(RecordType.CUSTOMER, unmappedCustomers);
            var customers = withLateMappings(RecordType.CUSTOMER, known.get(RecordType.CUSTOMER), customerDeps);
            var customerNames = names(RecordType.CUSTOMER, missing(unmappedCustomers, customers));
            var selves = known.get(RecordType.INVOICE);
            var items = new HashMap<>(known.get(RecordType.PRODUCT));
            var learned = new ArrayList<Completion.Learned>();
            var unmappedSkus = missing(skus, items);
            if (!unmappedSkus.isEmpty()) {
                var found = find(RecordType.PRODUCT, unmappedSkus, events);
                if (found == null) {
                    return;
                }
                found.forEach((sku, lookup) -> {
                    if (lookup instanceof Lookup.Found f) {
                        items.put(sku, f.destinationId());
                        learned.add(new Completion.Learned(RecordType.PRODUCT, sku, f.destinationId()));
                    }
                });
            }
            var stillMissing = missing(skus, items);
            // A product the source has may be on its way: its own event syncs it (the Products record type), or
            // product sync queues one.
            boolean productsCome = flow.settings().productSync() || flow.settings().enabled(RecordType.PRODUCT);
            Map<String, Product> sourceProducts = productsCome && !stillMissing.isEmpty()
                    ? records.productsBySku(flow.source(), stillMissing) : Map.of();
            var productDeps = dependencies(RecordType.PRODUCT,
                    sourceProducts.values().stream().map(Product::id).toList());
            var syncedSkus = sourceProducts.values().stream().filter(p -> syncedTo(productDeps.get(p.id())))
                    .map(Product::sku).toList();
            if (!syncedSkus.isEmpty()) {
                items.putAll(mappings.find(flow.id(), RecordType.PRODUCT, syncedSkus)); // synced just now, see withLateMappings
            }

            var pulled = new HashMap<String, io.ledgerbridge.domain.sync.SyncEventId>();
            for (var e : events) {
                var inv = (Invoice) e.record();
                String invoiceId = selves.get(e.sourceId());
                if (inv.status() == InvoiceStatus.VOID && invoiceId == null && routedAway.contains(e.id())) {
                    notRoutedHere(e, inv);
                    continue;
                }
                if (inv.status() == InvoiceStatus.VOID && invoiceId == null) {
                    done.add(new Completion(e, new Outcome.Skipped(
                            "Voided before it was ever synced: there is nothing to void in " + destination + ".")));
                    continue;
                }
                String customerRef = customers.get(inv.customerId());
                if (customerRef == null && flow.settings().routed() && customerDeps.get(inv.customerId()) == null
                        && (pulled.containsKey(inv.customerId())
                                || records.exists(flow.source(), RecordType.CUSTOMER, inv.customerId()))) {
                    // A routed flow's customers follow their invoices: synced here when the first one needs it.
                    var id = pulled.computeIfAbsent(inv.customerId(),
                            c -> queue.enqueue(flow.id(), RecordType.CUSTOMER, c, clock.instant()));
                    done.add(new Completion(e, new Outcome.WaitForDependency(id, "customer \""
                            + customerNames.getOrDefault(inv.customerId(), inv.customerId()) + "\"")));
                    continue;
                }
                if (customerRef == null) {
                    dependencyNotReady(e, customerDeps.get(inv.customerId()), ErrorCode.CUSTOMER_NOT_SYNCED,
                            RecordType.CUSTOMER, inv.customerId(), customerNames.getOrDefault(inv.customerId(), inv.customerId()));
                    continue;
                }
                if (!resolveLines(e, inv, items, sourceProducts, productDeps)) {
                    continue;
                }
                var taxCodes = new HashMap<String, String>();
                String unmappedTax = null;
                for (var line : inv.lines()) {
                    if (line.taxCode() != null) {
                        String code = flow.settings().taxMapping().get(line.taxCode());
                        if (code == null) {
                            unmappedTax = line.taxCode();
                            break;
                        }
                        taxCodes.put(line.taxCode(), code);
                    }
                }
                if (unmappedTax != null) {
                    fail(e, SyncError.of(ErrorCode.TAX_CODE_NOT_MAPPED, "taxCode", unmappedTax, "number", inv.number()), null);
                    continue;
                }
                var lineItems = new HashMap<String, String>();
                inv.lines().forEach(l -> lineItems.put(l.sku(), items.get(l.sku())));
                var outbound = new Outbound.OutboundInvoice(inv, customerRef, lineItems, taxCodes);
                var op = invoiceId == null ? Write.Operation.CREATE
                        : inv.status() == InvoiceStatus.VOID ? Write.Operation.VOID : Write.Operation.UPDATE;
                plan(e, op, invoiceId, e.sourceId(), outbound).learned.addAll(learned);
            }
        }

        /**
         * Every line's SKU must match; the first that does not waits for the product's own sync (when the source has
         * the product and its event is still open, or product sync queues one), fails as "Product not synced" when
         * that sync failed, was skipped or was marked synced without a link, and otherwise fails as "SKU not found".
         */
        private boolean resolveLines(ClaimedEvent e, Invoice inv, Map<String, String> items,
                Map<String, Product> sourceProducts, Map<String, DependencyState> productDeps) {
            for (int i = 0; i < inv.lines().size(); i++) {
                String sku = inv.lines().get(i).sku();
                if (items.containsKey(sku)) {
                    continue;
                }
                var product = sourceProducts.get(sku);
                var dep = product == null ? null : productDeps.get(product.id());
                boolean productSync = flow.settings().productSync();
                if (product == null || (dep == null && !productSync)) {
                    fail(e, SyncError.of(ErrorCode.SKU_NOT_FOUND, "sku", sku, "line", String.valueOf(i + 1),
                            "number", inv.number()), null);
                } else if (dep == null) {
                    var id = queue.enqueue(flow.id(), RecordType.PRODUCT, product.id(), clock.instant());
                    done.add(new Completion(e, new Outcome.WaitForDependency(id, "product " + sku)));
                } else if (dep.status() == SyncStatus.PENDING || dep.status() == SyncStatus.PROCESSING) {
                    done.add(new Completion(e, new Outcome.WaitForDependency(dep.id(), "product " + sku)));
                } else if (dep.status() != SyncStatus.SUCCESS) {
                    fail(e, SyncError.of(ErrorCode.PRODUCT_NOT_SYNCED, "sku", sku, "cause", describe(dep)), dep.id());
                } else if (dep.destinationId() == null) {
                    fail(e, SyncError.of(ErrorCode.PRODUCT_NOT_SYNCED, "sku", sku, "cause", markedWithoutLink("product")),
                            dep.id());
                } else if (productSync) {
                    // Synced once, but not under this SKU: sync it again.
                    var id = queue.enqueue(flow.id(), RecordType.PRODUCT, product.id(), clock.instant());
                    done.add(new Completion(e, new Outcome.WaitForDependency(id, "product " + sku)));
                } else {
                    mappingUnavailable(e, "product " + sku);
                }
                return false;
            }
            return true;
        }

        private void planPayments(List<ClaimedEvent> events) throws InterruptedException {
            if (events.isEmpty()) {
                return;
            }
            var payments = events.stream().map(e -> (Payment) e.record()).toList();
            var invoiceIds = payments.stream().map(Payment::invoiceId).collect(Collectors.toSet());
            var known = mappings.findAll(flow.id(), Map.of(RecordType.INVOICE, invoiceIds,
                    RecordType.PAYMENT, events.stream().map(ClaimedEvent::sourceId).toList()));
            var unmappedInvoices = missing(invoiceIds, known.get(RecordType.INVOICE));
            var invoiceDeps = dependencies(RecordType.INVOICE, unmappedInvoices);
            var invoiceRefs = withLateMappings(RecordType.INVOICE, known.get(RecordType.INVOICE), invoiceDeps);
            var invoiceNumbers = names(RecordType.INVOICE, missing(unmappedInvoices, invoiceRefs));
            var invoices = records.find(flow.source(), RecordType.INVOICE, invoiceRefs.keySet());
            var customerRefs = mappings.find(flow.id(), RecordType.CUSTOMER, invoices.values().stream()
                    .map(r -> ((Invoice) r).customerId()).collect(Collectors.toSet()));
            var selves = known.get(RecordType.PAYMENT);
            for (var e : events) {
                var payment = (Payment) e.record();
                String invoiceRef = invoiceRefs.get(payment.invoiceId());
                if (invoiceRef == null) {
                    dependencyNotReady(e, invoiceDeps.get(payment.invoiceId()), ErrorCode.INVOICE_NOT_SYNCED,
                            RecordType.INVOICE, payment.invoiceId(),
                            invoiceNumbers.getOrDefault(payment.invoiceId(), payment.invoiceId()));
                    continue;
                }
                var invoice = (Invoice) invoices.get(payment.invoiceId());
                String customerRef = invoice == null ? null : customerRefs.get(invoice.customerId());
                var outbound = new Outbound.OutboundPayment(payment, invoiceRef, customerRef);
                String self = selves.get(e.sourceId());
                plan(e, self == null ? Write.Operation.CREATE : Write.Operation.UPDATE, self, e.sourceId(), outbound);
            }
        }

        /**
         * Decides the outcome of an event whose dependency has no mapping: wait for it, or fail with a link to it.
         *
         * @param label the dependency as people know it (a customer's name, an invoice's number)
         */
        private void dependencyNotReady(ClaimedEvent e, DependencyState dep, ErrorCode code, RecordType type,
                String id, String label) {
            String what = type.singular();
            if (dep == null) {
                fail(e, SyncError.of(code, what, label, "cause", "it was never received from " + source + "."), null);
                return;
            }
            switch (dep.status()) {
                case PENDING, PROCESSING ->
                        done.add(new Completion(e, new Outcome.WaitForDependency(dep.id(), what + " \"" + label + "\"")));
                case FAILED, SKIPPED -> fail(e, SyncError.of(code, what, label, "cause", describe(dep)), dep.id());
                case SUCCESS -> {
                    if (dep.destinationId() == null) {
                        // Marked as synced by a person without naming the destination record: nothing to refer to.
                        fail(e, SyncError.of(code, what, label, "cause", markedWithoutLink(what)), dep.id());
                    } else {
                        mappingUnavailable(e, what + " " + id); // read again in withLateMappings, still missing
                    }
                }
            }
        }

        /**
         * Our store's fault, in the words the group → satellite product's users know (seeds 002): "Could not get
         * invoice mapping", "Unable to get contact mapping".
         */
        private static String mappingWords(RecordType type) {
            return switch (type) {
                case CUSTOMER -> "Unable to get contact mapping";
                case PRODUCT -> "Unable to get item mapping";
                case INVOICE -> "Could not get invoice mapping";
                case PAYMENT -> "Could not get payment mapping";
            };
        }

        private String markedWithoutLink(String what) {
            return "its sync was marked as synced manually without a link to a record there. Open the " + what
                    + "'s sync and use \"Link to an existing destination record\" with its id in " + destination + ".";
        }

        /** Synced with a destination record, yet no mapping: our store failed. Retried, and Failed when spent. */
        private void mappingUnavailable(ClaimedEvent e, String what) {
            var type = what.startsWith("customer") ? RecordType.CUSTOMER : what.startsWith("product") ? RecordType.PRODUCT
                    : what.startsWith("invoice") ? RecordType.INVOICE : RecordType.PAYMENT;
            var error = decorate(SyncError.of(ErrorCode.MAPPING_UNAVAILABLE)
                    .withVendorMessage(mappingWords(type) + ": no mapping for synced " + what));
            done.add(new Completion(e, rejected(e, error, null, false)));
        }

        /**
         * {@code refs} with the mappings of the dependencies whose newest event is a Success with a destination record,
         * read again: that Success (written in one transaction with its mapping) may have come after this batch read
         * the mappings. One query, and only when there is such a dependency.
         */
        private Map<String, String> withLateMappings(RecordType type, Map<String, String> refs,
                Map<String, DependencyState> deps) {
            var synced = deps.entrySet().stream().filter(d -> syncedTo(d.getValue())).map(Map.Entry::getKey).toList();
            if (synced.isEmpty()) {
                return refs;
            }
            var out = new HashMap<>(refs);
            out.putAll(mappings.find(flow.id(), type, synced));
            return out;
        }

        private static boolean syncedTo(DependencyState dep) {
            return dep != null && dep.status() == SyncStatus.SUCCESS && dep.destinationId() != null;
        }

        /** How people know the records that others wait for: a customer's name, an invoice's number. */
        private Map<String, String> names(RecordType type, Collection<String> ids) {
            if (ids.isEmpty()) {
                return Map.of();
            }
            var out = new HashMap<String, String>();
            records.find(flow.source(), type, ids).forEach((id, r) -> {
                String name = switch (r) {
                    case Customer c -> c.displayName() != null && !c.displayName().isBlank() ? c.displayName() : c.email();
                    case Invoice i -> i.number();
                    default -> null;
                };
                if (name != null && !name.isBlank()) {
                    out.put(id, name);
                }
            });
            return out;
        }

        private String describe(DependencyState dep) {
            if (dep.status() == SyncStatus.SKIPPED) {
                return "its sync was skipped.";
            }
            return dep.error() == null ? "its sync failed." : dep.error().title() + ": " + dep.error().message();
        }

        private Map<String, DependencyState> dependencies(RecordType type, Collection<String> ids) {
            return ids.isEmpty() ? Map.of() : queue.newestEvents(flow.id(), type, ids);
        }

        private List<String> missing(Collection<String> keys, Map<String, String> found) {
            return keys.stream().filter(k -> !found.containsKey(k)).distinct().toList();
        }

        // ---- 3. Write ---------------------------------------------------------------------------------------

        private Planned plan(ClaimedEvent e, Write.Operation op, String destinationId, String sourceKey, Outbound outbound) {
            // A person's retry gets a new key: vendors replay a key's first answer, faults included, so the fix they
            // made (a reopened period, a reactivated item) would never be seen. Automatic retries keep the key.
            var key = IdempotencyKey.of(flow.id().toString(), e.type(), e.sourceId(), e.version(),
                    op.name() + (e.retryCount() > 0 ? "#" + e.retryCount() : ""));
            var p = new Planned(e, new Write(key, op, destinationId, outbound), sourceKey, new ArrayList<>());
            planned.add(p);
            return p;
        }

        /** An earlier attempt may have created the record: look it up by natural key before creating again. */
        private void resolveUncertain() throws InterruptedException {
            var uncertain = planned.stream()
                    .filter(p -> p.event.uncertain() && p.write.operation() == Write.Operation.CREATE).toList();
            var byType = uncertain.stream().collect(Collectors.groupingBy(p -> p.write.type()));
            for (var entry : byType.entrySet()) {
                var group = entry.getValue();
                var events = group.stream().map(p -> p.event).toList();
                var found = find(entry.getKey(), group.stream().map(p -> p.write.record().naturalKey()).toList(), events);
                planned.removeAll(group);
                if (found == null) {
                    continue;
                }
                for (var p : group) {
                    if (found.get(p.write.record().naturalKey()) instanceof Lookup.Found f) {
                        var attempt = new Attempt(p.write.key().value(), "LOOKUP", null,
                                "found in " + destination + " as " + f.destinationId() + " (written by an earlier attempt)",
                                clock.instant(), clock.instant());
                        done.add(new Completion(p.event, new Outcome.Synced(p.sourceKey, f.destinationId(), false),
                                attempt, p.learned));
                    } else {
                        planned.add(p);
                    }
                }
            }
        }

        private void write() throws InterruptedException {
            int max = sink.capabilities().maxBatchSize();
            for (int from = 0; from < planned.size(); from += max) {
                writeChunk(planned.subList(from, Math.min(planned.size(), from + max)));
            }
        }

        private void writeChunk(List<Planned> all) throws InterruptedException {
            var chunk = withinImportShare(all);
            if (chunk.isEmpty()) {
                return;
            }
            if (!waitForBudget(chunk.stream().map(p -> p.event).toList(), chunk.size() > 1)) {
                return;
            }
            Throttle.Permit permit = enter();
            if (permit == null) {
                chunk.forEach(p -> retryLater(p.event, SyncError.of(ErrorCode.RATE_LIMITED, "limit", "concurrency"), false));
                return;
            }
            Instant started = clock.instant();
            List<WriteResult> results;
            try (permit) {
                results = sink.write(chunk.stream().map(p -> p.write).toList());
                reportRemaining();
            } catch (RuntimeException bug) {
                log.error("flow={} destination={} sink threw instead of answering; treating as transient", flow.id(),
                        flow.destination(), bug);
                var error = new WriteResult.Rejected(SyncError.of(ErrorCode.TEMPORARILY_UNAVAILABLE)
                        .withVendorMessage(bug.getClass().getSimpleName() + ": " + bug.getMessage()));
                results = chunk.stream().map(p -> (WriteResult) error).toList();
            }
            Instant finished = clock.instant();
            if (results.size() != chunk.size()) {
                throw new IllegalStateException("sink " + destination + " answered " + results.size() + " results for "
                        + chunk.size() + " writes");
            }
            for (int i = 0; i < chunk.size(); i++) {
                var p = chunk.get(i);
                var result = results.get(i);
                var attempt = new Attempt(p.write.key().value(), p.write.operation().name(), p.write.record(),
                        describe(result), started, finished);
                done.add(new Completion(p.event, outcomeOf(p, result), attempt, p.learned));
            }
        }

        /**
         * A historical import's writes use at most its share of the destination's day: when the share is spent (our
         * count, across nodes), or the vendor says what is left of its day is no more than the part kept for live
         * syncs (calls of other apps count there), the chunk's historical events wait for the next day and the live
         * ones go on. Returns what may be written now.
         */
        private List<Planned> withinImportShare(List<Planned> chunk) {
            var historical = chunk.stream().filter(p -> p.event.historical()).toList();
            int perDay = sink.rateLimits().requestsPerDay();
            if (historical.isEmpty() || perDay == 0) {
                return chunk;
            }
            int share = historical.stream().mapToInt(p -> p.event.importShare()).min().orElse(100);
            long callsPerDay = Math.max(1, (long) perDay * share / 100);
            Instant now = clock.instant();
            Instant nextDay = java.time.LocalDate.ofInstant(now, java.time.ZoneOffset.UTC).plusDays(1)
                    .atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            var remaining = sink.remainingCalls().filter(r -> r.day() >= 0
                    && java.time.Duration.between(r.observedAt(), now).abs().compareTo(java.time.Duration.ofMinutes(1)) < 0);
            java.util.Optional<Instant> held = remaining.isPresent() && remaining.get().day() <= perDay - callsPerDay
                    ? java.util.Optional.of(nextDay)
                    : importBudget.take(flow.destination(), callsPerDay, now);
            if (held.isEmpty()) {
                return chunk;
            }
            var error = decorate(SyncError.of(ErrorCode.IMPORT_BUDGET_USED, "share", String.valueOf(share),
                    "perDay", String.format(java.util.Locale.ENGLISH, "%,d", perDay), "resumesAt", held.get().toString()));
            for (var p : historical) {
                done.add(new Completion(p.event, new Outcome.RetryAt(held.get(), WaitReason.IMPORT_BUDGET, error, false,
                        p.event.uncertain())));
            }
            return chunk.stream().filter(p -> !p.event.historical()).toList();
        }

        /** Takes one call from the connection's budget, waiting out short waits; false if the events went back. */
        private boolean waitForBudget(List<ClaimedEvent> events, boolean batch) throws InterruptedException {
            while (true) {
                var limits = sink.rateLimits();
                Duration wait = throttle.tryTake(flow.destination(), limits, batch);
                if (wait.isZero() && limits.appRequestsPerMinute() > 0) {
                    // After the connection's budget: the app-wide one is the larger, rarely the one that says no.
                    wait = throttle.tryTakeApp(destination, limits.appRequestsPerMinute());
                }
                if (wait.isZero()) {
                    return true;
                }
                if (wait.compareTo(INLINE_WAIT) > 0) {
                    var error = decorate(SyncError.of(ErrorCode.RATE_LIMITED, "limit",
                            wait.toHours() >= 1 ? "daily" : "minute"));
                    for (var e : events) {
                        done.add(new Completion(e, new Outcome.RetryAt(clock.instant().plus(wait), WaitReason.RATE_LIMIT,
                                error, false, e.uncertain())));
                    }
                    return false;
                }
                pause.pause(wait);
            }
        }

        /** Hands what the vendor said remains of the budget to the throttle (Xero's remaining-calls headers). */
        private void reportRemaining() {
            sink.remainingCalls().ifPresent(r -> throttle.observe(flow.destination(), sink.rateLimits(), r));
        }

        private Throttle.Permit enter() throws InterruptedException {
            for (int tries = 0; tries < 50; tries++) {
                var permit = throttle.tryEnter(flow.destination(), sink.rateLimits(), node);
                if (permit != null) {
                    return permit;
                }
                pause.pause(Duration.ofMillis(20 + random.nextInt(30)));
            }
            return null;
        }

        private Outcome outcomeOf(Planned p, WriteResult result) {
            return switch (result) {
                case WriteResult.Written w -> new Outcome.Synced(p.sourceKey, w.destinationId(), false);
                case WriteResult.Rejected r -> rejected(p.event, decorate(r.error()), r.retryAfter(), false);
                case WriteResult.Uncertain u -> rejected(p.event,
                        decorate(SyncError.of(ErrorCode.TIMEOUT)).withVendorMessage(u.reason()), null, true);
            };
        }

        private Outcome rejected(ClaimedEvent e, SyncError error, Instant retryAfter, boolean uncertain) {
            return switch (error.kind()) {
                case NEEDS_FIX -> new Outcome.Failed(error, null);
                case CONNECTION -> new Outcome.WaitForReconnect(error);
                case TRANSIENT -> {
                    if (error.code() == ErrorCode.RATE_LIMITED) {
                        Instant at = retryAfter != null ? retryAfter : clock.instant().plusSeconds(60);
                        yield new Outcome.RetryAt(at, WaitReason.RATE_LIMIT, error, false, e.uncertain() || uncertain);
                    }
                    yield retry.nextAttempt(e.attempt(), clock.instant(), random)
                            .<Outcome>map(at -> new Outcome.RetryAt(max(at, retryAfter), WaitReason.RETRY_BACKOFF, error,
                                    true, e.uncertain() || uncertain))
                            .orElseGet(() -> new Outcome.Failed(error.with("attempts", String.valueOf(e.attempt())), null));
                }
            };
        }

        /**
         * Looks records up by natural key in the destination; on failure every event in {@code affected} gets the
         * failure's outcome and null is returned.
         */
        private Map<String, Lookup> find(RecordType type, List<String> keys, List<ClaimedEvent> affected)
                throws InterruptedException {
            if (keys.isEmpty()) {
                return Map.of();
            }
            var answers = new HashMap<String, Lookup>();
            int max = sink.capabilities().maxBatchSize();
            var distinct = List.copyOf(new LinkedHashSet<>(keys));
            for (int from = 0; from < distinct.size(); from += max) {
                if (!waitForBudget(affected, false)) {
                    return null;
                }
                Map<String, Lookup> part;
                Throttle.Permit permit = enter();
                if (permit == null) {
                    for (var e : affected) {
                        retryLater(e, SyncError.of(ErrorCode.RATE_LIMITED, "limit", "concurrency"), false);
                    }
                    return null;
                }
                try (permit) {
                    part = sink.find(type, distinct.subList(from, Math.min(distinct.size(), from + max)));
                    reportRemaining();
                } catch (RuntimeException bug) {
                    log.error("flow={} destination={} sink find threw; treating as transient", flow.id(),
                            flow.destination(), bug);
                    part = Map.of(distinct.get(from), new Lookup.Failed(SyncError.of(ErrorCode.TEMPORARILY_UNAVAILABLE)
                            .withVendorMessage(String.valueOf(bug.getMessage()))));
                }
                for (var answer : part.values()) {
                    if (answer instanceof Lookup.Failed failed) {
                        for (var e : affected) {
                            done.add(new Completion(e, rejected(e, decorate(failed.error()), failed.retryAfter(), false)));
                        }
                        return null;
                    }
                }
                answers.putAll(part);
            }
            return answers;
        }

        private void fail(ClaimedEvent e, SyncError error, io.ledgerbridge.domain.sync.SyncEventId cause) {
            done.add(new Completion(e, new Outcome.Failed(decorate(error), cause)));
        }

        private void retryLater(ClaimedEvent e, SyncError error, boolean counts) {
            Instant at = retry.nextAttempt(1, clock.instant(), random).orElse(clock.instant().plusSeconds(5));
            done.add(new Completion(e, new Outcome.RetryAt(at, WaitReason.RETRY_BACKOFF, decorate(error), counts,
                    e.uncertain())));
        }

        private SyncError decorate(SyncError error) {
            var out = error;
            if (!out.details().containsKey("destination")) {
                out = out.with("destination", destination);
            }
            if (!out.details().containsKey("source")) {
                out = out.with("source", source);
            }
            return out;
        }

        private String describe(WriteResult r) {
            return switch (r) {
                case WriteResult.Written w -> "written as " + w.destinationId();
                case WriteResult.Rejected rej -> rej.error().code() + ": " + decorate(rej.error()).message()
                        + (rej.retryAfter() != null ? " (retry after " + rej.retryAfter() + ")" : "");
                case WriteResult.Uncertain u -> "outcome unknown: " + u.reason();
            };
        }
    }

    private record Planned(ClaimedEvent event, Write write, String sourceKey, List<Completion.Learned> learned) {}

    private static Instant max(Instant a, Instant b) {
        return b == null || a.isAfter(b) ? a : b;
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

}
