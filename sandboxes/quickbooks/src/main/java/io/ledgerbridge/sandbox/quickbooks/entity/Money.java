package io.ledgerbridge.sandbox.quickbooks.entity;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Amounts are BigDecimal with two decimals, rounded half-up, as QuickBooks shows them (API_FACTS A.2 sample). */
final class Money {
    static final BigDecimal ZERO = new BigDecimal("0.00");

    private Money() {}

    static BigDecimal of(BigDecimal value) {
        return value == null ? null : value.setScale(2, RoundingMode.HALF_UP);
    }

    static String show(BigDecimal value) {
        return of(value).toPlainString();
    }
}
