package io.ledgerbridge.sandbox.kit.html;

/**
 * The little HTML the sandboxes serve: consent pages and consoles. Every value put into a page goes through
 * {@link #escape(String)}; {@link #page(String, String, String)} gives the frame, each sandbox its own style.
 */
public final class Html {
    /** A plain style a console can start from (system font, bordered tables). */
    public static final String BASE_STYLE = "body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem;color:#1b1b1b}"
            + "table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #ccc;padding:.25rem .6rem;text-align:left}"
            + "input,select{padding:.3rem;margin:.2rem .5rem .2rem 0}";

    private Html() {}

    /** Escapes text for an element body or a quoted attribute; null is the empty string. */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
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

    /** {@code <input type="hidden" name=… value=…>}, the value escaped; a null value is empty. */
    public static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + escape(name) + "\" value=\"" + escape(value) + "\">";
    }

    /**
     * A whole page: doctype, UTF-8, the escaped title, the style (CSS, not escaped: it is the sandbox's own) and the
     * body (HTML the caller built, values already escaped).
     */
    public static String page(String title, String css, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title>"
                + "<style>" + (css == null ? "" : css) + "</style></head><body>" + body + "</body></html>";
    }
}
