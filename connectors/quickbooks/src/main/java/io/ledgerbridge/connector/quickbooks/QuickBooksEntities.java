package io.ledgerbridge.connector.quickbooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.connector.Outbound;
import io.ledgerbridge.domain.record.RecordType;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Ledgerbridge's records as QuickBooks entities (API_FACTS A.2), and the other way round for the natural keys a
 * sink finds them by. Only properties of the XSDs are sent: QuickBooks refuses unknown ones (fault 2010).
 */
final class QuickBooksEntities {

    static final ObjectMapper JSON = new ObjectMapper();
    /** QuickBooks' DocNumber and PaymentRefNum hold at most 21 characters (API_FACTS A.2 [UNCERTAIN]). */
    static final int MAX_REF_NUM = 21;

    private QuickBooksEntities() {}

    /** The entity name as in bodies and queries: Customer, Item, Invoice, Payment. */
    static String entity(RecordType type) {
        return switch (type) {
            case CUSTOMER -> "Customer";
            case PRODUCT -> "Item";
            case INVOICE -> "Invoice";
            case PAYMENT -> "Payment";
        };
    }

    /** The lower-case path segment (URIs are case-sensitive, API_FACTS A.1). */
    static String path(RecordType type) {
        return entity(type).toLowerCase();
    }

    /** The query field a record type's natural key lives in. */
    static String keyField(RecordType type) {
        return switch (type) {
            case CUSTOMER -> "PrimaryEmailAddr";
            case PRODUCT -> "Sku";
            case INVOICE -> "DocNumber";
            case PAYMENT -> "PaymentRefNum";
        };
    }

    /** The natural key of an entity QuickBooks returned, or null. */
    static String naturalKey(RecordType type, JsonNode entity) {
        JsonNode v = switch (type) {
            case CUSTOMER -> entity.path("PrimaryEmailAddr").path("Address");
            case PRODUCT -> entity.path("Sku");
            case INVOICE -> entity.path("DocNumber");
            case PAYMENT -> entity.path("PaymentRefNum");
        };
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }

    /**
     * The body of a create, or of a sparse update when {@code update} (fields QuickBooks owns, such as an item's
     * type and income account, are then left as they are).
     *
     * @param incomeAccountId for items created; ignored otherwise
     * @param customerRef     for payments, the customer the invoice belongs to
     */
    static ObjectNode body(Outbound record, boolean update, String incomeAccountId, String itemType, String noTaxCode,
            String customerRef) {
        var e = JSON.createObjectNode();
        switch (record) {
            case Outbound.OutboundCustomer c -> {
                var customer = c.customer();
                e.put("DisplayName", customer.displayName().strip());
                if (customer.hasEmail()) {
                    e.putObject("PrimaryEmailAddr").put("Address", customer.email().strip());
                }
                if (customer.companyName() != null && !customer.companyName().isBlank()) {
                    e.put("CompanyName", customer.companyName());
                }
                if (customer.phone() != null && !customer.phone().isBlank()) {
                    e.putObject("PrimaryPhone").put("FreeFormNumber", customer.phone());
                }
            }
            case Outbound.OutboundProduct p -> {
                var product = p.product();
                e.put("Name", product.name().strip());
                e.put("Sku", product.sku());
                if (product.description() != null) {
                    e.put("Description", product.description());
                }
                if (product.unitPrice() != null) {
                    e.put("UnitPrice", product.unitPrice());
                }
                if (!update) {
                    e.put("Type", itemType);
                    e.putObject("IncomeAccountRef").put("value", incomeAccountId);
                }
            }
            case Outbound.OutboundInvoice i -> {
                var inv = i.invoice();
                e.put("DocNumber", inv.number());
                e.put("TxnDate", inv.issueDate().toString());
                if (inv.dueDate() != null) {
                    e.put("DueDate", inv.dueDate().toString());
                }
                e.putObject("CurrencyRef").put("value", inv.currency());
                e.putObject("CustomerRef").put("value", i.customerRef());
                if (inv.memo() != null && !inv.memo().isBlank()) {
                    e.putObject("CustomerMemo").put("value", inv.memo());
                }
                var lines = e.putArray("Line");
                int n = 0;
                for (var line : inv.lines()) {
                    var l = lines.addObject();
                    l.put("LineNum", ++n);
                    if (line.description() != null) {
                        l.put("Description", line.description());
                    }
                    l.put("Amount", line.amount().setScale(2, RoundingMode.HALF_UP));
                    l.put("DetailType", "SalesItemLineDetail");
                    var detail = l.putObject("SalesItemLineDetail");
                    detail.putObject("ItemRef").put("value", i.itemRefs().get(line.sku()));
                    detail.put("Qty", line.quantity());
                    detail.put("UnitPrice", line.unitPrice());
                    String tax = line.taxCode() == null ? noTaxCode : i.taxCodeRefs().get(line.taxCode());
                    if (tax != null && !tax.isBlank()) {
                        detail.putObject("TaxCodeRef").put("value", tax);
                    }
                }
            }
            case Outbound.OutboundPayment p -> {
                var payment = p.payment();
                e.putObject("CustomerRef").put("value", customerRef);
                e.put("TotalAmt", money(payment.amount()));
                e.put("TxnDate", payment.date().toString());
                e.putObject("CurrencyRef").put("value", payment.currency());
                if (payment.id().length() <= MAX_REF_NUM) {
                    e.put("PaymentRefNum", payment.id());
                }
                e.put("PrivateNote", "Ledgerbridge payment " + payment.id()
                        + (payment.reference() == null || payment.reference().isBlank() ? "" : "; reference " + payment.reference()));
                var line = e.putArray("Line").addObject();
                line.put("Amount", money(payment.amount()));
                line.putArray("LinkedTxn").addObject().put("TxnId", p.invoiceRef()).put("TxnType", "Invoice");
            }
        }
        return e;
    }

    private static BigDecimal money(BigDecimal amount) {
        return amount.scale() < 2 ? amount.setScale(2, RoundingMode.UNNECESSARY) : amount;
    }
}
