package io.ledgerbridge.domain.record;

import java.math.BigDecimal;

/** A tax code as a destination knows it (QuickBooks TaxCode, Xero TaxType), the target of the tax mapping. */
public record TaxCode(String code, String name, BigDecimal ratePercent) {}
