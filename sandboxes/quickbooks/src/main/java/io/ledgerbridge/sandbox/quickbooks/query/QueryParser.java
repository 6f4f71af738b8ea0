package io.ledgerbridge.sandbox.quickbooks.query;

import io.ledgerbridge.sandbox.quickbooks.entity.EntityType;
import io.ledgerbridge.sandbox.quickbooks.fault.Faults;
import io.ledgerbridge.sandbox.quickbooks.query.Query.Condition;
import io.ledgerbridge.sandbox.quickbooks.query.Query.Literal;
import io.ledgerbridge.sandbox.quickbooks.query.Query.Operator;
import io.ledgerbridge.sandbox.quickbooks.query.Query.Order;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the query subset (API_FACTS A.3): keywords in any case, string values in single quotes with {@code \'} for a
 * quote, conditions joined by AND only (OR is not supported by QuickBooks either). Anything else is the parser fault
 * QuickBooks returns: code 4000 "Error parsing query", Detail "QueryParserError: …" (intuit/QuickBooks-V3-PHP-SDK#397).
 */
public final class QueryParser {
    private enum Kind { WORD, STRING, NUMBER, SYMBOL, END }

    private record Token(Kind kind, String text, int column) {
        boolean is(String keyword) {
            return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
        }

        boolean isSymbol(String symbol) {
            return kind == Kind.SYMBOL && text.equals(symbol);
        }
    }

    private final List<Token> tokens;
    private int pos;

    private QueryParser(String source) {
        this.tokens = tokenize(source);
    }

    public static Query parse(String query) {
        if (query == null || query.isBlank()) {
            throw Faults.queryParse("Encountered \"<EOF>\" at line 1, column 1. The query is empty.");
        }
        return new QueryParser(query.strip()).query();
    }

    private Query query() {
        expectKeyword("select");
        boolean count = false;
        List<String> fields = new ArrayList<>();
        if (peek().isSymbol("*")) {
            next();
        } else if (peek().is("count")) {
            next();
            expectSymbol("(");
            expectSymbol("*");
            expectSymbol(")");
            count = true;
        } else {
            fields.add(path());
            while (peek().isSymbol(",")) {
                next();
                fields.add(path());
            }
        }
        expectKeyword("from");
        Token entityToken = next();
        if (entityToken.kind() != Kind.WORD) {
            throw unexpected(entityToken);
        }
        EntityType entity = EntityType.byName(entityToken.text())
                .orElseThrow(() -> Faults.queryValidation("Entity " + entityToken.text() + " is not supported."));
        List<Condition> where = new ArrayList<>();
        if (peek().is("where")) {
            next();
            where.add(condition());
            while (peek().is("and")) {
                next();
                where.add(condition());
            }
            if (peek().is("or")) {
                throw Faults.queryParse(at(peek()) + " OR is not supported; combine conditions with AND.");
            }
        }
        List<Order> orderBy = new ArrayList<>();
        if (peek().is("orderby") || peek().is("order")) {
            if (next().is("order")) {
                expectKeyword("by");
            }
            do {
                if (peek().isSymbol(",")) {
                    next();
                }
                String path = path();
                boolean desc = false;
                if (peek().is("desc") || peek().is("asc")) {
                    desc = next().is("desc");
                }
                orderBy.add(new Order(path, desc));
            } while (peek().isSymbol(","));
        }
        int startPosition = 1;
        int maxResults = Query.DEFAULT_MAX_RESULTS;
        for (int i = 0; i < 2; i++) {
            if (peek().is("startposition")) {
                next();
                startPosition = Math.max(1, integer());
            } else if (peek().is("maxresults")) {
                next();
                maxResults = Math.min(Query.MAX_RESULTS, Math.max(0, integer()));
            }
        }
        if (peek().kind() != Kind.END) {
            throw unexpected(peek());
        }
        return new Query(count, fields, entity, where, orderBy, startPosition, maxResults);
    }

    private Condition condition() {
        String path = path();
        Token op = next();
        if (op.is("in")) {
            expectSymbol("(");
            List<Literal> values = new ArrayList<>();
            values.add(literal());
            while (peek().isSymbol(",")) {
                next();
                values.add(literal());
            }
            expectSymbol(")");
            return new Condition(path, Operator.IN, values);
        }
        if (op.is("like")) {
            return new Condition(path, Operator.LIKE, List.of(literal()));
        }
        Operator operator = switch (op.kind() == Kind.SYMBOL ? op.text() : "") {
            case "=" -> Operator.EQ;
            case "!=", "<>" -> Operator.NE;
            case "<" -> Operator.LT;
            case "<=" -> Operator.LE;
            case ">" -> Operator.GT;
            case ">=" -> Operator.GE;
            default -> throw unexpected(op);
        };
        return new Condition(path, operator, List.of(literal()));
    }

    private Literal literal() {
        Token t = next();
        return switch (t.kind()) {
            case STRING -> new Literal(t.text(), true);
            case NUMBER -> new Literal(t.text(), false);
            case WORD -> {
                if (t.is("true") || t.is("false")) {
                    yield new Literal(t.text().toLowerCase(Locale.ROOT), false);
                }
                throw unexpected(t);
            }
            default -> throw unexpected(t);
        };
    }

    private String path() {
        Token t = next();
        if (t.kind() != Kind.WORD || isReserved(t)) {
            throw unexpected(t);
        }
        StringBuilder path = new StringBuilder(t.text());
        while (peek().isSymbol(".")) {
            next();
            Token part = next();
            if (part.kind() != Kind.WORD) {
                throw unexpected(part);
            }
            path.append('.').append(part.text());
        }
        return path.toString();
    }

    private static boolean isReserved(Token t) {
        for (String k : new String[] {"select", "from", "where", "and", "or", "orderby", "startposition", "maxresults", "in", "like"}) {
            if (t.is(k)) {
                return true;
            }
        }
        return false;
    }

    private int integer() {
        Token t = next();
        if (t.kind() != Kind.NUMBER || !t.text().matches("\\d{1,9}")) {
            throw unexpected(t);
        }
        return Integer.parseInt(t.text());
    }

    private void expectKeyword(String keyword) {
        Token t = next();
        if (!t.is(keyword)) {
            throw unexpected(t);
        }
    }

    private void expectSymbol(String symbol) {
        Token t = next();
        if (!t.isSymbol(symbol)) {
            throw unexpected(t);
        }
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Kind.END) {
            pos++;
        }
        return t;
    }

    private RuntimeException unexpected(Token t) {
        return Faults.queryParse(at(t) + " Was expecting one of the query keywords, a field, a value or an operator.");
    }

    private static String at(Token t) {
        String shown = t.kind() == Kind.END ? "<EOF>" : t.text();
        return "Encountered \" " + shown + " \" at line 1, column " + t.column() + ".";
    }

    private List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char ch = s.charAt(i);
            int column = i + 1;
            if (Character.isWhitespace(ch)) {
                i++;
            } else if (ch == '\'') {
                StringBuilder value = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < s.length()) {
                    char c = s.charAt(i);
                    if (c == '\\' && i + 1 < s.length()) {
                        value.append(s.charAt(i + 1));
                        i += 2;
                    } else if (c == '\'') {
                        i++;
                        closed = true;
                        break;
                    } else {
                        value.append(c);
                        i++;
                    }
                }
                if (!closed) {
                    throw Faults.queryParse("Lexical error at line 1, column " + (s.length() + 1)
                            + ". Encountered: <EOF> after : \"'" + value + "\"");
                }
                out.add(new Token(Kind.STRING, value.toString(), column));
            } else if (Character.isDigit(ch) || (ch == '-' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                int start = i++;
                while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                    i++;
                }
                out.add(new Token(Kind.NUMBER, s.substring(start, i), column));
            } else if (Character.isLetter(ch) || ch == '_') {
                int start = i++;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
                out.add(new Token(Kind.WORD, s.substring(start, i), column));
            } else if ("<>!".indexOf(ch) >= 0 && i + 1 < s.length() && (s.charAt(i + 1) == '=' || (ch == '<' && s.charAt(i + 1) == '>'))) {
                out.add(new Token(Kind.SYMBOL, s.substring(i, i + 2), column));
                i += 2;
            } else if ("=<>(),.*".indexOf(ch) >= 0) {
                out.add(new Token(Kind.SYMBOL, String.valueOf(ch), column));
                i++;
            } else {
                throw Faults.queryParse("Invalid content. Lexical error at line 1, column " + column
                        + ". Encountered: \"" + ch + "\" (" + (int) ch + "), after : \"\"");
            }
        }
        out.add(new Token(Kind.END, "", s.length() + 1));
        return out;
    }
}
