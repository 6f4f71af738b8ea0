package io.ledgerbridge.dashboard;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.html.HtmlTemplateOutput;
import java.util.Map;

/**
 * The dashboard's pages as jte templates ({@code src/main/jte}), precompiled by the jte Maven plugin at build time
 * into {@code io.ledgerbridge.dashboard.templates}; nothing is compiled at run time.
 *
 * <p>Every {@code ${value}} in a template is escaped with {@link Html#escape} (the same five entities the pages
 * always used, so links and messages read exactly as before); an {@link Html} or a template's {@code Content} is
 * written as it is.
 */
public final class Templates {

    private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(null, ContentType.Html, null,
            "io.ledgerbridge.dashboard.templates");

    private Templates() {
    }

    /** Renders the template {@code name} (e.g. {@code "layout.jte"}) with its one parameter, a page's record. */
    public static Html render(String name, Object page) {
        var out = new Escaping();
        ENGINE.render(name, page, out);
        return new Html(out.text.toString());
    }

    /** Renders a template of several parameters, given by name. */
    public static Html render(String name, Map<String, Object> params) {
        var out = new Escaping();
        ENGINE.render(name, params, out);
        return new Html(out.text.toString());
    }

    /** jte's output for HTML: its own markup as written, everything a template puts in through an expression escaped. */
    private static final class Escaping implements HtmlTemplateOutput {

        private final StringBuilder text = new StringBuilder(4096);

        @Override
        public void writeContent(String value) {
            text.append(value);
        }

        @Override
        public void writeContent(String value, int beginIndex, int endIndex) {
            text.append(value, beginIndex, endIndex);
        }

        @Override
        public void writeUserContent(String value) {
            if (value != null) {
                text.append(Html.escape(value));
            }
        }

        @Override
        public void setContext(String tagName, String attributeName) {
            // one escaping is right for text and for quoted attribute values alike
        }
    }
}
