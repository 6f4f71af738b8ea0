package io.ledgerbridge.domain.workspace;

import io.ledgerbridge.domain.record.InvoiceStatus;
import io.ledgerbridge.domain.record.RecordType;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A flow's settings, as Settings → Sync names them. A flow moves records from its source connection to its
 * destination connection; the settings say which records, and how.
 *
 * @param enabledTypes        record types that sync ("Enable Invoice Sync" and its siblings)
 * @param invoiceStatuses     the invoice status filter: only invoices in one of these statuses sync
 * @param skipIntegrationSource records written by Ledgerbridge or another integration are not synced
 * @param taxMapping          source tax rate → destination tax code
 * @param productSync         products missing in the destination are created from the source's catalogue
 * @param historicalCutoff    records dated before this day are not synced (null: no cut-off)
 * @param route               null for a flow that takes every record of its source; else which records it takes
 *                            (one destination of a routed flow, see {@link Route})
 */
public record FlowSettings(Set<RecordType> enabledTypes, Set<InvoiceStatus> invoiceStatuses,
        boolean skipIntegrationSource, Map<String, String> taxMapping, boolean productSync,
        LocalDate historicalCutoff, Route route) {

    public FlowSettings(Set<RecordType> enabledTypes, Set<InvoiceStatus> invoiceStatuses, boolean skipIntegrationSource,
            Map<String, String> taxMapping, boolean productSync, LocalDate historicalCutoff) {
        this(enabledTypes, invoiceStatuses, skipIntegrationSource, taxMapping, productSync, historicalCutoff, null);
    }

    public FlowSettings {
        enabledTypes = enabledTypes == null || enabledTypes.isEmpty() ? Set.of() : Set.copyOf(enabledTypes);
        invoiceStatuses = invoiceStatuses == null ? Set.of() : Set.copyOf(invoiceStatuses);
        taxMapping = taxMapping == null ? Map.of() : Map.copyOf(taxMapping);
    }

    /** Every type enabled; Open, Paid and Void invoices sync; integration-written records skipped. */
    public static FlowSettings defaults() {
        return new FlowSettings(EnumSet.allOf(RecordType.class),
                EnumSet.of(InvoiceStatus.OPEN, InvoiceStatus.PAID, InvoiceStatus.VOID), true, Map.of(), false, null);
    }

    public boolean enabled(RecordType type) {
        return enabledTypes.contains(type);
    }

    public FlowSettings withEnabled(RecordType type, boolean on) {
        var set = enabledTypes.isEmpty() ? EnumSet.noneOf(RecordType.class) : EnumSet.copyOf(enabledTypes);
        if (on) set.add(type); else set.remove(type);
        return new FlowSettings(set, invoiceStatuses, skipIntegrationSource, taxMapping, productSync, historicalCutoff, route);
    }

    public FlowSettings withInvoiceStatuses(Set<InvoiceStatus> statuses) {
        return new FlowSettings(enabledTypes, statuses, skipIntegrationSource, taxMapping, productSync, historicalCutoff, route);
    }

    public FlowSettings withTaxMapping(Map<String, String> mapping) {
        return new FlowSettings(enabledTypes, invoiceStatuses, skipIntegrationSource, mapping, productSync, historicalCutoff, route);
    }

    public FlowSettings withSkipIntegrationSource(boolean on) {
        return new FlowSettings(enabledTypes, invoiceStatuses, on, taxMapping, productSync, historicalCutoff, route);
    }

    public FlowSettings withProductSync(boolean on) {
        return new FlowSettings(enabledTypes, invoiceStatuses, skipIntegrationSource, taxMapping, on, historicalCutoff,
                route);
    }

    public FlowSettings withRoute(Route route) {
        return new FlowSettings(enabledTypes, invoiceStatuses, skipIntegrationSource, taxMapping, productSync,
                historicalCutoff, route);
    }

    public boolean routed() {
        return route != null;
    }
}
