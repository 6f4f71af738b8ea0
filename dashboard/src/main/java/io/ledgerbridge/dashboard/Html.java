package io.ledgerbridge.dashboard;

import gg.jte.Content;
import gg.jte.TemplateOutput;
import java.util.Collection;
import java.util.Objects;

/**
 * A piece of HTML that is safe to send: made only from templates written in this code and values that are escaped
 * on the way in. Every page is built from these, so a record id, an error message or a search term typed by
 * someone can never become markup.
 *
 * <pre>
 * Html.of("&lt;a href=\"{}\"&gt;{}&lt;/a&gt;", url, label)   // url and label escaped; an Html argument is kept as is
 * </pre>
 *
 * <p>Pages rendered by jte templates ({@link Templates}) produce an {@code Html} too, and an {@code Html} handed to a
 * template as a {@link Content} is written as it is, so the pages still on {@code Html.of} and the templates mix.
 */
public record Html(String value) implements Content {

    public static final Html EMPTY = new Html("");

    public Html {
        Objects.requireNonNull(value, "value");
    }

    /**
     * Fills each {@code {}} of {@code template} with the next argument: an {@link Html} as it is, null as nothing,
     * anything else as its escaped {@code toString()}.
     */
    public static Html of(String template, Object... args) {
        var out = new StringBuilder(template.length() + 64);
        int from = 0;
        int next = 0;
        for (int at = template.indexOf("{}"); at >= 0; at = template.indexOf("{}", from)) {
            if (next >= args.length) {
                throw new IllegalArgumentException("more {} than arguments in: " + template);
            }
            out.append(template, from, at);
            Object arg = args[next++];
            if (arg instanceof Html h) {
                out.append(h.value);
            } else if (arg != null) {
                out.append(escape(arg.toString()));
            }
            from = at + 2;
        }
        if (next != args.length) {
            throw new IllegalArgumentException(args.length + " arguments for " + next + " {} in: " + template);
        }
        return new Html(out.append(template, from, template.length()).toString());
    }

    /** Text made safe for element content and quoted attribute values. */
    public static String escape(String s) {
        var out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    public static Html join(Collection<Html> parts) {
        var out = new StringBuilder();
        for (Html h : parts) {
            out.append(h.value);
        }
        return new Html(out.toString());
    }

    public static Html when(boolean condition, java.util.function.Supplier<Html> html) {
        return condition ? html.get() : EMPTY;
    }

    @Override
    public void writeTo(TemplateOutput output) {
        output.writeContent(value);
    }

    @Override
    public boolean isEmptyContent() {
        return value.isEmpty();
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public String toString() {
        return value;
    }
}
