package io.ledgerbridge.sandbox.quickbooks.wire;

import io.ledgerbridge.sandbox.kit.html.Html;

/** The frame of the two small HTML pages (consent and console), in QuickBooks green. */
public final class QboPage {
    private static final String STYLE = Html.BASE_STYLE
            + "th{background:#f1f5f1}h1{color:#2ca01c}button{background:#2ca01c;color:#fff;border:0;padding:.5rem 1rem;border-radius:4px;cursor:pointer}"
            + "button.secondary{background:#888}";

    private QboPage() {}

    public static String page(String title, String body) {
        return Html.page(title, STYLE, body);
    }
}
