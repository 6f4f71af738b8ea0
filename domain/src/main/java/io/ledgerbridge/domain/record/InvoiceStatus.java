package io.ledgerbridge.domain.record;

/** An invoice's status in its source. Only Open and Paid invoices sync by default (see the flow's status filter). */
public enum InvoiceStatus {
    DRAFT, OPEN, PAID, VOID
}
