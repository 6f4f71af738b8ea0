package io.ledgerbridge.sandbox.quickbooks.wire;

/** Escaping for the two small HTML pages (consent and console). */
public final class Html {
    private Html() {}

    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
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

    public static String page(String title, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title>"
                + "<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem;color:#1b1b1b}"
                + "table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #ccc;padding:.25rem .6rem;text-align:left}"
                + "th{background:#f1f5f1}h1{color:#2ca01c}button{background:#2ca01c;color:#fff;border:0;padding:.5rem 1rem;border-radius:4px;cursor:pointer}"
                + "button.secondary{background:#888}input,select{padding:.3rem;margin:.2rem .5rem .2rem 0}</style></head><body>"
                + body + "</body></html>";
    }
}
