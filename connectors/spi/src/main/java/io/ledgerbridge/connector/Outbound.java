package io.ledgerbridge.connector;

import io.ledgerbridge.domain.record.Customer;
import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.Payment;
import io.ledgerbridge.domain.record.Product;
import io.ledgerbridge.domain.record.RecordType;
import java.util.Map;

/** A record on its way to a destination, its references resolved to the destination's ids by the engine. */
public sealed interface Outbound {

    RecordType type();

    /** The key {@link Sink#find} finds it by. */
    String naturalKey();

    record OutboundCustomer(Customer customer) implements Outbound {
        public RecordType type() { return RecordType.CUSTOMER; }
        public String naturalKey() { return customer.email(); }
    }

    record OutboundProduct(Product product) implements Outbound {
        public RecordType type() { return RecordType.PRODUCT; }
        public String naturalKey() { return product.sku(); }
    }

    /**
     * @param customerRef the customer's destination id
     * @param itemRefs    SKU → destination product id, for every line's SKU
     * @param taxCodeRefs source tax rate → destination tax code, for every line's tax rate
     */
    record OutboundInvoice(Invoice invoice, String customerRef, Map<String, String> itemRefs,
            Map<String, String> taxCodeRefs) implements Outbound {
        public OutboundInvoice {
            itemRefs = Map.copyOf(itemRefs);
            taxCodeRefs = Map.copyOf(taxCodeRefs);
        }
        public RecordType type() { return RecordType.INVOICE; }
        public String naturalKey() { return invoice.number(); }
    }

    /** @param invoiceRef the invoice's destination id; {@code customerRef} its customer's */
    record OutboundPayment(Payment payment, String invoiceRef, String customerRef) implements Outbound {
        public RecordType type() { return RecordType.PAYMENT; }
        public String naturalKey() { return payment.id(); }
    }
}
