package io.ledgerbridge.sandbox.hubspot.search;

import io.ledgerbridge.sandbox.hubspot.HubSpotException;
import io.ledgerbridge.sandbox.hubspot.crm.SandboxObject;
import io.ledgerbridge.sandbox.hubspot.crm.Timestamps;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One search filter (spec {@code Filter}: propertyName, operator, value, highValue, values). Values compare as numbers
 * when both sides are numbers, as instants when both read as dates (epoch ms or ISO), otherwise as case-insensitive text.
 */
public record Filter(String propertyName, Operator operator, String value, String highValue, List<String> values) {
    public enum Operator { EQ, NEQ, LT, LTE, GT, GTE, BETWEEN, IN, NOT_IN, HAS_PROPERTY, NOT_HAS_PROPERTY, CONTAINS_TOKEN, NOT_CONTAINS_TOKEN }

    private static final Pattern TOKEN_SPLIT = Pattern.compile("[\\s,;:/()\\[\\]\"']+");

    public Filter {
        if (propertyName == null || propertyName.isBlank()) throw HubSpotException.validation("propertyName is required in a filter");
        values = values == null ? List.of() : List.copyOf(values);
        switch (operator) {
            case EQ, NEQ, LT, LTE, GT, GTE, CONTAINS_TOKEN, NOT_CONTAINS_TOKEN -> {
                if (value == null) throw HubSpotException.validation("Filter on " + propertyName + " with operator " + operator + " needs a value");
            }
            case BETWEEN -> {
                if (value == null || highValue == null) throw HubSpotException.validation("BETWEEN on " + propertyName + " needs value and highValue");
            }
            case IN, NOT_IN -> {
                if (values.isEmpty()) throw HubSpotException.validation(operator + " on " + propertyName + " needs values");
            }
            default -> { }
        }
    }

    public boolean matches(SandboxObject o) {
        String actual = o.properties().get(propertyName);
        boolean has = actual != null && !actual.isEmpty();
        return switch (operator) {
            case HAS_PROPERTY -> has;
            case NOT_HAS_PROPERTY -> !has;
            case EQ -> has && compare(actual, value) == 0;
            case NEQ -> !has || compare(actual, value) != 0;
            case LT -> has && compare(actual, value) < 0;
            case LTE -> has && compare(actual, value) <= 0;
            case GT -> has && compare(actual, value) > 0;
            case GTE -> has && compare(actual, value) >= 0;
            case BETWEEN -> has && compare(actual, value) >= 0 && compare(actual, highValue) <= 0;
            case IN -> has && values.stream().anyMatch(v -> compare(actual, v) == 0);
            case NOT_IN -> !has || values.stream().noneMatch(v -> compare(actual, v) == 0);
            case CONTAINS_TOKEN -> has && containsToken(actual, value);
            case NOT_CONTAINS_TOKEN -> !has || !containsToken(actual, value);
        };
    }

    static int compare(String a, String b) {
        Optional<BigDecimal> na = number(a), nb = number(b);
        if (na.isPresent() && nb.isPresent()) return na.get().compareTo(nb.get());
        Optional<Instant> ta = Timestamps.parse(a), tb = Timestamps.parse(b);
        if (ta.isPresent() && tb.isPresent()) return ta.get().compareTo(tb.get());
        return a.toLowerCase(Locale.ROOT).compareTo(b.toLowerCase(Locale.ROOT));
    }

    /** Token match; {@code *} is a wildcard (e.g. {@code *@example.com}). */
    static boolean containsToken(String actual, String wanted) {
        String w = wanted.toLowerCase(Locale.ROOT);
        String a = actual.toLowerCase(Locale.ROOT);
        Pattern glob = Pattern.compile(("\\Q" + w + "\\E").replace("*", "\\E.*\\Q"));
        if (glob.matcher(a).matches()) return true;
        for (String token : TOKEN_SPLIT.split(a)) {
            if (glob.matcher(token).matches()) return true;
        }
        return false;
    }

    private static Optional<BigDecimal> number(String s) {
        if (s == null || s.isEmpty()) return Optional.empty();
        char c = s.charAt(0);
        if (!(Character.isDigit(c) || c == '-' || c == '.')) return Optional.empty();
        try {
            return Optional.of(new BigDecimal(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
