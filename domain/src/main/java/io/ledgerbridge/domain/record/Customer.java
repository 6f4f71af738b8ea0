package io.ledgerbridge.domain.record;

import java.util.List;

/** A customer (a HubSpot contact, a QuickBooks customer, a Xero contact). Matched in destinations by exact email. */
public record Customer(String id, String displayName, String email, String companyName, String phone, String writtenBy)
        implements SourceRecord {

    @Override
    public RecordType type() {
        return RecordType.CUSTOMER;
    }

    @Override
    public String naturalKey() {
        return email;
    }

    public boolean hasEmail() {
        return email != null && !email.isBlank();
    }

    @Override
    public List<FieldProblem> validate() {
        var c = new FieldProblem.Collector();
        c.notBlank(id, "id").maxLength(id, 200, "id");
        c.notBlank(displayName, "displayName").maxLength(displayName, 500, "displayName");
        c.maxLength(email, 254, "email");
        c.require(email == null || email.isBlank() || email.matches("[^@\\s]+@[^@\\s]+"), "email", "is not an email address");
        return c.problems();
    }
}
