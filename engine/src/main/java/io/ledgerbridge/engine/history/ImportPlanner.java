package io.ledgerbridge.engine.history;

import io.ledgerbridge.connector.Source;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.connection.ConnectorRegistry;
import io.ledgerbridge.engine.flow.Flow;
import io.ledgerbridge.engine.flow.Flows;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * Plans and starts historical imports: checks the flow can be imported (its source reads by date), counts what the
 * range holds, and says what it will cost under the destination's limits before anything is read. Used by the REST
 * API, the dashboard and the command line alike.
 */
public final class ImportPlanner {

    /** By default an import leaves a fifth of a destination's daily calls for live syncs (issue 12). */
    public static final int DEFAULT_SHARE = 80;

    private final Flows flows;
    private final ConnectorRegistry registry;
    private final HistoricalImports imports;
    private final Clock clock;

    public ImportPlanner(Flows flows, ConnectorRegistry registry, HistoricalImports imports, Clock clock) {
        this.flows = flows;
        this.registry = registry;
        this.imports = imports;
        this.clock = clock;
    }

    /** What a person asks for: a range (to: today when null; from: the flow's cut-off date when null). */
    public record Request(FlowId flow, LocalDate from, LocalDate to, Set<RecordType> types, Integer budgetShare) {}

    /** A request made exact: its dates and types filled in, the flow and source it reads. */
    public record Plan(Flow flow, Source.Range range, int budgetShare, Estimate estimate, String destination) {}

    /** Refused before anything is stored: says what is wrong with the request. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    /** Checks the request and estimates the import without starting it. */
    public Plan plan(WorkspaceId workspace, Request request) {
        var flow = find(request.flow());
        if (flow == null || !flow.workspace().equals(workspace)) {
            throw new Refused("No flow " + request.flow() + " in this workspace.");
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate from = request.from() != null ? request.from() : flow.settings().historicalCutoff();
        if (from == null) {
            throw new Refused("Say where the import starts (from), or set the flow's historical cut-off date.");
        }
        LocalDate to = request.to() != null ? request.to() : today;
        if (to.isBefore(from)) {
            throw new Refused("The range ends (" + to + ") before it starts (" + from + ").");
        }
        var types = request.types() == null || request.types().isEmpty()
                ? Set.of(RecordType.CUSTOMER, RecordType.PRODUCT, RecordType.INVOICE) : Set.copyOf(request.types());
        if (!types.contains(RecordType.INVOICE)) {
            throw new Refused("An import reads invoices (and the customers and products they name): include invoice.");
        }
        int share = request.budgetShare() == null ? DEFAULT_SHARE : request.budgetShare();
        if (share < 1 || share > 100) {
            throw new Refused("budgetShare is a percent of the destination's daily calls, from 1 to 100; got " + share + ".");
        }
        var source = registry.source(flow.source()).flatMap(Source::history).orElseThrow(() -> new Refused(
                registry.systemName(flow.source()) + " cannot be read by date, so its past cannot be imported. "
                        + "Push historical records to the bulk endpoint (POST /api/v1/invoices/batch with "
                        + "\"historical\": true) instead."));
        var range = new Source.Range(from, to, types);
        long invoices = source.countInvoices(range);
        return new Plan(flow, range, share, estimate(flow, invoices, share), registry.systemName(flow.destination()));
    }

    /** Plans and starts the import; its pages are read by the nodes from now on. */
    public HistoricalImport start(WorkspaceId workspace, Request request, String actor) {
        var plan = plan(workspace, request);
        return imports.create(workspace, plan.flow().id(), plan.range().from(), plan.range().to(), plan.range().types(),
                plan.estimate().invoices(), plan.budgetShare(), actor, clock.instant());
    }

    private Flow find(FlowId id) {
        try {
            return flows.flow(id);
        } catch (RuntimeException missing) {
            return null;
        }
    }

    private Estimate estimate(Flow flow, long invoices, int share) {
        var sink = registry.sink(flow.destination());
        var limits = sink.rateLimits();
        int batch = sink.capabilities().maxBatchSize();
        long n = Math.max(0, invoices);
        long invoiceCalls = (n + batch - 1) / batch;
        long calls = 2 * invoiceCalls; // the invoices, and at most as many calls again for their customers and products
        long perDayShare = limits.requestsPerDay() == 0 ? 0 : Math.max(1, limits.requestsPerDay() * (long) share / 100);
        int days = perDayShare == 0 ? 1 : (int) Math.max(1, (calls + perDayShare - 1) / perDayShare);
        Duration working = limits.requestsPerMinute() == 0 ? Duration.ofSeconds(calls / 50 + 1)
                : Duration.ofSeconds((calls * 60 + limits.requestsPerMinute() - 1) / limits.requestsPerMinute());
        Duration total = days <= 1 ? working : Duration.ofDays(days - 1).plus(working);
        return new Estimate(invoices, batch, calls, limits.requestsPerMinute(), limits.requestsPerDay(), share,
                perDayShare, days, total, clock.instant().plus(total));
    }
}
