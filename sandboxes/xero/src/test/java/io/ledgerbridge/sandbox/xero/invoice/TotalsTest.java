package io.ledgerbridge.sandbox.xero.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class TotalsTest {
    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    @Test
    void line_amount_is_quantity_times_unit_amount_rounded_to_two_places() {
        assertThat(Totals.lineAmount(d("3"), d("3.335"), null, null)).isEqualByComparingTo("10.01");
        assertThat(Totals.lineAmount(d("3"), d("3.335"), null, null).scale()).isEqualTo(2);
    }

    @Test
    void a_discount_rate_or_amount_is_taken_off_the_line() {
        assertThat(Totals.lineAmount(d("2"), d("50"), d("10"), null)).isEqualByComparingTo("90.00");
        assertThat(Totals.lineAmount(d("2"), d("50"), null, d("15"))).isEqualByComparingTo("85.00");
    }

    @Test
    void exclusive_tax_is_added_inclusive_tax_is_inside_the_line_no_tax_is_zero() {
        assertThat(Totals.taxAmount("Exclusive", d("100.00"), d("20"))).isEqualByComparingTo("20.00");
        assertThat(Totals.taxAmount("Inclusive", d("120.00"), d("20"))).isEqualByComparingTo("20.00");
        assertThat(Totals.taxAmount("Inclusive", d("10.00"), d("15"))).isEqualByComparingTo("1.30");
        assertThat(Totals.taxAmount("NoTax", d("100.00"), d("20"))).isEqualByComparingTo("0.00");
    }

    @Test
    void document_totals_follow_the_line_amount_type() {
        assertThat(Totals.document("Exclusive", d("100.00"), d("20.00"))).containsExactly(d("100.00"), d("20.00"), d("120.00"));
        assertThat(Totals.document("Inclusive", d("120.00"), d("20.00"))).containsExactly(d("100.00"), d("20.00"), d("120.00"));
        assertThat(Totals.document("NoTax", d("100.00"), d("0.00"))).containsExactly(d("100.00"), d("0.00"), d("100.00"));
    }

    @Test
    void only_the_documented_status_transitions_are_allowed() {
        assertThat(InvoiceStatus.allowed("DRAFT", "AUTHORISED")).isTrue();
        assertThat(InvoiceStatus.allowed("SUBMITTED", "DRAFT")).isTrue();
        assertThat(InvoiceStatus.allowed("AUTHORISED", "VOIDED")).isTrue();
        assertThat(InvoiceStatus.allowed("AUTHORISED", "DELETED")).isFalse();
        assertThat(InvoiceStatus.allowed("AUTHORISED", "DRAFT")).isFalse();
        assertThat(InvoiceStatus.allowed("PAID", "VOIDED")).isFalse();
        assertThat(InvoiceStatus.allowed("VOIDED", "AUTHORISED")).isFalse();
    }
}
