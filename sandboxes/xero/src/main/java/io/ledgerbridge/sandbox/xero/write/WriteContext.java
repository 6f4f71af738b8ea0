package io.ledgerbridge.sandbox.xero.write;

import io.ledgerbridge.sandbox.xero.organisation.Books;
import io.ledgerbridge.sandbox.xero.organisation.Organisation;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * What one request's writes share: the organisation, the time of the request, {@code unitdp}, and the changes made so
 * far (announced to webhooks once the request is done). Used under the organisation's lock.
 */
public final class WriteContext {
    private final Organisation organisation;
    private final Instant now;
    private final int unitDecimals;
    private final List<Change> changes = new ArrayList<>();

    public WriteContext(Organisation organisation, Instant now, int unitDecimals) {
        this.organisation = organisation;
        this.now = now;
        this.unitDecimals = unitDecimals;
    }

    public Organisation organisation() {
        return organisation;
    }

    public Books books() {
        return organisation.books();
    }

    public Instant now() {
        return now;
    }

    /** Today in the organisation's time zone (the sandbox keeps every organisation in UTC: a design choice). */
    public LocalDate today() {
        return LocalDate.ofInstant(now, ZoneOffset.UTC);
    }

    /** 2, or 4 with {@code unitdp=4} (xero_accounting.yaml #/components/parameters/unitdp). */
    public int unitDecimals() {
        return unitDecimals;
    }

    public void changed(io.ledgerbridge.sandbox.xero.organisation.Resource resource, String id, boolean created) {
        changes.add(new Change(organisation.tenantId(), resource, id, created));
    }

    public List<Change> changes() {
        return changes;
    }
}
