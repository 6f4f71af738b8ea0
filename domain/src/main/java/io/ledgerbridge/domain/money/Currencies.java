package io.ledgerbridge.domain.money;

import java.util.Currency;
import java.util.Optional;
import java.util.regex.Pattern;

/** ISO 4217 currency codes. Unknown codes are an input error, never a default. */
public final class Currencies {
    private static final Pattern CODE = Pattern.compile("[A-Z]{3}");

    private Currencies() {}

    public static Optional<Currency> find(String code) {
        if (code == null || !CODE.matcher(code).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Currency.getInstance(code));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    public static Currency require(String code) {
        return find(code).orElseThrow(() -> new IllegalArgumentException("unknown currency code '" + code + "'"));
    }
}
