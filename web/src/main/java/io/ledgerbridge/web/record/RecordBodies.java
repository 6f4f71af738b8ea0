package io.ledgerbridge.web.record;

import io.ledgerbridge.domain.record.Customer;
import io.ledgerbridge.domain.record.FieldProblem;
import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.Payment;
import io.ledgerbridge.domain.record.Product;
import io.ledgerbridge.domain.record.SourceRecord;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the API adds to the domain's own checks of a pushed record: the path's id, and amounts a database can hold. */
final class RecordBodies {

    /** Digits before the decimal point an amount or quantity may have (a trillion, with room to spare). */
    static final int MAX_INTEGER_DIGITS = 15;
    static final int MAX_DECIMAL_PLACES = 10;

    private RecordBodies() {}

    /** The same record with {@code id}. */
    static SourceRecord withId(SourceRecord r, String id) {
        return switch (r) {
            case Customer c -> new Customer(id, c.displayName(), c.email(), c.companyName(), c.phone(), c.writtenBy());
            case Product p -> new Product(id, p.sku(), p.name(), p.description(), p.unitPrice(), p.currency(), p.writtenBy());
            case Invoice i -> new Invoice(id, i.number(), i.status(), i.customerId(), i.currency(), i.issueDate(),
                    i.dueDate(), i.lines(), i.memo(), i.writtenBy(), i.attributes());
            case Payment p -> new Payment(id, p.invoiceId(), p.amount(), p.currency(), p.date(), p.reference(), p.writtenBy());
        };
    }

    /**
     * Amounts and quantities out of range ({@code 1e999999999} is a valid JSON number no ledger can hold), merged
     * with the domain's problems so that one answer lists everything; empty when there are none of the former.
     */
    static List<FieldProblem> outOfRange(SourceRecord record) {
        var amounts = new LinkedHashMap<String, BigDecimal>();
        switch (record) {
            case Invoice i -> {
                for (int n = 0; n < i.lines().size(); n++) {
                    var line = i.lines().get(n);
                    if (line != null) {
                        amounts.put("lines[" + n + "].quantity", line.quantity());
                        amounts.put("lines[" + n + "].unitPrice", line.unitPrice());
                    }
                }
            }
            case Product p -> amounts.put("unitPrice", p.unitPrice());
            case Payment p -> amounts.put("amount", p.amount());
            case Customer c -> { }
        }
        var range = new ArrayList<FieldProblem>();
        for (Map.Entry<String, BigDecimal> e : amounts.entrySet()) {
            var v = e.getValue();
            if (v == null) {
                continue;
            }
            if (v.precision() - v.scale() > MAX_INTEGER_DIGITS) {
                range.add(new FieldProblem(e.getKey(), "is too large (at most " + MAX_INTEGER_DIGITS
                        + " digits before the decimal point)"));
            } else if (v.scale() > MAX_DECIMAL_PLACES) {
                range.add(new FieldProblem(e.getKey(), "has more than " + MAX_DECIMAL_PLACES + " decimal places"));
            }
        }
        if (range.isEmpty()) {
            return List.of();
        }
        var all = new ArrayList<>(record.validate());
        for (var p : range) {
            if (all.stream().noneMatch(q -> q.field().equals(p.field()))) {
                all.add(p);
            }
        }
        return all;
    }
}
