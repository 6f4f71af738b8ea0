package io.ledgerbridge.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.domain.money.Money;
import io.ledgerbridge.domain.record.FieldProblem;
import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.InvoiceLine;
import io.ledgerbridge.domain.record.InvoiceStatus;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordValidationTest {

    private static Invoice invoice(String currency, List<InvoiceLine> lines) {
        return new Invoice("inv-1", "1001", InvoiceStatus.OPEN, "c-1", currency, LocalDate.of(2026, 11, 1),
                LocalDate.of(2026, 12, 1), lines, null, null);
    }

    private static InvoiceLine line(String qty, String price) {
        return new InvoiceLine("PROD-001", "Widget", new BigDecimal(qty), new BigDecimal(price), null);
    }

    @Test
    void a_valid_invoice_has_no_problems_and_a_total_in_its_currency() {
        var inv = invoice("USD", List.of(line("2", "10.005"), line("1", "5")));
        assertThat(inv.validate()).isEmpty();
        assertThat(inv.total()).isEqualTo(Money.of("25.01", "USD"));
    }

    @Test
    void an_invoice_without_lines_is_refused_naming_the_field() {
        assertThat(invoice("USD", List.of()).validate())
                .containsExactly(new FieldProblem("lines", "an invoice needs at least one line"));
    }

    @Test
    void an_unknown_currency_is_refused() {
        assertThat(invoice("XYZ", List.of(line("1", "1"))).validate())
                .containsExactly(new FieldProblem("currency", "'XYZ' is not an ISO 4217 currency code"));
    }

    @Test
    void a_negative_quantity_is_refused_with_its_line() {
        assertThat(invoice("EUR", List.of(line("1", "1"), line("-3", "1"))).validate())
                .containsExactly(new FieldProblem("lines[1].quantity", "must be greater than zero"));
    }

    @Test
    void money_of_different_currencies_does_not_mix() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Money.of("1", "USD").plus(Money.of("1", "EUR")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Money.of("10.0", "USD")).isEqualTo(Money.of("10.00", "USD"));
    }
}
