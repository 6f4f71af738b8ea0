package io.ledgerbridge.sandbox.xero.wire;

/** The consent and console pages: the kit's escaping and page frame (io.ledgerbridge.sandbox.kit.html.Html), Xero's colours. */
public final class Html {
    private static final String STYLE = io.ledgerbridge.sandbox.kit.html.Html.BASE_STYLE
            + "h1{color:#13b5ea}table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #ccd;padding:.3rem .6rem;text-align:left}"
            + "th{background:#eef6fb}button{background:#13b5ea;color:#fff;border:0;padding:.5rem 1rem;border-radius:4px;cursor:pointer}"
            + "label{display:block;margin:.4rem 0}.muted{color:#667}";

    private Html() {}

    public static String esc(Object value) {
        return io.ledgerbridge.sandbox.kit.html.Html.escape(value == null ? null : value.toString());
    }

    public static String page(String title, String body) {
        return io.ledgerbridge.sandbox.kit.html.Html.page(title, STYLE, body);
    }
}
