package io.ledgerbridge.domain.error;

import static io.ledgerbridge.domain.error.ErrorKind.*;

/**
 * The error catalogue: every failure a user can see, with its kind, a message naming the record's details and
 * the fix. Templates use {@code {name}} placeholders filled from {@link SyncError#details()}; see PRODUCT.md
 * "Errors users must get".
 */
public enum ErrorCode {
    SKU_NOT_FOUND(NEEDS_FIX, "SKU not found",
            "No product with SKU \"{sku}\" exists in {destination} (line {line}). Every line must match a product by exact, case-sensitive SKU, so the whole invoice was not synced.",
            "Create the product with the exact SKU \"{sku}\" in {destination} (or turn on product sync), then retry."),
    CUSTOMER_EMAIL_MISSING(NEEDS_FIX, "Customer email missing",
            "Customer \"{customer}\" has no email address; customers are matched by exact email.",
            "Add an email address to the customer in {source}, then retry."),
    CUSTOMER_NOT_SYNCED(NEEDS_FIX, "Customer not synced",
            "The invoice's customer \"{customer}\" is not in {destination}: {cause}",
            "Fix the customer's own sync first (see the linked sync: fix its error, or link it to the customer in {destination}); this invoice retries by itself once the customer syncs or is linked."),
    PRODUCT_NOT_SYNCED(NEEDS_FIX, "Product not synced",
            "Product \"{sku}\" could not be synced to {destination}: {cause}",
            "Fix the product's own sync first (see the linked sync: fix its error, or link it to the product in {destination}); this invoice retries by itself once the product syncs or is linked."),
    INVOICE_NOT_SYNCED(NEEDS_FIX, "Invoice not synced",
            "The payment's invoice \"{invoice}\" is not in {destination}: {cause}",
            "Fix the invoice's own sync first (see the linked sync: fix its error, or link it to the invoice in {destination}); this payment retries by itself once the invoice syncs or is linked."),
    DUPLICATE_NAME(NEEDS_FIX, "Duplicate name",
            "{destination} already has a {entity} named \"{name}\" that is not linked to this record.",
            "Link this record to the existing {entity} in {destination}, or rename it, then retry."),
    TAX_CODE_NOT_MAPPED(NEEDS_FIX, "Tax code not mapped",
            "Tax rate \"{taxCode}\" is not mapped to a tax code of {destination}.",
            "Add a mapping for \"{taxCode}\" under Settings → Sync → Tax, then retry."),
    NO_ROUTE(NEEDS_FIX, "No destination for this invoice",
            "Invoice {number}: its {field} is {value}, and none of this routed flow's destinations takes it (they take {options}).",
            "Set {field} on the invoice in {source} to one of {options}, or add a destination for it under Settings → Sync; the invoice then syncs by itself when it changes, or retry it."),
    TAX_MISMATCH(NEEDS_FIX, "Tax mismatch",
            "{destination} rejected the invoice's tax: {vendorMessage}",
            "Check the tax mapping under Settings → Sync → Tax against {destination}'s tax codes, then retry."),
    CLOSED_PERIOD(NEEDS_FIX, "Closed period",
            "The document date {date} is inside {destination}'s closed books (closed through {closedThrough}).",
            "Reopen the period in {destination}, re-date the record in {source}, or mark it as synced manually."),
    ALREADY_SYNCED(NEEDS_FIX, "Already synced",
            "{destination} already has invoice number {number}, not linked to this invoice.",
            "Check {destination}: if it is this invoice, link it; otherwise delete or renumber it there, then retry."),
    INVOICE_PAID(NEEDS_FIX, "Invoice paid, cannot be updated",
            "Invoice {number} is paid in {destination} and cannot be updated.",
            "If the invoice in {destination} is still right, skip this sync; otherwise remove the payment in {destination} and retry."),
    PAYMENT_EXCEEDS_OUTSTANDING(NEEDS_FIX, "Payment exceeds amount outstanding",
            "The payment of {amount} is more than the {outstanding} outstanding on invoice {number}.",
            "Record the payment up to the invoice amount and the excess as customer credit, then retry."),
    INVALID_CHARACTERS(NEEDS_FIX, "Invalid characters in name",
            "{destination} rejected the name \"{name}\": it contains characters it does not accept.",
            "Remove the symbols from the name in {source}, then retry."),
    UNAUTHORIZED(CONNECTION, "Unauthorized",
            "{destination} refused the connection's authorisation: {vendorMessage}",
            "Reconnect {destination} under Settings → Connections. Waiting syncs resume by themselves."),
    TOKEN_REFRESH_FAILED(CONNECTION, "Unable to refresh tokens",
            "The connection's tokens could not be refreshed: {vendorMessage}",
            "Reconnect {destination} under Settings → Connections. Waiting syncs resume by themselves."),
    RATE_LIMITED(TRANSIENT, "Rate limited",
            "{destination}'s {limit} rate limit was reached.",
            "Nothing to do: syncs wait and resume by themselves when the limit resets."),
    IMPORT_BUDGET_USED(TRANSIENT, "Import budget used for today",
            "The historical import used its share of today's {destination} calls ({share} % of {perDay}); it goes on at {resumesAt}.",
            "Nothing to do: the import goes on by itself when the next day's share starts, and live syncs keep the rest of today's calls. A larger share (set when starting an import) finishes sooner."),
    TEMPORARILY_UNAVAILABLE(TRANSIENT, "Temporarily unavailable",
            "{destination} is temporarily unavailable: {vendorMessage}",
            "Nothing to do: retried automatically with backoff."),
    TIMEOUT(TRANSIENT, "Timeout",
            "{destination} did not answer in time.",
            "Nothing to do: Ledgerbridge checks the destination for the record and retries automatically."),
    STALE_OBJECT(TRANSIENT, "Stale object",
            "{destination} changed the record while we were writing it.",
            "Nothing to do: retried automatically with the latest version."),
    MAPPING_UNAVAILABLE(TRANSIENT, "Could not get or create mapping",
            "Ledgerbridge could not read or write its mapping: {vendorMessage}",
            "Nothing to do: retried automatically."),
    VENDOR_ERROR(NEEDS_FIX, "Destination error",
            "{destination} said: {vendorMessage}",
            "Check the record against the message; if it persists, contact support with the sync's ids.");

    private final ErrorKind kind;
    private final String title;
    private final String template;
    private final String fix;

    ErrorCode(ErrorKind kind, String title, String template, String fix) {
        this.kind = kind;
        this.title = title;
        this.template = template;
        this.fix = fix;
    }

    public ErrorKind kind() {
        return kind;
    }

    public String title() {
        return title;
    }

    public String template() {
        return template;
    }

    public String fixTemplate() {
        return fix;
    }
}
