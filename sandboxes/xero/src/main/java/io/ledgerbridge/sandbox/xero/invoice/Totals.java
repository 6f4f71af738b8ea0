package io.ledgerbridge.sandbox.xero.invoice;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Line and document totals as Xero computes them (API_FACTS B.3 [SPEC] LineItem/Invoice; Xero's default "round each
 * line" tax setting): LineAmount = Quantity × UnitAmount less the discount (DiscountRate in percent, or DiscountAmount),
 * rounded to 2 dp; TaxAmount from the line's TaxType rate, rounded to 2 dp per line:
 * Exclusive: LineAmount × rate; Inclusive: LineAmount × rate / (100 + rate) (LineAmount already holds the tax);
 * NoTax: 0. SubTotal, TotalTax and Total follow.
 */
public final class Totals {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Totals() {}

    public static BigDecimal lineAmount(BigDecimal quantity, BigDecimal unitAmount, BigDecimal discountRate, BigDecimal discountAmount) {
        BigDecimal gross = quantity.multiply(unitAmount);
        if (discountRate != null && discountRate.signum() != 0) {
            gross = gross.multiply(HUNDRED.subtract(discountRate)).divide(HUNDRED, 10, RoundingMode.HALF_UP);
        } else if (discountAmount != null && discountAmount.signum() != 0) {
            gross = gross.subtract(discountAmount);
        }
        return round(gross);
    }

    public static BigDecimal taxAmount(String lineAmountTypes, BigDecimal lineAmount, BigDecimal ratePercent) {
        return switch (lineAmountTypes) {
            case "NoTax" -> round(BigDecimal.ZERO);
            case "Inclusive" -> round(lineAmount.multiply(ratePercent).divide(HUNDRED.add(ratePercent), 10, RoundingMode.HALF_UP));
            default -> round(lineAmount.multiply(ratePercent).divide(HUNDRED, 10, RoundingMode.HALF_UP));
        };
    }

    /** {SubTotal, TotalTax, Total} from the sums of LineAmount and TaxAmount. */
    public static BigDecimal[] document(String lineAmountTypes, BigDecimal sumLines, BigDecimal sumTax) {
        return switch (lineAmountTypes) {
            case "Inclusive" -> new BigDecimal[] {round(sumLines.subtract(sumTax)), round(sumTax), round(sumLines)};
            case "NoTax" -> new BigDecimal[] {round(sumLines), round(BigDecimal.ZERO), round(sumLines)};
            default -> new BigDecimal[] {round(sumLines), round(sumTax), round(sumLines.add(sumTax))};
        };
    }

    public static BigDecimal round(BigDecimal v) {
        return v.setScale(2, RoundingMode.HALF_UP);
    }
}
