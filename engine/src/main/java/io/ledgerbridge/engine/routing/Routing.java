package io.ledgerbridge.engine.routing;

import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.Payment;
import io.ledgerbridge.domain.record.SourceRecord;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.Route;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Which of a source's flows get an event for a record it sent: the heart of a routed flow (one source, several
 * destinations, a rule that picks one per invoice; the Xero group → satellite sync and its QuickBooks twin).
 *
 * <ul>
 *   <li>A flow without a route takes every record, as always.</li>
 *   <li>Flows of one source routed on the same field are one routed flow. An invoice goes to the destinations whose
 *       route it matches, and also to every destination that already has it (the mapping says so): there its sync
 *       sees that the invoice is routed elsewhere now and voids the copy (the group wins). An invoice no destination
 *       takes goes to the first one, whose sync fails as "No destination for this invoice" with the fix.</li>
 *   <li>A payment follows its invoice's route. Customers and products go only where they are already mapped (so an
 *       edit follows them); a customer is queued into a destination with the first invoice routed there (the store
 *       does this in the same transaction), and the pipeline pulls one in on demand if it is still missing.</li>
 * </ul>
 * Pure: the store calls it inside the transaction that saves the record, with what it read.
 */
public final class Routing {

    private Routing() {}

    /** A flow of the source, with its route (null: not routed). */
    public record Member(FlowId flow, Route route) {}

    /**
     * @param flows     the source's flows, oldest first
     * @param invoiceOf the source's stored invoice by id (for a payment's route)
     * @param mapped    whether this record is already mapped (written) in a flow's destination
     */
    public static List<FlowId> targets(SourceRecord record, List<Member> flows, Function<String, Invoice> invoiceOf,
            Predicate<FlowId> mapped) {
        var out = new LinkedHashSet<FlowId>();
        var groups = new LinkedHashMap<String, List<Member>>();
        for (var m : flows) {
            if (m.route() == null) {
                out.add(m.flow());
            } else {
                groups.computeIfAbsent(m.route().field(), f -> new ArrayList<>()).add(m);
            }
        }
        for (var group : groups.values()) {
            switch (record) {
                case Invoice inv -> routeByInvoice(inv, group, mapped, out);
                case Payment p -> {
                    Invoice inv = invoiceOf.apply(p.invoiceId());
                    if (inv == null) {
                        out.add(group.getFirst().flow());
                    } else {
                        routeByInvoice(inv, group, mapped, out);
                    }
                }
                default -> group.stream().map(Member::flow).filter(mapped).forEach(out::add);
            }
        }
        return List.copyOf(out);
    }

    private static void routeByInvoice(Invoice inv, List<Member> group, Predicate<FlowId> mapped, Set<FlowId> out) {
        boolean any = false;
        for (var m : group) {
            if (m.route().matches(inv.attributes()) || mapped.test(m.flow())) {
                out.add(m.flow());
                any = true;
            }
        }
        if (!any) {
            out.add(group.getFirst().flow()); // it fails there as "No destination for this invoice", with the fix
        }
    }

    /** The options a routed flow's destinations take, as a user reads them: "Sydney, Melbourne". */
    public static String options(List<Route> routes) {
        var values = new LinkedHashSet<String>();
        routes.forEach(r -> values.add("\"" + r.value() + "\""));
        return String.join(", ", values);
    }

    /** The value an invoice has for a route's field, as a user reads it. */
    public static String valueOf(Invoice inv, Route route) {
        String v = inv.attributes().get(route.field());
        return v == null || v.isBlank() ? "not set" : "\"" + v + "\"";
    }
}
