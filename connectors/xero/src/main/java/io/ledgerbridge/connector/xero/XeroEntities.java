package io.ledgerbridge.connector.xero;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.connector.Outbound;
import io.ledgerbridge.domain.record.RecordType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Ledgerbridge's records as Xero elements (API_FACTS B.3, B.4), and the other way round for ids, natural keys and
 * dates. Bodies always go in the plural wrapper ({@code {"Invoices":[…]}}, B.2).
 */
final class XeroEntities {

    /** API_FACTS B.1: {@code /Date(1552327126164+0000)/}. */
    private static final Pattern MS_DATE = Pattern.compile("/Date\\((-?\\d+)([+-]\\d{4})?\\)/");
    /** The id Xero puts on an element it did not create (API_FACTS B.2 examples). */
    static final String NO_ID = "00000000-0000-0000-0000-000000000000";

    private XeroEntities() {}

    /** The collection: Contacts, Items, Invoices, Payments. */
    static String resource(RecordType type) {
        return switch (type) {
            case CUSTOMER -> "Contacts";
            case PRODUCT -> "Items";
            case INVOICE -> "Invoices";
            case PAYMENT -> "Payments";
        };
    }

    /** The id field: ContactID, ItemID, InvoiceID, PaymentID. */
    static String idField(RecordType type) {
        return switch (type) {
            case CUSTOMER -> "ContactID";
            case PRODUCT -> "ItemID";
            case INVOICE -> "InvoiceID";
            case PAYMENT -> "PaymentID";
        };
    }

    /** The element's id, or null when Xero created nothing (missing or the all-zero id). */
    static String id(RecordType type, JsonNode element) {
        String id = element.path(idField(type)).asText(null);
        return id == null || id.isBlank() || id.equals(NO_ID) ? null : id;
    }

    /** The natural key of an element: EmailAddress, Code, InvoiceNumber, Reference (the source payment id). */
    static String naturalKey(RecordType type, JsonNode e) {
        JsonNode v = switch (type) {
            case CUSTOMER -> e.path("EmailAddress");
            case PRODUCT -> e.path("Code");
            case INVOICE -> e.path("InvoiceNumber");
            case PAYMENT -> e.path("Reference");
        };
        return v.isMissingNode() || v.isNull() || v.asText().isEmpty() ? null : v.asText();
    }

    /**
     * The element for a create or an update ({@code destinationId} set: the id field is added, so {@code POST}
     * updates that element rather than creating one).
     */
    static ObjectNode element(Outbound record, String destinationId, XeroSettings settings) {
        return element(record, destinationId, settings, java.util.Map.of());
    }

    /** @param itemCodes ItemID (lower case) → the item's Code in Xero now; a line without one is sent with its SKU */
    static ObjectNode element(Outbound record, String destinationId, XeroSettings settings,
            java.util.Map<String, String> itemCodes) {
        var e = XeroApi.JSON.createObjectNode();
        switch (record) {
            case Outbound.OutboundCustomer c -> {
                var customer = c.customer();
                if (destinationId != null) {
                    e.put("ContactID", destinationId);
                }
                e.put("Name", customer.displayName().strip());
                if (customer.hasEmail()) {
                    e.put("EmailAddress", customer.email().strip());
                }
                if (customer.phone() != null && !customer.phone().isBlank()) {
                    e.putArray("Phones").addObject().put("PhoneType", "DEFAULT").put("PhoneNumber", customer.phone());
                }
            }
            case Outbound.OutboundProduct p -> {
                var product = p.product();
                if (destinationId != null) {
                    e.put("ItemID", destinationId);
                }
                e.put("Code", product.sku());
                e.put("Name", product.name().strip());
                if (product.description() != null && !product.description().isBlank()) {
                    e.put("Description", product.description());
                }
                e.put("IsSold", true);
                var sales = e.putObject("SalesDetails");
                if (product.unitPrice() != null) {
                    sales.put("UnitPrice", product.unitPrice());
                }
                sales.put("AccountCode", settings.salesAccountCode());
            }
            case Outbound.OutboundInvoice i -> invoice(e, i, destinationId, settings, itemCodes);
            case Outbound.OutboundPayment p -> {
                var payment = p.payment();
                e.putObject("Invoice").put("InvoiceID", p.invoiceRef());
                e.putObject("Account").put("Code", settings.paymentAccountCode());
                e.put("Date", payment.date().toString());
                e.put("Amount", money(payment.amount()));
                e.put("Reference", payment.id());
            }
        }
        return e;
    }

    private static void invoice(ObjectNode e, Outbound.OutboundInvoice i, String destinationId, XeroSettings settings,
            java.util.Map<String, String> itemCodes) {
        var inv = i.invoice();
        if (destinationId != null) {
            e.put("InvoiceID", destinationId);
        }
        e.put("Type", "ACCREC");
        e.put("InvoiceNumber", inv.number());
        e.putObject("Contact").put("ContactID", i.customerRef());
        e.put("Date", inv.issueDate().toString());
        if (inv.dueDate() != null) {
            e.put("DueDate", inv.dueDate().toString());
        }
        e.put("CurrencyCode", inv.currency());
        if (inv.memo() != null && !inv.memo().isBlank()) {
            e.put("Reference", inv.memo().length() > 255 ? inv.memo().substring(0, 255) : inv.memo());
        }
        e.put("Status", status(inv.status()));
        // Unit prices are as the source has them, before tax; a record without any tax rate has no tax (API_FACTS B.3).
        boolean taxed = inv.lines().stream().anyMatch(l -> l.taxCode() != null);
        e.put("LineAmountTypes", taxed ? "Exclusive" : "NoTax");
        var lines = e.putArray("LineItems");
        for (var line : inv.lines()) {
            var l = lines.addObject();
            l.put("Description", line.description() == null || line.description().isBlank() ? line.sku()
                    : line.description());
            l.put("Quantity", line.quantity());
            l.put("UnitAmount", line.unitPrice());
            String ref = i.itemRefs().get(line.sku());
            l.put("ItemCode", ref == null ? line.sku()
                    : itemCodes.getOrDefault(ref.toLowerCase(java.util.Locale.ROOT), line.sku()));
            l.put("AccountCode", settings.salesAccountCode());
            String tax = line.taxCode() == null ? settings.noTaxType() : i.taxCodeRefs().get(line.taxCode());
            if (tax != null && !tax.isBlank()) {
                l.put("TaxType", tax);
            }
        }
    }

    /** A draft stays a draft; anything else is approved (AUTHORISED), the only state Xero takes payments on. */
    private static String status(io.ledgerbridge.domain.record.InvoiceStatus status) {
        return status == io.ledgerbridge.domain.record.InvoiceStatus.DRAFT ? "DRAFT" : "AUTHORISED";
    }

    static BigDecimal money(BigDecimal amount) {
        return amount.scale() < 2 ? amount.setScale(2, RoundingMode.UNNECESSARY) : amount;
    }

    // ---- reading Xero's dates (API_FACTS B.1) -------------------------------------------------------------------

    /** A date field: {@code DateString} companions first, then the MS-JSON form. */
    static LocalDate date(JsonNode element, String field) {
        String iso = element.path(field + "String").asText(null);
        if (iso != null && iso.length() >= 10) {
            try {
                return LocalDate.parse(iso.substring(0, 10));
            } catch (DateTimeParseException ignored) {
                // fall through to the MS-JSON form
            }
        }
        Instant at = instant(element.path(field).asText(null));
        return at == null ? null : LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    /** {@code /Date(ms+0000)/}, an ISO instant or an ISO local date-time (taken as UTC); null when none. */
    static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        var m = MS_DATE.matcher(text);
        if (m.find()) {
            return Instant.ofEpochMilli(Long.parseLong(m.group(1)));
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(text.substring(0, Math.min(10, text.length()))).atStartOfDay()
                            .toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e) {
                    return null;
                }
            }
        }
    }

    /** When an element last changed: {@code UpdatedDateUTC}. */
    static Instant updated(JsonNode element) {
        Instant at = instant(element.path("UpdatedDateUTC").asText(null));
        return at == null ? Instant.EPOCH : at;
    }
}
