package io.ledgerbridge.web.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.InvoiceLine;
import io.ledgerbridge.domain.record.InvoiceStatus;
import io.ledgerbridge.domain.record.Payment;
import io.ledgerbridge.domain.record.Product;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordBodiesTest {

    private static Invoice invoice(String quantity, String unitPrice) {
        return new Invoice("I1", "1001", InvoiceStatus.OPEN, "C1", "USD", LocalDate.of(2025, 1, 1), null,
                List.of(new InvoiceLine("A", null, new BigDecimal(quantity), new BigDecimal(unitPrice), null)), null, null);
    }

    @Test
    void ordinary_amounts_are_in_range() {
        assertThat(RecordBodies.outOfRange(invoice("999999999999999", "0.000001"))).isEmpty();
        assertThat(RecordBodies.outOfRange(invoice("1E+14", "12.50"))).isEmpty();
    }

    @Test
    void amounts_no_ledger_holds_are_named_with_the_domain_problems() {
        var problems = RecordBodies.outOfRange(invoice("1e999999999", "-1"));

        assertThat(problems).extracting(p -> p.field() + ": " + p.problem()).containsExactly(
                "lines[0].unitPrice: must not be negative",
                "lines[0].quantity: is too large (at most 15 digits before the decimal point)");
    }

    @Test
    void too_many_decimal_places_is_named_once() {
        var payment = new Payment("P1", "I1", new BigDecimal("1e-11"), "USD", LocalDate.of(2025, 1, 1), null, null);
        var product = new Product("X", "SKU", "Name", null, new BigDecimal("1e16"), "USD", null);

        assertThat(RecordBodies.outOfRange(payment)).extracting(p -> p.field()).containsExactly("amount");
        assertThat(RecordBodies.outOfRange(product)).extracting(p -> p.problem()).containsExactly(
                "is too large (at most 15 digits before the decimal point)");
    }

    @Test
    void the_path_id_replaces_the_body_id_and_nothing_else() {
        var original = invoice("2", "3");

        var moved = (Invoice) RecordBodies.withId(original, "I2");

        assertThat(moved.id()).isEqualTo("I2");
        assertThat(moved).usingRecursiveComparison().ignoringFields("id").isEqualTo(original);
    }
}
