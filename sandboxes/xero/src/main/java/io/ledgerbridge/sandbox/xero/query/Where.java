package io.ledgerbridge.sandbox.xero.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerbridge.sandbox.xero.wire.XeroDates;
import io.ledgerbridge.sandbox.xero.wire.XeroJson;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The {@code where} query parameter (xero_accounting.yaml GET /Invoices etc. {@code where}; API_FACTS B.1), the
 * subset integrations use: {@code Status=="AUTHORISED"}, {@code InvoiceNumber=="X"}, {@code Code=="X"},
 * {@code Name=="X"}, {@code EmailAddress=="x"}, {@code Contact.ContactID==guid("…")}, {@code Type=="ACCREC"},
 * {@code ==, !=, >, >=, <, <=}, {@code &&, ||, AND, OR, !, ( )}, {@code DateTime(2020, 01, 31)},
 * {@code .Contains("x")}, {@code .StartsWith("x")}, {@code .EndsWith("x")}, {@code .ToLower()}, {@code .ToUpper()},
 * {@code null}, {@code true}/{@code false}. String equality ignores case (design choice; Xero's filters on names
 * behave so in practice). A field Xero does not have is null. {@link IllegalArgumentException} on a syntax error.
 */
public final class Where {
    private final String text;
    private int pos;

    private Where(String text) {
        this.text = text;
    }

    public static Predicate<JsonNode> parse(String text) {
        Where w = new Where(text);
        Expr e = w.or();
        w.skip();
        if (w.pos < text.length()) {
            throw new IllegalArgumentException("Unexpected '" + text.substring(w.pos) + "' in where clause");
        }
        return node -> truthy(e.eval(node));
    }

    private interface Expr {
        Object eval(JsonNode node);
    }

    private Expr or() {
        Expr left = and();
        while (true) {
            if (take("||") || takeWord("OR")) {
                Expr l = left;
                Expr r = and();
                left = n -> truthy(l.eval(n)) || truthy(r.eval(n));
            } else {
                return left;
            }
        }
    }

    private Expr and() {
        Expr left = unary();
        while (true) {
            if (take("&&") || takeWord("AND")) {
                Expr l = left;
                Expr r = unary();
                left = n -> truthy(l.eval(n)) && truthy(r.eval(n));
            } else {
                return left;
            }
        }
    }

    private Expr unary() {
        skip();
        if (peek('!') && !text.startsWith("!=", pos)) {
            pos++;
            Expr inner = unary();
            return n -> !truthy(inner.eval(n));
        }
        return comparison();
    }

    private Expr comparison() {
        Expr left = operand();
        skip();
        for (String op : List.of("==", "!=", ">=", "<=", ">", "<")) {
            if (take(op)) {
                Expr right = operand();
                return n -> compare(op, left.eval(n), right.eval(n));
            }
        }
        return left;
    }

    private Expr operand() {
        skip();
        if (take("(")) {
            Expr inner = or();
            expect(")");
            return methods(inner);
        }
        if (peek('"')) {
            String s = string();
            return methods(n -> s);
        }
        if (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '-')) {
            int start = pos++;
            while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
                pos++;
            }
            BigDecimal d = new BigDecimal(text.substring(start, pos));
            return n -> d;
        }
        String ident = ident();
        switch (ident.toLowerCase(Locale.ROOT)) {
            case "true" -> { return n -> Boolean.TRUE; }
            case "false" -> { return n -> Boolean.FALSE; }
            case "null" -> { return n -> null; }
            case "guid" -> {
                expect("(");
                String g = string();
                expect(")");
                return n -> g;
            }
            case "datetime" -> {
                expect("(");
                List<Integer> parts = new ArrayList<>();
                do {
                    skip();
                    int start = pos;
                    while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                        pos++;
                    }
                    parts.add(Integer.parseInt(text.substring(start, pos)));
                    skip();
                } while (take(","));
                expect(")");
                while (parts.size() < 6) {
                    parts.add(0);
                }
                Instant at = LocalDateTime.of(parts.get(0), parts.get(1), parts.get(2), parts.get(3), parts.get(4), parts.get(5)).toInstant(ZoneOffset.UTC);
                return n -> at;
            }
            default -> { }
        }
        // A field path, possibly followed by method calls: Contact.Name.ToLower().Contains("x")
        List<String> path = new ArrayList<>();
        path.add(ident);
        while (peek('.')) {
            int save = pos;
            pos++;
            String next = ident();
            skip();
            if (peek('(')) {
                pos = save;
                break;
            }
            path.add(next);
        }
        String dotted = String.join(".", path);
        return methods(n -> value(XeroJson.at(n, dotted)));
    }

    private Expr methods(Expr target) {
        Expr current = target;
        while (true) {
            skip();
            if (!peek('.')) {
                return current;
            }
            pos++;
            String method = ident().toLowerCase(Locale.ROOT);
            expect("(");
            skip();
            Expr arg = peek(')') ? null : operand();
            expect(")");
            Expr on = current;
            current = switch (method) {
                case "tolower" -> n -> on.eval(n) == null ? null : on.eval(n).toString().toLowerCase(Locale.ROOT);
                case "toupper" -> n -> on.eval(n) == null ? null : on.eval(n).toString().toUpperCase(Locale.ROOT);
                case "contains" -> n -> on.eval(n) != null && arg != null
                        && on.eval(n).toString().toLowerCase(Locale.ROOT).contains(String.valueOf(arg.eval(n)).toLowerCase(Locale.ROOT));
                case "startswith" -> n -> on.eval(n) != null && arg != null
                        && on.eval(n).toString().toLowerCase(Locale.ROOT).startsWith(String.valueOf(arg.eval(n)).toLowerCase(Locale.ROOT));
                case "endswith" -> n -> on.eval(n) != null && arg != null
                        && on.eval(n).toString().toLowerCase(Locale.ROOT).endsWith(String.valueOf(arg.eval(n)).toLowerCase(Locale.ROOT));
                default -> throw new IllegalArgumentException("Unknown method '" + method + "' in where clause");
            };
        }
    }

    /** A JSON value as the filter compares it: /Date()/ text as an instant, numbers as decimals. */
    public static Object value(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        if (v.isNumber()) {
            return v.decimalValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isTextual() && v.asText().startsWith("/Date(")) {
            return XeroDates.parseInstant(v.asText());
        }
        return v.isContainerNode() ? v.toString() : v.asText();
    }

    static boolean compare(String op, Object a, Object b) {
        if (op.equals("==")) {
            return equal(a, b);
        }
        if (op.equals("!=")) {
            return !equal(a, b);
        }
        if (a == null || b == null) {
            return false;
        }
        int c = order(a, b);
        return switch (op) {
            case ">" -> c > 0;
            case ">=" -> c >= 0;
            case "<" -> c < 0;
            default -> c <= 0;
        };
    }

    private static boolean equal(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        if (a instanceof Instant || b instanceof Instant) {
            return order(a, b) == 0;
        }
        return a.toString().equalsIgnoreCase(b.toString());
    }

    /** Orders two values of the same kind (also used by {@code order=}); mixed kinds compare as text. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static int order(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a instanceof Instant x && !(b instanceof Instant)) {
            return x.compareTo(XeroDates.parseInstant(b.toString()));
        }
        if (b instanceof Instant y && !(a instanceof Instant)) {
            return XeroDates.parseInstant(a.toString()).compareTo(y);
        }
        if (a instanceof BigDecimal x && !(b instanceof BigDecimal)) {
            return x.compareTo(new BigDecimal(b.toString()));
        }
        if (a.getClass() == b.getClass() && a instanceof Comparable ca) {
            if (a instanceof String s) {
                return s.compareToIgnoreCase((String) b);
            }
            return ca.compareTo(b);
        }
        return a.toString().compareToIgnoreCase(b.toString());
    }

    private static boolean truthy(Object v) {
        return Boolean.TRUE.equals(v);
    }

    private String string() {
        skip();
        expect("\"");
        StringBuilder sb = new StringBuilder();
        while (pos < text.length() && text.charAt(pos) != '"') {
            char c = text.charAt(pos++);
            if (c == '\\' && pos < text.length()) {
                c = text.charAt(pos++);
            }
            sb.append(c);
        }
        expect("\"");
        return sb.toString();
    }

    private String ident() {
        skip();
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw new IllegalArgumentException("Expected a name at position " + start + " of the where clause");
        }
        return text.substring(start, pos);
    }

    private void skip() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private boolean peek(char c) {
        skip();
        return pos < text.length() && text.charAt(pos) == c;
    }

    private boolean take(String token) {
        skip();
        if (text.startsWith(token, pos)) {
            pos += token.length();
            return true;
        }
        return false;
    }

    private boolean takeWord(String word) {
        skip();
        int end = pos + word.length();
        if (text.regionMatches(true, pos, word, 0, word.length()) && (end >= text.length() || !Character.isLetterOrDigit(text.charAt(end)))) {
            pos = end;
            return true;
        }
        return false;
    }

    private void expect(String token) {
        if (!take(token)) {
            throw new IllegalArgumentException("Expected '" + token + "' at position " + pos + " of the where clause");
        }
    }
}
